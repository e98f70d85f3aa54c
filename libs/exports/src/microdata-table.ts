/**
 * One table of a microdata export, fed the lines of its `COPY` statements (microdata-sql.ts):
 * first the counts of its quasi-identifier combinations, from which the k-anonymity plan is made,
 * then its rows, each turned into a CSV record or a JSON line, recoded and suppressed as planned.
 *
 * Cells are made by the same functions as `rowsFor` (`leafValue`, `categorised`), from the field
 * texts. A field text always gives the same cell, so what is cheap to remember is made once: the
 * cells of short field texts per column, the CSV text of a run of adjacent columns per run of
 * field texts (a few categorical columns take few combinations), and the plan's decision
 * (suppressed, or the published quasi cells) per combination of quasi field texts.
 */
import { COPY_NULL, copyFieldText, fieldsBetween, jsonText } from './copy-text';
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
  applyStars,
  combinationKey,
  planKAnonymity,
  STAR,
  type KAnonymityPlan,
  type QuasiValue,
} from './k-anonymity-plan';
import type { FieldReading, TableQueries } from './microdata-sql';

/** A cell and its CSV text; a multiple choice also as its array of values (for JSON Lines). */
export interface Cell {
  value: CellValue;
  text: string;
  selected?: string[] | null;
}

/** What the plan says of one combination of quasi-identifier values. */
export interface Decision {
  suppressed: boolean;
  /** The published quasi cells (`*` where the column is recoded), in quasi column order. */
  cells: Cell[];
  /** CSV text of each run of adjacent quasi columns (see `Segment`), when published. */
  runs: string[];
}

export type RowFormat = 'csv' | 'jsonl';

// Remembered per column: cells of field texts up to this length, this many at most; per run of
// columns: CSV texts of field runs up to this length, this many at most. A few MB at worst.
const CACHED_FIELD_LENGTH = 96;
const CACHED_CELLS = 256;
const CACHED_RUN_LENGTH = 384;
const CACHED_RUNS = 1024;

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

/** The cells of one column, from its field texts. */
export class ColumnCells {
  private readonly cache = new Map<string, Cell>();
  private readonly read: (text: string | null) => CellValue;
  /** Multiple choices only: the selected values, which JSON Lines writes as an array. */
  private readonly select?: (text: string | null) => string[] | null;
  /** Submission ids are all different: remembering them would only cost memory. */
  readonly cacheable: boolean;

  constructor(column: ExportColumn, reading: FieldReading, pseudonym: (code: string) => string) {
    this.read = reader(column, reading, pseudonym);
    this.cacheable = reading !== 'submission-id';
    if (reading === 'json' && column.source.kind === 'answer' && column.source.multiple) {
      this.select = (text) => selectedValues(text === null ? undefined : jsonText(text));
    }
  }

  /** The cell of a field as COPY wrote it. */
  cell(field: string): Cell {
    let cell = this.cache.get(field);
    if (cell === undefined) {
      const text = field === COPY_NULL ? null : copyFieldText(field);
      const value = this.read(text);
      cell = { value, text: csvField(value) };
      if (this.select) cell.selected = this.select(text);
      if (this.cacheable && field.length <= CACHED_FIELD_LENGTH && this.cache.size < CACHED_CELLS) {
        this.cache.set(field, cell);
      }
    }
    return cell;
  }
}

function reader(
  column: ExportColumn,
  reading: FieldReading,
  pseudonym: (code: string) => string,
): (text: string | null) => CellValue {
  switch (reading) {
    case 'text':
      return (text) => categorised(column, text);
    case 'json':
      return (text) => leafValue(column, text === null ? undefined : jsonText(text));
    case 'date':
      return (text) => categorised(column, submittedMonth(text));
    case 'submission-id':
      // Per partner too: stored ids are the same for everyone, so they would let partners join files.
      return (text) => categorised(column, text === null ? null : pseudonym(`submission\n${text}`));
    case 'code':
      // A pseudonym of this partner only; none for anonymous rows (NULL) or an empty code.
      return (text) => categorised(column, text ? pseudonym(text) : null);
    case 'index':
      return (text) => categorised(column, text === null ? null : Number(text));
  }
}

/** Thrown when a row's combination was not counted (the snapshot should make it impossible). */
export class UnplannedCombinationError extends Error {
  constructor(table: string) {
    super(`export: a row of ${table} has a quasi-identifier combination the plan did not count`);
  }
}

/**
 * Adjacent columns written together: quasi columns (a run of the decision's cells), columns whose
 * fields are `from`..`to` of a line (their CSV text remembered by field text), or a column never
 * remembered (the submission id).
 */
type Segment =
  | { kind: 'quasi'; run: number }
  | {
      kind: 'fields';
      from: number;
      to: number;
      columns: number[];
      cache: Map<string, string>;
    }
  | { kind: 'single'; column: number; field: number };

export class MicrodataTable {
  readonly columns: ColumnCells[];
  /** Rows written. */
  rows = 0;
  plan?: KAnonymityPlan;
  /** Decisions by the text of the quasi fields (several texts can give one combination). */
  private readonly decisions = new Map<string, Decision>();
  /** Decisions by combination of quasi values, once planned. */
  private readonly planned = new Map<string, Decision>();
  private counts = new Map<string, { values: QuasiValue[]; count: number }>();
  private readonly quasiSlot: number[];
  private readonly quasiEnd: number;
  private readonly segments: Segment[] = [];
  /** Slots of each run of adjacent quasi columns. */
  private readonly quasiRuns: number[][] = [];
  /** Field offsets of the line being read. */
  private readonly starts: Int32Array;

  constructor(
    readonly table: ExportTable,
    readonly queries: TableQueries,
    pseudonym: (code: string) => string,
    private readonly format: RowFormat,
    /** `submissions`, for a block table: its decisions drop the blocks of suppressed rows. */
    private readonly parent?: MicrodataTable,
  ) {
    this.columns = table.columns.map(
      (column, index) => new ColumnCells(column, queries.readings[index], pseudonym),
    );
    this.quasiSlot = table.columns.map(() => -1);
    queries.quasiColumns.forEach((column, slot) => (this.quasiSlot[column] = slot));
    this.quasiEnd = queries.parentQuasi + queries.quasiColumns.length;
    this.starts = new Int32Array(queries.parentQuasi + table.columns.length + 1);
    for (let column = 0; column < table.columns.length; column++) {
      const last = this.segments[this.segments.length - 1];
      const slot = this.quasiSlot[column];
      const field = queries.fieldOfColumn[column];
      if (slot >= 0) {
        if (last?.kind === 'quasi') this.quasiRuns[last.run].push(slot);
        else {
          this.segments.push({ kind: 'quasi', run: this.quasiRuns.length });
          this.quasiRuns.push([slot]);
        }
      } else if (!this.columns[column].cacheable) {
        this.segments.push({ kind: 'single', column, field });
      } else if (last?.kind === 'fields' && last.to === field) {
        last.to = field + 1;
        last.columns.push(column);
      } else {
        this.segments.push({
          kind: 'fields',
          from: field,
          to: field + 1,
          columns: [column],
          cache: new Map(),
        });
      }
    }
  }

  /** One line of the plan statement; returns the number of rows it counts. */
  countLine(line: string): number {
    const { parentQuasi } = this.queries;
    const fields = line.split('\t');
    const count = Number(fields[this.quasiEnd]);
    if (!(count > 0)) return 0;
    if (this.parent?.decisionFor(fieldsBetween(line, 0, parentQuasi)).suppressed) return 0;
    const values = this.quasiValues(fields.slice(parentQuasi, this.quasiEnd));
    const combination = combinationKey(values);
    const entry = this.counts.get(combination);
    if (entry) entry.count += count;
    else this.counts.set(combination, { values, count });
    return count;
  }

  /** Makes the plan from the counted combinations, and each combination's decision. */
  finishPlan(k: number): KAnonymityPlan {
    const plan = planKAnonymity(this.counts, k);
    for (const [combination, { values }] of this.counts) {
      const published = applyStars(values, plan.starred);
      const cells = published.map((value) => ({ value, text: csvField(value) }));
      this.planned.set(combination, {
        suppressed: plan.suppressed.has(combinationKey(published)),
        cells,
        runs: this.quasiRuns.map((slots) => slots.map((slot) => cells[slot].text).join(',')),
      });
    }
    this.counts = new Map();
    this.plan = plan;
    return plan;
  }

  /** The decision for the text of this table's quasi fields. */
  decisionFor(key: string): Decision {
    let decision = this.decisions.get(key);
    if (decision === undefined) {
      const fields = this.queries.quasiColumns.length ? key.split('\t') : [];
      decision = this.planned.get(combinationKey(this.quasiValues(fields)));
      if (decision === undefined) throw new UnplannedCombinationError(this.table.name);
      this.decisions.set(key, decision);
    }
    return decision;
  }

  private quasiValues(fields: readonly string[]): QuasiValue[] {
    return this.queries.quasiColumns.map(
      (column, slot) => this.columns[column].cell(fields[slot]).value,
    );
  }

  /** One line of the rows statement: the record to write, or `undefined` if it is suppressed. */
  rowText(line: string): string | undefined {
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
    const range = (from: number, to: number): string =>
      to > from ? line.slice(starts[from], starts[to] - 1) : '';
    const { parentQuasi } = this.queries;
    if (this.parent?.decisionFor(range(0, parentQuasi)).suppressed) return undefined;
    const decision = this.decisionFor(range(parentQuasi, this.quasiEnd));
    if (decision.suppressed) return undefined;
    this.rows += 1;
    if (this.format === 'jsonl') return this.jsonLine(range, decision);
    let text = '';
    const segments = this.segments;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      let part: string;
      if (segment.kind === 'quasi') part = decision.runs[segment.run];
      else if (segment.kind === 'single')
        part = this.columns[segment.column].cell(range(segment.field, segment.field + 1)).text;
      else {
        const key = range(segment.from, segment.to);
        const known = segment.cache.get(key);
        if (known === undefined) {
          part = segment.columns
            .map(
              (column, n) =>
                this.columns[column].cell(range(segment.from + n, segment.from + n + 1)).text,
            )
            .join(',');
          if (key.length <= CACHED_RUN_LENGTH && segment.cache.size < CACHED_RUNS)
            segment.cache.set(key, part);
        } else part = known;
      }
      text = i === 0 ? part : `${text},${part}`;
    }
    return text + CSV_LINE_END;
  }

  private jsonLine(range: (from: number, to: number) => string, decision: Decision): string {
    const { fieldOfColumn } = this.queries;
    const values: JsonCell[] = [];
    for (let c = 0; c < this.columns.length; c++) {
      const slot = this.quasiSlot[c];
      const field = fieldOfColumn[c];
      const own = this.columns[c].cell(range(field, field + 1));
      const value = slot >= 0 ? decision.cells[slot].value : own.value;
      // A multiple choice as its array, unless disclosure control masked it (`*`).
      values.push(own.selected !== undefined && value !== STAR ? own.selected : value);
    }
    return jsonlRow(this.table.columns, values);
  }
}
