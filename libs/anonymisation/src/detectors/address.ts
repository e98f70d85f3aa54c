import {
  ADDRESS_CUE,
  STOP_WORD,
  STREET_TYPE,
  TITLE,
  foldWord,
  lexiconFlags,
} from '../lexicon/lexicon';
import type { Scan } from '../scan/scan';
import { CAPITALISED } from '../scan/tokens';
import { hasElision, isCapitalised, isLowercaseWord, readWords, type Word } from '../word-scanner';

/**
 * Where people live:
 * - a street address: a number (with `bis`/`ter`/a letter), a street type, a street name, then
 *   optionally a postcode and a town in any case (`12 rue de la Paix 35000 rennes`);
 * - a street without a number after a verb of dwelling (`habite rue des Lilas`);
 * - a named place without a street: `Résidence Les Glycines`, `lieu-dit La Haute Folie`, `hameau
 *   de Kerbihan`, `Cité Jardin`;
 * - the building, staircase and flat next to one of those (`bâtiment C, résidence du Parc`,
 *   `Résidence Bellevue, escalier 2, appartement 34`).
 *
 * Street types that are also common nouns (`place`, `cours`, `route`, `passage`…) need a
 * capitalised word in the name, so `2 places disponibles` or `2 cours de français` stay. The
 * unambiguous ones (`rue`, `avenue`, `boulevard`…) also accept a lowercase name after a particle
 * (`12 rue de la paix`). A street type without a number or a dwelling verb (`la rue est calme`)
 * is not an address, nor is a building alone (`au 2e étage du bâtiment A de la mairie`).
 */
const STRICT_TYPES = [
  'rue',
  'ruelle',
  'avenue',
  'av\\.?',
  'ave\\.?',
  'boulevard',
  'bd\\.?',
  'bld\\.?',
  'bvd\\.?',
  'all[ée]e',
  'impasse',
  'imp\\.',
  'quai',
  'lieu-dit',
  'lieudit',
  'r[ée]sidence',
  'faubourg',
  'fbg\\.?',
  'hameau',
  'lotissement',
  'esplanade',
  'rond-point',
  'sentier',
  'venelle',
  'rte\\.?',
];
const AMBIGUOUS_TYPES = [
  'place',
  'pl\\.',
  'cours',
  'route',
  'chemin',
  'passage',
  'square',
  'voie',
  'cit[ée]',
  'parvis',
  'promenade',
  'domaine',
  'chauss[ée]e',
  'mont[ée]e',
  'traverse',
];
const TYPES = `(?:(?<strict>${STRICT_TYPES.join('|')})|(?<ambiguous>${AMBIGUOUS_TYPES.join('|')}))(?![\\p{L}\\p{N}-])`;
const ANCHOR = new RegExp(
  `\\d{1,4}(?: ?(?:bis|ter|quater|[a-d])(?![\\p{L}\\p{N}]))?,? +${TYPES}`,
  'iuy',
);
const TYPE_ONLY = new RegExp(TYPES, 'iuy');

const PARTICLES = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'aux',
  'au',
  'sur',
  'sous',
  'en',
  'et',
  'lès',
  'lez',
  "l'",
  "d'",
]);
const MAX_NAME_WORDS = 8;
const MAX_TOWN_WORDS = 4;
const POSTCODE = /,? +\d{5}(?!\p{N})/uy;

/** At a token of digits: a numbered street address. */
export function detectNumberedAddressAt(scan: Scan, i: number): void {
  const { text } = scan;
  const start = scan.tokens[i].start;
  // `2,5 rue`: the decimals of a number, not a street number.
  if (/[.,]/.test(text[start - 1] ?? '') && /\d/.test(text[start - 2] ?? '')) return;
  ANCHOR.lastIndex = start;
  const match = ANCHOR.exec(text);
  if (!match) return;
  const nameEnd = streetNameEnd(
    readWords(text, ANCHOR.lastIndex, MAX_NAME_WORDS),
    match.groups?.strict !== undefined,
  );
  if (nameEnd !== undefined) scan.add(start, postcodeAndTownEnd(text, nameEnd), 'ADDRESS');
}

/** At a dwelling verb (`habite`, `domicilié`): a street without a number. */
export function detectStreetAfter(scan: Scan, cue: number): void {
  const { tokens, text } = scan;
  let type = cue + 1;
  if (['au', 'a', 'aux'].includes(tokens[type]?.folded ?? '') && scan.spaced(cue)) type++;
  const token = tokens[type];
  if (!token || !(token.flags & STREET_TYPE) || !/^ +$/.test(scan.gapBefore(type))) return;
  TYPE_ONLY.lastIndex = token.start;
  if (!TYPE_ONLY.test(text)) return;
  const nameEnd = streetNameEnd(readWords(text, TYPE_ONLY.lastIndex, MAX_NAME_WORDS), true);
  if (nameEnd !== undefined) scan.add(token.start, postcodeAndTownEnd(text, nameEnd), 'ADDRESS');
}

/** At `résidence`, `lieu-dit`, `hameau`, `cité`: a named place, its name capitalised. */
export function detectNamedPlaceAt(scan: Scan, i: number): void {
  const { tokens, text } = scan;
  const token = tokens[i];
  let end = token.end;
  switch (token.folded) {
    case 'residence':
    case 'hameau':
      break;
    case 'cite':
      // `la cité des sciences` is not where someone lives; `Cité Jardin` or `habite cité …` is.
      if (!(token.shape & CAPITALISED) && !(tokens[i - 1]?.flags & ADDRESS_CUE)) return;
      break;
    case 'lieu':
    case 'lieudit':
      if (token.folded === 'lieu') {
        if (scan.gapAfter(i) !== '-' || tokens[i + 1]?.folded !== 'dit') return;
        end = tokens[i + 1].end;
      }
      break;
    default:
      return;
  }
  const nameEnd = placeNameEnd(readWords(text, end, 5));
  if (nameEnd !== undefined) scan.add(token.start, postcodeAndTownEnd(text, nameEnd), 'ADDRESS');
}

/** The end of a place's name: particles and at least one capitalised word. */
function placeNameEnd(words: Word[]): number | undefined {
  let end: number | undefined;
  for (const word of words) {
    const lower = word.text.toLowerCase();
    if (PARTICLES.has(lower)) continue;
    if (!isCapitalised(word.text) || lexiconFlags(foldWord(word.text)) & TITLE) break;
    end = word.end;
  }
  return end;
}

/** Where the street name ends, or undefined if the words after the type are not a name. */
function streetNameEnd(words: Word[], strict: boolean): number | undefined {
  let end: number | undefined;
  let capitalised = 0;
  let afterParticle = false;
  let lowercaseTaken = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const lower = word.text.toLowerCase();
    if (PARTICLES.has(lower)) {
      afterParticle = true;
      continue;
    }
    if (/^\d+$/.test(word.text)) {
      // `rue du 8 Mai 1945`: a day before a capitalised month, or a year after a name.
      const before = words[i + 1] !== undefined && isCapitalised(words[i + 1].text);
      const year = word.text.length === 4 && end !== undefined && !afterParticle;
      if (word.text.length > 4 || !(before || year)) break;
      end = word.end;
      afterParticle = false;
      continue;
    }
    if (isCapitalised(word.text)) {
      capitalised++;
      end = word.end;
      afterParticle = false;
      continue;
    }
    // A lowercase name (`de la paix`) only for unambiguous types, right after a particle or the
    // type, and one word at most: past it, lowercase words are the sentence going on.
    const opensName = afterParticle || hasElision(word.text) || i === 0;
    if (strict && !lowercaseTaken && isLowercaseWord(word.text) && opensName) {
      if (lexiconFlags(foldWord(word.text)) & STOP_WORD) break;
      end = word.end;
      afterParticle = false;
      lowercaseTaken = true;
      continue;
    }
    break;
  }
  if (end === undefined || (!strict && capitalised === 0)) return undefined;
  return end;
}

/** Extends the address over `, 75002 Paris` (the town in any case) when it follows. */
function postcodeAndTownEnd(text: string, from: number): number {
  POSTCODE.lastIndex = from;
  if (!POSTCODE.test(text)) return from;
  let end = POSTCODE.lastIndex;
  const words = readWords(text, end, MAX_TOWN_WORDS);
  for (const [index, word] of words.entries()) {
    const flags = lexiconFlags(foldWord(word.text));
    // `75002 Paris Mme Martin`: the name is the person detector's business.
    if (flags & TITLE) break;
    // The first word is the town, whatever its case (`35000 rennes`); then capitals go on.
    if (index === 0 ? !(flags & STOP_WORD) || isCapitalised(word.text) : isCapitalised(word.text)) {
      end = word.end;
    } else if (!PARTICLES.has(word.text.toLowerCase())) break;
  }
  return end;
}

// Buildings, staircases and flats: `bâtiment C`, `bât. B`, `escalier 2`, `appt 12`.
const UNIT = String.raw`(?:b[âa]timent|b[âa]t\.?|appartement|appart\.?|appt\.?|apt\.?|app\.?|escalier|esc\.?|porte|logement|log\.?)`;
const UNIT_AFTER = new RegExp(
  String.raw`,? +${UNIT} *(?:n°)? *[A-Za-z0-9]{1,4}(?![\p{L}\p{N}])`,
  'iuy',
);
const UNIT_BEFORE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${UNIT} *(?:n°)? *[A-Za-z0-9]{1,4},? +$`,
  'iu',
);

/** Extends each address found over the buildings, staircases and flats written next to it. */
export function detectAddressesAfterUnits(scan: Scan): void {
  const { text } = scan;
  for (const span of scan.spans) {
    if (span.kind !== 'ADDRESS') continue;
    for (;;) {
      UNIT_AFTER.lastIndex = span.end;
      if (!UNIT_AFTER.test(text)) break;
      span.end = UNIT_AFTER.lastIndex;
    }
    for (;;) {
      const before = UNIT_BEFORE.exec(text.slice(Math.max(0, span.start - 40), span.start));
      if (!before) break;
      span.start -= before[0].length;
    }
  }
}
