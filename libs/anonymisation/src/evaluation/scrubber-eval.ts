/**
 * `npm run scrubber:eval`: recall and precision of the scrubber on the French corpus, per kind.
 * Prints the table and what was missed or changed (by corpus line, with the scrubbed text), and
 * writes the table into docs/anonymisation.md. `--check` writes nothing and fails when the
 * document is out of date. Exits with 1 when a target is not met.
 */
import * as fs from 'node:fs';
import { scrubFreeText } from '../free-text-scrubber';
import { loadCorpus } from './corpus';
import { ANONYMISATION_DOC, documentedTable, readDocument, withTable } from './docs-table';
import { evaluate, evaluationTable } from './evaluate';
import { compareWithRecord, readRecord, recordFile, writeRecord } from './output-record';
import { SCRUBBER_VERSION } from '../scrubber-version';

function main(check: boolean): number {
  const { leaks, ordinary } = loadCorpus();
  const evaluation = evaluate(leaks, ordinary);
  const table = evaluationTable(evaluation);
  process.stdout.write(`${table}\n\n`);
  const byLine = new Map(leaks.map((leak) => [leak.line, leak.text]));
  for (const miss of evaluation.missed) {
    process.stdout.write(
      `missed ${miss.kind} (fr-leaks.txt:${miss.line}): ${scrubFreeText(byLine.get(miss.line)!).text}\n`,
    );
  }
  const sentences = new Map(ordinary.map((sentence) => [sentence.line, sentence.text]));
  for (const line of evaluation.changed) {
    process.stdout.write(
      `changed (fr-ordinary.txt:${line}): ${scrubFreeText(sentences.get(line)!).text}\n`,
    );
  }
  const document = readDocument();
  if (check) {
    if (documentedTable(document) !== table) {
      process.stderr.write(`${ANONYMISATION_DOC} is out of date: run npm run scrubber:eval\n`);
      return 1;
    }
  } else if (documentedTable(document) !== table) {
    fs.writeFileSync(ANONYMISATION_DOC, withTable(document, table));
    process.stdout.write(`\nwrote the table into ${ANONYMISATION_DOC}\n`);
  }
  // The outputs this version makes of the corpus: recorded once, never changed under a version.
  const texts = [...leaks.map((leak) => leak.text), ...ordinary.map((sentence) => sentence.text)];
  const record = compareWithRecord(texts, readRecord(SCRUBBER_VERSION));
  if (record.changed > 0) {
    process.stderr.write(
      `\nthe scrubber makes something else of ${record.changed} text(s) recorded for version ${SCRUBBER_VERSION}: bump SCRUBBER_VERSION (libs/anonymisation/src/scrubber-version.ts) so that stored text is scrubbed again\n`,
    );
    return 1;
  }
  if (record.missing > 0) {
    if (check) {
      process.stderr.write(
        `${recordFile(SCRUBBER_VERSION)} lacks ${record.missing} output(s): run npm run scrubber:eval\n`,
      );
      return 1;
    }
    writeRecord(SCRUBBER_VERSION, record.completed);
    process.stdout.write(
      `recorded ${record.missing} output(s) in ${recordFile(SCRUBBER_VERSION)}\n`,
    );
  }
  if (!evaluation.met) process.stderr.write('\nsome targets are not met\n');
  return evaluation.met ? 0 : 1;
}

process.exitCode = main(process.argv.includes('--check'));
