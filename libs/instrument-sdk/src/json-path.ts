/**
 * Reading untrusted JSON and naming places in it. Property reads go through `Object.hasOwn`, so
 * `__proto__`, `constructor` and friends are never mistaken for real data; paths are written the
 * way problems report them (`fields[3].options`, `beneficiaries[1].needs.request`).
 */
import type { Problem } from './plugin';

/** A non-null, non-array object: the only kind of value that can hold named properties. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property only (never the prototype chain); `undefined` when absent. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const MAX_KEY_IN_PATH = 100;

/**
 * Appends a property to a path: `a.b` for ordinary keys, `a["odd key"]` otherwise, so that a key
 * holding a dot or a bracket cannot forge another path. Very long keys are cut for readability.
 */
export function pathKey(parent: string, key: string): string {
  if (SIMPLE_KEY.test(key) && key.length <= MAX_KEY_IN_PATH) {
    return parent === '' ? key : `${parent}.${key}`;
  }
  const shown = key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key;
  return `${parent}[${JSON.stringify(shown)}]`;
}

export function pathIndex(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Natural order for paths, so that `items[2]` comes before `items[10]`. */
export function comparePaths(a: string, b: string): number {
  const partsA = a.split(/(\d+)/);
  const partsB = b.split(/(\d+)/);
  const length = Math.min(partsA.length, partsB.length);
  for (let i = 0; i < length; i++) {
    const pa = partsA[i];
    const pb = partsB[i];
    if (pa === pb) continue;
    // Odd positions hold the digit runs captured by split.
    if (i % 2 === 1) {
      const byValue = Number(pa) - Number(pb);
      if (byValue !== 0) return byValue;
    }
    return pa < pb ? -1 : 1;
  }
  return partsA.length - partsB.length;
}

/** Sorts problems by path (natural order), keeping discovery order for equal paths. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((x, y) => comparePaths(x.path, y.path));
}
