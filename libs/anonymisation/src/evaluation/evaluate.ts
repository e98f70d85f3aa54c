/**
 * Recall and precision of the scrubber on the labelled corpus, per kind, the way Microsoft
 * Presidio's evaluator reports per entity:
 * - an entity is caught when every letter and digit of it is redacted (by any kind: what matters
 *   is that it does not reach the stored text); recall = caught / entities;
 * - a detection is correct when it overlaps a labelled entity; precision = correct / detections,
 *   over the leak cases and the ordinary sentences together;
 * - an ordinary sentence passes when the scrubber leaves it unchanged.
 */
import { createSpanDetector, type SpanDetector } from '../detection';
import { REDACTION_KINDS, type RedactionKind, type TextSpan } from '../redaction-kind';
import type { LeakCase, OrdinarySentence } from './corpus';

/** Recall targets: 100 % for checksum-validated identifiers, emails and phones; 95 % otherwise. */
export const RECALL_TARGETS: Readonly<Record<RedactionKind, number>> = {
  IBAN: 1,
  CARD: 1,
  NIR: 1,
  EMAIL: 1,
  PHONE: 1,
  TAX_ID: 0.95,
  URL: 0.95,
  PASSPORT: 0.95,
  ID_CARD: 0.95,
  CAF: 0.95,
  PLATE: 0.95,
  BIRTHDATE: 0.95,
  HANDLE: 0.95,
  SECRET: 0.95,
  ADDRESS: 0.95,
  NAME: 0.95,
};
/** Share of ordinary sentences the scrubber must leave unchanged. */
export const ORDINARY_TARGET = 0.98;

export interface KindResult {
  kind: RedactionKind;
  entities: number;
  caught: number;
  recall: number;
  target: number;
  detections: number;
  correct: number;
  precision: number;
  met: boolean;
}

export interface Miss {
  kind: RedactionKind;
  line: number;
}

export interface Evaluation {
  kinds: KindResult[];
  ordinary: { sentences: number; unchanged: number; share: number; target: number; met: boolean };
  /** Entities missed and ordinary sentences changed, by corpus line (never printed with values). */
  missed: Miss[];
  changed: number[];
  met: boolean;
}

function covers(spans: readonly TextSpan[], offset: number): boolean {
  return spans.some((span) => span.start <= offset && offset < span.end);
}

function isCaught(text: string, spans: readonly TextSpan[], start: number, end: number): boolean {
  for (let offset = start; offset < end; offset++) {
    if (/[\p{L}\p{N}]/u.test(text[offset]) && !covers(spans, offset)) return false;
  }
  return true;
}

export function evaluate(
  leaks: readonly LeakCase[],
  ordinary: readonly OrdinarySentence[],
  detect: SpanDetector = createSpanDetector(),
): Evaluation {
  const tally = new Map(
    REDACTION_KINDS.map((kind) => [kind, { entities: 0, caught: 0, detections: 0, correct: 0 }]),
  );
  const missed: Miss[] = [];
  for (const leak of leaks) {
    const spans = detect(leak.text);
    for (const entity of leak.entities) {
      const count = tally.get(entity.kind)!;
      count.entities++;
      if (isCaught(leak.text, spans, entity.start, entity.end)) count.caught++;
      else missed.push({ kind: entity.kind, line: leak.line });
    }
    for (const span of spans) {
      const count = tally.get(span.kind)!;
      count.detections++;
      if (leak.entities.some((entity) => entity.start < span.end && span.start < entity.end)) {
        count.correct++;
      }
    }
  }
  const changed: number[] = [];
  for (const sentence of ordinary) {
    const spans = detect(sentence.text);
    for (const span of spans) tally.get(span.kind)!.detections++;
    if (spans.length > 0) changed.push(sentence.line);
  }
  const kinds = REDACTION_KINDS.map((kind): KindResult => {
    const { entities, caught, detections, correct } = tally.get(kind)!;
    const recall = entities === 0 ? 1 : caught / entities;
    const target = RECALL_TARGETS[kind];
    return {
      kind,
      entities,
      caught,
      recall,
      target,
      detections,
      correct,
      precision: detections === 0 ? 1 : correct / detections,
      met: entities > 0 && recall >= target,
    };
  });
  const unchanged = ordinary.length - changed.length;
  const share = ordinary.length === 0 ? 0 : unchanged / ordinary.length;
  const ordinaryResult = {
    sentences: ordinary.length,
    unchanged,
    share,
    target: ORDINARY_TARGET,
    met: share >= ORDINARY_TARGET,
  };
  return {
    kinds,
    ordinary: ordinaryResult,
    missed,
    changed,
    met: ordinaryResult.met && kinds.every((result) => result.met),
  };
}

const percent = (value: number): string => `${(value * 100).toFixed(1).replace(/\.0$/, '')} %`;

/** The Markdown table of docs/anonymisation.md. */
export function evaluationTable(evaluation: Evaluation): string {
  const rows = evaluation.kinds.map(
    (result) =>
      `| ${result.kind} | ${result.entities} | ${result.caught} | ${percent(result.recall)} | ${percent(result.target)} | ${result.detections} | ${percent(result.precision)} | ${result.met ? 'yes' : '**no**'} |`,
  );
  const { ordinary } = evaluation;
  return [
    '| kind | labelled | caught | recall | target | detections | precision | met |',
    '| ---- | -------: | -----: | -----: | -----: | ---------: | --------: | --- |',
    ...rows,
    '',
    `Ordinary sentences left unchanged: ${ordinary.unchanged} of ${ordinary.sentences} (${percent(ordinary.share)}; target ${percent(ordinary.target)}: ${ordinary.met ? 'met' : '**not met**'}).`,
  ].join('\n');
}
