import { createSpanDetector } from './detection';
import { foldWord, lexiconFlags, NAME_WORD, NOT_ONLY_A_NAME } from './lexicon/lexicon';
import type { RedactionKind } from './redaction-kind';

/**
 * Identifier fields and labels never carry personal data: participant codes, campaign, phase and
 * branch keys, client ids, titles, descriptions, API key and partner names. This says what a value
 * holds, by kind (`PHONE`, `NAME`…), never the value; an empty list means it is clean.
 *
 * - `code` (a key or a pseudonymous code: `M01`, `techess-2023`): separators are read as spaces so
 *   `06-12-34-56-78` is a phone and `jean.martin` a name, and any word that can only be a person's
 *   name counts, in any case (`dupont-2024`).
 * - `label` (a title, a description, a name for a key): what the free-text scrubber would redact.
 */
export type IdentifierField = 'code' | 'label';

const detect = createSpanDetector();

export function personalDataIn(value: string, field: IdentifierField): RedactionKind[] {
  const text = field === 'code' ? value.replace(/[-_.+/]/g, ' ') : value;
  const kinds = new Set<RedactionKind>(detect(text).map((span) => span.kind));
  if (field === 'code') {
    for (const word of text.split(/[^\p{L}]+/u)) {
      if (word.length < 3) continue;
      const flags = lexiconFlags(foldWord(word));
      if (flags & NAME_WORD && !(flags & NOT_ONLY_A_NAME)) kinds.add('NAME');
    }
  }
  return [...kinds];
}

export interface PersonalDataProblem {
  path: string;
  kinds: RedactionKind[];
  message: string;
}

/**
 * The problems of identifier fields and labels that hold personal data, each with its path, the
 * kinds found and a message that says what to change (never the value).
 */
export function personalDataProblems(
  fields: readonly { path: string; value: string | null | undefined; field: IdentifierField }[],
): PersonalDataProblem[] {
  const problems: PersonalDataProblem[] = [];
  for (const { path, value, field } of fields) {
    if (typeof value !== 'string' || value === '') continue;
    const kinds = personalDataIn(value, field);
    if (kinds.length === 0) continue;
    const what = kinds.map(describeKind).join(' and ');
    problems.push({
      path,
      kinds,
      message:
        field === 'code'
          ? `${path} looks like ${what}: keys and codes must be pseudonymous (such as M01 or techess-2023)`
          : `${path} holds what looks like ${what}: titles, descriptions and names must not hold personal data`,
    });
  }
  return problems;
}

/**
 * A key or a code as an error message may quote it: `"M01"`, or a neutral phrase when it looks
 * like personal data, so that messages never echo a phone number someone typed as a code.
 */
export function quoteInput(value: string | null | undefined): string {
  if (value === null || value === undefined) return '""';
  return personalDataIn(value, 'code').length > 0
    ? '(a value that looks like personal data, not repeated here)'
    : `"${value}"`;
}

/** What a kind is, in the words of an error message (`a phone number`). */
export function describeKind(kind: RedactionKind): string {
  return KIND_DESCRIPTIONS[kind];
}

const KIND_DESCRIPTIONS: Readonly<Record<RedactionKind, string>> = {
  IBAN: 'a bank account number',
  CARD: 'a payment card number',
  NIR: 'a social security number',
  TAX_ID: 'a tax number',
  EMAIL: 'an email address',
  URL: 'a personal web address',
  PHONE: 'a phone number',
  PASSPORT: 'a passport number',
  ID_CARD: 'an identity card number',
  CAF: 'an allocataire number',
  PLATE: 'a licence plate',
  BIRTHDATE: 'a date of birth',
  HANDLE: 'a social network handle',
  SECRET: 'a password or a code',
  ADDRESS: 'an address',
  NAME: "a person's name",
};
