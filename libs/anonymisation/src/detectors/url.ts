import { FIRST_NAME, NOT_ONLY_A_NAME, SURNAME, foldWord, lexiconFlags } from '../lexicon/lexicon';
import type { Scan } from '../scan/scan';

/**
 * Web addresses with a personal path: a profile on a social network (`facebook.com/jean.martin`,
 * `linkedin.com/in/marie-dupont-1234`), a personal site (`elodiefaure.wixsite.com/…`), a private
 * link (`photos.app.goo.gl/Ab12Cd34…`, a reset link with a token or an email), or any page whose
 * path names a person (`doctolib.fr/…/jean-dupont`). Public pages stay (`service-public.fr`,
 * `www.caf.fr/allocataires/mes-services-en-ligne`).
 *
 * Found at `http`, `https` or `www`, or at a top-level domain followed by a path
 * (`instagram.com/…`): the address runs to the next space.
 */
const PROFILE_HOSTS = new Set([
  'facebook.com',
  'fb.com',
  'm.facebook.com',
  'instagram.com',
  'linkedin.com',
  'twitter.com',
  'x.com',
  'tiktok.com',
  'snapchat.com',
  'youtube.com',
  'youtu.be',
  'pinterest.com',
  'pinterest.fr',
  'threads.net',
  'bsky.app',
  't.me',
  'wa.me',
  'leboncoin.fr',
  'vinted.fr',
  'skyrock.com',
  'tumblr.com',
  'goo.gl',
  'photos.app.goo.gl',
  'drive.google.com',
  'docs.google.com',
  'photos.google.com',
  'dropbox.com',
  'wetransfer.com',
  'we.tl',
  'icloud.com',
  'onedrive.live.com',
  '1drv.ms',
  'github.com',
  'flickr.com',
  'vimeo.com',
  'twitch.tv',
  'discord.gg',
  'discord.com',
  'whatsapp.com',
  'chat.whatsapp.com',
  'lnkd.in',
]);
// Hosts whose sub-domain is someone's own site.
const PERSONAL_SITE_HOSTS = [
  'wixsite.com',
  'over-blog.com',
  'blogspot.com',
  'wordpress.com',
  'jimdo.com',
  'jimdofree.com',
  'github.io',
  'canva.site',
  'webnode.fr',
  'e-monsite.com',
  'skyrock.com',
  'tumblr.com',
];
// Query parameters that carry a person or a secret.
const PERSONAL_PARAMETER =
  /[?&](?:token|email|mail|e-mail|user|username|uid|id|code|key|tel|phone|nom|name)=/i;
const URL_TEXT = /[^\s<>"«»]+/y;
const TRAILING = /[.,;:!?)\]}'»]+$/;

export function detectUrlAt(scan: Scan, i: number): void {
  const { text, tokens } = scan;
  const token = tokens[i];
  // Inside an address found from an earlier token (`https://…/https://…`).
  if (scan.spanAt(token.start)) return;
  let start = token.start;
  if (token.folded === 'http' || token.folded === 'https') {
    if (!text.startsWith('://', token.end)) return;
  } else if (token.folded === 'www') {
    if (text[token.end] !== '.') return;
  } else {
    // A top-level domain: the address starts at the host's first label.
    if (scan.gapBefore(i) !== '.' || !text.startsWith('/', token.end)) return;
    let first = i - 1;
    while (first > 0 && ['.', '-'].includes(scan.gapBefore(first))) first--;
    if (first < 0) return;
    start = tokens[first].start;
    // Already part of an address found from `http` or `www`.
    if (scan.spanAt(start)) return;
  }
  URL_TEXT.lastIndex = start;
  const match = URL_TEXT.exec(text);
  if (!match) return;
  const url = match[0].replace(TRAILING, '');
  if (isPersonal(url)) scan.add(start, start + url.length, 'URL');
}

export function isPersonal(url: string): boolean {
  const withoutScheme = url.replace(/^https?:\/\//i, '');
  const slash = withoutScheme.search(/[/?#]/);
  const host = (slash < 0 ? withoutScheme : withoutScheme.slice(0, slash)).toLowerCase();
  const rest = slash < 0 ? '' : withoutScheme.slice(slash);
  const bare = host.replace(/^(?:www|fr|m|mobile)\./, '');
  if (PERSONAL_SITE_HOSTS.some((site) => bare.endsWith(`.${site}`))) return true;
  if (rest.replace(/^[/?#]+$/, '') === '') return false;
  if (PROFILE_HOSTS.has(bare)) return true;
  if (PERSONAL_PARAMETER.test(rest) || rest.includes('@')) return true;
  return rest.split(/[^\p{L}\p{N}]+/u).some((word) => namesPerson(word) || looksRandom(word));
}

function namesPerson(word: string): boolean {
  if (word.length < 3) return false;
  const flags = lexiconFlags(foldWord(word));
  return (flags & (FIRST_NAME | SURNAME)) !== 0 && !(flags & NOT_ONLY_A_NAME);
}

/** A private link's key: ten characters or more mixing letters and digits. */
function looksRandom(word: string): boolean {
  return word.length >= 10 && /\d/.test(word) && /\p{L}/u.test(word);
}
