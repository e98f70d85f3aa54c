/**
 * The rules of the definition language that a JSON Schema cannot state: keys and option values
 * unique among siblings, bounds in order (min ≤ max, bands without overlap, a scale of at most 100
 * steps), selections that the options can satisfy, answer keys that are options, and no identifier
 * field in an anonymous instrument. The input may be structurally wrong (the schema reports that):
 * each rule reads only values of the right JSON type and skips the rest.
 *
 * It also collects the fields, with their scopes, for the condition check.
 */
import { isIsoDate } from './iso-date';
import { isRecord, own, pathIndex, pathKey } from './json-path';
import type { Problem } from './plugin';
import type { ScopeNode } from './condition-scope';

const FIELD_KEY = /^[a-z][a-zA-Z0-9_]*$/;
const MAX_SCALE_SPAN = 100;

/** What the condition check needs to know of a field. */
export interface FieldNode extends ScopeNode<FieldNode> {
  key: string;
  type: string;
  fields?: FieldNode[];
  path: string;
  /** Option values, for choice fields. */
  options?: string[];
  /** Sibling lists from the root to this field's own scope. */
  scopes: FieldNode[][];
  /** Containers of this field, outermost first. */
  ancestors: FieldNode[];
  condition?: { value: unknown; path: string };
}

export function checkRules(input: Record<string, unknown>): {
  problems: Problem[];
  nodes: FieldNode[];
} {
  const rules = new Rules(own(input, 'anonymous') === true);
  rules.fieldList(own(input, 'fields'), 'fields', [], []);
  return { problems: rules.problems, nodes: rules.nodes };
}

class Rules {
  readonly problems: Problem[] = [];
  readonly nodes: FieldNode[] = [];

  constructor(private readonly anonymous: boolean) {}

  private report(path: string, code: string, message: string): void {
    this.problems.push({ path, code, message });
  }

  fieldList(
    value: unknown,
    path: string,
    outerScopes: FieldNode[][],
    ancestors: FieldNode[],
  ): FieldNode[] | undefined {
    if (!Array.isArray(value)) return undefined;
    const scope: FieldNode[] = [];
    const scopes = [...outerScopes, scope];
    const keys = this.uniqueKeys(value, path, 'Key', (key) => FIELD_KEY.test(key));
    value.forEach((raw, index) => {
      if (!isRecord(raw)) return;
      const node = this.field(raw, pathIndex(path, index), scopes, ancestors);
      if (node !== undefined && keys.get(index) !== undefined) scope.push(node);
    });
    return scope;
  }

  private field(
    raw: Record<string, unknown>,
    path: string,
    scopes: FieldNode[][],
    ancestors: FieldNode[],
  ): FieldNode | undefined {
    const key = own(raw, 'key');
    const type = own(raw, 'type');
    const node: FieldNode | undefined =
      typeof key === 'string' && FIELD_KEY.test(key) && typeof type === 'string'
        ? { key, type, path, scopes, ancestors }
        : undefined;
    if (node !== undefined) this.nodes.push(node);
    const visibleIf = own(raw, 'visibleIf');
    if (node !== undefined && visibleIf !== undefined) {
      node.condition = { value: visibleIf, path: pathKey(path, 'visibleIf') };
    }
    if (this.anonymous && own(raw, 'privacy') === 'identifier') {
      this.report(
        pathKey(path, 'privacy'),
        'IDENTIFIER_IN_ANONYMOUS',
        'An anonymous instrument cannot hold an identifier field; remove the field or make the instrument non-anonymous.',
      );
    }
    const generalisation = own(raw, 'generalisation');
    if (isRecord(generalisation) && own(generalisation, 'kind') === 'band') {
      this.bands(own(generalisation, 'bands'), pathKey(pathKey(path, 'generalisation'), 'bands'));
    }

    switch (type) {
      case 'single-choice':
      case 'multiple-choice': {
        const options = this.options(own(raw, 'options'), pathKey(path, 'options'));
        if (node !== undefined) node.options = options;
        if (type === 'multiple-choice') this.selection(raw, path, options);
        this.scoring(own(raw, 'scoring'), pathKey(path, 'scoring'), options);
        break;
      }
      case 'integer':
      case 'number':
      case 'duration':
      case 'date':
        this.ordered(raw, path, 'min', 'max');
        break;
      case 'scale':
        this.scale(raw, path);
        break;
      case 'group':
      case 'repeat': {
        if (type === 'repeat') this.ordered(raw, path, 'minItems', 'maxItems');
        const children = this.fieldList(
          own(raw, 'fields'),
          pathKey(path, 'fields'),
          scopes,
          node === undefined ? ancestors : [...ancestors, node],
        );
        if (node !== undefined && children !== undefined) node.fields = children;
        break;
      }
      case 'matrix':
        this.matrix(raw, path);
        break;
    }
    return node;
  }

  /**
   * Reports keys used twice in a list of objects (fields, rows, columns); returns the index →
   * key of the first uses. Only well-formed keys count: the schema reports the others.
   */
  private uniqueKeys(
    items: unknown[],
    path: string,
    noun: string,
    valid: (key: string) => boolean,
    property = 'key',
  ): Map<number, string> {
    const first = new Map<string, number>();
    const kept = new Map<number, string>();
    items.forEach((item, index) => {
      const key = isRecord(item) ? own(item, property) : undefined;
      if (typeof key !== 'string' || !valid(key)) return;
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, index);
        kept.set(index, key);
        return;
      }
      const itemPath = pathKey(pathIndex(path, index), property);
      if (property === 'value') {
        this.report(
          itemPath,
          'DUPLICATE_OPTION',
          `Option value ${JSON.stringify(key)} is already used by ${pathIndex(path, earlier)}; option values must be unique.`,
        );
      } else {
        this.report(
          itemPath,
          'DUPLICATE_KEY',
          `${noun} ${JSON.stringify(key)} is already used by ${pathIndex(path, earlier)}; keys must be unique among siblings.`,
        );
      }
    });
    return kept;
  }

  /** The option values, unique ones reported; undefined when there is no list. */
  private options(value: unknown, path: string): string[] | undefined {
    if (!Array.isArray(value)) return undefined;
    return [...this.uniqueKeys(value, path, 'Option', () => true, 'value').values()];
  }

  private selection(raw: Record<string, unknown>, path: string, options?: string[]): void {
    const bounds = this.ordered(raw, path, 'minSelected', 'maxSelected');
    if (options === undefined) return;
    for (const [name, bound] of Object.entries(bounds)) {
      if (bound !== undefined && bound > options.length) {
        this.report(
          pathKey(path, name),
          'SELECTION_OUT_OF_RANGE',
          `${name} is ${bound} but there are only ${options.length} options.`,
        );
      }
    }
  }

  private scoring(value: unknown, path: string, options?: string[]): void {
    if (!isRecord(value) || options === undefined) return;
    const correct = own(value, 'correct');
    if (!Array.isArray(correct)) return;
    correct.forEach((answer, index) => {
      if (typeof answer === 'string' && !options.includes(answer)) {
        this.report(
          pathIndex(pathKey(path, 'correct'), index),
          'SCORING_UNKNOWN_OPTION',
          `Correct answer ${JSON.stringify(answer)} is not one of the field's option values.`,
        );
      }
    });
  }

  /**
   * Reports `min > max` for two bounds of the same kind (numbers, or ISO dates); returns them
   * (numbers only) for further checks.
   */
  private ordered(
    raw: Record<string, unknown>,
    path: string,
    minName: string,
    maxName: string,
  ): Record<string, number | undefined> {
    const min = own(raw, minName);
    const max = own(raw, maxName);
    const numbers = typeof min === 'number' && typeof max === 'number';
    const dates =
      typeof min === 'string' && typeof max === 'string' && isIsoDate(min) && isIsoDate(max);
    if ((numbers || dates) && (min as number | string) > (max as number | string)) {
      this.report(
        pathKey(path, minName),
        'MIN_GREATER_THAN_MAX',
        dates
          ? `${minName} (${String(min)}) is after ${maxName} (${String(max)}).`
          : `${minName} (${String(min)}) is greater than ${maxName} (${String(max)}).`,
      );
    }
    return {
      [minName]: typeof min === 'number' ? min : undefined,
      [maxName]: typeof max === 'number' ? max : undefined,
    };
  }

  private scale(raw: Record<string, unknown>, path: string): void {
    const min = own(raw, 'min');
    const max = own(raw, 'max');
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) return;
    const [low, high] = [min as number, max as number];
    if (low >= high) {
      this.report(
        pathKey(path, 'min'),
        'MIN_GREATER_THAN_MAX',
        `A scale needs min < max (got ${low} and ${high}).`,
      );
    } else if (high - low > MAX_SCALE_SPAN) {
      this.report(
        pathKey(path, 'max'),
        'INVALID_BOUND',
        `A scale spans at most ${MAX_SCALE_SPAN} steps; use an integer field for wider ranges.`,
      );
    }
  }

  private bands(value: unknown, path: string): void {
    if (!Array.isArray(value)) return;
    const ranges: { low: number; high: number; index: number }[] = [];
    value.forEach((band, index) => {
      if (!isRecord(band)) return;
      const min = own(band, 'min');
      const max = own(band, 'max');
      if (
        (min !== undefined && typeof min !== 'number') ||
        (max !== undefined && typeof max !== 'number')
      ) {
        return;
      }
      const low = min ?? -Infinity;
      const high = max ?? Infinity;
      if (low > high) {
        this.report(
          pathKey(pathIndex(path, index), 'min'),
          'MIN_GREATER_THAN_MAX',
          `min (${String(min)}) is greater than max (${String(max)}).`,
        );
        return;
      }
      ranges.push({ low, high, index });
    });
    // Bounds are inclusive, so two bands overlap when one starts at or before the other's end.
    ranges.sort((a, b) => a.low - b.low);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i].low <= ranges[i - 1].high) {
        this.report(
          pathIndex(path, ranges[i].index),
          'INVALID_GENERALISATION',
          `Band ${ranges[i].index} overlaps band ${ranges[i - 1].index}; a value must fall in one band only (bounds are inclusive).`,
        );
      }
    }
  }

  private matrix(raw: Record<string, unknown>, path: string): void {
    for (const [axis, noun] of [
      ['rows', 'Row key'],
      ['columns', 'Column key'],
    ] as const) {
      const items = own(raw, axis);
      if (Array.isArray(items)) {
        this.uniqueKeys(items, pathKey(path, axis), noun, (key) => FIELD_KEY.test(key));
      }
    }
    const cell = own(raw, 'cell');
    if (!isRecord(cell)) return;
    const cellPath = pathKey(path, 'cell');
    if (own(cell, 'type') === 'single-choice')
      this.options(own(cell, 'options'), pathKey(cellPath, 'options'));
    if (own(cell, 'type') === 'scale') this.scale(cell, cellPath);
  }
}
