import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';

const ROOT = path.resolve(__dirname, '../..');

/** A built-in instrument version as shipped, e.g. ('questionnaire', 'microobs-mediators'). */
export function builtinDefinition(
  kind: string,
  key: string,
  version = '1.0.0',
): InstrumentDefinition {
  return JSON.parse(
    fs.readFileSync(
      path.join(ROOT, 'instruments', kind, 'versions', `${key}@${version}.json`),
      'utf8',
    ),
  ) as InstrumentDefinition;
}
