import fc from 'fast-check';
import { nirArbitrary, surroundingsArbitrary } from '../fixtures/arbitraries';
import { detectNirs } from './nir';

const found = (text: string): string[] =>
  detectNirs(text).map(({ start, end }) => text.slice(start, end));

describe('detectNirs', () => {
  it.each([
    '1 85 05 78 006 084 91',
    '185057800608491',
    '2 90 07 2A 004 123 84',
    '290072A004123 84',
    '1 75 12 2B 033 045 87',
    '175122b03304587',
    '2 84 01 971 12 345 49',
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
    expect(detectNirs('n 185057800608491')).toEqual([{ start: 2, end: 17, kind: 'NIR' }]);
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
