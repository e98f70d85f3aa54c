import {
  DEFAULT_MAX_TEXT_LENGTH,
  type Field,
  type InstrumentDefinition,
  type JsonObject,
  type JsonValue,
} from '@observatory/instrument-sdk';
import { createSpanDetector, type DetectionOptions, type SpanDetector } from './detection';
import { scrubFreeText } from './free-text-scrubber';
import { generalise, type GeneralisationFailure } from './generalisation';
import { REDACTION_KINDS, type RedactionKind } from './redaction-kind';

export type AnswerRedactionKind = RedactionKind | 'IDENTIFIER' | 'GENERALISED';

/** What was removed or coarsened, where, and how many times; never the value. */
export interface Redaction {
  /** `beneficiaries[1].needs.request`, `debrief.learned.mediator`. */
  path: string;
  kind: AnswerRedactionKind;
  count: number;
}

/** A quasi-identifier that could not be generalised: dropped from the answers, never kept raw. */
export interface RejectedValue {
  path: string;
  reason: GeneralisationFailure | 'MISSING_GENERALISATION';
}

export interface AnonymisedAnswers {
  answers: JsonObject;
  redactions: Redaction[];
  /** Empty for answers that passed validation; otherwise the caller should reject the submission. */
  rejected: RejectedValue[];
}

/**
 * Applies each field's privacy class before answers are stored:
 * - `identifier`: dropped (for a group or repeat, with everything inside it);
 * - `quasi`: generalised (matrix cells one by one); reported only when the value changed;
 * - `free-text`: every string inside is scrubbed (matrix text cells included);
 * - `none`: kept as is.
 *
 * Group and repeat fields carry no data of their own: their children's privacy classes apply.
 * Answers were validated upstream, but this never throws on unexpected shapes: what it cannot
 * interpret is copied unchanged, except `__proto__` keys, which are never copied. The input is
 * never mutated.
 */
export function anonymiseAnswers(
  definition: InstrumentDefinition,
  answers: JsonObject,
  options: DetectionOptions = {},
): AnonymisedAnswers {
  const context: Context = {
    detect: detectorFor(options),
    redactions: [],
    rejected: [],
    rescrub: false,
  };
  const result = isObject(answers) ? anonymiseScope(definition.fields, answers, '', context) : {};
  return { answers: result, redactions: context.redactions, rejected: context.rejected };
}

/**
 * Scrubs the free text of answers stored earlier, with the current scrubber: placeholders already
 * there stay, what an older scrubber missed is replaced. Nothing else changes: quasi-identifiers
 * stay as generalised, other fields as stored. Returns the new answers and what was redacted now
 * (to add to the stored redaction report, see `mergeRedactions`).
 */
export function rescrubAnswers(
  definition: InstrumentDefinition,
  answers: JsonObject,
): { answers: JsonObject; redactions: Redaction[] } {
  const context: Context = {
    detect: DEFAULT_DETECTOR,
    redactions: [],
    rejected: [],
    rescrub: true,
  };
  const result = isObject(answers) ? anonymiseScope(definition.fields, answers, '', context) : {};
  return { answers: result, redactions: context.redactions };
}

/** A redaction report with `added` counted in (same path and kind: counts add up). */
export function mergeRedactions(
  stored: readonly Redaction[],
  added: readonly Redaction[],
): Redaction[] {
  const merged = stored.map((redaction) => ({ ...redaction }));
  for (const redaction of added) {
    const same = merged.find((r) => r.path === redaction.path && r.kind === redaction.kind);
    if (same) same.count += redaction.count;
    else merged.push({ ...redaction });
  }
  return merged;
}

const DEFAULT_DETECTOR = createSpanDetector();

function detectorFor(options: DetectionOptions): SpanDetector {
  return options.knownNames?.length ? createSpanDetector(options) : DEFAULT_DETECTOR;
}

interface Context {
  detect: SpanDetector;
  redactions: Redaction[];
  rejected: RejectedValue[];
  /** Re-scrubbing stored answers: only free text changes. */
  rescrub: boolean;
}

// Returned by `anonymiseField` when the key must not appear in the output at all.
const DROPPED = Symbol('dropped');

/** A scope's fields by key, kept per fields array (definitions are immutable, held in memory). */
const FIELDS_BY_KEY = new WeakMap<readonly Field[], Map<string, Field>>();

function fieldsByKeyOf(fields: readonly Field[]): Map<string, Field> {
  let byKey = FIELDS_BY_KEY.get(fields);
  if (!byKey) {
    byKey = new Map(fields.map((field) => [field.key, field]));
    FIELDS_BY_KEY.set(fields, byKey);
  }
  return byKey;
}

function anonymiseScope(
  fields: readonly Field[],
  answers: JsonObject,
  basePath: string,
  context: Context,
): JsonObject {
  const fieldsByKey = fieldsByKeyOf(fields);
  const result: JsonObject = {};
  for (const key of Object.keys(answers)) {
    if (key === '__proto__') continue;
    const field = fieldsByKey.get(key);
    const value = answers[key];
    if (field === undefined) {
      result[key] = copyJson(value);
      continue;
    }
    const anonymised = anonymiseField(field, value, joinPath(basePath, key), context);
    if (anonymised !== DROPPED) result[key] = anonymised;
  }
  return result;
}

function anonymiseField(
  field: Field,
  value: JsonValue,
  path: string,
  context: Context,
): JsonValue | typeof DROPPED {
  if (field.privacy === 'identifier') {
    // Dropped at submission: a stored answer has none (and keeps none).
    if (value !== null && value !== undefined && !context.rescrub) {
      context.redactions.push({ path, kind: 'IDENTIFIER', count: 1 });
    }
    return DROPPED;
  }
  if (field.type === 'group') {
    return isObject(value) ? anonymiseScope(field.fields, value, path, context) : copyJson(value);
  }
  if (field.type === 'repeat') {
    if (!Array.isArray(value)) return copyJson(value);
    return value.map((item, index) =>
      isObject(item)
        ? anonymiseScope(field.fields, item, `${path}[${index}]`, context)
        : copyJson(item),
    );
  }
  switch (field.privacy) {
    case 'free-text':
      return scrubDeep(value, path, context, textLimit(field));
    case 'quasi':
      // Generalised at submission: a band or a month cannot be generalised again.
      if (context.rescrub) return copyJson(value);
      return field.type === 'matrix' && isObject(value)
        ? generaliseCells(field, value, path, context)
        : generaliseValue(field, value, path, context);
    default:
      return copyJson(value);
  }
}

/**
 * Every string anywhere inside the value is scrubbed, whatever the field's declared type, and kept
 * within the field's length limit.
 */
function scrubDeep(value: JsonValue, path: string, context: Context, limit: number): JsonValue {
  if (typeof value === 'string') {
    const { text, counts } = scrubFreeText(value, context.detect);
    for (const kind of REDACTION_KINDS) {
      const count = counts[kind];
      if (count) context.redactions.push({ path, kind, count });
    }
    return withinLimit(text, limit);
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => scrubDeep(item, `${path}[${index}]`, context, limit));
  }
  if (isObject(value)) {
    const result: JsonObject = {};
    for (const key of Object.keys(value)) {
      if (key !== '__proto__') {
        result[key] = scrubDeep(value[key], joinPath(path, key), context, limit);
      }
    }
    return result;
  }
  return value;
}

/** A quasi matrix: `{ row: { column: cell } }`, each cell generalised on its own. */
function generaliseCells(
  field: Field,
  matrix: JsonObject,
  path: string,
  context: Context,
): JsonObject {
  const result: JsonObject = {};
  for (const row of Object.keys(matrix)) {
    if (row === '__proto__') continue;
    const cells = matrix[row];
    const rowPath = joinPath(path, row);
    if (!isObject(cells)) {
      const generalised = generaliseValue(field, cells, rowPath, context);
      if (generalised !== DROPPED) result[row] = generalised;
      continue;
    }
    const rowResult: JsonObject = {};
    for (const column of Object.keys(cells)) {
      if (column === '__proto__') continue;
      const generalised = generaliseValue(field, cells[column], joinPath(rowPath, column), context);
      if (generalised !== DROPPED) rowResult[column] = generalised;
    }
    result[row] = rowResult;
  }
  return result;
}

function generaliseValue(
  field: Field,
  value: JsonValue,
  path: string,
  context: Context,
): JsonValue | typeof DROPPED {
  if (field.generalisation === undefined) {
    context.rejected.push({ path, reason: 'MISSING_GENERALISATION' });
    return DROPPED;
  }
  const result = generalise(value, field.generalisation);
  if (!result.ok) {
    context.rejected.push({ path, reason: result.reason });
    return DROPPED;
  }
  if (!isSameJson(result.value, value)) {
    context.redactions.push({ path, kind: 'GENERALISED', count: 1 });
  }
  return copyJson(result.value);
}

function joinPath(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy that cannot alias the input and never carries a `__proto__` key. */
function copyJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(copyJson);
  if (isObject(value)) {
    const result: JsonObject = {};
    for (const key of Object.keys(value)) {
      if (key !== '__proto__') result[key] = copyJson(value[key]);
    }
    return result;
  }
  return value;
}

function isSameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => isSameJson(item, b[index]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && isSameJson(a[key], b[key]))
    );
  }
  return false;
}

/**
 * A placeholder can be longer than what it replaces (`[PHONE]` for a short number), so a text at
 * its length limit can outgrow it once scrubbed: the end is cut (in code points, as the limit
 * counts), never inside a placeholder, so that what is stored stays valid for its definition.
 */
export function withinLimit(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const points = Array.from(text);
  if (points.length <= limit) return text;
  let cut = points.slice(0, limit).join('');
  const open = cut.lastIndexOf('[');
  if (open > cut.lastIndexOf(']') && /^\[[A-Z_]*$/.test(cut.slice(open))) cut = cut.slice(0, open);
  return cut;
}

/** The length limit of a field's texts, as validation applies it. */
function textLimit(field: Field): number {
  return ('maxLength' in field ? field.maxLength : undefined) ?? DEFAULT_MAX_TEXT_LENGTH;
}
