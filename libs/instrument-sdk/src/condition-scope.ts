/**
 * Which field a `visibleIf` condition names. The first segment of `field` names a sibling in the
 * same group or repeat item first, then a field of each enclosing scope up to the root; further
 * dotted segments reach into groups only (a repeat holds many items, so "the" value inside it is
 * undefined). Used by the definition check, answer validation and the renderers alike.
 */

/** The minimal shape resolution needs, so the definition checker can resolve on unchecked input. */
export interface ScopeNode<T> {
  key: string;
  type: string;
  fields?: readonly T[];
}

export type Resolution<T> =
  | {
      ok: true;
      /** The field the name designates. */
      field: T;
      /** Index, in the scopes given, of the scope holding the first segment (0 = root). */
      level: number;
      /** The fields along the dotted path, from the first segment to `field`. */
      chain: T[];
    }
  | { ok: false; reason: string };

/**
 * Resolves a condition's `field` name. `scopes` lists the sibling lists from the root (index 0)
 * to the scope of the field carrying the condition (last).
 */
export function resolveConditionField<T extends ScopeNode<T>>(
  scopes: readonly (readonly T[])[],
  name: string,
): Resolution<T> {
  const segments = name.split('.');
  if (segments.some((segment) => segment === '')) {
    return { ok: false, reason: `"${name}" is not a valid field path (empty segment)` };
  }
  const [first, ...rest] = segments;
  for (let level = scopes.length - 1; level >= 0; level--) {
    const start = scopes[level].find((candidate) => candidate.key === first);
    if (start === undefined) continue;
    const chain: T[] = [start];
    let current = start;
    for (const segment of rest) {
      if (current.type !== 'group') {
        return {
          ok: false,
          reason: `"${name}": "${current.key}" is a ${current.type}; dotted paths only reach into groups`,
        };
      }
      const next = (current.fields ?? []).find((child) => child.key === segment);
      if (next === undefined) {
        return { ok: false, reason: `"${name}": group "${current.key}" has no field "${segment}"` };
      }
      chain.push(next);
      current = next;
    }
    return { ok: true, field: current, level, chain };
  }
  return {
    ok: false,
    reason: `"${name}" names no field in this scope or any enclosing scope`,
  };
}
