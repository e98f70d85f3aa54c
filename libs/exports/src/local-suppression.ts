/**
 * Disclosure control of a microdata table by local suppression: every row is released with some
 * of its key-variable cells masked (`*`), so that each released combination of key values
 * (`*` being a value like any other) is shared by at least k rows. The key variables are every
 * released column an attacker could know (docs/exports.md); the plan is made from the counts of
 * their combinations, never from the rows, then applied row by row while streaming.
 *
 * The heuristic is a top-down partitioning of the rows (as Mondrian, LeFevre, DeWitt and
 * Ramakrishnan 2006, does for ranges), adapted to categories and to suppression:
 *
 * 1. Start with one group holding every row, every column open.
 * 2. In a group, a column whose rows all share one value is released as is, at no cost.
 * 3. Splitting the group on an open column puts the rows of each value held by at least k rows
 *    in a group of their own (that column released), and the rows of the rarer values together
 *    in a rest group (that column masked). A rest group of 1..k−1 rows borrows the rows it lacks
 *    from the largest group (its rarest combinations first) when that group keeps k; otherwise
 *    it joins the smallest group, which then masks the column.
 * 4. Choose the split that keeps the column's value for the most rows; on a tie, the split into
 *    fewer groups (smaller groups lose more in later splits), then the more important column
 *    (earlier in `importance`). Recurse into each group with that column closed; a group with
 *    no useful split is released: each column its rows share is shown, any other is masked.
 *
 * Every released group has at least k rows, so every released combination does; a table of fewer
 * than k rows in all is not released at all (its rows are dropped). Compared with recoding a
 * column in every row (full-domain generalisation) or dropping the rows of small combinations,
 * a cell is masked only in the rows that need it, and no row is lost once a table has k rows.
 * Groups are made from the counted combinations, so memory and time grow with the number of
 * distinct combinations (time also with the number of key columns and the depth of the splits),
 * not with the rows.
 */

/** The mask value written in a suppressed cell. */
export const MASKED = '*' as const;

/** A value's identity for disclosure control: by type and text (the string "7" is not 7). */
export function valueKey(value: unknown): string {
  return `${typeof value}:${String(value)}`;
}

/**
 * Distinct combinations of key values, each value an integer code of its column, with their
 * row counts. Codes are stored column by column in typed arrays (the plan reads one column over
 * many combinations); a combination is found by its codes.
 */
export class KeyCombinations {
  private columns: Int32Array[];
  private rowCounts: Float64Array;
  private readonly index = new Map<string, number>();
  /** Per column, one more than the largest code seen. */
  readonly cardinalities: Int32Array;
  size = 0;

  constructor(readonly width: number) {
    this.columns = Array.from({ length: width }, () => new Int32Array(64));
    this.rowCounts = new Float64Array(64);
    this.cardinalities = new Int32Array(width);
  }

  /** Adds `count` rows of the combination `codes`; returns its index. */
  add(codes: ArrayLike<number>, count: number): number {
    const key = codesKey(codes, this.width);
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.size++;
      if (at >= this.rowCounts.length) this.grow();
      for (let c = 0; c < this.width; c++) {
        if (!(codes[c] >= 0)) throw new Error('KeyCombinations: codes are integers from 0');
        this.columns[c][at] = codes[c];
        if (codes[c] >= this.cardinalities[c]) this.cardinalities[c] = codes[c] + 1;
      }
      this.index.set(key, at);
    }
    this.rowCounts[at] += count;
    return at;
  }

  /** The index of the combination `codes`, if it was counted. */
  find(codes: ArrayLike<number>): number | undefined {
    return this.index.get(codesKey(codes, this.width));
  }

  code(combination: number, column: number): number {
    return this.columns[column][combination];
  }

  /** The codes of one column, indexed by combination. */
  column(column: number): Int32Array {
    return this.columns[column];
  }

  count(combination: number): number {
    return this.rowCounts[combination];
  }

  private grow(): void {
    this.columns = this.columns.map((column) => {
      const grown = new Int32Array(column.length * 2);
      grown.set(column);
      return grown;
    });
    const counts = new Float64Array(this.rowCounts.length * 2);
    counts.set(this.rowCounts);
    this.rowCounts = counts;
  }
}

/** A short string of the codes (one char per code under 2^15, two above), for the index. */
function codesKey(codes: ArrayLike<number>, width: number): string {
  let key = '';
  for (let c = 0; c < width; c++) {
    const code = codes[c];
    key +=
      code < 0x8000
        ? String.fromCharCode(code)
        : String.fromCharCode(0x8000 | (code >>> 15), code & 0x7fff);
  }
  return key;
}

/** Rows of one combination, in a group being partitioned. */
interface Part {
  combination: number;
  count: number;
}

/** Where rows of one combination are released: a group (−1: dropped), and how many rows. */
export interface Placement {
  group: number;
  rows: number;
}

/** What the plan says of a table. */
export interface SuppressionPlan {
  k: number;
  /** Per released group: which columns it masks. */
  masks: Uint8Array[];
  /** Rows of each released group. */
  groupRows: number[];
  /**
   * Per combination, where its rows go, in order: usually one group for all of them; a
   * combination whose rows were split (borrowed) lists each group and how many rows it takes.
   * Group −1: dropped (a table of fewer than k rows).
   */
  placement: (combination: number) => readonly Placement[];
  /** Rows left out: the whole table when it has fewer than k rows, else none. */
  droppedRows: number;
  /** Masked cells per column. */
  maskedCells: number[];
  /** Rows whose own combination is held by fewer than k rows (before suppression). */
  rowsAtRiskBefore: number;
  /** Distinct released combinations and the rows of the smallest (the k achieved; 0 if none). */
  releasedCombinations: number;
  smallestCombination: number;
}

export interface SuppressionOptions {
  /**
   * Column indexes, most important first: on a tie, a column earlier here is kept rather than a
   * later one. Columns left out come after, in index order.
   */
  importance?: readonly number[];
  /**
   * Per column, the rank of each code in an order of the values that does not depend on the
   * order they were met (e.g. sorted): ties are broken by it, so that the same rows give the same
   * plan however the database listed them. Without it, codes are their own ranks.
   */
  valueOrder?: readonly ArrayLike<number>[];
}

interface Candidate {
  column: number;
  kept: number;
  groups: number;
  rank: number;
}

/** Plans local suppression of `combinations` for `k`. Deterministic for the same input. */
export function planLocalSuppression(
  combinations: KeyCombinations,
  k: number,
  options: SuppressionOptions = {},
): SuppressionPlan {
  if (!(k >= 1)) throw new Error(`local suppression: k must be at least 1 (got ${k})`);
  const width = combinations.width;
  const rank = new Int32Array(width).fill(width);
  (options.importance ?? []).forEach((column, position) => {
    if (column >= 0 && column < width && rank[column] === width) rank[column] = position;
  });
  for (let c = 0, next = (options.importance ?? []).length; c < width; c++) {
    if (rank[c] === width) rank[c] = next++;
  }

  const order = options.valueOrder;
  const rankOf = (column: number, code: number): number => (order ? order[column][code] : code);
  /** Fewer rows first, then the combinations' values in order. */
  const compareParts = (a: Part, b: Part): number => {
    if (a.count !== b.count) return a.count - b.count;
    for (let c = 0; c < width; c++) {
      const delta =
        rankOf(c, combinations.code(a.combination, c)) -
        rankOf(c, combinations.code(b.combination, c));
      if (delta !== 0) return delta;
    }
    return 0;
  };

  const masks: Uint8Array[] = [];
  const groupRows: number[] = [];
  // Most combinations go whole to one group; the few split by borrowing list their parts.
  const single = new Int32Array(combinations.size).fill(-1);
  const split = new Map<number, Placement[]>();
  const place = (part: Part, group: number): void => {
    if (part.count === combinations.count(part.combination)) single[part.combination] = group;
    else {
      const parts = split.get(part.combination) ?? [];
      parts.push({ group, rows: part.count });
      split.set(part.combination, parts);
    }
  };

  let total = 0;
  let rowsAtRiskBefore = 0;
  const all: Part[] = [];
  for (let i = 0; i < combinations.size; i++) {
    const count = combinations.count(i);
    if (count <= 0) continue;
    total += count;
    if (count < k) rowsAtRiskBefore += count;
    all.push({ combination: i, count });
  }

  const release = (parts: Part[], rows: number): void => {
    const mask = new Uint8Array(width);
    const first = parts[0].combination;
    for (let c = 0; c < width; c++) {
      const code = combinations.code(first, c);
      for (const part of parts) {
        if (combinations.code(part.combination, c) !== code) {
          mask[c] = 1;
          break;
        }
      }
    }
    const group = masks.length;
    masks.push(mask);
    groupRows.push(rows);
    for (const part of parts) place(part, group);
  };

  // Rows per code of one column within a group, and the codes met: reset after each use.
  const largestCardinality = combinations.cardinalities.reduce((a, b) => Math.max(a, b), 0);
  const perCode = new Float64Array(largestCardinality);
  const met = new Int32Array(largestCardinality);
  /** Counts the rows of `parts` per code of `column` into `perCode`; returns the codes met. */
  const countCodes = (parts: Part[], column: number): number => {
    const codes = combinations.column(column);
    let distinct = 0;
    for (const part of parts) {
      const code = codes[part.combination];
      if (perCode[code] === 0) met[distinct++] = code;
      perCode[code] += part.count;
    }
    return distinct;
  };
  const resetCodes = (distinct: number): void => {
    for (let i = 0; i < distinct; i++) perCode[met[i]] = 0;
  };

  const partition = (parts: Part[], rows: number, open: number[]): void => {
    const stillOpen: number[] = [];
    let best: Candidate | undefined;
    for (const column of open) {
      const distinct = countCodes(parts, column);
      let big = 0;
      let bigRows = 0;
      let largest = 0;
      let smallest = Infinity;
      for (let i = 0; i < distinct; i++) {
        const count = perCode[met[i]];
        if (count < k) continue;
        big += 1;
        bigRows += count;
        largest = Math.max(largest, count);
        smallest = Math.min(smallest, count);
      }
      resetCodes(distinct);
      // Shared by every row: released, nothing to decide. No value held by k rows: no group
      // below can show one, the column is masked here.
      if (distinct === 1 || big === 0) continue;
      stillOpen.push(column);
      const rest = rows - bigRows;
      let kept = 0;
      let count = big;
      if (rest === 0) kept = rows;
      else if (rest >= k) {
        kept = bigRows;
        count = big + 1;
      } else if (largest - (k - rest) >= k) {
        kept = rows - k;
        count = big + 1;
      } else if (big >= 2) kept = bigRows - smallest;
      if (kept === 0) continue;
      const candidate: Candidate = { column, kept, groups: count, rank: rank[column] };
      if (best === undefined || better(candidate, best)) best = candidate;
    }
    if (best === undefined) {
      release(parts, rows);
      return;
    }
    const column = best.column;
    const counts = new Map<number, number>();
    const distinct = countCodes(parts, column);
    for (let i = 0; i < distinct; i++) counts.set(met[i], perCode[met[i]]);
    resetCodes(distinct);
    const next = stillOpen.filter((c) => c !== column);
    const byValue = new Map<number, Part[]>();
    const rest: Part[] = [];
    let restRows = 0;
    for (const part of parts) {
      const code = combinations.code(part.combination, column);
      if (counts.get(code)! >= k) {
        const list = byValue.get(code);
        if (list) list.push(part);
        else byValue.set(code, [part]);
      } else {
        rest.push(part);
        restRows += part.count;
      }
    }
    const children = [...byValue.entries()].map(([code, list]) => ({
      code,
      parts: list,
      rows: counts.get(code)!,
    }));
    // Among groups of equal size, the one of the first value in order.
    const before = (a: (typeof children)[number], b: (typeof children)[number]) =>
      rankOf(column, a.code) < rankOf(column, b.code);
    if (restRows > 0 && restRows < k) {
      const largest = children.reduce((a, b) =>
        b.rows > a.rows || (b.rows === a.rows && before(b, a)) ? b : a,
      );
      if (largest.rows - (k - restRows) >= k) {
        // Borrow the rarest combinations of the largest group (they are the likeliest to be
        // masked there anyway), splitting the last one if need be.
        let need = k - restRows;
        const rarest = smallestParts(largest.parts, need, compareParts);
        const moved = new Set<Part>();
        const kept: Part[] = [];
        for (const part of rarest) {
          if (need === 0) break;
          if (part.count <= need) {
            rest.push(part);
            moved.add(part);
            need -= part.count;
          } else {
            rest.push({ combination: part.combination, count: need });
            kept.push({ combination: part.combination, count: part.count - need });
            moved.add(part);
            need = 0;
          }
        }
        largest.parts = [...largest.parts.filter((part) => !moved.has(part)), ...kept];
        largest.rows -= k - restRows;
        restRows = k;
      } else {
        const smallest = children.reduce((a, b) =>
          b.rows < a.rows || (b.rows === a.rows && before(b, a)) ? b : a,
        );
        smallest.parts.push(...rest);
        smallest.rows += restRows;
        rest.length = 0;
        restRows = 0;
      }
    }
    for (const child of children) partition(child.parts, child.rows, next);
    if (restRows > 0) partition(rest, restRows, next);
  };

  let droppedRows = 0;
  if (total >= k && total > 0) {
    partition(all, total, [...Array(width).keys()]);
  } else {
    droppedRows = total;
    for (const part of all) place(part, -1);
  }

  // A split combination's rows fill its groups in a fixed order, whatever order they were made
  // in: the group masking fewer cells (then the earlier mask) first.
  const maskOrder = (a: Placement, b: Placement): number => {
    const ma = masks[a.group];
    const mb = masks[b.group];
    const delta = ma.reduce((sum, bit) => sum + bit, 0) - mb.reduce((sum, bit) => sum + bit, 0);
    if (delta !== 0) return delta;
    for (let c = 0; c < width; c++) if (ma[c] !== mb[c]) return ma[c] - mb[c];
    return 0;
  };
  for (const parts of split.values()) parts.sort(maskOrder);

  const maskedCells = new Array<number>(width).fill(0);
  const released = new Map<string, number>();
  masks.forEach((mask, group) => {
    for (let c = 0; c < width; c++) if (mask[c]) maskedCells[c] += groupRows[group];
  });
  // Two groups can release the same combination: count combinations, not groups.
  const representative = new Int32Array(masks.length).fill(-1);
  for (let i = 0; i < combinations.size; i++) {
    const group = single[i];
    if (group >= 0 && representative[group] === -1) representative[group] = i;
  }
  for (const [combination, parts] of split) {
    for (const part of parts) {
      if (part.group >= 0 && representative[part.group] === -1)
        representative[part.group] = combination;
    }
  }
  masks.forEach((mask, group) => {
    const codes = Array.from({ length: width }, (_, c) =>
      mask[c] ? -1 : combinations.code(representative[group], c),
    );
    const key = codes.join(',');
    released.set(key, (released.get(key) ?? 0) + groupRows[group]);
  });
  const sizes = [...released.values()];

  return {
    k,
    masks,
    groupRows,
    placement: (combination) =>
      split.get(combination) ?? [
        { group: single[combination], rows: combinations.count(combination) },
      ],
    droppedRows,
    maskedCells,
    rowsAtRiskBefore,
    releasedCombinations: sizes.length,
    smallestCombination: sizes.reduce(
      (min, size) => Math.min(min, size),
      sizes.length ? Infinity : 0,
    ),
  };
}

/** More rows keep the column; then fewer groups (they lose less below); then importance. */
function better(a: Candidate, b: Candidate): boolean {
  if (a.kept !== b.kept) return a.kept > b.kept;
  if (a.groups !== b.groups) return a.groups < b.groups;
  return a.rank < b.rank;
}

/**
 * Local suppression of a table held in memory, rows taken in order, as the streamed export applies
 * it: the released rows (dropped ones left out), with `*` in the masked key cells. Values are told
 * apart by type and text (the string "7" is not the number 7). The reference the streamed export
 * is tested against.
 */
export function suppressRows<V>(
  rows: readonly (readonly V[])[],
  keyColumns: readonly number[],
  k: number,
  options: SuppressionOptions = {},
): { rows: (V | typeof MASKED)[][]; plan: SuppressionPlan } {
  const dictionaries = keyColumns.map(() => new Map<string, number>());
  const combinations = new KeyCombinations(keyColumns.length);
  const coded = rows.map((row) =>
    keyColumns.map((column, slot) => {
      const key = valueKey(row[column]);
      let code = dictionaries[slot].get(key);
      if (code === undefined) {
        code = dictionaries[slot].size;
        dictionaries[slot].set(key, code);
      }
      return code;
    }),
  );
  for (const codes of coded) combinations.add(codes, 1);
  const plan = planLocalSuppression(combinations, k, {
    valueOrder: dictionaries.map((dictionary) => valueOrder([...dictionary.keys()])),
    ...options,
  });
  const taken = new Map<number, number[]>();
  const released: (V | typeof MASKED)[][] = [];
  rows.forEach((row, index) => {
    const combination = combinations.find(coded[index])!;
    const placements = plan.placement(combination);
    const used = taken.get(combination) ?? placements.map(() => 0);
    taken.set(combination, used);
    const at = placements.findIndex((placement, i) => used[i] < placement.rows);
    used[at] += 1;
    const group = placements[at].group;
    if (group < 0) return;
    const output: (V | typeof MASKED)[] = [...row];
    keyColumns.forEach((column, slot) => {
      if (plan.masks[group][slot]) output[column] = MASKED;
    });
    released.push(output);
  });
  return { rows: released, plan };
}

/**
 * The rank of each code when the values are sorted by their keys (`keys[code]`): a
 * `valueOrder` that does not depend on the order the values were met.
 */
export function valueOrder(keys: readonly string[]): Int32Array {
  const ranks = new Int32Array(keys.length);
  [...keys.keys()]
    .sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0))
    .forEach((code, rank) => (ranks[code] = rank));
  return ranks;
}

/**
 * The `count` first parts in `compare` order, in that order (a partial selection: the group can be
 * large, `count` is under k).
 */
function smallestParts(
  parts: readonly Part[],
  count: number,
  compare: (a: Part, b: Part) => number,
): Part[] {
  const chosen: Part[] = [];
  for (const part of parts) {
    if (chosen.length === count && compare(part, chosen[count - 1]) >= 0) continue;
    let at = chosen.length === count ? count - 1 : chosen.length;
    while (at > 0 && compare(part, chosen[at - 1]) < 0) {
      chosen[at] = chosen[at - 1];
      at -= 1;
    }
    chosen[at] = part;
    if (chosen.length > count) chosen.length = count;
  }
  return chosen;
}
