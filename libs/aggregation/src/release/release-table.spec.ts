import fc from 'fast-check';
import { emptySketch, recordKeyParts, sketchTerms, toggle } from '@observatory/anonymisation';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { aggregatableFields, type AggregateField } from '../aggregate-field';
import { aggregatableAnswers } from './aggregatable-answers';
import { ReleaseDataBuilder, type ReleaseData, type ReleaseRow } from './release-data';
import { tableStats, type TableQuery } from './release-table';

const label = { fr: 'x' };
const options = (...values: string[]) => values.map((value) => ({ value, label }));
const DEFINITION: InstrumentDefinition = {
  key: 'grid',
  kind: 'observation-grid',
  version: '1.0.0',
  title: label,
  fields: [
    {
      key: 'posture',
      type: 'single-choice',
      label,
      privacy: 'none',
      options: options('a', 'b', 'c'),
    },
    {
      key: 'qualities',
      type: 'multiple-choice',
      label,
      privacy: 'none',
      options: options('x', 'y', 'z'),
    },
    { key: 'hours', type: 'integer', label, privacy: 'none', min: 0, max: 40 },
    { key: 'note', type: 'long-text', label, privacy: 'free-text' },
    {
      key: 'people',
      type: 'repeat',
      label,
      privacy: 'none',
      fields: [
        {
          key: 'needs',
          type: 'group',
          label,
          privacy: 'none',
          fields: [
            {
              key: 'gender',
              type: 'single-choice',
              label,
              privacy: 'none',
              options: options('f', 'm'),
            },
            { key: 'age', type: 'integer', label, privacy: 'none' },
          ],
        },
      ],
    },
  ],
};
const FIELDS = aggregatableFields(DEFINITION);
const field = (name: string): AggregateField => FIELDS.find((f) => f.name === name)!;

interface Person {
  recordKey: bigint;
  branch: 'b1' | 'b2' | null;
  posture: 'a' | 'b' | 'c' | null;
  qualities: ('x' | 'y' | 'z')[];
  hours: number | null;
  people: { gender: 'f' | 'm' | null; age: number | null }[];
}

const person = fc.record({
  recordKey: fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }),
  branch: fc.constantFrom('b1' as const, 'b2' as const, null),
  posture: fc.constantFrom('a' as const, 'b' as const, 'c' as const, null),
  qualities: fc.uniqueArray(fc.constantFrom('x' as const, 'y' as const, 'z' as const)),
  hours: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  people: fc.array(
    fc.record({
      gender: fc.constantFrom('f' as const, 'm' as const, null),
      age: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }),
    }),
    { maxLength: 4 },
  ),
});

function release(people: Person[]): ReleaseData {
  const builder = new ReleaseDataBuilder(() => FIELDS).declare(FIELDS);
  for (const p of people) {
    const answers = {
      posture: p.posture,
      qualities: p.qualities,
      hours: p.hours,
      note: 'free text that must not be kept',
      people: p.people.map((q) => ({ needs: { gender: q.gender, age: q.age } })),
    };
    const kept = aggregatableAnswers(FIELDS, JSON.parse(JSON.stringify(answers)), {});
    const row: ReleaseRow = {
      recordKey: p.recordKey.toString(),
      campaignKey: 'c',
      version: '1.0.0',
      phase: 'p',
      respondentRole: null,
      branch: p.branch,
      answers: kept.answers,
      derived: kept.derived,
    };
    builder.add(row);
  }
  return builder.build({ instrumentKey: 'grid', number: 1, createdAt: new Date(0) });
}

/** Brute force: the cell key and sketch of a set of respondents. */
function expected(people: Person[], members: number[]) {
  const elements = people.map((p) => recordKeyParts(p.recordKey).element);
  const terms = sketchTerms(elements);
  const sketch = emptySketch();
  let cellKey = 0;
  for (const i of members) {
    toggle(sketch, terms, i);
    cellKey = (cellKey + recordKeyParts(people[i].recordKey).cellKey) >>> 0;
  }
  return { size: members.length, cellKey, sketch };
}

const indices = (people: Person[], keep: (p: Person) => boolean) =>
  people.flatMap((p, i) => (keep(p) ? [i] : []));

describe('aggregatableAnswers', () => {
  it('keeps choices, booleans and numbers (in groups and repeats), never text', () => {
    const kept = aggregatableAnswers(
      FIELDS,
      {
        posture: 'a',
        qualities: ['x', 3 as unknown as string],
        hours: 'ten' as unknown as number,
        note: 'Jean Dupont',
        people: [{ needs: { gender: 'f', age: 31, profile: 'texte' } }],
      },
      {},
    );
    expect(kept.answers).toEqual({ posture: 'a', people: [{ needs: { gender: 'f', age: 31 } }] });
  });
});

describe('tableStats', () => {
  it('counts each cell and group as brute force does, with the same keys and sketches', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), (people) => {
        const data = release(people);
        const branch = { name: 'branch', column: data.context.branch };
        const query: TableQuery = {
          field: data.column(field('posture'))!,
          values: [null, 'a', 'b', 'c'],
          groupBy: [branch],
          filters: [],
        };
        const stats = tableStats(data, query);
        expect(stats.total).toEqual(
          expected(
            people,
            indices(people, () => true),
          ),
        );
        for (const row of stats.rows) {
          const inRow = indices(people, (p) => p.branch === row.group.branch);
          expect(row.population).toEqual(expected(people, inRow));
          for (const cell of row.cells) {
            const members = inRow.filter((i) => people[i].posture === cell.value);
            const { size, cellKey } = expected(people, members);
            expect({ count: cell.count, cellKey: cell.cellKey }).toEqual({ count: size, cellKey });
          }
        }
        const listed = stats.rows.map((row) => row.group.branch);
        expect(new Set(listed).size).toBe(listed.length);
      }),
      { numRuns: 100 },
    );
  });

  it('counts multiple choices per option and applies filters as value sets', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), (people) => {
        const data = release(people);
        const stats = tableStats(data, {
          field: data.column(field('qualities'))!,
          values: ['x', 'y', 'z'],
          groupBy: [],
          filters: [
            {
              dimension: { name: 'posture', column: data.column(field('posture')) as never },
              values: ['a', 'b'],
            },
          ],
        });
        const kept = indices(people, (p) => p.posture === 'a' || p.posture === 'b');
        expect(stats.total).toEqual(expected(people, kept));
        for (const cell of stats.rows[0]?.cells ?? []) {
          const members = kept.filter((i) => people[i].qualities.includes(cell.value as 'x'));
          expect(cell.count).toBe(members.length);
          expect(cell.cellKey).toBe(expected(people, members).cellKey);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('counts respondents, not blocks, in a repeat: one respondent with many blocks counts once', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 30 }), (people) => {
        const data = release(people);
        const gender = data.column(field('people.needs.gender'))!;
        const stats = tableStats(data, {
          field: gender,
          values: [null, 'f', 'm'],
          groupBy: [],
          filters: [],
        });
        expect(stats.total.size).toBe(people.length);
        const row = stats.rows[0];
        for (const cell of row?.cells ?? []) {
          const members = indices(people, (p) => p.people.some((q) => q.gender === cell.value));
          expect(cell.count).toBe(members.length);
          expect(cell.cellKey).toBe(expected(people, members).cellKey);
        }
        // Grouped by a block-level dimension: a group is the respondents with a block in it.
        const byGender = tableStats(data, {
          field: data.column(field('people.needs.age'))!,
          values: [],
          groupBy: [{ name: 'people.needs.gender', column: gender as never }],
          filters: [
            { dimension: { name: 'people.needs.gender', column: gender as never }, values: ['f'] },
          ],
        });
        const withF = indices(people, (p) => p.people.some((q) => q.gender === 'f'));
        expect(byGender.total).toEqual(expected(people, withF));
        for (const r of byGender.rows) {
          expect(r.group).toEqual({ 'people.needs.gender': 'f' });
          const valued = withF.filter((i) =>
            people[i].people.some((q) => q.gender === 'f' && q.age !== null),
          );
          expect(r.numeric!.size).toBe(valued.length);
          // Each respondent contributes the mean of its blocks there.
          const means = valued.map((i) => {
            const ages = people[i].people
              .filter((q) => q.gender === 'f' && q.age !== null)
              .map((q) => q.age!);
            return ages.reduce((s, a) => s + a, 0) / ages.length;
          });
          expect(r.numeric!.sum).toBeCloseTo(
            means.reduce((s, m) => s + m, 0),
            6,
          );
        }
      }),
      { numRuns: 100 },
    );
  });

  it('summarises numbers per group with the respondents who have one', () => {
    const people: Person[] = [3, 8, 13, null, 21].map((hours, i) => ({
      recordKey: BigInt(i * 1000 + 7),
      branch: 'b1',
      posture: 'a',
      qualities: [],
      hours,
      people: [],
    }));
    const data = release(people);
    const stats = tableStats(data, {
      field: data.column(field('hours'))!,
      values: [],
      groupBy: [],
      filters: [],
    });
    expect(stats.rows[0].numeric).toMatchObject({ size: 4, sum: 45 });
    expect(Array.from(stats.rows[0].numeric!.sorted)).toEqual([3, 8, 13, 21]);
    expect(stats.rows[0].population.size).toBe(5);
  });
});
