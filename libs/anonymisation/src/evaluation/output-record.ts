/**
 * What the current scrubber version makes of each corpus text, recorded (as short hashes) in
 * `corpus/scrubbed-v<version>.json`. A detector change that changes a recorded output must come
 * with a new SCRUBBER_VERSION, because stored text is scrubbed again only when the version
 * changes: the test of scrubber-version.spec.ts and `npm run scrubber:eval` refuse it otherwise.
 * New corpus texts are simply added to the record.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scrubFreeText } from '../free-text-scrubber';
import { CORPUS_DIRECTORY } from './corpus';

export type OutputRecord = Record<string, string>;

const digest = (text: string): string =>
  createHash('sha256').update(text).digest('hex').slice(0, 16);

export function recordFile(version: number, directory = CORPUS_DIRECTORY): string {
  return path.join(directory, `scrubbed-v${version}.json`);
}

export function readRecord(version: number, directory = CORPUS_DIRECTORY): OutputRecord {
  const file = recordFile(version, directory);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as OutputRecord) : {};
}

export interface RecordComparison {
  /** Recorded texts whose output is not the recorded one. */
  changed: number;
  /** Texts with no recorded output yet. */
  missing: number;
  /** The record with the missing outputs added (recorded ones kept). */
  completed: OutputRecord;
}

export function compareWithRecord(
  texts: readonly string[],
  record: OutputRecord,
): RecordComparison {
  const completed: OutputRecord = { ...record };
  let changed = 0;
  let missing = 0;
  for (const text of texts) {
    const key = digest(text);
    const output = digest(scrubFreeText(text).text);
    if (!(key in record)) {
      missing++;
      completed[key] = output;
    } else if (record[key] !== output) changed++;
  }
  return { changed, missing, completed };
}

export function writeRecord(
  version: number,
  record: OutputRecord,
  directory = CORPUS_DIRECTORY,
): void {
  const sorted = Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
  fs.writeFileSync(recordFile(version, directory), `${JSON.stringify(sorted, null, 2)}\n`);
}
