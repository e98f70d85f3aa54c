import { leafShape } from './leaf-shape';

const option = (value: string) => ({ value, label: { fr: `Libellé ${value}` } });

describe('leafShape', () => {
  it.each([
    ['short-text', 'string'],
    ['long-text', 'string'],
    ['integer', 'integer'],
    ['number', 'number'],
    ['duration', 'integer'],
    ['scale', 'integer'],
    ['boolean', 'boolean'],
    ['date', 'date'],
  ] as const)('writes a %s as %s', (type, expected) => {
    expect(leafShape({ type, privacy: 'none' }).type).toBe(expected);
  });

  it('labels the options of a choice in French', () => {
    const shape = leafShape({ type: 'single-choice', privacy: 'none', options: [option('a')] });
    expect(shape).toMatchObject({ type: 'string', multiple: false });
    expect(shape.categories).toEqual([{ value: 'a', label: 'Libellé a' }]);
  });

  it('marks a multiple choice as joined and says so', () => {
    const shape = leafShape({ type: 'multiple-choice', privacy: 'none', options: [option('a')] });
    expect(shape.multiple).toBe(true);
    expect(shape.notes.join(' ')).toContain('« | »');
  });

  it('describes generalised quasi-identifiers as stored', () => {
    const quasi = { privacy: 'quasi' } as const;
    expect(leafShape({ ...quasi, type: 'date', generalisation: { kind: 'date-month' } }).type).toBe(
      'yearmonth',
    );
    expect(leafShape({ ...quasi, type: 'date', generalisation: { kind: 'date-year' } }).type).toBe(
      'integer',
    );
    expect(leafShape({ ...quasi, type: 'date', generalisation: { kind: 'as-is' } }).type).toBe(
      'date',
    );
    expect(
      leafShape({ ...quasi, type: 'short-text', generalisation: { kind: 'postcode-departement' } })
        .type,
    ).toBe('string');
    expect(
      leafShape({ ...quasi, type: 'integer', generalisation: { kind: 'round', step: 5 } }).type,
    ).toBe('integer');
    expect(
      leafShape({ ...quasi, type: 'integer', generalisation: { kind: 'round', step: 0.5 } }).type,
    ).toBe('number');
    const band = leafShape({
      ...quasi,
      type: 'integer',
      generalisation: {
        kind: 'band',
        bands: [
          { max: 25, label: '<26' },
          { min: 26, label: '26+' },
        ],
      },
    });
    expect(band.type).toBe('string');
    expect(band.categories?.map((category) => category.value)).toEqual(['<26', '26+']);
  });

  it('ignores a generalisation on a field that is not quasi', () => {
    expect(
      leafShape({ type: 'date', privacy: 'none', generalisation: { kind: 'date-month' } }).type,
    ).toBe('date');
  });
});
