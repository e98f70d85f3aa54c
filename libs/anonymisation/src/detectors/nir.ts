import { nirKey } from '../checksums';
import type { Scan } from '../scan/scan';
import { endsWord, isDigitCode, readCompact } from '../scan/separated-runs';

/**
 * French social-security numbers (NIR), at a token of digits: sex (1, 2, or 3/4/7/8 for
 * provisional numbers), year, month, département (two digits, or `2A`/`2B`), commune, order, and
 * the two-digit key, with any separators between any two characters (`2-69-05-2A-123-456-88`,
 * `1.56.07.75.123.456.71`) and the key possibly written apart (`1850578006084 clé 91`,
 * `… 084 (91)`, `… 084 - 91`). A candidate counts only if its key is right, so ordinary
 * 15-digit numbers are left alone 96 times out of 97.
 */
const BODY = /^[1-478]\d{4}(?:\d{2}|2[ABab])\d{6}$/;
// Between the 13 characters and the key: separators, `clé`, `key`, an opening parenthesis.
const KEY =
  / ?[./,-]? ?(?:(?:cl[ée]|key|KEY|CLÉ|CLE|Clé|Cle) ?:? ?)?(?:\( ?(\d) ?(\d) ?\)|(\d)(?: ?[./-] ?| {1,2})?(\d))/y;

function isNirCharacter(code: number): boolean {
  return isDigitCode(code) || code === 0x41 || code === 0x42 || code === 0x61 || code === 0x62;
}

export function detectNirAt(scan: Scan, i: number): void {
  const { text } = scan;
  const token = scan.tokens[i];
  if (!'1234578'.includes(text[token.start])) return;
  const body = readCompact(text, token.start, 13, isNirCharacter);
  if (body.compact.length !== 13 || !BODY.test(body.compact)) return;
  KEY.lastIndex = body.ends[12];
  const key = KEY.exec(text);
  if (!key || !endsWord(text, KEY.lastIndex)) return;
  if (nirKey(body.compact) !== Number((key[1] ?? key[3]) + (key[2] ?? key[4]))) return;
  scan.add(token.start, KEY.lastIndex, 'NIR');
}
