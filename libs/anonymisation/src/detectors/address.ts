import type { TextSpan } from '../redaction-kind';
import { hasElision, isCapitalised, isLowercaseWord, readWords, type Word } from '../word-scanner';

/**
 * French street addresses: a number (with optional `bis`/`ter`/letter), a street type, a street
 * name, then optionally a postcode and a town (`12 rue de la Paix 75002 Paris`).
 *
 * Street types that are also common nouns (`place`, `cours`, `route`, `passage`…) need a
 * capitalised word in the name, so `2 places disponibles` or `2 cours de français` stay. The
 * unambiguous ones (`rue`, `avenue`, `boulevard`…) also accept a lowercase name after a particle
 * (`12 rue de la paix`), because people type addresses in lowercase. Plurals (`3 rues plus loin`)
 * are not street types, and a street type without a number (`la rue est calme`) is not an address.
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

const ANCHOR = new RegExp(
  '(?<![\\p{L}\\p{N}])(?<!\\d[.,])\\d{1,4}' +
    '(?:[ \\u00a0]?(?:bis|ter|quater|[a-d])(?![\\p{L}\\p{N}]))?' +
    ',?[ \\u00a0]+' +
    `(?:(?<strict>${STRICT_TYPES.join('|')})|(?<ambiguous>${AMBIGUOUS_TYPES.join('|')}))` +
    '(?![\\p{L}\\p{N}-])',
  'giu',
);

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
]);
const MAX_NAME_WORDS = 8;
const MAX_TOWN_WORDS = 4;
const CIVIL_TITLES = new Set([
  'M',
  'Mme',
  'Mlle',
  'Dr',
  'Me',
  'Madame',
  'Monsieur',
  'Mademoiselle',
]);
const POSTCODE = /,?[ \u00a0]+\d{5}(?!\p{N})/uy;

export function detectAddresses(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const match of text.matchAll(ANCHOR)) {
    const nameEnd = streetNameEnd(
      readWords(text, match.index + match[0].length, MAX_NAME_WORDS),
      match.groups?.strict !== undefined,
    );
    if (nameEnd === undefined) continue;
    spans.push({ start: match.index, end: postcodeAndTownEnd(text, nameEnd), kind: 'ADDRESS' });
  }
  return spans;
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

/** Extends the address over `, 75002 Paris` when it follows. */
function postcodeAndTownEnd(text: string, from: number): number {
  POSTCODE.lastIndex = from;
  if (!POSTCODE.test(text)) return from;
  let end = POSTCODE.lastIndex;
  for (const word of readWords(text, end, MAX_TOWN_WORDS)) {
    // `75002 Paris Mme Martin`: the name is the civil-title detector's business.
    if (CIVIL_TITLES.has(word.text)) break;
    if (isCapitalised(word.text)) end = word.end;
    else if (!PARTICLES.has(word.text.toLowerCase())) break;
  }
  return end;
}
