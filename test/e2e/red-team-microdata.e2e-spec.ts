/**
 * Red team: what a partner entitled to MICRODATA can learn about one person from its files, by
 * the attacks of issue 11 (item 6). Each test builds what the attacker holds (its own exports,
 * downloaded with its own key), runs the attack, and asserts what it can no longer learn.
 *
 * The data are the MicroOBS report's 64 complete responses (plus its 31 drafts, never exported),
 * spread over three waves, with one late respondent alone in wave q4; each complete response
 * carries a unique comment. Partners A and B have verbatims in their agreement: the comment is
 * the tests' ground truth for "which person is this row" (a verbatim joins files by itself: that
 * is why verbatims are a separate permission, see docs/exports.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { microobsReportResponses } from '../fixtures/microobs-report';
import { seedCampaign } from '../support/campaign-fixture';
import { csvTable, exportClient, publishRelease, type CsvTable } from '../support/export-client';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const DAY2 = JSON.parse(
  fs.readFileSync(
    path.join(ROOT, 'instruments/observation-grid/versions/techess-observation-day2@1.0.0.json'),
    'utf8',
  ),
) as InstrumentDefinition;

const SUBMIT = `mutation ($input: SubmitInput!) { submit(input: $input) { __typename } }`;
const MASKED = '*';
/** Columns that hold per-partner or per-export pseudonyms: never a join key between partners. */
const PSEUDONYMS = ['submission_id', 'participant', 'pair'];
/** The MicroOBS answers that are not declared quasi-identifiers. */
const NOT_DECLARED_QUASI = [
  'seniority',
  'diploma',
  'computingTraining',
  'mediationTraining',
  'mediationTime',
  'teamWork',
  'posture',
  'qualities',
];
/** The MicroOBS free-text fields (verbatims: partners A and B have them). */
const VERBATIMS = ['mediationTrainingName', 'otherMissions', 'jobEvolution', 'comments'];
const FRUITS = ['pomme', 'poire', 'prune', 'figue', 'datte', 'mangue', 'cerise', 'olive'];
const COLOURS = ['bleue', 'verte', 'rouge', 'jaune', 'mauve', 'grise', 'rose', 'brune'];

/** Rows per combination of the given columns (the masked value `*` is a value like any other). */
function classSizes(table: CsvTable, columns: readonly string[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const row of table.rows) {
    const key = JSON.stringify(columns.map((column) => row[column]));
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return sizes;
}

/** Rows whose combination of `columns` occurs fewer than `k` times in the file. */
function rowsUnder(table: CsvTable, columns: readonly string[], k: number): number {
  const sizes = classSizes(table, columns);
  return table.rows.filter(
    (row) => sizes.get(JSON.stringify(columns.map((column) => row[column])))! < k,
  ).length;
}

/** Two rows agree wherever both files show a value (an empty or masked cell hides it). */
function compatible(a: Record<string, string>, b: Record<string, string>, columns: string[]) {
  return columns.every(
    (column) => a[column] === MASKED || b[column] === MASKED || a[column] === b[column],
  );
}

describe('red team: microdata exports', () => {
  let api: TestApp;
  const keys: Record<string, string> = {};
  let lateComment: string;
  let doctorComment: string;

  const exports = () => exportClient(api);
  const submissions = async (partner: string, instrumentKey = 'microobs-mediators') => {
    const client = exports();
    const job = await client.completed(
      { instrumentKey, level: 'MICRODATA', format: 'CSV' },
      keys[partner],
    );
    return { job, table: csvTable(await client.fileText(job, 'submissions.csv')) };
  };

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false' });
    await seedCampaign(api, {
      key: 'rt-microobs',
      phases: ['q1', 'q2', 'q3', 'q4'].map((key) => ({
        key,
        instrumentKeys: ['microobs-mediators'],
      })),
    });
    await seedCampaign(api, {
      key: 'rt-techess',
      branches: ['insertion'],
      phases: [{ key: 'day2', instrumentKeys: ['techess-observation-day2'] }],
      pairs: Array.from({ length: 6 }, (_, i): [string, string] => [`M0${i + 1}`, `P0${i + 1}`]),
    });
    let complete = 0;
    for (const [i, response] of microobsReportResponses().entries()) {
      const answers = { ...response.answers };
      let phase = ['q1', 'q2', 'q3'][i % 3];
      if (response.status === 'COMPLETE') {
        const comment = `avis ${FRUITS[complete % 8]} ${COLOURS[Math.floor(complete / 8)]}`;
        answers.comments = comment;
        if (complete === 40) {
          phase = 'q4';
          lateComment = comment;
        }
        if (answers.diploma === 'doctorate') doctorComment = comment;
        complete += 1;
      }
      const reply = await api.gql<{ submit: { __typename: string } }>(SUBMIT, {
        input: {
          clientSubmissionId: `rt-${i}`,
          instrumentKey: 'microobs-mediators',
          version: '1.0.0',
          campaignKey: 'rt-microobs',
          phase,
          status: response.status,
          answers,
        },
      });
      expect(reply.data?.submit.__typename).toBe('SubmissionAccepted');
    }
    expect(lateComment).toBeDefined();
    expect(doctorComment).toBeDefined();
    for (let i = 0; i < 6; i++) {
      const reply = await api.gql<{ submit: { __typename: string } }>(SUBMIT, {
        input: {
          clientSubmissionId: `rt-day2-${i}`,
          instrumentKey: 'techess-observation-day2',
          version: '1.0.0',
          campaignKey: 'rt-techess',
          phase: 'day2',
          pairCode: `M0${i + 1}+P0${i + 1}`,
          participantCode: `M0${i + 1}`,
          answers: sampleAnswers(DAY2, { fillOptional: true, seed: i }),
        },
      });
      expect(reply.data?.submit.__typename).toBe('SubmissionAccepted');
    }
    // Partners' exports read the current release: one with everything above.
    await publishRelease(api, 'microobs-mediators');
    await publishRelease(api, 'techess-observation-day2');
    const agreements: [string, number, boolean][] = [
      ['rt-a', 5, true],
      ['rt-b', 5, true],
      ['rt-c', 3, false],
    ];
    for (const [key, k, verbatims] of agreements) {
      const created = await api.gql(
        `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`,
        {
          input: {
            key,
            name: key,
            level: 'MICRODATA',
            k,
            instrumentKeys: ['microobs-mediators', 'techess-observation-day2'],
            campaignKeys: ['rt-microobs', 'rt-techess'],
            delivery: { mode: 'DOWNLOAD', verbatims },
          },
        },
      );
      expect(created.errors).toBeUndefined();
      keys[key] = (
        await api.gql<{ createApiKey: { secret: string } }>(
          'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
          { input: { name: key, role: 'PARTNER', partnerKey: key } },
        )
      ).data!.createApiKey.secret;
    }
  });
  afterAll(() => api.close());

  it('two partners cannot join their files by position', async () => {
    const a = (await submissions('rt-a')).table;
    const b = (await submissions('rt-b')).table;
    expect(a.rows.length).toBeGreaterThan(50);
    const samePerson = a.rows.filter(
      (row, index) => b.rows[index] && row.comments === b.rows[index].comments,
    ).length;
    // A random order puts the same person at the same position about once (Poisson, mean 1);
    // 8 or more happens with a probability under 1e-5.
    expect(samePerson).toBeLessThan(8);
  });

  it('two partners cannot join their files on any column', async () => {
    const a = (await submissions('rt-a')).table;
    const c = (await submissions('rt-c')).table;
    // Pseudonyms are the partner's own: no value in common, for the observation grids' pairs
    // and participants too.
    const day2 = async (partner: string) =>
      (await submissions(partner, 'techess-observation-day2')).table.rows;
    const [gridsA, gridsC] = [await day2('rt-a'), await day2('rt-c')];
    for (const column of ['participant', 'pair']) {
      const values = new Set(gridsA.map((row) => row[column]));
      expect(values.size).toBe(6);
      expect(gridsC.filter((row) => row[column] !== '' && values.has(row[column]))).toEqual([]);
    }
    for (const column of PSEUDONYMS) {
      const values = new Set(a.rows.map((row) => row[column]).filter((value) => value !== ''));
      expect([column, c.rows.filter((row) => values.has(row[column])).length]).toEqual([column, 0]);
    }
    // Every other shared column: a row of C matches at least k_A = 5 rows of A, so A's verbatim
    // (or anything A sees and C does not) is never tied to one row of C.
    const shared = c.header.filter((name) => a.header.includes(name) && !PSEUDONYMS.includes(name));
    expect(shared).toEqual(expect.arrayContaining(['phase', 'diploma', 'qualities']));
    const candidates = c.rows.map(
      (row) => a.rows.filter((other) => compatible(row, other, shared)).length,
    );
    expect(candidates.filter((count) => count < 5)).toEqual([]);
  });

  it('answers that are not declared quasi-identifiers single out no one', async () => {
    const { table } = await submissions('rt-a');
    expect(table.header).toEqual(expect.arrayContaining(NOT_DECLARED_QUASI));
    expect(rowsUnder(table, NOT_DECLARED_QUASI, 5)).toBe(0);
    // The attacker knows the target is the only respondent with a doctorate.
    const doctors = table.rows.filter((row) => row.diploma === 'doctorate');
    expect(doctors.length === 0 || doctors.length >= 5).toBe(true);
    expect(
      table.rows.filter((row) => row.comments === doctorComment).map((row) => row.diploma),
    ).not.toContain('doctorate');
    // Nor does any combination of every column but the verbatims and the row's own id.
    const released = table.header.filter(
      (name) => !PSEUDONYMS.includes(name) && !VERBATIMS.includes(name),
    );
    expect(rowsUnder(table, released, 5)).toBe(0);
  });

  it('the wave (phase) is a quasi-identifier: the lone late respondent is not shown as such', async () => {
    const { table } = await submissions('rt-a');
    expect(table.rows.filter((row) => row.phase === 'q4')).toEqual([]);
    const late = table.rows.find((row) => row.comments === lateComment);
    if (late) expect(late.phase).toBe(MASKED);
    for (const size of classSizes(table, ['phase']).values())
      expect(size).toBeGreaterThanOrEqual(5);
  });

  it('two exports for one partner cannot be joined by position or by row id', async () => {
    const first = (await submissions('rt-a')).table;
    const second = (await submissions('rt-a')).table;
    const byPosition = first.rows.filter(
      (row, index) => second.rows[index] && row.comments === second.rows[index].comments,
    ).length;
    expect(byPosition).toBeLessThan(8);
    const ids = new Map(second.rows.map((row) => [row.submission_id, row.comments]));
    const byId = first.rows.filter((row) => ids.get(row.submission_id) === row.comments).length;
    expect(byId).toBe(0);
  });

  it('repeat blocks cannot be joined back to their respondent', async () => {
    const client = exports();
    const job = await client.completed(
      { instrumentKey: 'techess-observation-day2', level: 'MICRODATA', format: 'CSV' },
      keys['rt-c'],
    );
    const main = csvTable(await client.fileText(job, 'submissions.csv'));
    const blocks = csvTable(await client.fileText(job, 'beneficiaries.csv'));
    expect(blocks.rows.length).toBeGreaterThanOrEqual(3);
    // No column of the block table names a submission.
    expect(blocks.header.filter((name) => PSEUDONYMS.includes(name))).toEqual([]);
    const mainIds = new Set(main.rows.map((row) => row.submission_id));
    for (const row of blocks.rows) {
      expect(Object.values(row).filter((value) => value !== '' && mainIds.has(value))).toEqual([]);
    }
    // And each released block combination is shared by k = 3 blocks (C has no verbatims).
    expect(rowsUnder(blocks, blocks.header, 3)).toBe(0);
  });

  it('an export before and after one submission does not show the newcomer: partners read releases', async () => {
    const before = (await submissions('rt-a')).table;
    // A colleague the attacker knows answers now (complete, with a comment of their own).
    const response = microobsReportResponses().find((r) => r.status === 'COMPLETE')!;
    const newcomer = 'avis kiwi orange';
    const reply = await api.gql<{ submit: { __typename: string } }>(SUBMIT, {
      input: {
        clientSubmissionId: 'rt-newcomer',
        instrumentKey: 'microobs-mediators',
        version: '1.0.0',
        campaignKey: 'rt-microobs',
        phase: 'q4',
        status: 'COMPLETE',
        answers: { ...response.answers, comments: newcomer },
      },
    });
    expect(reply.data?.submit.__typename).toBe('SubmissionAccepted');
    const after = (await submissions('rt-a')).table;
    // The same respondents in both files (each comment is one respondent's), none of them new:
    // one submission cannot advance a release (it takes k = 5 changes).
    const comments = (table: CsvTable) => table.rows.map((row) => row.comments).sort();
    expect(comments(after)).toEqual(comments(before));
    expect(comments(after)).not.toContain(newcomer);
  });
});
