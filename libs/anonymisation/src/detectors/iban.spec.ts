import fc from 'fast-check';
import { ibanArbitrary, surroundingsArbitrary } from '../fixtures/arbitraries';
import { createSpanDetector } from '../detection';
import { found as foundOf } from '../fixtures/found';

const found = (text: string): string[] => foundOf('IBAN', text);
const detect = createSpanDetector();

describe('IBANs and RIBs', () => {
  it.each([
    'FR76 3000 6000 0112 3456 7890 189',
    'FR7630006000011234567890189',
    'fr76 3000 6000 0112 3456 7890 189',
    'DE89 3704 0044 0532 0130 00',
    'GB29 NWBK 6016 1331 9268 19',
    'NL91ABNA0417164300',
    'BE68 5390 0754 7034',
    'FR76\u00a03000\u00a06000\u00a00112\u00a03456\u00a07890\u00a0189',
    // Dashes, dots, the check digits apart, invisible spaces.
    'FR76-3000-6000-0112-3456-7890-189',
    'FR76.3000.6000.0112.3456.7890.189',
    'FR 76 3000 6000 0112 3456 7890 189',
    'FR76\u200b3000\u200b6000\u200b0112\u200b3456\u200b7890\u200b189',
    // RIBs.
    '30002 37868 15493769293 48',
    '10107 guichet 27128 compte 07213587030 clé 70',
  ])('finds %p', (iban) => {
    expect(found(`IBAN : ${iban} merci.`)).toEqual([iban]);
  });

  it('stops at the end of the IBAN when words or numbers follow', () => {
    expect(found('FR76 3000 6000 0112 3456 7890 189 et 1234 pour le loyer')).toEqual([
      'FR76 3000 6000 0112 3456 7890 189',
    ]);
  });

  it.each([
    'FR76 3000 6000 0112 3456 7890 188',
    'FR67 3000 6000 0112 3456 7890 189',
    'Fr76 3000 6000 0112 3456 7890 189',
    'FR76 3000 6000 0112 3456 7890 18',
    'XFR76 3000 6000 0112 3456 7890 189',
    'FR76 3000 6000 0112 3456 7890 1890',
    'ab12 des mots en prose qui suivent longtemps',
    'Séquence 4 : 12 participants, 3 absents.',
    '30002 37868 15493769293 49',
  ])('finds nothing in %p', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports the kind and offsets', () => {
    expect(detect('x BE68539007547034')).toEqual([{ start: 2, end: 18, kind: 'IBAN' }]);
  });

  it('finds any generated IBAN exactly, whatever surrounds it', () => {
    fc.assert(
      fc.property(ibanArbitrary, surroundingsArbitrary, (iban, [before, after]) => {
        expect(found(before + iban.text + after)).toEqual([iban.text]);
      }),
    );
  });

  it('ignores an IBAN with one digit changed (mod 97 catches every substitution)', () => {
    fc.assert(
      fc.property(ibanArbitrary, fc.nat(), fc.integer({ min: 1, max: 9 }), (iban, index, shift) => {
        const digitPositions = [...iban.compact]
          .map((character, position) => (/\d/.test(character) ? position : -1))
          .filter((position) => position >= 2);
        const position = digitPositions[index % digitPositions.length];
        const digit = (Number(iban.compact[position]) + shift) % 10;
        const altered =
          iban.compact.slice(0, position) + String(digit) + iban.compact.slice(position + 1);
        expect(found(`IBAN ${altered} fin`)).toEqual([]);
      }),
    );
  });

  it('completes on long adversarial runs', () => {
    expect(found('FR76 '.repeat(40_000))).toEqual([]);
    expect(found(`FR76${' 1234'.repeat(40_000)}`)).toEqual([]);
  });
});
