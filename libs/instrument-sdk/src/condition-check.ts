/**
 * `visibleIf` conditions, checked once every field is known (a condition may name a field declared
 * after it): the shape of each condition (exactly one operator, operands of the right JSON type),
 * the field it names (reachable from its scope, not itself, not a container of it, not inside it),
 * whether the comparison can ever hold given that field's answers (type, options), and loops of
 * conditions. The JSON Schema states the shape too, for editors; this check says more precisely
 * what is wrong, so the schema's errors about conditions are not reported.
 */
import { resolveConditionField } from './condition-scope';
import type { FieldNode } from './definition-rules';
import { isRecord, own, pathIndex, pathKey } from './json-path';
import type { Problem } from './plugin';
import { describeValue, unknownPropertyMessage } from './definition-schema';
import { MAX_CONDITION_DEPTH, MAX_FIELD_DEPTH } from './definition-limits';

const LEAF_OPERATORS = ['equals', 'notEquals', 'in', 'includes', 'answered'];
const COMBINATORS = ['all', 'any', 'not'];
const MAX_CONDITIONS_PER_LIST = 100;
const MAX_VALUES_IN = 500;
const MAX_FIELD_PATH = 64 * MAX_FIELD_DEPTH;

export function checkConditions(nodes: readonly FieldNode[]): Problem[] {
  const check = new ConditionCheck();
  check.run(nodes);
  return check.problems;
}

class ConditionCheck {
  readonly problems: Problem[] = [];

  private report(path: string, code: string, message: string): void {
    this.problems.push({ path, code, message });
  }

  run(nodes: readonly FieldNode[]): void {
    const edges = new Map<FieldNode, FieldNode[]>();
    for (const node of nodes) {
      if (node.condition === undefined) continue;
      const targets: FieldNode[] = [];
      this.condition(node.condition.value, node.condition.path, node, 1, targets);
      edges.set(node, targets);
    }
    this.cycles(edges);
  }

  private condition(
    value: unknown,
    path: string,
    owner: FieldNode,
    depth: number,
    targets: FieldNode[],
  ): void {
    if (depth > MAX_CONDITION_DEPTH) {
      this.report(path, 'TOO_DEEP', `Conditions nest deeper than ${MAX_CONDITION_DEPTH} levels.`);
      return;
    }
    if (!isRecord(value)) {
      this.report(
        path,
        'INVALID_CONDITION',
        `A condition is an object such as {"field": "mode", "equals": "remote"}, got ${describeValue(value)}.`,
      );
      return;
    }
    const keys = Object.keys(value);
    const combinators = keys.filter((key) => COMBINATORS.includes(key));
    const operators = keys.filter((key) => LEAF_OPERATORS.includes(key));
    const hasField = keys.includes('field');
    const known = [...COMBINATORS, ...LEAF_OPERATORS, 'field'];
    for (const key of keys) {
      if (!known.includes(key)) {
        this.report(
          pathKey(path, key),
          'UNKNOWN_PROPERTY',
          unknownPropertyMessage('a condition', key, known),
        );
      }
    }
    if (combinators.length + operators.length !== 1 || (combinators.length === 1 && hasField)) {
      this.report(
        path,
        'INVALID_CONDITION',
        `A condition has exactly one of ${[...LEAF_OPERATORS, ...COMBINATORS].join(', ')}` +
          ` (with "field" for the first five).`,
      );
      return;
    }
    if (combinators.length === 1) {
      const combinator = combinators[0];
      const inner = own(value, combinator);
      const innerPath = pathKey(path, combinator);
      if (combinator === 'not') {
        this.condition(inner, innerPath, owner, depth + 1, targets);
        return;
      }
      if (!Array.isArray(inner) || inner.length === 0) {
        this.report(
          innerPath,
          'INVALID_CONDITION',
          `"${combinator}" needs a non-empty list of conditions.`,
        );
        return;
      }
      if (inner.length > MAX_CONDITIONS_PER_LIST) {
        this.report(
          innerPath,
          'TOO_MANY',
          `At most ${MAX_CONDITIONS_PER_LIST} conditions per list.`,
        );
        return;
      }
      inner.forEach((part, index) =>
        this.condition(part, pathIndex(innerPath, index), owner, depth + 1, targets),
      );
      return;
    }
    this.leaf(value, operators[0], path, owner, targets);
  }

  private leaf(
    value: Record<string, unknown>,
    operator: string,
    path: string,
    owner: FieldNode,
    targets: FieldNode[],
  ): void {
    const operand = own(value, operator);
    const operandPath = pathKey(path, operator);
    const primitive = (item: unknown): boolean =>
      item === null ||
      typeof item === 'string' ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item));
    let shapeOk = true;
    if (operator === 'equals' || operator === 'notEquals') {
      if (!primitive(operand)) {
        this.report(
          operandPath,
          'INVALID_CONDITION',
          `"${operator}" takes a string, number, boolean or null.`,
        );
        shapeOk = false;
      }
    } else if (operator === 'in') {
      if (!Array.isArray(operand) || operand.length === 0 || !operand.every(primitive)) {
        this.report(
          operandPath,
          'INVALID_CONDITION',
          '"in" takes a non-empty list of strings, numbers, booleans or null.',
        );
        shapeOk = false;
      } else if (operand.length > MAX_VALUES_IN) {
        this.report(operandPath, 'TOO_MANY', `At most ${MAX_VALUES_IN} values in "in".`);
        shapeOk = false;
      }
    } else if (operator === 'includes') {
      if (typeof operand !== 'string') {
        this.report(
          operandPath,
          'INVALID_CONDITION',
          '"includes" takes an option value (a string).',
        );
        shapeOk = false;
      }
    } else if (typeof operand !== 'boolean') {
      this.report(operandPath, 'INVALID_CONDITION', '"answered" takes true or false.');
      shapeOk = false;
    }

    const name = own(value, 'field');
    const fieldPath = pathKey(path, 'field');
    if (typeof name !== 'string' || name === '') {
      this.report(
        fieldPath,
        'INVALID_CONDITION',
        'A condition needs "field": the key of the field it tests.',
      );
      return;
    }
    if (name.length > MAX_FIELD_PATH) {
      this.report(fieldPath, 'TOO_LONG', 'This field path is too long.');
      return;
    }
    const resolution = resolveConditionField(owner.scopes, name);
    if (!resolution.ok) {
      this.report(
        fieldPath,
        'UNKNOWN_CONDITION_FIELD',
        `${resolution.reason}; check the key and the scope.`,
      );
      return;
    }
    const target = resolution.field;
    if (target === owner) {
      this.report(
        fieldPath,
        'SELF_CONDITION',
        `The visibility of "${owner.key}" cannot depend on itself.`,
      );
      return;
    }
    if (owner.ancestors.includes(target) || resolution.chain.includes(owner)) {
      this.report(
        fieldPath,
        'SELF_CONDITION',
        `The visibility of "${owner.key}" cannot depend on a group or repeat containing it, or on a field inside it.`,
      );
      return;
    }
    targets.push(target);
    if (shapeOk) this.leafType(operator, operand, target, operandPath);
  }

  /** Flags comparisons that can never hold given what the referenced field's answers look like. */
  private leafType(operator: string, operand: unknown, target: FieldNode, path: string): void {
    if (operator === 'answered') return;
    if (operator === 'includes') {
      if (target.type !== 'multiple-choice') {
        this.report(
          path,
          'CONDITION_TYPE_MISMATCH',
          `"includes" tests a multiple-choice selection, but "${target.key}" is a ${target.type} field; use "equals" or "in".`,
        );
      } else if (target.options !== undefined && !target.options.includes(operand as string)) {
        this.unknownConditionOption(path, operand, target);
      }
      return;
    }
    const values = operator === 'in' ? (operand as unknown[]) : [operand];
    const expected = expectedPrimitive(target.type);
    if (expected === undefined) {
      this.report(
        path,
        'CONDITION_TYPE_MISMATCH',
        target.type === 'multiple-choice'
          ? `"${target.key}" is multiple-choice; test it with "includes".`
          : `"${target.key}" is a ${target.type}; only "answered" can test it.`,
      );
      return;
    }
    for (const item of values) {
      if (item === null) continue;
      if (typeof item !== expected) {
        this.report(
          path,
          'CONDITION_TYPE_MISMATCH',
          `"${target.key}" holds ${expected}s, so it never equals ${JSON.stringify(item)}.`,
        );
        return;
      }
      if (target.options !== undefined && !target.options.includes(item as string)) {
        this.unknownConditionOption(path, item, target);
        return;
      }
    }
  }

  private unknownConditionOption(path: string, value: unknown, target: FieldNode): void {
    this.report(
      path,
      'UNKNOWN_CONDITION_OPTION',
      `${JSON.stringify(value)} is not an option of "${target.key}" (options: ${(target.options ?? []).join(', ')}).`,
    );
  }

  /** Reports each loop of visibility dependencies once, on the visibleIf of its members. */
  private cycles(edges: Map<FieldNode, FieldNode[]>): void {
    const state = new Map<FieldNode, 'active' | 'done'>();
    const reported = new Set<FieldNode>();
    // Iterative DFS: a long chain of conditions must not overflow the stack.
    for (const start of edges.keys()) {
      if (state.has(start)) continue;
      const stack: { node: FieldNode; next: number }[] = [{ node: start, next: 0 }];
      state.set(start, 'active');
      while (stack.length > 0) {
        const frame = stack[stack.length - 1];
        const targets = edges.get(frame.node) ?? [];
        if (frame.next >= targets.length) {
          state.set(frame.node, 'done');
          stack.pop();
          continue;
        }
        const target = targets[frame.next++];
        const targetState = state.get(target);
        if (targetState === 'active') {
          const loop = stack.slice(stack.findIndex((f) => f.node === target)).map((f) => f.node);
          for (const member of loop) {
            if (reported.has(member) || member.condition === undefined) continue;
            reported.add(member);
            this.report(
              member.condition.path,
              'CONDITION_CYCLE',
              `Visibility conditions loop: ${[...loop, target].map((n) => n.key).join(' → ')}; break the loop.`,
            );
          }
        } else if (targetState === undefined) {
          state.set(target, 'active');
          stack.push({ node: target, next: 0 });
        }
      }
    }
  }
}

/** The JSON type a field's answer has when a condition compares it with a primitive. */
function expectedPrimitive(type: string): 'string' | 'number' | 'boolean' | undefined {
  switch (type) {
    case 'short-text':
    case 'long-text':
    case 'single-choice':
    case 'date':
      return 'string';
    case 'integer':
    case 'number':
    case 'duration':
    case 'scale':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}
