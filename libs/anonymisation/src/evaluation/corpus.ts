/**
 * The labelled French corpus (libs/anonymisation/corpus): leak cases with their personal values
 * marked `{{KIND:value}}`, and ordinary sentences that hold none. `\uXXXX` in a line stands for
 * the character it names; `#` starts a comment line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REDACTION_KINDS, type RedactionKind } from '../redaction-kind';

export interface LabelledEntity {
  start: number;
  end: number;
  kind: RedactionKind;
}

export interface LeakCase {
  /** Line number in the corpus file, for reports. */
  line: number;
  text: string;
  entities: LabelledEntity[];
}

export interface OrdinarySentence {
  line: number;
  text: string;
}

export const CORPUS_DIRECTORY = path.resolve(__dirname, '../../corpus');
const MARK = /\{\{([A-Z_]+):(.*?)\}\}/g;

function unescape(line: string): string {
  return line.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

function lines(text: string): { line: number; text: string }[] {
  return text
    .split('\n')
    .map((content, index) => ({ line: index + 1, text: content.trimEnd() }))
    .filter(({ text: content }) => content.trim() !== '' && !content.startsWith('#'));
}

/** One leak case: the text without its marks, and where each marked value sits in it. */
export function parseLeakCase(source: string, line = 0): LeakCase {
  const raw = unescape(source);
  const entities: LabelledEntity[] = [];
  let text = '';
  let position = 0;
  for (const match of raw.matchAll(MARK)) {
    const kind = match[1] as RedactionKind;
    if (!REDACTION_KINDS.includes(kind))
      throw new Error(`corpus line ${line}: unknown kind ${kind}`);
    text += raw.slice(position, match.index);
    entities.push({ start: text.length, end: text.length + match[2].length, kind });
    text += match[2];
    position = match.index + match[0].length;
  }
  text += raw.slice(position);
  if (text.includes('{{') || text.includes('}}'))
    throw new Error(`corpus line ${line}: unclosed mark`);
  return { line, text, entities };
}

export function parseLeakCorpus(content: string): LeakCase[] {
  return lines(content).map(({ line, text }) => parseLeakCase(text, line));
}

export function parseOrdinaryCorpus(content: string): OrdinarySentence[] {
  return lines(content).map(({ line, text }) => ({ line, text: unescape(text) }));
}

export interface Corpus {
  leaks: LeakCase[];
  ordinary: OrdinarySentence[];
}

/** The corpus the scrubber was improved against. */
export function loadCorpus(directory = CORPUS_DIRECTORY): Corpus {
  const read = (name: string) => fs.readFileSync(path.join(directory, name), 'utf8');
  return {
    leaks: parseLeakCorpus(read('fr-leaks.txt')),
    ordinary: parseOrdinaryCorpus(read('fr-ordinary.txt')),
  };
}

/** The held-out corpus, written after the scrubber and never used to change it. */
export function loadHeldOutCorpus(directory = CORPUS_DIRECTORY): Corpus {
  const read = (name: string) => fs.readFileSync(path.join(directory, name), 'utf8');
  return {
    leaks: parseLeakCorpus(read('fr-leaks-holdout.txt')),
    ordinary: parseOrdinaryCorpus(read('fr-ordinary-holdout.txt')),
  };
}
