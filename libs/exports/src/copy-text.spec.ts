import fc from 'fast-check';
import type { JsonValue } from '@observatory/instrument-sdk';
import { COPY_NULL, copyFieldText, fieldsBetween, jsonText } from './copy-text';

/** A text as PostgreSQL's COPY TO writes a field in text format. */
function copyField(text: string | null): string {
  if (text === null) return COPY_NULL;
  return text.replace(/[\\\b\f\n\r\t\v]/g, (char) =>
    char === '\\'
      ? '\\\\'
      : `\\${{ '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v' }[char]}`,
  );
}

describe('copyFieldText', () => {
  it('reads NULL, plain text and escapes', () => {
    expect(copyFieldText('\\N')).toBeNull();
    expect(copyFieldText('plain, "quoted" é')).toBe('plain, "quoted" é');
    expect(copyFieldText('a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh')).toBe('a\tb\nc\rd\\e\bf\fg\vh');
    // A backslash-N inside a text is not NULL.
    expect(copyFieldText('\\\\N')).toBe('\\N');
  });

  it('gives back any text COPY wrote', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ unit: 'binary' }), { nil: null }), (text) => {
        expect(copyFieldText(copyField(text))).toBe(text);
      }),
    );
  });
});

describe('jsonText', () => {
  it('reads what JSON.parse reads', () => {
    for (const text of ['"female"', '"say \\"hi\\""', '"a\\\\b"', '"\\u00e9"', '44', '-1.50']) {
      expect(jsonText(text)).toEqual(JSON.parse(text));
    }
    expect(jsonText('true')).toBe(true);
    expect(jsonText('false')).toBe(false);
    expect(jsonText('null')).toBeNull();
    expect(jsonText('["a", 1, null]')).toEqual(['a', 1, null]);
    expect(jsonText('{"a": {"b": [true]}}')).toEqual({ a: { b: [true] } });
  });

  it('agrees with JSON.parse on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(jsonText(text)).toEqual(JSON.parse(text) as JsonValue);
      }),
    );
  });
});

describe('fieldsBetween', () => {
  const line = 'a\tbb\t\tccc\td';

  it('gives the text of a run of fields, tabs between them kept', () => {
    expect(fieldsBetween(line, 0, 1)).toBe('a');
    expect(fieldsBetween(line, 1, 3)).toBe('bb\t');
    expect(fieldsBetween(line, 2, 3)).toBe('');
    expect(fieldsBetween(line, 0, 5)).toBe(line);
    expect(fieldsBetween(line, 4, 5)).toBe('d');
    expect(fieldsBetween(line, 2, 2)).toBe('');
  });

  it('matches splitting the line', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string().map((text) => text.replace(/\t/g, ' ')),
          { minLength: 1 },
        ),
        fc.nat(),
        fc.nat(),
        (fields, a, b) => {
          const from = a % (fields.length + 1);
          const to = from + (b % (fields.length - from + 1));
          expect(fieldsBetween(fields.join('\t'), from, to)).toBe(
            fields.slice(from, to).join('\t'),
          );
        },
      ),
    );
  });
});
