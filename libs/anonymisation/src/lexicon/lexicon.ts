/**
 * One lookup per word: what the lexicons say of it, as bit flags. Words are folded (lower case,
 * no diacritics) before lookup, and the lexicons are folded when built.
 */
import * as cues from './cue-words';
import { FIRST_NAMES_DATA } from './first-names.data';
import { ORDINARY_WORDS_DATA } from './ordinary-words.data';
import { PLACES_DATA } from './places.data';
import { SURNAMES_DATA } from './surnames.data';

export const FIRST_NAME = 1;
export const SURNAME = 2;
/** An ordinary French word (`pierre`, `rose`, `marie` the verb). */
export const ORDINARY = 4;
/** A proper noun that is not a person: a place, a brand, a holiday (`France`, `Noël`, `Orange`). */
export const NOT_PERSON = 8;
export const TITLE = 1 << 4;
export const PARTICLE = 1 << 5;
export const STOP_WORD = 1 << 6;
export const STREET_TYPE = 1 << 7;
export const AMBIGUOUS_STREET_TYPE = 1 << 8;
export const ADDRESS_WORD = 1 << 9;
export const ADDRESS_CUE = 1 << 10;
export const INSTITUTION = 1 << 11;
export const NAME_CUE = 1 << 12;
export const BIRTH_CUE = 1 << 13;
export const CAF_CUE = 1 << 14;
export const PASSPORT_CUE = 1 << 15;
export const ID_CUE = 1 << 16;
export const TAX_CUE = 1 << 17;
export const PLATE_CUE = 1 << 18;
export const HANDLE_CUE = 1 << 19;
export const SECRET_CUE = 1 << 20;
export const EMAIL_WORD = 1 << 21;
export const EMAIL_JOINER = 1 << 22;
export const URL_WORD = 1 << 23;
export const TOP_LEVEL_DOMAIN = 1 << 24;
export const MONTH = 1 << 25;
export const CREDENTIAL_STATE = 1 << 26;

/** A word that may be part of a person's name. */
export const NAME_WORD = FIRST_NAME | SURNAME;
/** A word with another reading than a person's name. */
export const NOT_ONLY_A_NAME = ORDINARY | NOT_PERSON | STOP_WORD;

const COMBINING_MARKS = /\p{M}/gu;
const NON_ASCII = /[\u0080-\uffff]/;

/** Lower case without diacritics (`Élodie` → `elodie`, `Œuvre` → `oeuvre`). */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

/** The entries of a data string: whitespace-separated, folded. */
export function lexiconEntries(data: string): string[] {
  return data
    .split(/\s+/)
    .filter((entry) => entry.length > 0)
    .map(foldWord);
}

function build(): Map<string, number> {
  const flags = new Map<string, number>();
  const set = (word: string, flag: number): void => {
    flags.set(word, (flags.get(word) ?? 0) | flag);
  };
  const add = (data: string, flag: number): void => {
    for (const entry of lexiconEntries(data)) set(entry, flag);
  };
  add(FIRST_NAMES_DATA, FIRST_NAME);
  add(SURNAMES_DATA, SURNAME);
  // Words are looked up one by one: a compound surname (`le-goff`, `da-silva`) also gives its
  // distinctive part (`goff`, `silva`).
  for (const entry of lexiconEntries(SURNAMES_DATA)) {
    const parts = entry.split('-');
    const last = parts[parts.length - 1];
    if (parts.length > 1 && last.length >= 3) set(last, SURNAME);
  }
  add(ORDINARY_WORDS_DATA, ORDINARY);
  add(PLACES_DATA, NOT_PERSON);
  add(cues.TITLES, TITLE);
  add(cues.PARTICLES, PARTICLE);
  add(cues.STOP_WORDS, STOP_WORD);
  add(cues.STREET_TYPES, STREET_TYPE);
  add(cues.AMBIGUOUS_STREET_TYPES, AMBIGUOUS_STREET_TYPE);
  add(cues.ADDRESS_WORDS, ADDRESS_WORD);
  add(cues.ADDRESS_CUES, ADDRESS_CUE);
  add(cues.INSTITUTIONS, INSTITUTION);
  add(cues.NAME_CUES, NAME_CUE);
  add(cues.BIRTH_CUES, BIRTH_CUE);
  add(cues.CAF_CUES, CAF_CUE);
  add(cues.PASSPORT_CUES, PASSPORT_CUE);
  add(cues.ID_CUES, ID_CUE);
  add(cues.TAX_CUES, TAX_CUE);
  add(cues.PLATE_CUES, PLATE_CUE);
  add(cues.HANDLE_CUES, HANDLE_CUE);
  add(cues.SECRET_CUES, SECRET_CUE);
  add(cues.EMAIL_WORDS, EMAIL_WORD);
  add(cues.EMAIL_JOINERS, EMAIL_JOINER);
  add(cues.URL_WORDS, URL_WORD);
  add(cues.TOP_LEVEL_DOMAINS, TOP_LEVEL_DOMAIN);
  add(cues.MONTHS, MONTH);
  add(cues.CREDENTIAL_STATES, CREDENTIAL_STATE);
  return flags;
}

const LEXICON = build();

/** The flags of a folded word (0 when no lexicon has it). */
export function lexiconFlags(folded: string): number {
  return LEXICON.get(folded) ?? 0;
}

/** For tests: how many entries carry each flag. */
export function lexiconSizes(): Record<
  'firstNames' | 'surnames' | 'ordinary' | 'notPerson',
  number
> {
  const sizes = { firstNames: 0, surnames: 0, ordinary: 0, notPerson: 0 };
  for (const flag of LEXICON.values()) {
    if (flag & FIRST_NAME) sizes.firstNames++;
    if (flag & SURNAME) sizes.surnames++;
    if (flag & ORDINARY) sizes.ordinary++;
    if (flag & NOT_PERSON) sizes.notPerson++;
  }
  return sizes;
}
