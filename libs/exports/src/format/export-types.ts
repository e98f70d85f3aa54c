/**
 * The shape of an export, shared by the layout builder, the row writer, the schema and the
 * codebook. Types only: the behaviour lives in the files that build or read these.
 */

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'yearmonth';

export type ContextKey =
  | 'submission_id'
  | 'instrument_version'
  | 'campaign'
  | 'phase'
  | 'respondent_role'
  | 'branch'
  | 'participant'
  | 'pair'
  | 'submitted_month';

export type ColumnSource =
  | { kind: 'context'; key: ContextKey }
  /** Keys inside the answers; relative to the repeat item for block tables. */
  | { kind: 'answer'; path: string[]; multiple?: boolean }
  | { kind: 'derived'; path: string[] };

export interface ExportCategory {
  value: string;
  label: string;
}

export interface ExportColumn {
  name: string;
  /** French label. */
  title: string;
  type: ColumnType;
  description?: string;
  categories?: ExportCategory[];
  /**
   * A key variable of disclosure control (a quasi-identifier): a value an attacker may know of
   * someone. Every released column is one, declared quasi-identifier or not, except the row's
   * own id, the participant and pair pseudonyms, and verbatims (free text).
   */
  quasi: boolean;
  /** Free text (a verbatim): scrubbed again with the current scrubber when written. */
  verbatim?: true;
  source: ColumnSource;
}

export interface ExportTable {
  /**
   * `submissions`, or the repeat's key path joined by `_` (e.g. `beneficiaries`): a block table,
   * whose rows are not linked to their submission (see export-layout.ts).
   */
  name: string;
  title: string;
  columns: ExportColumn[];
  /** Block tables only: where the repeat's items live in the answers. */
  repeatPath?: string[];
  /** Empty for block tables. */
  primaryKey: string[];
  foreignKey?: { fields: string[]; reference: { resource: 'submissions'; fields: string[] } };
}

export interface ExportLayout {
  tables: ExportTable[];
}

/** One CSV cell before encoding; `null` is a missing value. */
export type CellValue = string | number | boolean | null;
