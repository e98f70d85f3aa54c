/**
 * The true statistics of one aggregate question over a release held in memory: for each group
 * (row) its respondents, for each cell its distinct respondents and cell key, and for every
 * population the answer publishes (everyone in scope, each group) its sketch. One pass over typed
 * arrays. Respondents, not blocks, are counted: in a repeat, a respondent counts once in a cell
 * however many of its blocks fall there (its contribution is capped at one), and a number is first
 * averaged over the respondent's blocks. Pure; disclosure control is applied afterwards
 * (protected-table.ts).
 */
import { addToCellKey, SKETCH_CAPACITY, type CountCellStats } from '@observatory/anonymisation';
import type { CategoricalColumn, Column, ReleaseData } from './release-data';

/** A grouping or filtering dimension: a categorical column (context or answer). */
export interface TableDimension {
  name: string;
  column: CategoricalColumn;
}

export interface TableQuery {
  field: Column;
  /** Values listed as cells, in order: options (and null, no answer, for a single choice). */
  values: (string | null)[];
  groupBy: TableDimension[];
  /** Each keeps the units whose value is one of `values` (never "no answer"). */
  filters: { dimension: TableDimension; values: string[] }[];
}

export interface PopulationStats {
  /** Distinct respondents. */
  size: number;
  cellKey: number;
  sketch: Uint32Array;
}

export interface RowStats {
  group: Record<string, string | null>;
  /** Everyone in the group (a respondent with no answer to the field included). */
  population: PopulationStats;
  /** Categorical and multiple fields: one per listed value. */
  cells: CountCellStats[];
  /** Numeric fields: the respondents of the group with a value (size, cell key), their values. */
  numeric?: NumericStats;
}

export interface NumericStats {
  size: number;
  cellKey: number;
  sum: number;
  /** One value per respondent, ascending. */
  sorted: Float64Array;
}

export interface TableStats {
  total: PopulationStats;
  rows: RowStats[];
}

export function tableStats(data: ReleaseData, query: TableQuery): TableStats {
  const blockLevel = query.field.repeatPath.length > 0;
  const terms = data.sketchTerms();
  const shares = data.cellShares;
  const width = SKETCH_CAPACITY;

  // Rows: every combination of the grouping codes (−1, no answer, included).
  const radices = query.groupBy.map((d) => d.column.dictionary.length + 1);
  const rowCount = radices.reduce((product, r) => product * r, 1);
  const valueIndex = valueMapping(query.field, query.values);
  const valueCount = query.values.length;

  const rowSize = new Int32Array(rowCount);
  const rowKey = new Uint32Array(rowCount);
  const rowSketch = new Uint32Array(rowCount * width);
  const rowLast = new Int32Array(rowCount).fill(-1);
  const cellCount = new Int32Array(rowCount * valueCount);
  const cellKey = new Uint32Array(rowCount * valueCount);
  const cellLast = new Int32Array(rowCount * valueCount).fill(-1);
  const numeric = query.field.kind === 'numeric' ? new NumericAccumulator(rowCount) : null;

  const total: PopulationStats = { size: 0, cellKey: 0, sketch: new Uint32Array(width) };
  const allowed = query.filters.map((filter) => ({
    column: filter.dimension.column,
    codes: allowedCodes(filter.dimension.column, filter.values),
  }));
  const respondentFilters = allowed.filter((f) => f.column.repeatPath.length === 0);
  const blockFilters = allowed.filter((f) => f.column.repeatPath.length > 0);
  const passes = (filters: typeof allowed, unit: number): boolean => {
    for (const filter of filters) {
      const code = filter.column.codes[unit];
      if (code < 0 || !filter.codes[code]) return false;
    }
    return true;
  };
  const rowOf = (respondent: number, block: number): number => {
    let row = 0;
    for (let d = 0; d < query.groupBy.length; d++) {
      const column = query.groupBy[d].column;
      const code = column.codes[column.repeatPath.length ? block : respondent];
      row = row * radices[d] + (code + 1);
    }
    return row;
  };
  const xorInto = (target: Uint32Array, slot: number, respondent: number): void => {
    const from = respondent * width;
    const to = slot * width;
    for (let j = 0; j < width; j++) target[to + j] ^= terms[from + j];
  };
  const enterRow = (row: number, respondent: number): void => {
    if (rowLast[row] === respondent) return;
    rowLast[row] = respondent;
    rowSize[row] += 1;
    rowKey[row] = addToCellKey(rowKey[row], shares[respondent]);
    xorInto(rowSketch, row, respondent);
  };
  const enterCell = (row: number, value: number, respondent: number): void => {
    const cell = row * valueCount + value;
    if (value < 0 || cellLast[cell] === respondent) return;
    cellLast[cell] = respondent;
    cellCount[cell] += 1;
    cellKey[cell] = addToCellKey(cellKey[cell], shares[respondent]);
  };
  const countField = (row: number, unit: number, respondent: number): void => {
    const field = query.field;
    if (field.kind === 'categorical') {
      enterCell(row, valueIndex[field.codes[unit] + 1], respondent);
    } else if (field.kind === 'multiple') {
      for (let c = field.offsets[unit]; c < field.offsets[unit + 1]; c++) {
        enterCell(row, valueIndex[field.codes[c] + 1], respondent);
      }
    } else {
      const value = field.values[unit];
      if (!Number.isNaN(value)) numeric!.add(row, value);
    }
  };

  if (!blockLevel) {
    // The hot loop of every partner question: straight-line code, no dedupe (a respondent is
    // one unit here, and its options of a multiple choice are distinct).
    const field = query.field;
    const g0 = query.groupBy[0]?.column.codes;
    const g1 = query.groupBy[1]?.column.codes;
    const radix1 = g1 ? radices[1] : 1;
    const filterCodes = respondentFilters.map((f) => f.column.codes);
    const filterAllowed = respondentFilters.map((f) => f.codes);
    respondents: for (let r = 0; r < data.size; r++) {
      for (let f = 0; f < filterCodes.length; f++) {
        const code = filterCodes[f][r];
        if (code < 0 || !filterAllowed[f][code]) continue respondents;
      }
      const row = (g0 ? (g0[r] + 1) * radix1 : 0) + (g1 ? g1[r] + 1 : 0);
      const share = shares[r];
      rowSize[row] += 1;
      rowKey[row] = (rowKey[row] + share) >>> 0;
      const from = r * width;
      const to = row * width;
      for (let j = 0; j < width; j++) rowSketch[to + j] ^= terms[from + j];
      if (field.kind === 'categorical') {
        const value = valueIndex[field.codes[r] + 1];
        if (value >= 0) {
          const cell = row * valueCount + value;
          cellCount[cell] += 1;
          cellKey[cell] = (cellKey[cell] + share) >>> 0;
        }
      } else if (field.kind === 'multiple') {
        for (let c = field.offsets[r]; c < field.offsets[r + 1]; c++) {
          const value = valueIndex[field.codes[c] + 1];
          if (value < 0) continue;
          const cell = row * valueCount + value;
          cellCount[cell] += 1;
          cellKey[cell] = (cellKey[cell] + share) >>> 0;
        }
      } else {
        const value = field.values[r];
        if (!Number.isNaN(value)) numeric!.add(row, value);
        numeric!.flush(r, shares);
      }
    }
    // Rows partition the respondents: the total is their union.
    for (let row = 0; row < rowCount; row++) {
      total.size += rowSize[row];
      total.cellKey = addToCellKey(total.cellKey, rowKey[row]);
      for (let j = 0; j < width; j++) total.sketch[j] ^= rowSketch[row * width + j];
    }
  } else {
    const index = data.blocks(query.field.repeatPath);
    if (!index)
      throw new Error(`the release has no blocks for ${query.field.repeatPath.join('.')}`);
    for (let r = 0; r < data.size; r++) {
      if (!passes(respondentFilters, r)) continue;
      let inTotal = blockFilters.length === 0;
      for (let b = index.start[r]; b < index.start[r + 1]; b++) {
        if (!passes(blockFilters, b)) continue;
        inTotal = true;
        const row = rowOf(r, b);
        enterRow(row, r);
        countField(row, b, r);
      }
      numeric?.flush(r, shares);
      if (inTotal) {
        total.size += 1;
        total.cellKey = addToCellKey(total.cellKey, shares[r]);
        for (let j = 0; j < width; j++) total.sketch[j] ^= terms[r * width + j];
      }
    }
  }

  const rows: RowStats[] = [];
  for (let row = 0; row < rowCount; row++) {
    if (rowSize[row] === 0) continue;
    const stats: RowStats = {
      group: groupOf(row, query.groupBy, radices),
      population: {
        size: rowSize[row],
        cellKey: rowKey[row],
        sketch: rowSketch.slice(row * width, (row + 1) * width),
      },
      cells:
        query.field.kind === 'numeric'
          ? []
          : query.values.map((value, v) => ({
              value,
              count: cellCount[row * valueCount + v],
              cellKey: cellKey[row * valueCount + v],
            })),
    };
    if (numeric) stats.numeric = numeric.row(row);
    rows.push(stats);
  }
  return { total, rows };
}

/** Per listed value: its index, from a column code + 1 (0: no answer); −1 when not listed. */
function valueMapping(field: Column, values: (string | null)[]): Int32Array {
  if (field.kind === 'numeric') return new Int32Array(0);
  const mapping = new Int32Array(field.dictionary.length + 1).fill(-1);
  const position = new Map(values.map((value, i) => [value, i]));
  mapping[0] = position.get(null) ?? -1;
  field.dictionary.forEach((value, code) => (mapping[code + 1] = position.get(value) ?? -1));
  return mapping;
}

function allowedCodes(column: CategoricalColumn, values: string[]): Uint8Array {
  const allowed = new Uint8Array(column.dictionary.length);
  const wanted = new Set(values);
  column.dictionary.forEach((value, code) => (allowed[code] = wanted.has(value) ? 1 : 0));
  return allowed;
}

function groupOf(
  row: number,
  dimensions: TableDimension[],
  radices: number[],
): Record<string, string | null> {
  const group: Record<string, string | null> = {};
  let rest = row;
  for (let d = dimensions.length - 1; d >= 0; d--) {
    const code = (rest % radices[d]) - 1;
    rest = Math.floor(rest / radices[d]);
    group[dimensions[d].name] = code < 0 ? null : dimensions[d].column.dictionary[code];
  }
  // Keys in the order asked.
  return Object.fromEntries(dimensions.map((d) => [d.name, group[d.name]]));
}

/** Numbers: one value per respondent and row (the mean of its blocks there), then per row. */
class NumericAccumulator {
  private readonly count: Int32Array;
  private readonly key: Uint32Array;
  private readonly sum: Float64Array;
  private readonly values: number[][];
  /** The current respondent's values, per row it touched. */
  private readonly pending = new Map<number, { sum: number; n: number }>();

  constructor(rows: number) {
    this.count = new Int32Array(rows);
    this.key = new Uint32Array(rows);
    this.sum = new Float64Array(rows);
    this.values = Array.from({ length: rows }, () => []);
  }

  add(row: number, value: number): void {
    const pending = this.pending.get(row);
    if (pending) {
      pending.sum += value;
      pending.n += 1;
    } else {
      this.pending.set(row, { sum: value, n: 1 });
    }
  }

  flush(respondent: number, shares: Uint32Array): void {
    if (this.pending.size === 0) return;
    for (const [row, { sum, n }] of this.pending) {
      const value = sum / n;
      this.count[row] += 1;
      this.key[row] = addToCellKey(this.key[row], shares[respondent]);
      this.sum[row] += value;
      this.values[row].push(value);
    }
    this.pending.clear();
  }

  row(row: number): NumericStats {
    return {
      size: this.count[row],
      cellKey: this.key[row],
      sum: this.sum[row],
      sorted: Float64Array.from(this.values[row]).sort(),
    };
  }
}
