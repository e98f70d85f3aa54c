/**
 * A release held in memory, integer-coded by column: what partners' aggregates are computed from.
 * A release is frozen, so this is built once per process and release (release-cache.ts) and every
 * partner query is a pass over typed arrays, whatever the grouping (see docs/architecture.md).
 *
 * Units are respondents (one COMPLETE submission each), in the release's order; the blocks of each
 * repeat are units of their own, each with its owner. Columns are keyed `kind:name`, so a field
 * that changed type between versions keeps one column per type (a query only reads the versions
 * where the type is the one it asked for). Nothing here names a submission: record keys are split
 * into their cell-key share and their sketch element.
 */
import { recordKeyParts, SKETCH_CAPACITY, sketchTerms } from '@observatory/anonymisation';
import type { JsonObject } from '@observatory/instrument-sdk';
import type { AggregateField } from '../aggregate-field';
import { at } from './aggregatable-answers';

/** The context of a respondent, as columns: campaign, version, phase, role, branch. */
export const CONTEXT_COLUMNS = [
  'campaign',
  'version',
  'phase',
  'respondentRole',
  'branch',
] as const;
export type ContextColumn = (typeof CONTEXT_COLUMNS)[number];

/** Where a column's units are: respondents, or the blocks of one repeat. */
export interface ColumnLevel {
  /** Empty for respondents; the repeat's key path for its blocks. */
  repeatPath: string[];
}

export interface CategoricalColumn extends ColumnLevel {
  kind: 'categorical';
  /** Per unit: index in `dictionary`, −1 for no answer. */
  codes: Int32Array;
  dictionary: string[];
}

export interface MultipleColumn extends ColumnLevel {
  kind: 'multiple';
  /** Per unit u: the codes chosen are codes[offsets[u] … offsets[u + 1]). */
  offsets: Int32Array;
  codes: Int32Array;
  dictionary: string[];
}

export interface NumericColumn extends ColumnLevel {
  kind: 'numeric';
  /** Per unit; NaN for no value. */
  values: Float64Array;
  /** Smallest and largest value in the release (NaN when none). */
  observed: { min: number; max: number };
}

export type Column = CategoricalColumn | MultipleColumn | NumericColumn;

export interface BlockIndex {
  /** The blocks of respondent r are start[r] … start[r + 1]. */
  start: Int32Array;
  /** The respondent each block belongs to. */
  owners: Int32Array;
}

export interface ReleaseInfo {
  instrumentKey: string;
  number: number;
  createdAt: Date;
}

/** One member of a release as stored (release_member). */
export interface ReleaseRow {
  /** The record key, as PostgreSQL returns a bigint (decimal text). */
  recordKey: string;
  campaignKey: string;
  version: string;
  phase: string | null;
  respondentRole: string | null;
  branch: string | null;
  answers: JsonObject;
  derived: JsonObject;
}

export function columnKey(field: Pick<AggregateField, 'kind' | 'name'>): string {
  return `${field.kind}:${field.name}`;
}

export class ReleaseData {
  private terms?: Uint32Array;

  constructor(
    readonly release: ReleaseInfo,
    readonly size: number,
    /** Per respondent: the record key's share of cell keys. */
    readonly cellShares: Uint32Array,
    /** Per respondent: the record key's element of population sketches. */
    readonly elements: Uint32Array,
    readonly context: Record<ContextColumn, CategoricalColumn>,
    readonly columns: ReadonlyMap<string, Column>,
    readonly repeats: ReadonlyMap<string, BlockIndex>,
  ) {}

  column(field: Pick<AggregateField, 'kind' | 'name'>): Column | undefined {
    return this.columns.get(columnKey(field));
  }

  blocks(repeatPath: string[]): BlockIndex | undefined {
    return this.repeats.get(repeatPath.join('.'));
  }

  /** Each respondent's sketch terms (odd powers of its element), computed on first use. */
  sketchTerms(): Uint32Array {
    this.terms ??= sketchTerms(this.elements, SKETCH_CAPACITY);
    return this.terms;
  }
}

/** Growable columns, filled row by row, then frozen into typed arrays. */
class CategoricalBuilder {
  readonly codes: number[] = [];
  private readonly dictionary = new Map<string, number>();
  constructor(readonly repeatPath: string[]) {}
  add(value: unknown): void {
    if (value === undefined || value === null || typeof value === 'object') {
      this.codes.push(-1);
      return;
    }
    const text = String(value);
    let code = this.dictionary.get(text);
    if (code === undefined) {
      code = this.dictionary.size;
      this.dictionary.set(text, code);
    }
    this.codes.push(code);
  }
  build(): CategoricalColumn {
    return {
      kind: 'categorical',
      repeatPath: this.repeatPath,
      codes: Int32Array.from(this.codes),
      dictionary: [...this.dictionary.keys()],
    };
  }
}

class MultipleBuilder {
  private readonly offsets: number[] = [0];
  private readonly codes: number[] = [];
  private readonly dictionary = new Map<string, number>();
  constructor(readonly repeatPath: string[]) {}
  add(value: unknown): void {
    if (Array.isArray(value)) {
      // A respondent counts once per option, however often the option is repeated.
      for (const item of new Set(value.filter((v): v is string => typeof v === 'string'))) {
        let code = this.dictionary.get(item);
        if (code === undefined) {
          code = this.dictionary.size;
          this.dictionary.set(item, code);
        }
        this.codes.push(code);
      }
    }
    this.offsets.push(this.codes.length);
  }
  build(): MultipleColumn {
    return {
      kind: 'multiple',
      repeatPath: this.repeatPath,
      offsets: Int32Array.from(this.offsets),
      codes: Int32Array.from(this.codes),
      dictionary: [...this.dictionary.keys()],
    };
  }
}

class NumericBuilder {
  private readonly values: number[] = [];
  private min = NaN;
  private max = NaN;
  constructor(readonly repeatPath: string[]) {}
  add(value: unknown): void {
    if (typeof value === 'number' && Number.isFinite(value)) {
      this.values.push(value);
      if (!(value >= this.min)) this.min = value;
      if (!(value <= this.max)) this.max = value;
    } else {
      this.values.push(NaN);
    }
  }
  build(): NumericColumn {
    return {
      kind: 'numeric',
      repeatPath: this.repeatPath,
      values: Float64Array.from(this.values),
      observed: { min: this.min, max: this.max },
    };
  }
}

type Builder = CategoricalBuilder | MultipleBuilder | NumericBuilder;

/**
 * Builds a ReleaseData from its rows. `fieldsOf(version)` lists the aggregatable fields of each
 * version (aggregate-field.ts); a column holds "no value" for the rows of versions without it.
 */
export class ReleaseDataBuilder {
  private size = 0;
  private readonly shares: number[] = [];
  private readonly elements: number[] = [];
  private readonly context = Object.fromEntries(
    CONTEXT_COLUMNS.map((name) => [name, new CategoricalBuilder([])]),
  ) as Record<ContextColumn, CategoricalBuilder>;
  private readonly columns = new Map<string, Builder>();
  private readonly repeats = new Map<string, { start: number[]; owners: number[] }>();
  /** Respondent-level columns, and each repeat's block-level columns, in a fixed order. */
  private readonly respondentColumns: { key: string; builder: Builder }[] = [];
  private readonly blockColumns = new Map<string, { key: string; builder: Builder }[]>();

  private readonly versions = new Map<string, Map<string, AggregateField>>();

  constructor(private readonly fieldsOf: (version: string) => readonly AggregateField[]) {}

  /** A version's fields by column key (built once per version, not per row). */
  private fieldsByKey(version: string): Map<string, AggregateField> {
    let fields = this.versions.get(version);
    if (!fields) {
      fields = new Map(this.fieldsOf(version).map((field) => [columnKey(field), field]));
      this.versions.set(version, fields);
    }
    return fields;
  }

  /** Registers every column the versions have, before any row. */
  declare(fields: readonly AggregateField[]): this {
    for (const field of fields) {
      const key = columnKey(field);
      if (this.columns.has(key)) continue;
      const builder =
        field.kind === 'categorical'
          ? new CategoricalBuilder(field.repeatPath)
          : field.kind === 'multiple'
            ? new MultipleBuilder(field.repeatPath)
            : new NumericBuilder(field.repeatPath);
      this.columns.set(key, builder);
      if (field.repeatPath.length === 0) {
        this.respondentColumns.push({ key, builder });
      } else {
        const repeat = field.repeatPath.join('.');
        if (!this.repeats.has(repeat)) {
          this.repeats.set(repeat, { start: [0], owners: [] });
          this.blockColumns.set(repeat, []);
        }
        this.blockColumns.get(repeat)!.push({ key, builder });
      }
    }
    return this;
  }

  add(row: ReleaseRow): void {
    const respondent = this.size++;
    const parts = recordKeyParts(row.recordKey);
    this.shares.push(parts.cellKey);
    this.elements.push(parts.element);
    this.context.campaign.add(row.campaignKey);
    this.context.version.add(row.version);
    this.context.phase.add(row.phase);
    this.context.respondentRole.add(row.respondentRole);
    this.context.branch.add(row.branch);

    const fields = this.fieldsByKey(row.version);
    const valueOf = (field: AggregateField | undefined, source: unknown): unknown =>
      field ? at(source, field.valuePath) : undefined;
    for (const { key, builder } of this.respondentColumns) {
      const field = fields.get(key);
      builder.add(valueOf(field, field?.source === 'derived' ? row.derived : row.answers));
    }
    for (const [repeat, columns] of this.blockColumns) {
      const index = this.repeats.get(repeat)!;
      const blocks = columns.some(({ key }) => fields.has(key))
        ? at(row.answers, repeat.split('.'))
        : undefined;
      if (Array.isArray(blocks)) {
        for (const block of blocks) {
          index.owners.push(respondent);
          for (const { key, builder } of columns) builder.add(valueOf(fields.get(key), block));
        }
      }
      index.start.push(index.owners.length);
    }
  }

  build(release: ReleaseInfo): ReleaseData {
    const context = Object.fromEntries(
      CONTEXT_COLUMNS.map((name) => [name, this.context[name].build()]),
    ) as Record<ContextColumn, CategoricalColumn>;
    const columns = new Map<string, Column>();
    for (const [key, builder] of this.columns) columns.set(key, builder.build());
    const repeats = new Map<string, BlockIndex>();
    for (const [repeat, index] of this.repeats) {
      repeats.set(repeat, {
        start: Int32Array.from(index.start),
        owners: Int32Array.from(index.owners),
      });
    }
    return new ReleaseData(
      release,
      this.size,
      Uint32Array.from(this.shares),
      Uint32Array.from(this.elements),
      context,
      columns,
      repeats,
    );
  }
}

/** A column where no unit has a value (a field no version in the release has). */
export function emptyColumn(
  field: Pick<AggregateField, 'kind' | 'repeatPath'>,
  units: number,
): Column {
  const repeatPath = field.repeatPath;
  if (field.kind === 'numeric') {
    return {
      kind: 'numeric',
      repeatPath,
      values: new Float64Array(units).fill(NaN),
      observed: { min: NaN, max: NaN },
    };
  }
  if (field.kind === 'multiple') {
    return {
      kind: 'multiple',
      repeatPath,
      offsets: new Int32Array(units + 1),
      codes: new Int32Array(0),
      dictionary: [],
    };
  }
  return { kind: 'categorical', repeatPath, codes: new Int32Array(units).fill(-1), dictionary: [] };
}
