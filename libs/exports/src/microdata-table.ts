/**
 * One table of a microdata export, fed the lines of its `COPY` statements (microdata-sql.ts):
 * first the counts of its combinations of key values, from which the local-suppression plan is
 * made (local-suppression.ts), then its rows, in random order, each turned into a CSV record or a
 * JSON line with the cells the plan masks replaced by `*`.
 *
 * Cells are made by the same functions as `rowsFor` (`leafValue`, `categorised`), from the field
 * texts. Each key column gives its values integer codes (a field text always gives the same
 * value, so the code of a text is remembered); a row's codes find its combination in the plan.
 * Memory grows with the distinct combinations of key values (a few dozen bytes each), not with
 * the rows.
 */
import { COPY_NULL, copyFieldText, jsonText } from './copy-text';
import {
  categorised,
  CSV_LINE_END,
  csvField,
  jsonlRow,
  leafValue,
  type CellValue,
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

/** A cell and its CSV text. */
export interface Cell {
  value: CellValue;
  text: string;
}

export type RowFormat = 'csv' | 'jsonl';

/** How ids are made: this export's row ids, and the partner's pseudonyms of codes. */
export interface ExportPseudonyms {
  /** The row id of a stored submission UUID, for this export only. */
  rowId: (submissionId: string) => string;
  /** The partner's pseudonym of a participant or pair code. */
  code: (code: string) => string;
}

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
  /** Row ids are all different: remembering them would only cost memory. */
  readonly cacheable: boolean;

  constructor(column: ExportColumn, reading: FieldReading, pseudonyms: ExportPseudonyms) {
    this.read = reader(column, reading, pseudonyms);
    this.cacheable = reading !== 'submission-id';
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
    const value = this.read(field === COPY_NULL ? null : copyFieldText(field));
    return { value, text: csvField(value) };
  }
}

function reader(
  column: ExportColumn,
  reading: FieldReading,
  pseudonyms: ExportPseudonyms,
): (text: string | null) => CellValue {
  switch (reading) {
    case 'text':
      return (text) => categorised(column, text);
    case 'json':
      return (text) => leafValue(column, text === null ? undefined : jsonText(text));
    case 'date':
      return (text) => categorised(column, submittedMonth(text));
    case 'submission-id':
      // This export's own ids: stored ids would let partners, or two exports, join their files.
      return (text) => categorised(column, text === null ? null : pseudonyms.rowId(text));
    case 'code':
      // A pseudonym of this partner only; none for anonymous rows (NULL) or an empty code.
      return (text) => categorised(column, text ? pseudonyms.code(text) : null);
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

/** Thrown when a row's combination was not counted (the snapshot should make it impossible). */
export class UnplannedCombinationError extends Error {
  constructor(table: string) {
    super(`export: a row of ${table} has a key combination the plan did not count`);
  }
}

const MASKED_CELL: Cell = { value: MASKED, text: csvField(MASKED) };
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

  constructor(
    readonly table: ExportTable,
    readonly queries: TableQueries,
    pseudonyms: ExportPseudonyms,
    private readonly format: RowFormat,
  ) {
    this.columns = table.columns.map(
      (column, index) => new ColumnCells(column, queries.readings[index], pseudonyms),
    );
    this.keys = queries.keyColumns.map((column) => new KeyColumn(this.columns[column]));
    this.combinations = new KeyCombinations(this.keys.length);
    this.codes = new Int32Array(this.keys.length);
    this.starts = new Int32Array(table.columns.length + 1);
  }

  /** One line of the plan statement; returns the number of rows it counts. */
  countLine(line: string): number {
    const fields = line.split('\t');
    const count = Number(fields[this.keys.length]);
    if (!(count > 0)) return 0;
    for (let slot = 0; slot < this.keys.length; slot++)
      this.codes[slot] = this.keys[slot].code(fields[slot]);
    this.combinations.add(this.codes, count);
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

    const keys = this.keys;
    for (let slot = 0; slot < keys.length; slot++) this.codes[slot] = keys[slot].code(field(slot));
    const combination = this.combinations.find(this.codes);
    if (combination === undefined) throw new UnplannedCombinationError(this.table.name);
    const group = this.groupOf(combination, plan.placement(combination));
    if (group < 0) return undefined;
    const mask = plan.masks[group];
    this.rows += 1;

    const { keyColumns, fieldOfColumn } = this.queries;
    const cells: Cell[] = new Array<Cell>(this.columns.length);
    for (let slot = 0; slot < keys.length; slot++) {
      cells[keyColumns[slot]] = mask[slot] ? MASKED_CELL : keys[slot].cells[this.codes[slot]];
    }
    for (let c = 0; c < this.columns.length; c++) {
      if (cells[c] === undefined) cells[c] = this.columns[c].cell(field(fieldOfColumn[c]));
    }
    if (this.format === 'jsonl')
      return jsonlRow(
        this.table.columns,
        cells.map((cell) => cell.value),
      );
    let text = cells[0]?.text ?? '';
    for (let c = 1; c < cells.length; c++) text += `,${cells[c].text}`;
    return text + CSV_LINE_END;
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
