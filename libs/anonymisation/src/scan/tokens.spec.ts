import { FIRST_NAME, ORDINARY, SURNAME } from '../lexicon/lexicon';
import {
  ALL_CAPS,
  CAPITALISED,
  HAS_DIGIT,
  HAS_LETTER,
  LOWER,
  STARTS_WITH_DIGIT,
  tokenise,
} from './tokens';

describe('tokenise', () => {
  it('splits on everything but letters, digits and marks, and notes the @ signs', () => {
    const { tokens, ats } = tokenise("Jean-Pierre d'Estaing, 06.12 a@b.fr");
    expect(tokens.map((token) => token.text)).toEqual([
      'Jean',
      'Pierre',
      'd',
      'Estaing',
      '06',
      '12',
      'a',
      'b',
      'fr',
    ]);
    expect(ats).toEqual([30]);
  });

  it('folds each word and looks it up once', () => {
    const [elodie, pierre, petit] = tokenise('Élodie pierre Petit').tokens;
    expect(elodie.folded).toBe('elodie');
    expect(elodie.flags & FIRST_NAME).toBeTruthy();
    expect(pierre.flags & ORDINARY && pierre.flags & FIRST_NAME).toBeTruthy();
    expect(petit.flags & SURNAME && petit.flags & ORDINARY).toBeTruthy();
  });

  it.each<[string, number[], number[]]>([
    ['Martin', [CAPITALISED, HAS_LETTER], [ALL_CAPS, LOWER, HAS_DIGIT]],
    ['DUPONT', [CAPITALISED, ALL_CAPS], [LOWER]],
    ['fatima', [LOWER], [CAPITALISED, ALL_CAPS]],
    ['FR76', [CAPITALISED, ALL_CAPS, HAS_DIGIT], [STARTS_WITH_DIGIT]],
    ['12AB34567', [STARTS_WITH_DIGIT, HAS_DIGIT, HAS_LETTER], [LOWER]],
    ['A', [CAPITALISED], [ALL_CAPS]],
  ])('shapes %p', (word, present, absent) => {
    const [token] = tokenise(word).tokens;
    for (const flag of present) expect(token.shape & flag).toBeTruthy();
    for (const flag of absent) expect(token.shape & flag).toBeFalsy();
  });

  it('reads letters outside the basic plane as part of a word', () => {
    expect(tokenise('a𝐀b c').tokens.map((token) => token.text)).toEqual(['a𝐀b', 'c']);
  });
});
