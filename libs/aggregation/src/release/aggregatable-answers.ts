/**
 * What a release keeps of a submission: only the values aggregates can count (choices, booleans,
 * numbers, through groups and one level of repeats, and the kind's derived measures), each of the
 * type its field declares. Never free text, dates, postcodes or identifier fields: the frozen copy
 * a release holds until the next one must carry nothing an aggregate does not need. Pure.
 */
import type { JsonObject, JsonValue } from '@observatory/instrument-sdk';
import type { AggregateField } from '../aggregate-field';

export interface AggregatableAnswers {
  answers: JsonObject;
  derived: JsonObject;
}

export function aggregatableAnswers(
  fields: readonly AggregateField[],
  answers: JsonObject,
  derived: JsonObject,
): AggregatableAnswers {
  const out: AggregatableAnswers = { answers: {}, derived: {} };
  for (const field of fields) {
    if (field.source === 'derived') {
      copyLeaf(field, derived, out.derived);
    } else if (field.repeatPath.length === 0) {
      copyLeaf(field, answers, out.answers);
    } else {
      const blocks = at(answers, field.repeatPath);
      if (!Array.isArray(blocks)) continue;
      const kept = ensureArray(out.answers, field.repeatPath, blocks.length);
      blocks.forEach((block, i) => {
        if (isObject(block)) copyLeaf(field, block, kept[i]);
      });
    }
  }
  return out;
}

/** Copies the field's value from `source` to the same path of `target` when it has the right type. */
function copyLeaf(field: AggregateField, source: JsonObject, target: JsonObject): void {
  const value = at(source, field.valuePath);
  if (!fits(field, value)) return;
  let node = target;
  for (const key of field.valuePath.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as JsonObject;
  }
  node[field.valuePath[field.valuePath.length - 1]] = value as JsonValue;
}

function fits(field: AggregateField, value: unknown): boolean {
  if (field.kind === 'numeric') return typeof value === 'number' && Number.isFinite(value);
  if (field.kind === 'multiple')
    return Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (field.type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number';
}

function ensureArray(root: JsonObject, path: string[], length: number): JsonObject[] {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as JsonObject;
  }
  const last = path[path.length - 1];
  if (!Array.isArray(node[last])) node[last] = Array.from({ length }, () => ({}));
  return node[last] as JsonObject[];
}

export function at(source: unknown, path: readonly string[]): unknown {
  let node: unknown = source;
  for (const key of path) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
