/**
 * One table of a microdata export, fed the lines of its `COPY` statements (microdata-sql.ts):
 * first the counts of its combinations of key values, from which the local-suppression plan is
 * made (local-suppression.ts), then its rows, in random order, each turned into a CSV record or a
 * JSON line with the cells the plan masks replaced by `*`.
 *
 * Cells are made by the same functions as `rowsFor` (`leafValue`, `categorised`), from the field
 * texts. The plan's lines give each key column's values integer codes and each combination its
 * hash; a row carries only that hash (not its key fields), which finds its combination, whose
 * released key cells are made once per group. Memory grows with the distinct combinations of key
 * values (a few hundred bytes each), not with the rows.
 */
import { COPY_NULL, copyFieldText, jsonText } from './copy-text';
import {
  categorised,
  CSV_LINE_END,
  csvField,
  jsonlRow,
  leafValue,
  selectedValues,
  type CellValue,
  type JsonCell,
  type ExportColumn,
  type ExportTable,
} from './format';
import {
  KeyCombinations,
  MASKED,
  planLocalSuppression,
  valueKey,
  valueOrder,
  type Placement,
  type SuppressionPlan,
} from './local-suppression';
import type { FieldReading, TableQueries } from './microdata-sql';

/** A cell and its CSV text; a multiple choice also as its array of values (for JSON Lines). */
export interface Cell {
  value: CellValue;
  text: string;
  selected?: string[] | null;
}

/** What JSON Lines writes for a cell: a multiple choice as its array, unless it is masked. */
function jsonCell(cell: Cell): JsonCell {
  return cell.selected !== undefined ? cell.selected : cell.value;
}

export type RowFormat = 'csv' | 'jsonl';

/** The partner's pseudonym of a participant or pair code. */
export type Pseudonymiser = (code: string) => string;

/** What disclosure control did to one table, for `provenance.json`. */
export interface TableRisk {
  table: string;
  /** Rows written. */
  rows: number;
  /** The key variables: every column but the row id, pseudonyms and verbatims. */
  keyColumns: string[];
  /** Rows whose own combination of key values is held by fewer than k rows, before control. */
  rowsAtRiskBefore: number;
  /** The same after control: 0, or the table is withheld. */
  rowsAtRisk: number;
  /** Rows of the smallest released combination: the k achieved (0 when nothing is released). */
  kAchieved: number;
  releasedCombinations: number;
  /**
   * Re-identification risk of a row for an attacker who knows all its key values and that the
   * person is in the file: 1 / its combination's rows. The largest, and the expected number of
   * correct re-identifications over all rows (the number of released combinations).
   */
  maxReidentificationRisk: number;
  expectedReidentifications: number;
  /** Cells masked (`*`), per key column with at least one, and in all. */
  maskedCells: Record<string, number>;
  maskedCellsTotal: number;
  /** Rows left out: a table of fewer than k rows, or a block table withheld. */
  droppedRows: number;
  /** Block tables: the distinct submissions the rows come from; under k, the table is withheld. */
  contributingSubmissions?: number;
  withheld?: boolean;
}

/** `YYYY-MM-DD` (DateStyle ISO) of a year written with four digits by node-postgres (1000–9999). */
const ISO_DAY = /^[1-9]\d{3}-\d{2}-\d{2}$/;

/**
 * `submitted_month` from the stored day as PostgreSQL prints it in ISO style: what `rowsFor` gives
 * for the `YYYY-MM-DD` made from the Date node-postgres parses (nothing for the years before 1000,
 * after 9999, BC or infinite).
 */
export function submittedMonth(day: string | null): string | null {
  return day !== null && ISO_DAY.test(day) ? day.slice(0, 7) : null;
}

const CACHED_FIELD_LENGTH = 96;
const CACHED_CELLS = 256;

/** The cells of one column, from its field texts. */
export class ColumnCells {
  private readonly cache = new Map<string, Cell>();
  private readonly read: (text: string | null) => CellValue;
  /** Multiple choices only: the selected values, which JSON Lines writes as an array. */
  private readonly select?: (text: string | null) => string[] | null;
  /** Row ids are all different: remembering them would only cost memory. */
  readonly cacheable: boolean;

  constructor(column: ExportColumn, reading: FieldReading, pseudonym: Pseudonymiser) {
    this.read = reader(column, reading, pseudonym);
    this.cacheable = reading !== 'row-id';
    if (reading === 'json' && column.source.kind === 'answer' && column.source.multiple) {
      this.select = (text) => selectedValues(text === null ? undefined : jsonText(text));
    }
  }

  /** The cell of a field as COPY wrote it. */
  cell(field: string): Cell {
    let cell = this.cache.get(field);
    if (cell === undefined) {
      cell = this.fresh(field);
      if (this.cacheable && field.length <= CACHED_FIELD_LENGTH && this.cache.size < CACHED_CELLS) {
        this.cache.set(field, cell);
      }
    }
    return cell;
  }

  /** The cell of a field, not remembered. */
  fresh(field: string): Cell {
    const text = field === COPY_NULL ? null : copyFieldText(field);
    const value = this.read(text);
    const cell: Cell = { value, text: csvField(value) };
    if (this.select) cell.selected = this.select(text);
    return cell;
  }
}

function reader(
  column: ExportColumn,
  reading: FieldReading,
  pseudonym: Pseudonymiser,
): (text: string | null) => CellValue {
  switch (reading) {
    case 'text':
    case 'row-id':
      return (text) => categorised(column, text);
    case 'json':
      return (text) => leafValue(column, text === null ? undefined : jsonText(text));
    case 'date':
      return (text) => categorised(column, submittedMonth(text));
    case 'code':
      // A pseudonym of this partner only; none for anonymous rows (NULL) or an empty code.
      return (text) => categorised(column, text ? pseudonym(text) : null);
  }
}

/** The values of one key column, each with an integer code; field texts remembered. */
class KeyColumn {
  private readonly byText = new Map<string, number>();
  private readonly byValue = new Map<string, number>();
  readonly cells: Cell[] = [];

  /** The values' keys by code, for a plan that does not depend on the order they were met. */
  keys(): string[] {
    const keys: string[] = [];
    for (const [key, code] of this.byValue) keys[code] = key;
    return keys;
  }

  constructor(private readonly column: ColumnCells) {}

  code(field: string): number {
    let code = this.byText.get(field);
    if (code === undefined) {
      const cell = this.column.fresh(field);
      const key = valueKey(cell.value);
      code = this.byValue.get(key);
      if (code === undefined) {
        code = this.cells.length;
        this.cells.push(cell);
        this.byValue.set(key, code);
      }
      this.byText.set(field, code);
    }
    return code;
  }
}

/** Two combinations of a table share a key hash (see microdata-sql.ts): retry with another seed. */
export class KeyHashCollisionError extends Error {
  constructor(table: string) {
    super(`export: two key combinations of ${table} share a hash; a retry draws another seed`);
  }
}

/** Thrown when a row's combination was not counted (the snapshot should make it impossible). */
export class UnplannedCombinationError extends Error {
  constructor(table: string) {
    super(`export: a row of ${table} has a key combination the plan did not count`);
  }
}

const MASKED_CELL: Cell = { value: MASKED, text: csvField(MASKED) };
// Released key cells remembered for this many (combination, group) at most: a few MB.
const CACHED_RELEASED = 65536;

interface Released {
  /** Key cells as JSON Lines writes them, at their columns (other columns null). */
  values: JsonCell[];
  /** CSV text of each run of adjacent key columns. */
  runs: string[];
}
/** Context columns kept first when a split is a tie (the design of the survey); the month last. */
const FIRST = ['instrument_version', 'campaign', 'phase', 'respondent_role', 'branch'];
const LAST = ['submitted_month'];

/** The importance order of key columns named `names` (slots, most important first). */
export function keyImportance(names: readonly string[]): number[] {
  const rank = (name: string) =>
    FIRST.includes(name) ? FIRST.indexOf(name) - FIRST.length : LAST.includes(name) ? 1 : 0;
  return names
    .map((name, slot) => ({ slot, rank: rank(name) }))
    .sort((a, b) => a.rank - b.rank || a.slot - b.slot)
    .map((entry) => entry.slot);
}

export class MicrodataTable {
  readonly columns: ColumnCells[];
  /** Rows written. */
  rows = 0;
  /** Rows counted by the plan statement. */
  counted = 0;
  plan?: SuppressionPlan;
  /** Block tables: distinct submissions the rows come from (set before planning). */
  contributors?: number;
  private withheld = false;
  private readonly keys: KeyColumn[];
  private readonly combinations: KeyCombinations;
  private readonly codes: Int32Array;
  /** Rows already written of each combination split between groups. */
  private readonly taken = new Map<number, number[]>();
  /** Field offsets of the line being read. */
  private readonly starts: Int32Array;
  /** Combinations by the hash of their key fields (see microdata-sql.ts). */
  private readonly byHash = new Map<string, number>();
  /** Released key cells by (combination, group), for the most frequent. */
  private readonly releasedCache = new Map<number, Released>();
  /** Output order: runs of adjacent key columns (`run` ≥ 0), other columns one by one. */
  private readonly segments: { run: number; column: number }[] = [];
  private readonly keyRuns: number[][] = [];
  private readonly otherColumns: number[] = [];

  constructor(
    readonly table: ExportTable,
    readonly queries: TableQueries,
    pseudonym: Pseudonymiser,
    private readonly format: RowFormat,
  ) {
    this.columns = table.columns.map(
      (column, index) => new ColumnCells(column, queries.readings[index], pseudonym),
    );
    this.keys = queries.keyColumns.map((column) => new KeyColumn(this.columns[column]));
    this.combinations = new KeyCombinations(this.keys.length);
    this.codes = new Int32Array(this.keys.length);
    this.starts = new Int32Array(1 + table.columns.length - queries.keyColumns.length + 1);
    table.columns.forEach((column, index) => {
      const last = this.segments[this.segments.length - 1];
      if (!column.quasi) {
        this.otherColumns.push(index);
        this.segments.push({ run: -1, column: index });
      } else if (last !== undefined && last.run >= 0) this.keyRuns[last.run].push(index);
      else {
        this.segments.push({ run: this.keyRuns.length, column: index });
        this.keyRuns.push([index]);
      }
    });
  }

  /** One line of the plan statement (key fields, hash, count); returns the rows it counts. */
  countLine(line: string): number {
    const fields = line.split('\t');
    const count = Number(fields[this.keys.length + 1]);
    if (!(count > 0)) return 0;
    for (let slot = 0; slot < this.keys.length; slot++)
      this.codes[slot] = this.keys[slot].code(fields[slot]);
    const hash = fields[this.keys.length];
    const combination = this.combinations.add(this.codes, count);
    const known = this.byHash.get(hash);
    // Two lines, two values for PostgreSQL, may be one value here (a category it does not
    // know): one combination. Two combinations under one hash would mix their rows.
    if (known !== undefined && known !== combination)
      throw new KeyHashCollisionError(this.table.name);
    this.byHash.set(hash, combination);
    this.counted += count;
    return count;
  }

  /**
   * Makes the plan from the counted combinations. A block table whose rows come from fewer than
   * k submissions is withheld: its rows could be one person's, however many they are.
   */
  finishPlan(k: number): SuppressionPlan {
    this.withheld = this.contributors !== undefined && this.contributors < k;
    const names = this.queries.keyColumns.map((column) => this.table.columns[column].name);
    this.plan = planLocalSuppression(this.combinations, k, {
      importance: keyImportance(names),
      valueOrder: this.keys.map((key) => valueOrder(key.keys())),
    });
    return this.plan;
  }

  /** What the plan did, once the rows are written. */
  risk(): TableRisk {
    const plan = this.plan;
    if (!plan) throw new Error(`export: ${this.table.name} was not planned`);
    const names = this.queries.keyColumns.map((column) => this.table.columns[column].name);
    const maskedCells: Record<string, number> = {};
    names.forEach((name, slot) => {
      if (!this.withheld && plan.maskedCells[slot] > 0) maskedCells[name] = plan.maskedCells[slot];
    });
    const smallest = this.withheld ? 0 : plan.smallestCombination;
    const combinations = this.withheld ? 0 : plan.releasedCombinations;
    return {
      table: this.table.name,
      rows: this.rows,
      keyColumns: names,
      rowsAtRiskBefore: plan.rowsAtRiskBefore,
      rowsAtRisk: 0,
      kAchieved: smallest,
      releasedCombinations: combinations,
      maxReidentificationRisk: smallest > 0 ? 1 / smallest : 0,
      expectedReidentifications: combinations,
      maskedCells,
      maskedCellsTotal: Object.values(maskedCells).reduce((sum, cells) => sum + cells, 0),
      droppedRows: this.withheld ? this.counted : plan.droppedRows,
      ...(this.contributors !== undefined
        ? { contributingSubmissions: this.contributors, withheld: this.withheld }
        : {}),
    };
  }

  /** One line of the rows statement: the record to write, or `undefined` if it is dropped. */
  rowText(line: string): string | undefined {
    const plan = this.plan;
    if (!plan) throw new Error(`export: ${this.table.name} was not planned`);
    if (this.withheld) return undefined;
    const starts = this.starts;
    const count = starts.length - 1;
    // starts[i]: where field i begins; starts[count] is one past the end (as if a tab followed).
    let at = 0;
    for (let i = 0; i < count; i++) {
      starts[i] = at;
      const tab = line.indexOf('\t', at);
      at = tab < 0 ? line.length + 1 : tab + 1;
    }
    starts[count] = line.length + 1;
    const field = (index: number): string => line.slice(starts[index], starts[index + 1] - 1);

    const combination = this.byHash.get(field(0));
    if (combination === undefined) throw new UnplannedCombinationError(this.table.name);
    const group = this.groupOf(combination, plan.placement(combination));
    if (group < 0) return undefined;
    this.rows += 1;
    const released = this.released(combination, group, plan);
    const { fieldOfColumn } = this.queries;
    if (this.format === 'jsonl') {
      const values = released.values.slice();
      for (const column of this.otherColumns)
        values[column] = jsonCell(this.columns[column].cell(field(fieldOfColumn[column])));
      return jsonlRow(this.table.columns, values);
    }
    let text = '';
    for (let i = 0; i < this.segments.length; i++) {
      const segment = this.segments[i];
      const part =
        segment.run >= 0
          ? released.runs[segment.run]
          : this.columns[segment.column].cell(field(fieldOfColumn[segment.column])).text;
      text = i === 0 ? part : `${text},${part}`;
    }
    return text + CSV_LINE_END;
  }

  /** The released key cells of a combination in a group: values, and CSV runs between others. */
  private released(combination: number, group: number, plan: SuppressionPlan): Released {
    const cacheKey = combination * plan.masks.length + group;
    let released = this.releasedCache.get(cacheKey);
    if (released === undefined) {
      const mask = plan.masks[group];
      const values = new Array<JsonCell>(this.columns.length).fill(null);
      const texts = new Array<string>(this.columns.length);
      this.queries.keyColumns.forEach((column, slot) => {
        const code = this.combinations.code(combination, slot);
        const cell = mask[slot] ? MASKED_CELL : this.keys[slot].cells[code];
        values[column] = jsonCell(cell);
        texts[column] = cell.text;
      });
      const runs = this.keyRuns.map((columns) => columns.map((column) => texts[column]).join(','));
      released = { values, runs };
      if (this.releasedCache.size < CACHED_RELEASED) this.releasedCache.set(cacheKey, released);
    }
    return released;
  }

  /** The group of the next row of `combination`: rows of a split combination fill its parts in turn. */
  private groupOf(combination: number, placements: readonly Placement[]): number {
    if (placements.length === 1) return placements[0].group;
    let taken = this.taken.get(combination);
    if (taken === undefined) {
      taken = placements.map(() => 0);
      this.taken.set(combination, taken);
    }
    for (let i = 0; i < placements.length; i++) {
      if (taken[i] < placements[i].rows) {
        taken[i] += 1;
        return placements[i].group;
      }
    }
    throw new UnplannedCombinationError(this.table.name);
  }
}
