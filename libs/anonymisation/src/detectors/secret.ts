import { CREDENTIAL_STATE, STOP_WORD, TAX_CUE, CAF_CUE } from '../lexicon/lexicon';
import type { Scan } from '../scan/scan';

/**
 * Credentials after a cue word: passwords (`mot de passe : Soleil2023!`, `mdp azerty123`), codes
 * (`code PIN : 4821`, `code reçu par SMS : 583 209`, `digicode A1945`, `cryptogramme 456`) and
 * logins (`identifiant : jdupont75`, `nom d'utilisateur : m.nguyen`).
 *
 * After a colon or `=` the value is whatever follows, unless it says what state the credential is
 * in (`mot de passe : oublié`). Without one, the value must look like a credential (a digit, a
 * symbol, or capitals inside a word: `Marseille13`, `Chat#2021`), after at most a few linking words
 * (`son mot de passe est …`, `le code secret de sa carte est …`), so `le mot de passe doit contenir
 * 12 caractères` and `le code postal 75011` stay.
 */

// Words that may stand between the cue and the value: verbs, articles, the service it is for.
const LINKING = new Set([
  'est',
  'c',
  'etait',
  'sera',
  'le',
  'la',
  'de',
  'du',
  'des',
  'sa',
  'son',
  'ma',
  'mon',
  'ta',
  'ton',
  'carte',
  'bancaire',
  'compte',
  'par',
  'sms',
  'recu',
  'recue',
  'envoye',
  'provisoire',
  'temporaire',
  'nouveau',
  'actuel',
  'ameli',
  'franceconnect',
  'france',
  'connect',
  'travail',
  'caf',
  'impots',
  'gmail',
  'orange',
  'sfr',
  'free',
  'banque',
  'wifi',
  'messagerie',
  'ants',
  'netflix',
  'facebook',
  'instagram',
  'secu',
  'securite',
  'sociale',
  'cpam',
  'msa',
  'gouv',
  'google',
  'apple',
  'icloud',
  'laposte',
  'poste',
  'pole',
  'emploi',
  'dossier',
]);
// What `code` must be followed by to be a credential (`code PIN`, `code d'accès`).
const CODE_QUALIFIERS = new Set([
  'pin',
  'secret',
  'confidentiel',
  'acces',
  'activation',
  'securite',
  'verification',
  'validation',
  'carte',
  'recu',
  'sms',
  'porte',
  'entree',
  'immeuble',
  'portail',
  'wifi',
  'connexion',
  'provisoire',
  'temporaire',
  'unique',
  'envoye',
  'confirmation',
  'otp',
]);
const VALUE = /[^\s]+/y;
const TRAILING = /[.,;:)»"']+$/;

/** At a cue token: returns without adding when the token is not a credential cue here. */
export function detectSecretAfter(scan: Scan, i: number): void {
  const cueEnd = cuePhraseEnd(scan, i);
  if (cueEnd < 0) return;
  const { tokens } = scan;
  // A colon or `=` within four words: the value follows it.
  for (let k = cueEnd; k < tokens.length - 1 && k <= cueEnd + 4; k++) {
    const gap = scan.gapAfter(k);
    if (/[!?;\n\r]|\.\s/.test(gap)) break;
    if (k > cueEnd && tokens[k].flags & CREDENTIAL_STATE) return;
    if (/[:=]/.test(gap)) {
      const value = k + 1;
      // `mot de passe : oublié`, `mot de passe : il ne s'en souvient plus`.
      const word = valueText(scan, value) === tokens[value].text;
      if (word && tokens[value].flags & (CREDENTIAL_STATE | STOP_WORD)) return;
      addValue(scan, value);
      return;
    }
  }
  // No colon: skip linking words, then the value must look like a credential.
  let value = cueEnd + 1;
  while (value < tokens.length && value <= cueEnd + 5 && LINKING.has(tokens[value].folded)) {
    if (/[!?;\n\r]|\.\s/.test(scan.gapBefore(value))) return;
    value++;
  }
  const token = tokens[value];
  if (!token || /[!?;\n\r]|\.\s/.test(scan.gapBefore(value))) return;
  if (token.flags & CREDENTIAL_STATE) return;
  if (!isCredentialLike(valueText(scan, value))) return;
  addValue(scan, value);
}

/**
 * The last token of the cue phrase at `i`, or -1: `mot de passe` (singular), `code` with a
 * qualifier, `nom d'utilisateur`, `identifiant` (not `identifiant fiscal`), `mdp`, `PIN`…
 */
function cuePhraseEnd(scan: Scan, i: number): number {
  const { tokens } = scan;
  const word = tokens[i].folded;
  const next = tokens[i + 1];
  switch (word) {
    case 'passe':
      return tokens[i - 1]?.folded === 'de' && tokens[i - 2]?.folded === 'mot' ? i : -1;
    case 'code': {
      // `code de la carte`, `code d'accès`, `code PIN`, `code reçu par SMS`, `code :`.
      if (/^ ?[:=]/.test(scan.gapAfter(i))) return i;
      for (let k = i + 1; k <= i + 3 && k < tokens.length; k++) {
        if (CODE_QUALIFIERS.has(tokens[k].folded)) return k;
        if (!['de', 'du', 'd', 'la', 'l', 'a'].includes(tokens[k].folded)) return -1;
      }
      return -1;
    }
    case 'utilisateur':
      return tokens[i - 1]?.folded === 'd' && tokens[i - 2]?.folded === 'nom' ? i : -1;
    case 'identifiant':
    case 'login':
    case 'username':
      if (next && next.flags & (TAX_CUE | CAF_CUE)) return -1;
      return i;
    default:
      return i;
  }
}

function valueText(scan: Scan, value: number): string {
  VALUE.lastIndex = scan.tokens[value].start;
  const match = VALUE.exec(scan.text);
  return match ? match[0].replace(TRAILING, '') : '';
}

function isCredentialLike(value: string): boolean {
  if (/\d/.test(value) || /[!@#$%&*?_+=/]/.test(value)) return true;
  // Capitals inside a word that has small letters too (`SoLeil`), not a word in capitals (`OK`)
  // nor a compound (`Wi-Fi`).
  return value.split(/[-.']/).some((part) => /\p{Ll}/u.test(part) && /\p{Lu}/u.test(part.slice(1)));
}

function addValue(scan: Scan, value: number): void {
  const { tokens } = scan;
  const start = tokens[value].start;
  let end = start + valueText(scan, value).length;
  // `583 209`: a code read out in groups of digits.
  let k = value;
  while (
    /^\d+$/.test(tokens[k].text) &&
    tokens[k + 1] &&
    /^\d+$/.test(tokens[k + 1].text) &&
    scan.gapAfter(k) === ' ' &&
    k < value + 3
  ) {
    k++;
    end = tokens[k].end;
  }
  scan.add(start, end, 'SECRET');
}
