import { FIRST_NAMES_DATA } from './first-names.data';
import {
  foldWord,
  lexiconEntries,
  lexiconFlags,
  lexiconSizes,
  NOT_ONLY_A_NAME,
  NOT_PERSON,
  ORDINARY,
} from './lexicon';
import { ORDINARY_WORDS_DATA } from './ordinary-words.data';
import { PLACES_DATA } from './places.data';
import { SURNAMES_DATA } from './surnames.data';

describe('lexicons', () => {
  it('hold a few thousand names and words', () => {
    const sizes = lexiconSizes();
    expect(sizes.firstNames).toBeGreaterThan(1000);
    expect(sizes.surnames).toBeGreaterThan(1000);
    expect(sizes.ordinary).toBeGreaterThan(1500);
    expect(sizes.notPerson).toBeGreaterThan(300);
  });

  it.each([
    ['first names', FIRST_NAMES_DATA],
    ['surnames', SURNAMES_DATA],
    ['ordinary words', ORDINARY_WORDS_DATA],
    ['places', PLACES_DATA],
  ])('write the %s as folded words', (_, data) => {
    for (const entry of lexiconEntries(data)) expect(entry).toMatch(/^[a-z0-9][a-z0-9'-]*$/);
  });

  it('fold case and accents', () => {
    expect(foldWord('ÉLODIE')).toBe('elodie');
    expect(foldWord('Cœur')).toBe('coeur');
  });

  it.each([
    'pierre',
    'rose',
    'claire',
    'marine',
    'jean',
    'grace',
    'petit',
    'blanc',
    'roux',
    'fontaine',
    'bonnet',
    'marie',
    'le',
    'van',
    'mai',
    'long',
  ])('know that %p is also an ordinary word', (word) => {
    expect(lexiconFlags(word) & NOT_ONLY_A_NAME).toBeTruthy();
  });

  it.each(['france', 'florence', 'laval', 'noel', 'orange', 'renault', 'paris'])(
    'know that %p is not a person',
    (word) => {
      expect(lexiconFlags(word) & (NOT_PERSON | ORDINARY)).toBeTruthy();
    },
  );
});
