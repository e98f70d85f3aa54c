import fc from 'fast-check';
import {
  hasElision,
  isCapitalised,
  isLowercaseWord,
  readWords,
  withoutElision,
} from './word-scanner';

describe('readWords', () => {
  it.each([
    ['Mme Jean-Pierre Le Goff, 72 ans', 3, 3, ['Jean-Pierre', 'Le', 'Goff']],
    ['M. d’Estaing et l’église', 2, 3, ['d’Estaing', 'et', 'l’église']],
    ['M.  \u00a0Dupont', 2, 10, ['Dupont']],
    ['M.\nDupont', 2, 10, []],
    ['rue du 8 Mai 1945.', 3, 10, ['du', '8', 'Mai', '1945']],
    ['x Jean- Paul', 1, 10, ['Jean']],
    ['x a b c d', 1, 2, ['a', 'b']],
    ['x', 1, 5, []],
  ])('%p from %d, at most %d', (text, from, max, expected) => {
    expect(readWords(text, from, max).map((word) => word.text)).toEqual(expected);
  });

  it('returns words whose offsets point into the text, in order, within the limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.nat(60),
        fc.nat(6),
        (text, from, max) => {
          const words = readWords(text, Math.min(from, text.length), max);
          expect(words.length).toBeLessThanOrEqual(max);
          let previous = Math.min(from, text.length);
          for (const word of words) {
            expect(word.start).toBeGreaterThan(previous);
            expect(text.slice(word.start, word.end)).toBe(word.text);
            previous = word.end;
          }
        },
      ),
    );
  });
});

describe('word shapes', () => {
  it.each([
    ['Paix', true, false],
    ['DUPONT', true, false],
    ['Élodie', true, false],
    ["d'Alsace", true, false],
    ['l’église', false, true],
    ['paix', false, true],
    ['8', false, false],
  ])('%s: capitalised %s, lowercase %s', (word, capitalised, lowercase) => {
    expect(isCapitalised(word)).toBe(capitalised);
    expect(isLowercaseWord(word)).toBe(lowercase);
  });

  it.each([
    ["d'Alsace", true, 'Alsace'],
    ['L’Isle', true, 'Isle'],
    ['de', false, 'de'],
    ['Dupont', false, 'Dupont'],
  ])('%s: elision %s, stem %s', (word, elided, stem) => {
    expect(hasElision(word)).toBe(elided);
    expect(withoutElision(word)).toBe(stem);
  });
});
