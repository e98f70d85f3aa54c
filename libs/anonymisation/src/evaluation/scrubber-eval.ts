/**
 * `npm run scrubber:eval`: recall and precision of the scrubber per kind, on the French corpus and
 * on the held-out corpus. Prints the tables and what was missed or changed (by corpus line, with
 * the scrubbed text), writes the tables into docs/anonymisation.md, and records what the current
 * scrubber version makes of every corpus text (see output-record.ts). `--check` writes nothing
 * and fails when the document or the record is out of date. Exits with 1 when a target of the
 * corpus is not met (the held-out corpus is reported, not gated: it is too small for targets).
 */
import * as fs from 'node:fs';
import { scrubFreeText } from '../free-text-scrubber';
import { SCRUBBER_VERSION } from '../scrubber-version';
import { loadCorpus, loadHeldOutCorpus, type Corpus } from './corpus';
import {
  ANONYMISATION_DOC,
  documentedTable,
  readDocument,
  withTable,
  type TableName,
} from './docs-table';
import { evaluate, evaluationTable, type Evaluation } from './evaluate';
import { compareWithRecord, readRecord, recordFile, writeRecord } from './output-record';

const write = (text: string): boolean => process.stdout.write(text);

function report(name: string, corpus: Corpus, evaluation: Evaluation): void {
  write(`${name}\n\n${evaluationTable(evaluation)}\n\n`);
  const leaks = new Map(corpus.leaks.map((leak) => [leak.line, leak.text]));
  for (const miss of evaluation.missed) {
    write(
      `missed ${miss.kind} (line ${miss.line}): ${scrubFreeText(leaks.get(miss.line)!).text}\n`,
    );
  }
  const sentences = new Map(corpus.ordinary.map((sentence) => [sentence.line, sentence.text]));
  for (const line of evaluation.changed) {
    write(`changed (line ${line}): ${scrubFreeText(sentences.get(line)!).text}\n`);
  }
  write('\n');
}

function main(check: boolean): number {
  const corpus = loadCorpus();
  const heldOut = loadHeldOutCorpus();
  const evaluation = evaluate(corpus.leaks, corpus.ordinary);
  const heldOutEvaluation = evaluate(heldOut.leaks, heldOut.ordinary);
  report('Corpus (fr-leaks.txt, fr-ordinary.txt)', corpus, evaluation);
  report(
    'Held-out corpus (fr-leaks-holdout.txt, fr-ordinary-holdout.txt)',
    heldOut,
    heldOutEvaluation,
  );

  let status = 0;
  let document = readDocument();
  const tables: [TableName, string][] = [
    ['evaluation', evaluationTable(evaluation)],
    ['held-out', evaluationTable(heldOutEvaluation)],
  ];
  for (const [name, table] of tables) {
    if (documentedTable(document, name) === table) continue;
    if (check) {
      process.stderr.write(`${ANONYMISATION_DOC} is out of date: run npm run scrubber:eval\n`);
      status = 1;
    } else document = withTable(document, table, name);
  }
  if (!check && document !== readDocument()) {
    fs.writeFileSync(ANONYMISATION_DOC, document);
    write(`wrote the tables into ${ANONYMISATION_DOC}\n`);
  }

  // The outputs this version makes of the corpora: recorded once, never changed under a version.
  const texts = [corpus, heldOut].flatMap(({ leaks, ordinary }) => [
    ...leaks.map((leak) => leak.text),
    ...ordinary.map((sentence) => sentence.text),
  ]);
  const record = compareWithRecord(texts, readRecord(SCRUBBER_VERSION));
  if (record.changed > 0) {
    process.stderr.write(
      `the scrubber makes something else of ${record.changed} text(s) recorded for version ${SCRUBBER_VERSION}: bump SCRUBBER_VERSION (libs/anonymisation/src/scrubber-version.ts) so that stored text is scrubbed again\n`,
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
    write(`recorded ${record.missing} output(s) in ${recordFile(SCRUBBER_VERSION)}\n`);
  }
  if (!evaluation.met) {
    process.stderr.write('some targets are not met\n');
    return 1;
  }
  return status;
}

process.exitCode = main(process.argv.includes('--check'));
