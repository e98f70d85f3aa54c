import type { TextSpan } from '../redaction-kind';
import { isCapitalised, readWords, type Word } from '../word-scanner';

/**
 * Names introduced by a civil title (`Mme Martin`, `M. Jean-Pierre Le Goff`, `Dr de Villiers`): the
 * title and one to three capitalised words, with particles between them, become one `[NAME]`.
 *
 * Decisions:
 * - A function after the title (`Monsieur le Maire`, `Madame la Directrice`) is not a name and is
 *   kept: the article is lowercase and `le`/`la` only count as particles after `de`.
 * - `M.` closing a sentence is followed by a new sentence, whose first word is usually a pronoun or
 *   a connector (`Il`, `Puis`, `La`): such a word is taken as a name only if another capitalised
 *   word follows it (`M. Le Goff`).
 * - Short titles are case-sensitive (`Me`, `Dr`: lowercase `me` is a pronoun); long ones accept a
 *   lowercase initial (`madame Dupont`).
 */
const TITLE =
  /(?<![\p{L}\p{N}])(?:M\.|MM\.|Mr\.?|Mme\.?|Mmes\.?|Mlle\.?|Mlles\.?|Dr\.?|Pr\.?|Me\.?|[Mm]adame|[Mm]esdames|[Mm]onsieur|[Mm]essieurs|[Mm]ademoiselle|[Dd]octeur|[Pp]rofesseur|[Mm]a[îi]tre)(?![\p{L}\p{N}])/gu;

const MAX_NAME_WORDS = 3;
// Particles may open a name (`de Villiers`); articles only follow another particle (`de la Tour`).
const LEADING_PARTICLES = new Set([
  'de',
  'du',
  'des',
  'van',
  'von',
  'der',
  'den',
  'da',
  'di',
  'del',
]);
const FOLLOWING_PARTICLES = new Set([...LEADING_PARTICLES, 'la', 'le', 'les', 'della', 'dos']);
const SENTENCE_STARTERS = new Set([
  'il',
  'elle',
  'ils',
  'elles',
  'on',
  'nous',
  'vous',
  'je',
  'tu',
  'le',
  'la',
  'les',
  'un',
  'une',
  'des',
  'ce',
  'cet',
  'cette',
  'ces',
  'puis',
  'mais',
  'et',
  'ou',
  'donc',
  'car',
  'ensuite',
  'alors',
  'après',
  'avant',
  'pour',
  'par',
  'en',
  'dans',
  'sur',
  'avec',
  'sans',
  'si',
  'quand',
  'comme',
  'depuis',
  'pendant',
  'lors',
  'au',
  'aux',
  'du',
  'de',
  'a',
  'à',
  'enfin',
  'aujourd’hui',
  "aujourd'hui",
]);

export function detectCivilTitleNames(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const match of text.matchAll(TITLE)) {
    const titleEnd = match.index + match[0].length;
    // Three name words plus particles between them: read a little more than three words.
    const end = nameEnd(readWords(text, titleEnd, MAX_NAME_WORDS * 3));
    if (end !== undefined) spans.push({ start: match.index, end, kind: 'NAME' });
  }
  return spans;
}

function nameEnd(words: Word[]): number | undefined {
  let end: number | undefined;
  let nameWords = 0;
  let afterParticle = false;
  for (let i = 0; i < words.length && nameWords < MAX_NAME_WORDS; i++) {
    const word = words[i].text;
    const particles = afterParticle || nameWords > 0 ? FOLLOWING_PARTICLES : LEADING_PARTICLES;
    if (particles.has(word)) {
      afterParticle = true;
      continue;
    }
    if (!isCapitalised(word)) break;
    const opensSentence =
      nameWords === 0 && !afterParticle && SENTENCE_STARTERS.has(word.toLowerCase());
    if (opensSentence && !(words[i + 1] && isCapitalised(words[i + 1].text))) break;
    nameWords++;
    end = words[i].end;
    afterParticle = false;
  }
  return end;
}
