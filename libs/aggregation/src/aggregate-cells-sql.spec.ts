import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { cellRowsSql, onlyField, parameters, precomputedFields } from './aggregate-cells-sql';

const definition = (version: string, fields: { key: string; type: string }[]) =>
  ({ key: 'q', kind: 'questionnaire', version, fields }) as unknown as InstrumentDefinition;

const FIELDS = precomputedFields([
  definition('1.0.0', [
    { key: 'diploma', type: 'single-choice' },
    { key: 'qualities', type: 'multiple-choice' },
    { key: 'note', type: 'long-text' },
    { key: 'age', type: 'integer' },
  ]),
  definition('1.1.0', [
    { key: 'diploma', type: 'single-choice' },
    { key: 'newsletter', type: 'boolean' },
  ]),
]);

describe('precomputedFields', () => {
  it('lists the top-level choice fields of every version, single and multiple apart', () => {
    expect(FIELDS).toEqual({
      singleVersions: ['1.0.0', '1.1.0', '1.1.0'],
      singleKeys: ['diploma', 'diploma', 'newsletter'],
      multipleVersions: ['1.0.0'],
      multipleKeys: ['qualities'],
    });
  });

  it('is empty for an instrument without choice fields', () => {
    expect(precomputedFields([definition('1.0.0', [{ key: 'x', type: 'long-text' }])])).toEqual(
      precomputedFields([]),
    );
  });

  it('keeps one field, in every version that has it', () => {
    expect(onlyField(FIELDS, 'diploma')).toEqual({
      singleVersions: ['1.0.0', '1.1.0'],
      singleKeys: ['diploma', 'diploma'],
      multipleVersions: [],
      multipleKeys: [],
    });
    expect(onlyField(FIELDS, 'qualities').multipleKeys).toEqual(['qualities']);
    expect(onlyField(FIELDS, 'nothing')).toEqual(precomputedFields([]));
  });
});

describe('cellRowsSql', () => {
  it('registers the parameters of the branches it writes, and only those', () => {
    const params: unknown[] = ['instrument'];
    const all = cellRowsSql('submission s', 's.instrument_key = $1', FIELDS, parameters(params));
    expect(params).toEqual([
      'instrument',
      FIELDS.singleVersions,
      FIELDS.singleKeys,
      FIELDS.multipleVersions,
      FIELDS.multipleKeys,
    ]);
    expect(all.match(/UNION ALL/g)).toHaveLength(2);
    expect(all).toContain('$5::text[]');

    const populationOnly: unknown[] = ['instrument'];
    const sql = cellRowsSql('submission s', 'true', FIELDS, parameters(populationOnly), [
      'population',
    ]);
    expect(populationOnly).toEqual(['instrument']);
    expect(sql).not.toContain('UNION ALL');
    expect(sql).toContain("s.status = 'COMPLETE'");
  });
});
