import {
  FIRST_NAME,
  INSTITUTION,
  NAME_CUE,
  NAME_WORD,
  NOT_ONLY_A_NAME,
  NOT_PERSON,
  ORDINARY,
  PARTICLE,
  STOP_WORD,
  SURNAME,
  TITLE,
} from '../lexicon/lexicon';
import type { Scan } from '../scan/scan';
import { ALL_CAPS, CAPITALISED, HAS_DIGIT, LOWER, type Token } from '../scan/tokens';

/**
 * People's names, with or without a civil title, from the lexicons of first names and surnames and
 * the context:
 * - after a civil title in any case (`Mme Martin`, `mme dupont`, `monsieur moreau`, `Dr
 *   Jean-Pierre Lefèvre`), one to three name words (a function after the title is not a name:
 *   `Monsieur le Maire`, `Madame souhaite…`);
 * - a first name that is not an ordinary word, in any case (`Fatima`, `fatima`, `Jean-Pierre`), or
 *   a surname that is not one, capitalised (`Dubois`, `MOREAU`), with the name words around it
 *   (`Kévin Garcia`, `DUPONT Jean`);
 * - a first name that is also a word (`Pierre`, `Rose`, `Claire`) only when capitalised within a
 *   sentence (`avec Pierre`), or followed by a surname (`Rose Martin`): `pierre angulaire`, `une
 *   robe rose`, `Grâce à l'atelier` stay;
 * - a name after `s'appelle`, `prénom :`, `nom :`, `épouse`, `née`, `famille`.
 * Compounds with an ordinary word (`Martin-pêcheur`) or `Saint` (`Saint-Martin`), and names right
 * after an institution (`collège Jean Moulin`, `rue Victor Hugo`), are places or things.
 */
const MAX_NAME_WORDS = 4;
// Verbs a sentence that starts with a person's name often goes on with.
const VERBS_AFTER_A_NAME = new Set([
  'a',
  'est',
  'etait',
  'sera',
  'avait',
  'vient',
  'va',
  'viendra',
  'ne',
  'n',
  'doit',
  'veut',
  'voudrait',
  'souhaite',
  'demande',
  'dit',
  'revient',
  'arrive',
  'part',
  'sait',
  'peut',
  'fait',
  'reste',
  'pense',
  'appelle',
  'rappelle',
  'habite',
  'vit',
  'travaille',
  'cherche',
  'attend',
  'avait',
  'aura',
  'aurait',
  'se',
  's',
]);
const MIN_NAME_LETTERS = 3;

/** At a token that is a title, a name cue or a name word. */
export function detectPersonNameAt(scan: Scan, i: number): void {
  const token = scan.tokens[i];
  if (token.flags & TITLE && titled(scan, i)) return;
  if (token.flags & NAME_CUE || token.folded === 'nee') {
    afterCue(scan, i);
  }
  if (token.flags & NAME_WORD) fromNameWord(scan, i);
}

// ---------------------------------------------------------------- titles

/** A civil title at `i` and the name after it; true when a name was found. */
function titled(scan: Scan, i: number): boolean {
  const { tokens } = scan;
  const token = tokens[i];
  if (!isTitle(scan, i)) return false;
  if (!/^\.? {1,2}$/.test(scan.gapAfter(i))) return false;
  const end = nameAfterTitle(scan, i + 1);
  if (end < 0) return false;
  scan.add(token.start, tokens[end].end, 'NAME');
  return true;
}

function isTitle(scan: Scan, i: number): boolean {
  const token = scan.tokens[i];
  const dotted = scan.gapAfter(i).startsWith('.');
  switch (token.folded) {
    case 'm':
      return token.text === 'M' && dotted;
    case 'mm':
      return token.text === 'MM' && dotted;
    case 'me':
      return token.text === 'Me';
    case 'pr':
      return token.text === 'Pr';
    case 'ms':
      return false;
    default:
      return true;
  }
}

// Particles may open a name (`de Villiers`); articles only follow another particle or a name word
// (`de la Tour`, `Ahmed Ben Salah`).
const LEADING_PARTICLES = new Set(
  'de du des d van von der den da di del dos das ben bin el al ait bou'.split(' '),
);
const FOLLOWING_PARTICLES = new Set([...LEADING_PARTICLES, 'la', 'le', 'les', 'della']);

/** The last token of the name after a title (first name word at `first`), or -1. */
function nameAfterTitle(scan: Scan, first: number): number {
  const { tokens } = scan;
  let end = -1;
  let words = 0;
  let afterParticle = false;
  for (let i = first; i < tokens.length; i++) {
    if (i > first && !joined(scan, i - 1)) break;
    if (words === 3 && /^ +$/.test(scan.gapBefore(i))) break;
    const token = tokens[i];
    const particles = afterParticle || words > 0 ? FOLLOWING_PARTICLES : LEADING_PARTICLES;
    if (particles.has(token.folded) && !(token.shape & ALL_CAPS)) {
      afterParticle = true;
      continue;
    }
    if (!nameWordAfterTitle(token)) break;
    // `M. Le Goff` but not `M. Puis elle…`: a sentence word needs another capital after it.
    const opensSentence = words === 0 && !afterParticle && token.flags & STOP_WORD;
    if (opensSentence && !(tokens[i + 1] && joined(scan, i) && tokens[i + 1].shape & CAPITALISED))
      break;
    // `Jean-Pierre`, `N'Diaye`: parts of one word.
    if (i === first || /^ +$/.test(scan.gapBefore(i))) words++;
    end = i;
    afterParticle = false;
  }
  return end;
}

/** A word that can be part of a name after a title. */
function nameWordAfterTitle(token: Token): boolean {
  if (token.shape & HAS_DIGIT) return false;
  if (token.flags & STOP_WORD && !(token.shape & CAPITALISED)) return false;
  if (token.flags & NAME_WORD) return true;
  if (token.shape & (CAPITALISED | ALL_CAPS)) return !(token.flags & TITLE);
  return false;
}

// ---------------------------------------------------------------- cues

function afterCue(scan: Scan, i: number): void {
  const { tokens } = scan;
  const token = tokens[i];
  const gap = scan.gapAfter(i);
  const colon = /^ ?[:=] ?$/.test(gap);
  const first = i + 1;
  const next = tokens[first];
  if (!next || !(colon || /^ {1,2}$/.test(gap))) return;
  switch (token.folded) {
    case 'nom':
    case 'prenom':
    case 'prenoms':
      // `Nom : MOREAU`, `nom DUPONT`; not `au nom de`.
      if (!colon && !(next.shape & ALL_CAPS)) return;
      break;
    case 'appelle':
    case 'appellent':
      // `s'appelle`, `m'appelle`: not `elle appelle la CAF`.
      if (!['s', 'm', 't'].includes(tokens[i - 1]?.folded ?? '') || scan.gapBefore(i) !== "'")
        return;
      break;
    case 'appele':
    case 'appelee':
    case 'appeles':
      // `un homme appelé Karim`, not `il a appelé Pôle emploi`.
      if (
        ['a', 'ai', 'as', 'avons', 'avez', 'ont', 'avait', 'avaient', 'ete'].includes(
          tokens[i - 1]?.folded ?? '',
        )
      )
        return;
      break;
    case 'nee':
      if (!/é|É/.test(token.text) || next.folded === 'le' || next.folded === 'en') return;
      if (!(next.shape & CAPITALISED)) return;
      break;
    default:
  }
  if (next.shape & HAS_DIGIT || (next.flags & STOP_WORD && !(next.flags & NAME_WORD))) return;
  const personal = next.flags & NAME_WORD || next.shape & (CAPITALISED | ALL_CAPS);
  if (!personal || next.flags & NOT_PERSON) return;
  if (next.shape & LOWER && next.flags & ORDINARY && !(next.flags & NAME_WORD)) return;
  scan.add(next.start, tokens[extendName(scan, first, !(next.shape & LOWER))].end, 'NAME');
}

// ---------------------------------------------------------------- name words

function fromNameWord(scan: Scan, i: number): void {
  const { tokens } = scan;
  // The second part of a compound was decided with the first (`Jean-Pierre`, `Saint-Martin`).
  if (i > 0 && scan.gapBefore(i) === '-') {
    const previous = tokens[i - 1];
    if (previous.flags & NAME_WORD || ['saint', 'sainte', 'st', 'ste'].includes(previous.folded))
      return;
    if (previous.shape & LOWER && previous.flags & ORDINARY) return;
  }
  const compound = compoundEnd(scan, i);
  if (compound === undefined) return;
  if (isPlaceName(scan, i)) return;
  const token = tokens[i];
  const end = compound.end;
  const strength = nameStrength(scan, i, compound);
  if (strength === 'none') return;
  const upper = !(token.shape & LOWER);
  let last = extendName(scan, end, upper);
  // `Rose Martin`, `Pierre Dupont`: a first name that is also a word, followed by a surname.
  if (strength === 'with-surname' && last === end) return;
  let start = i;
  // `DUPONT Jean`: a surname in capitals before the first name.
  while (
    start > 0 &&
    joined(scan, start - 1) &&
    tokens[start - 1].shape & ALL_CAPS &&
    !(tokens[start - 1].flags & (NOT_ONLY_A_NAME | TITLE | STOP_WORD)) &&
    tokens[start - 1].end - tokens[start - 1].start >= MIN_NAME_LETTERS &&
    start > i - 2
  ) {
    start--;
  }
  if (last < end) last = end;
  scan.add(tokens[start].start, tokens[last].end, 'NAME');
}

/**
 * The hyphenated word starting at `i` (`Jean-Pierre`, `Dupont-Durand`): its last token, and
 * whether every part is a first name. Undefined for compounds that are not names
 * (`Martin-pêcheur`, `Saint-Martin`, `Jean-Jaurès-Ville`).
 */
function compoundEnd(
  scan: Scan,
  i: number,
): { end: number; firstNames: boolean; parts: number } | undefined {
  const { tokens } = scan;
  let end = i;
  let firstNames = (tokens[i].flags & FIRST_NAME) !== 0;
  if (['saint', 'sainte', 'st', 'ste'].includes(tokens[i].folded)) return undefined;
  while (end + 1 < tokens.length && scan.gapAfter(end) === '-' && end - i < 3) {
    const part = tokens[end + 1];
    if (part.shape & HAS_DIGIT) break;
    if (!(part.flags & NAME_WORD)) {
      // `Martin-pêcheur`: a compound with an ordinary word is a word.
      if (part.shape & LOWER || part.flags & ORDINARY) return undefined;
    }
    firstNames &&= (part.flags & FIRST_NAME) !== 0;
    end++;
  }
  return { end, firstNames, parts: end - i + 1 };
}

type Strength = 'alone' | 'with-surname' | 'none';

function nameStrength(
  scan: Scan,
  i: number,
  compound: { end: number; firstNames: boolean; parts: number },
): Strength {
  const token = scan.tokens[i];
  const flags = token.flags;
  const letters = scan.tokens[compound.end].end - token.start;
  if (letters < MIN_NAME_LETTERS) return 'none';
  const upper = (token.shape & (CAPITALISED | ALL_CAPS)) !== 0;
  // `Jean-Pierre`, `marie-claire`: compounds of first names are names in any case.
  if (compound.parts > 1 && compound.firstNames) return 'alone';
  const ambiguous = (flags & NOT_ONLY_A_NAME) !== 0;
  if (flags & FIRST_NAME) {
    if (!ambiguous) return 'alone';
    if (!upper || flags & NOT_PERSON) return upper ? 'with-surname' : 'none';
    // A capitalised word in the middle of a sentence is a name (`avec Pierre`); at its start it
    // may be the word (`Grâce à l'atelier`), unless a surname follows.
    if (token.shape & ALL_CAPS) return 'with-surname';
    if (!scan.isSentenceStart(i)) return 'alone';
    // `Pierre a appelé`: a bare noun does not open a sentence with a verb; a name does.
    const next = scan.tokens[compound.end + 1];
    return next && scan.spaced(compound.end) && VERBS_AFTER_A_NAME.has(next.folded)
      ? 'alone'
      : 'with-surname';
  }
  // Surnames: capitalised and not a word (`Dubois`, `MOREAU`); `Petit`, `Blanc` need a context.
  if (flags & SURNAME && upper && !ambiguous) return 'alone';
  return 'none';
}

/** The last token of a name whose last word so far is `end`: surnames and first names after it. */
function extendName(scan: Scan, end: number, upper: boolean): number {
  const { tokens } = scan;
  let last = end;
  let words = 1;
  for (let k = end + 1; k < tokens.length && words < MAX_NAME_WORDS; k++) {
    if (!joined(scan, k - 1)) break;
    const token = tokens[k];
    if (token.shape & HAS_DIGIT) break;
    // `Ben Salah`, `Le Goff`, `de Villiers`: a particle counts when a name word follows it.
    if (token.flags & PARTICLE && !(token.shape & ALL_CAPS) && tokens[k + 1] && joined(scan, k)) {
      const next = tokens[k + 1];
      if (next.shape & (CAPITALISED | ALL_CAPS) && !(next.flags & (NOT_ONLY_A_NAME | STOP_WORD))) {
        last = k + 1;
        k++;
        words++;
        continue;
      }
      break;
    }
    if (!continuesName(token, upper)) break;
    last = k;
    if (/^ +$/.test(scan.gapBefore(k))) words++;
  }
  return last;
}

/** A word that continues a name: a name word or an unknown capitalised word, in the name's case. */
function continuesName(token: Token, upper: boolean): boolean {
  if (token.flags & (TITLE | NAME_CUE)) return false;
  if (upper) {
    if (!(token.shape & (CAPITALISED | ALL_CAPS))) return false;
    if (token.flags & NAME_WORD)
      return !(token.flags & NOT_PERSON) || (token.flags & SURNAME) !== 0;
    return !(token.flags & (ORDINARY | NOT_PERSON | STOP_WORD));
  }
  return (
    (token.flags & NAME_WORD) !== 0 &&
    !(token.flags & NOT_ONLY_A_NAME) &&
    !(token.shape & CAPITALISED)
  );
}

/** Tokens `i` and `i + 1` are one space or a hyphen apart. */
function joined(scan: Scan, i: number): boolean {
  const gap = scan.gapAfter(i);
  return gap === ' ' || gap === '-' || gap === "'" || gap === '  ';
}

/**
 * A name right after an institution or a street (`collège Jean Moulin`, `centre social Jacques
 * Prévert`, `rue Victor Hugo`), or after `Saint`: the name of a place.
 */
function isPlaceName(scan: Scan, i: number): boolean {
  const { tokens } = scan;
  let adjectives = 0;
  for (let k = i - 1; k >= 0 && k >= i - 5; k--) {
    if (!joined(scan, k)) return false;
    const token = tokens[k];
    if (token.flags & INSTITUTION) return true;
    if (['saint', 'sainte', 'st', 'ste'].includes(token.folded)) return true;
    // Earlier words of the same name (`lycée Victor Hugo`), or one adjective (`centre social`).
    if (token.shape & (CAPITALISED | ALL_CAPS) || token.flags & PARTICLE) continue;
    if (token.shape & LOWER && token.flags & ORDINARY && adjectives++ === 0) continue;
    return false;
  }
  return false;
}
