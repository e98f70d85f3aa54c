import fc from 'fast-check';
import { normaliseForDetection, originalSpan } from './normalisation';

describe('normaliseForDetection', () => {
  it.each([
    [
      'ASCII and French letters stay as they are',
      'Élodie a 3 enfants, 12,50 €.',
      'Élodie a 3 enfants, 12,50 €.',
    ],
    ['spaces of every width become spaces', '06\u00a012\u202f34\u2009566\u3000', '06 12 34 566 '],
    ['dashes become hyphens', '06\u201112\u201334\u221256', '06-12-34-56'],
    ['apostrophes become straight', 'd’Estaing', "d'Estaing"],
    ['zero-width and format characters go', 'Fa\u200btima\u00ad\ufeff', 'Fatima'],
    ['full-width characters become ASCII', '\uff10\uff16＠', '06@'],
    ['combining accents compose', 'Zoe\u0301', 'Zoé'],
    ['ligatures open', 'ﬁn', 'fin'],
  ])('%s', (_, text, expected) => {
    expect(normaliseForDetection(text).text).toBe(expected);
  });

  it('keeps the offsets when nothing changes length', () => {
    expect(normaliseForDetection('06\u00a012 34').segments).toBeUndefined();
  });

  it('maps every normalised range back to the original characters it came from', () => {
    const text = 'Fa\u200btima ﬁ 06\u200b12';
    const normalised = normaliseForDetection(text);
    const start = normalised.text.indexOf('Fatima');
    expect(originalSpan(normalised, start, start + 6)).toEqual({ start: 0, end: 7 });
    const ligature = normalised.text.indexOf('fi');
    expect(originalSpan(normalised, ligature, ligature + 2)).toEqual({ start: 8, end: 9 });
  });

  it('maps back to ranges that hold the same letters and digits, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const normalised = normaliseForDetection(text);
        for (let start = 0; start < normalised.text.length; start++) {
          const span = originalSpan(normalised, start, start + 1);
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeLessThanOrEqual(text.length);
          expect(span.end).toBeGreaterThan(span.start);
        }
      }),
    );
  });
});
