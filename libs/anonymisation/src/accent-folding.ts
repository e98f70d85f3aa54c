/**
 * Case- and accent-insensitive matching without altering the text: the folded copy is searched,
 * and `origins` maps each folded offset back to the original one so spans can be cut from the
 * original text.
 */

export interface FoldedText {
  folded: string;
  /** `origins[i]` is the original offset of folded character `i`; one extra entry for the end. */
  origins: number[];
}

const COMBINING_MARKS = /\p{M}/gu;

/** Lowercase, without diacritics (`Élodie` → `elodie`). */
export function foldCharacters(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

export function foldWithOrigins(text: string): FoldedText {
  const parts: string[] = [];
  const origins: number[] = [];
  let offset = 0;
  for (const character of text) {
    const code = character.charCodeAt(0);
    // ASCII is the common case; skip the normaliser for it.
    const folded = code < 0x80 ? character.toLowerCase() : foldCharacters(character);
    parts.push(folded);
    for (let i = 0; i < folded.length; i++) origins.push(offset);
    offset += character.length;
  }
  origins.push(offset);
  return { folded: parts.join(''), origins };
}
