import fc from 'fast-check';
import { csvHeader, csvRow, jsonlRow } from './csv';
import type { CellValue } from './export-types';

/** A minimal RFC 4180 reader for one record: the reference the writer is checked against. */
function parseRecord(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const body = text.slice(0, -2);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (body[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= body.length) throw new Error('unterminated quote');
        if (body[i] === '"') {
          if (body[i + 1] === '"') {
            value += '"';
            i += 2;
          } else {
            i += 1;
            break;
          }
        } else {
          value += body[i];
          i += 1;
        }
      }
    } else {
      while (i < body.length && body[i] !== ',') {
        // Unquoted fields may hold neither quotes nor line breaks.
        expect(['"', '\r', '\n']).not.toContain(body[i]);
        value += body[i];
        i += 1;
      }
    }
    fields.push(value);
    if (i === body.length) return fields;
    expect(body[i]).toBe(',');
    i += 1;
  }
}

const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '\r', '\n', ' ', '|', 'x') }),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

/** What the field text must be for each value. */
function expectedText(value: CellValue): string {
  if (value === null) return '';
  return String(value);
}

describe('csvRow', () => {
  it('round-trips through an RFC 4180 reader', () => {
    fc.assert(
      fc.property(fc.array(cellValue, { minLength: 1, maxLength: 8 }), (values) => {
        expect(parseRecord(csvRow(values))).toEqual(values.map(expectedText));
      }),
    );
  });

  it('quotes only what needs it', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', ' edge', 'x\r'])).toBe(
      'plain,"a,b","say ""hi""","two\nlines"," edge","x\r"\r\n',
    );
  });

  it('writes null empty, booleans as words, numbers with a dot', () => {
    expect(csvRow([null, true, false, 3, -1.5, 0.1 + 0.2])).toBe(
      ',true,false,3,-1.5,0.30000000000000004\r\n',
    );
    expect(csvRow([NaN, Infinity, -Infinity])).toBe('NaN,INF,-INF\r\n');
  });

  it('writes the header from column names', () => {
    expect(csvHeader([{ name: 'submission_id' }, { name: 'context.date' }])).toBe(
      'submission_id,context.date\r\n',
    );
  });
});

describe('jsonlRow', () => {
  it('writes one JSON object per line keyed by column name', () => {
    const line = jsonlRow([{ name: 'a' }, { name: 'b.c' }, { name: 'd' }], ['x\ny', 2, null]);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ a: 'x\ny', 'b.c': 2, d: null });
  });
});
