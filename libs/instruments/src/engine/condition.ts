/**
 * `visibleIf` conditions: name resolution and evaluation.
 *
 * Scoping rule (see `Condition` in the SDK): the first segment of `field` names a sibling in the
 * same group or repeat item first, then a field of each enclosing scope up to the root; further
 * dotted segments reach into groups only (a repeat holds many items, so "the" value inside it is
 * undefined).
 *
 * Values are read raw: a hidden field's answer is not blanked before evaluation, because hidden
 * fields must be absent anyway (answer validation reports `NOT_VISIBLE` otherwise) and blanking
 * would make visibility depend on evaluation order.
 */
import {
  resolveConditionField,
  type Condition,
  type Field,
  type JsonPrimitive,
} from '@observatory/instrument-sdk';
import { isAnswered, isRecord, own } from './shared';

// Name resolution belongs to the definition language (the SDK's definition check uses it too).
export {
  resolveConditionField,
  type Resolution,
  type ScopeNode,
} from '@observatory/instrument-sdk';

/** One level of answers: the definition's sibling fields and the answer object that holds them. */
export interface AnswerScope {
  fields: readonly Field[];
  /** The answer object for this scope (the root answers, a group's object, a repeat item). */
  values: unknown;
}

/** The answer a condition's `field` designates, `undefined` when absent or unresolvable. */
export function conditionValue(name: string, scopes: readonly AnswerScope[]): unknown {
  const resolution = resolveConditionField(
    scopes.map((scope) => scope.fields),
    name,
  );
  if (!resolution.ok) return undefined;
  let value: unknown = scopes[resolution.level].values;
  for (const field of resolution.chain) {
    if (!isRecord(value)) return undefined;
    value = own(value, field.key);
  }
  return value;
}

/**
 * Tests one leaf against a value, absent meaning `null`. Exported so that the JSON Schema
 * compiler and the tests can state the exact same semantics.
 */
export function testLeaf(condition: Condition, raw: unknown): boolean {
  const value = raw === undefined ? null : raw;
  if ('equals' in condition) return value === condition.equals;
  if ('notEquals' in condition) return value !== condition.notEquals;
  if ('in' in condition) return condition.in.some((candidate) => candidate === value);
  if ('includes' in condition) return Array.isArray(value) && value.includes(condition.includes);
  if ('answered' in condition) return isAnswered(value) === condition.answered;
  return false;
}

/** Evaluates a condition for a field whose own scope is the last of `scopes`. */
export function evaluateCondition(condition: Condition, scopes: readonly AnswerScope[]): boolean {
  if ('all' in condition) return condition.all.every((part) => evaluateCondition(part, scopes));
  if ('any' in condition) return condition.any.some((part) => evaluateCondition(part, scopes));
  if ('not' in condition) return !evaluateCondition(condition.not, scopes);
  return testLeaf(condition, conditionValue(condition.field, scopes));
}

/** A field is visible when it has no condition or its condition holds. */
export function isFieldVisible(field: Field, scopes: readonly AnswerScope[]): boolean {
  return field.visibleIf === undefined || evaluateCondition(field.visibleIf, scopes);
}

export type LeafCondition = Extract<Condition, { field: string }>;

/** The leaves of a condition, in order. */
export function conditionLeaves(condition: Condition): LeafCondition[] {
  if ('all' in condition) return condition.all.flatMap(conditionLeaves);
  if ('any' in condition) return condition.any.flatMap(conditionLeaves);
  if ('not' in condition) return conditionLeaves(condition.not);
  return [condition];
}

/** The primitive values a leaf compares with (for option checks and renderers). */
export function leafValues(leaf: LeafCondition): JsonPrimitive[] {
  if ('equals' in leaf) return [leaf.equals];
  if ('notEquals' in leaf) return [leaf.notEquals];
  if ('in' in leaf) return leaf.in;
  if ('includes' in leaf) return [leaf.includes];
  return [];
}
