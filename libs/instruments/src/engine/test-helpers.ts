/**
 * Helpers for the engine specs: editing deep clones of fixtures at a path, without `any`.
 */
import type { InstrumentDefinition } from '@observatory/instrument-sdk';

export type Segment = string | number;

/**
 * A JSON deep copy. Not `structuredClone`: under Jest it builds arrays of another realm, which
 * ajv's deep equality (used by `const`/`enum`) does not consider equal to local arrays.
 */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function container(root: unknown, path: readonly Segment[]): Record<string, unknown> {
  let current: unknown = root;
  for (const segment of path) {
    current = (current as Record<string, unknown>)[segment];
  }
  return current as Record<string, unknown>;
}

/** A copy of `definition` with `value` set at `path` (`undefined` deletes the property). */
export function withValue(
  definition: InstrumentDefinition,
  path: readonly Segment[],
  value: unknown,
): unknown {
  const copy: unknown = clone(definition);
  const parent = container(copy, path.slice(0, -1));
  const last = path[path.length - 1];
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** A copy of `definition` edited by `edit`, which receives the copy as loose JSON. */
export function edited(
  definition: InstrumentDefinition,
  edit: (copy: Record<string, unknown>) => void,
): unknown {
  const copy = clone(definition) as unknown as Record<string, unknown>;
  edit(copy);
  return copy;
}

/** Loose access to a nested object of a loose copy. */
export function at(root: unknown, ...path: Segment[]): Record<string, unknown> {
  return container(root, path);
}
