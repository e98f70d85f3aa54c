import fc from 'fast-check';
import { nirArbitrary, surroundingsArbitrary } from '../fixtures/arbitraries';
import { createSpanDetector } from '../detection';
import { found as foundOf } from '../fixtures/found';

const found = (text: string): string[] => foundOf('NIR', text);
const detect = createSpanDetector();

describe('NIRs', () => {
  it.each([
    '1 85 05 78 006 084 91',
    '185057800608491',
    '2 90 07 2A 004 123 84',
    '290072A004123 84',
    '1 75 12 2B 033 045 87',
    '175122b03304587',
    '2 84 01 971 12 345 49',
    // Separators, Corsica, and the key written apart.
    '2-69-05-2A-123-456-88',
    '1.56.07.75.123.456.71',
    '1850578006084 clé 91',
    '1 85 05 78 006 084 - 91',
    '1 85 05 78 006 084 (91)',
    '1850578006084/91',
    '2 55 10 69 408 069, clé 71',
    '1\u202f85\u202f05\u202f78\u202f006\u202f084\u202f91',
    '1\u200b85\u200b05\u200b78\u200b006\u200b084\u200b91',
  ])('finds %p', (nir) => {
    expect(found(`NIR : ${nir}.`)).toEqual([nir]);
  });

  it.each([
    // The well-known sample `1 85 05 78 006 084 36` has the wrong key (91 is right).
    '1 85 05 78 006 084 36',
    '185057800608436',
    '2 90 07 2A 004 123 85',
    '2 90 07 2B 004 123 84',
    '5 85 05 78 006 084 91',
    '1 85 05 78 006 084',
    '1185057800608491',
    '185057800608491A',
    'SIRET 123 456 789 00012',
    'Le 12/03/2023, 1 250,50 €',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports the kind and offsets', () => {
    expect(detect('n 185057800608491')).toEqual([{ start: 2, end: 17, kind: 'NIR' }]);
  });

  it('finds any generated NIR exactly, spaced or not, whatever surrounds it', () => {
    fc.assert(
      fc.property(nirArbitrary, surroundingsArbitrary, (nir, [before, after]) => {
        expect(found(before + nir.text + after)).toEqual([nir.text]);
      }),
    );
  });

  it('ignores a NIR whose key is wrong', () => {
    fc.assert(
      fc.property(nirArbitrary, fc.integer({ min: 1, max: 96 }), (nir, shift) => {
        const wrongKey = String(((Number(nir.key) - 1 + shift) % 97) + 1).padStart(2, '0');
        expect(found(`NIR ${nir.first13}${wrongKey} fin`)).toEqual([]);
      }),
    );
  });

  it('completes on long adversarial runs', () => {
    expect(found('1 85 '.repeat(40_000))).toEqual([]);
    expect(found('1'.repeat(200_000))).toEqual([]);
  });
});
