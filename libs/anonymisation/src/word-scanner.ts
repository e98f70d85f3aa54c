/**
 * Reads the words that follow a position on the same line, for detectors whose tail (a name after
 * a civil title, a street name after `rue`) is easier and safer to decide in code than in one big
 * regex: the regexes here are sticky and linear, so no input can make them backtrack badly.
 */

export interface Word {
  start: number;
  end: number;
  text: string;
}

// Horizontal whitespace only: a name or a street name does not continue on the next line.
const GAP = /[ \t\u00a0\u202f]+/y;
// Letters and digits, with inner apostrophes and hyphens (`d'Alsace`, `Jean-Pierre`).
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}]|['’-](?=[\p{L}\p{N}]))*/uy;

/** Up to `max` words after `from`, each preceded by horizontal whitespace; stops at anything else. */
export function readWords(text: string, from: number, max: number): Word[] {
  const words: Word[] = [];
  let position = from;
  while (words.length < max) {
    GAP.lastIndex = position;
    if (!GAP.test(text)) break;
    WORD.lastIndex = GAP.lastIndex;
    const match = WORD.exec(text);
    if (!match) break;
    words.push({ start: match.index, end: WORD.lastIndex, text: match[0] });
    position = WORD.lastIndex;
  }
  return words;
}

const ELIDED_ARTICLE = /^[dlDL]['’]/;

/** The word without a leading elided article (`d'Alsace` → `Alsace`, `l'église` → `église`). */
export function withoutElision(word: string): string {
  return word.replace(ELIDED_ARTICLE, '');
}

/** Starts with an uppercase letter once any elided article is removed (`Paix`, `d'Estaing`, `DUPONT`). */
export function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(withoutElision(word));
}

/** Starts with a lowercase letter once any elided article is removed. */
export function isLowercaseWord(word: string): boolean {
  return /^\p{Ll}/u.test(withoutElision(word));
}

/** Has an elided article (`d'`, `l'`) glued in front. */
export function hasElision(word: string): boolean {
  return ELIDED_ARTICLE.test(word);
}
