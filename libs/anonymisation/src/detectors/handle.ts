import type { Scan } from '../scan/scan';
import { CREDENTIAL_STATE, HANDLE_CUE, STOP_WORD } from '../lexicon/lexicon';

/**
 * Social-network handles: `@name` where the `@` does not follow a letter or digit (that would be
 * an email), and after a network's name or `pseudo`, the value people write (`Snap : marie.dpt`,
 * `Compte Snapchat lucas.dubois08`, `Discord : yannick#4521`). Without a colon the value must look
 * like a handle (a dot, an underscore, a `#` or a digit in it), so `son compte Facebook a été
 * piraté` stays.
 */
const HANDLE = /@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?/y;
const VALUE = /@?[\p{L}\p{N}_](?:[\p{L}\p{N}_.#-]{0,39}[\p{L}\p{N}_])?/uy;

export function detectHandleAt(scan: Scan, at: number): void {
  const { text } = scan;
  // After a letter or a digit (or a placeholder, which stands for some) it is an email's `@`.
  // eslint-disable-next-line no-control-regex -- NUL is the placeholder mask
  if (at > 0 && /[\p{L}\p{N}_.\u0000]/u.test(text[at - 1])) return;
  HANDLE.lastIndex = at;
  if (HANDLE.test(text) && HANDLE.lastIndex - at >= 3) scan.add(at, HANDLE.lastIndex, 'HANDLE');
}

export function detectHandleAfter(scan: Scan, cue: number): void {
  const { tokens, text } = scan;
  // The value follows a colon up to three words on (`pseudo sur Leboncoin : …`), or the cue.
  let value = -1;
  let colon = false;
  for (let k = cue; k < tokens.length - 1 && k <= cue + 3; k++) {
    const gap = scan.gapAfter(k);
    if (/[!?;\n\r]|\.\s/.test(gap)) break;
    if (/[:=]/.test(gap)) {
      value = k + 1;
      colon = true;
      break;
    }
  }
  if (value < 0) {
    value = cue + 1;
    while (tokens[value] && tokens[value].flags & HANDLE_CUE && scan.spaced(value - 1)) value++;
  }
  const token = tokens[value];
  if (!token || (!colon && !/^ +@?$/.test(scan.gapBefore(value)))) return;
  const start = text[token.start - 1] === '@' ? token.start - 1 : token.start;
  VALUE.lastIndex = start;
  const match = VALUE.exec(text);
  if (!match) return;
  const handleLike = /[._#@\d]/.test(match[0]);
  if (!colon && !handleLike) return;
  if (colon && !handleLike && token.flags & (STOP_WORD | CREDENTIAL_STATE)) return;
  scan.add(start, VALUE.lastIndex, 'HANDLE');
}
