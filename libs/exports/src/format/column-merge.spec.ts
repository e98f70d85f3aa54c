import { mergeVersionColumns } from './column-merge';
import type { ExportColumn } from './export-types';

const column = (
  name: string,
  type: ExportColumn['type'],
  extra: Partial<ExportColumn> = {},
): ExportColumn => ({
  name,
  title: name,
  type,
  quasi: false,
  source: { kind: 'answer', path: name.split('.') },
  ...extra,
});

describe('mergeVersionColumns', () => {
  it('keeps a field present in several versions once, in first-seen order', () => {
    const merged = mergeVersionColumns([
      { version: '1.0.0', columns: [column('a', 'integer'), column('b', 'string')] },
      {
        version: '2.0.0',
        columns: [column('c', 'boolean'), column('a', 'integer', { quasi: true })],
      },
    ]);
    expect(merged.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(merged[0].quasi).toBe(true);
  });

  it('names a later column whose type changed <name>__v<major>', () => {
    const merged = mergeVersionColumns([
      { version: '1.0.0', columns: [column('a', 'integer')] },
      { version: '2.0.0', columns: [column('a', 'string')] },
      { version: '2.1.0', columns: [column('a', 'string')] },
      { version: '2.2.0', columns: [column('a', 'date')] },
    ]);
    expect(merged.map((c) => [c.name, c.type])).toEqual([
      ['a', 'integer'],
      ['a__v2', 'string'],
      ['a__v2_2_0', 'date'],
    ]);
  });

  it('treats single → multiple choice and choice → free text as a type change', () => {
    const categories = [{ value: 'x', label: 'X' }];
    const merged = mergeVersionColumns([
      {
        version: '1.0.0',
        columns: [column('a', 'string', { categories }), column('b', 'string', { categories })],
      },
      {
        version: '2.0.0',
        columns: [
          column('a', 'string', {
            categories,
            source: { kind: 'answer', path: ['a'], multiple: true },
          }),
          column('b', 'string'),
        ],
      },
    ]);
    expect(merged.map((c) => c.name)).toEqual(['a', 'b', 'a__v2', 'b__v2']);
  });

  it('unites the categories so values added later stay valid', () => {
    const merged = mergeVersionColumns([
      {
        version: '1.0.0',
        columns: [column('a', 'string', { categories: [{ value: 'x', label: 'X' }] })],
      },
      {
        version: '1.1.0',
        columns: [
          column('a', 'string', {
            categories: [
              { value: 'x', label: 'X bis' },
              { value: 'y', label: 'Y' },
            ],
          }),
        ],
      },
    ]);
    expect(merged[0].categories).toEqual([
      { value: 'x', label: 'X' },
      { value: 'y', label: 'Y' },
    ]);
  });

  it('does not modify its input', () => {
    const first = column('a', 'string', { categories: [{ value: 'x', label: 'X' }] });
    const snapshot = structuredClone(first);
    mergeVersionColumns([
      { version: '1.0.0', columns: [first] },
      {
        version: '1.1.0',
        columns: [column('a', 'string', { quasi: true, categories: [{ value: 'y', label: 'Y' }] })],
      },
    ]);
    expect(first).toEqual(snapshot);
  });
});
