import fc from 'fast-check';
import { foldCharacters, foldWithOrigins } from './accent-folding';

describe('foldCharacters', () => {
  it.each([
    ['Élodie', 'elodie'],
    ['FRANÇOISE', 'francoise'],
    ['Noël Müller', 'noel muller'],
    ['İzmir', 'izmir'],
    ['plain', 'plain'],
  ])('%s → %s', (text, folded) => {
    expect(foldCharacters(text)).toBe(folded);
  });
});

describe('foldWithOrigins', () => {
  it('maps folded offsets back to the original, NFD input included', () => {
    const text = 'Ren\u0065\u0301 et Zoé';
    const { folded, origins } = foldWithOrigins(text);
    expect(folded).toBe('rene et zoe');
    expect(text.slice(origins[0], origins[4])).toBe('Ren\u0065\u0301');
    expect(text.slice(origins[8], origins[11])).toBe('Zoé');
  });

  it('has one origin per folded character plus the end, non-decreasing, within the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const { folded, origins } = foldWithOrigins(text);
        expect(origins.length).toBe(folded.length + 1);
        expect(origins[origins.length - 1]).toBe(text.length);
        for (let i = 1; i < origins.length; i++) {
          expect(origins[i]).toBeGreaterThanOrEqual(origins[i - 1]);
        }
      }),
    );
  });

  it('is plain lowercasing for ASCII', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        expect(foldWithOrigins(text).folded).toBe(text.toLowerCase());
      }),
    );
  });
});
