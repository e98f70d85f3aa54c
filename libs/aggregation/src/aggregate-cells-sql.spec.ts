import type { InstrumentDefinition } from '../../instrument-sdk/src';
import { fieldParams, precomputedFields } from './aggregate-cells-sql';

const definition = (version: string, fields: { key: string; type: string }[]) =>
  ({ key: 'q', kind: 'questionnaire', version, fields }) as unknown as InstrumentDefinition;

describe('precomputedFields', () => {
  it('lists the top-level choice fields of every version, single and multiple apart', () => {
    const fields = precomputedFields([
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
    expect(fields).toEqual({
      singleVersions: ['1.0.0', '1.1.0', '1.1.0'],
      singleKeys: ['diploma', 'diploma', 'newsletter'],
      multipleVersions: ['1.0.0'],
      multipleKeys: ['qualities'],
    });
    // The order the SQL's four parameters expect.
    expect(fieldParams(fields)).toEqual([
      fields.singleVersions,
      fields.singleKeys,
      fields.multipleVersions,
      fields.multipleKeys,
    ]);
  });

  it('is empty for an instrument without choice fields', () => {
    expect(
      fieldParams(precomputedFields([definition('1.0.0', [{ key: 'x', type: 'long-text' }])])),
    ).toEqual([[], [], [], []]);
  });
});
