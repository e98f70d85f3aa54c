import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { differencingSafe, suppressSmallCells } from '@observatory/anonymisation';
import { AuditService } from '@observatory/audit';
import type { Principal } from '@observatory/auth';
import { badInput, forbidden, notFound } from '@observatory/errors';
import type { InstrumentDefinition, Measure } from '@observatory/instrument-sdk';
import { InstrumentService, PluginRegistry } from '@observatory/instruments';
import { PartnerService, DEFAULT_K } from '@observatory/partners';
import {
  CELL_COLUMNS,
  cellRowsSql,
  onlyField,
  parameters,
  precomputedFields,
  submissionsWrittenAfter,
  type CellBranch,
  type PrecomputedFields,
} from './aggregate-cells-sql';
import {
  countableFields,
  resolveAcrossVersions,
  resolveDimension,
  type AggregateField,
  type CountableField,
} from './aggregate-field';
import {
  auditRequest,
  checkQuestionShape,
  compareCells,
  CONTEXT_DIMENSIONS,
  type AggregateFilter,
  type AggregateRequest,
  type AggregateResultData,
} from './aggregate-request';
import { RecentlyRead } from './recently-read';
import { ReleaseQueryService } from './release/release-query.service';
import type { InstrumentVersionEntity, PartnerEntity } from '@observatory/persistence';

/** Partners' agreements and instruments' versions change rarely: reread at most once a second. */
const REREAD_MS = 1000;

/** The tables of one campaign are fresh, as of this txid_snapshot. */
interface TableState {
  campaignKey: string;
  snapshot: string;
}

const CONTEXT_COLUMNS: Record<(typeof CONTEXT_DIMENSIONS)[number], string> = {
  phase: 's.phase_key',
  respondentRole: 's.respondent_role',
  branch: 's.branch',
  version: 's.instrument_version',
};
const PRECOMPUTED_COLUMNS: Record<(typeof CONTEXT_DIMENSIONS)[number], string> = {
  phase: 'phase_key',
  respondentRole: 'respondent_role',
  branch: 'branch',
  version: 'instrument_version',
};

/** A dimension resolved to SQL built from trusted pieces: a column, or a JSON path parameter. */
interface Dimension {
  name: string;
  expression: string;
}

/**
 * `aggregate(input)`: counts or summarises one field over the stored COMPLETE submissions, in SQL
 * over `jsonb`, optionally grouped and filtered by declared dimensions, then applies disclosure
 * control with the caller's k. Partners see only what their agreement covers; admins may ask for
 * unsuppressed figures. Every partner query (and every unsuppressed admin query) is audited.
 */
@Injectable()
export class AggregateQueryService {
  private readonly agreements = new RecentlyRead<PartnerEntity>(REREAD_MS);
  private readonly versions = new RecentlyRead<InstrumentVersionEntity[]>(REREAD_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentService,
    private readonly plugins: PluginRegistry,
    private readonly partners: PartnerService,
    private readonly audit: AuditService,
    private readonly releases: ReleaseQueryService,
  ) {}

  async aggregate(
    principal: Principal,
    request: AggregateRequest,
    /** live: admins, skip the aggregate tables; release: partners, only from this release. */
    options: { live?: boolean; release?: number } = {},
  ): Promise<AggregateResultData> {
    checkQuestionShape(request);
    if (principal.role === 'PARTNER') {
      // Partners read frozen releases, under the cell-key method (release-query.service.ts).
      if (request.unsuppressed)
        throw forbidden('Partners always get figures under disclosure control');
      const agreement = await this.agreements.get(principal.scope.partnerKey ?? '', () =>
        this.partners.agreementOf(principal),
      );
      this.partners.assertCovers(agreement, request.instrumentKey, request.campaignKey);
      const { chosen, all } = await this.versionsOf(request, true);
      return this.releases.aggregate(principal, agreement, request, chosen, all, options.release);
    }
    if (principal.role !== 'ADMIN') throw forbidden('Aggregates are for admins and partners');
    const k = DEFAULT_K;
    const campaignKeys = request.campaignKey ? [request.campaignKey] : undefined;
    const definitions = (await this.versionsOf(request)).chosen;
    const measuresOf = (definition: InstrumentDefinition): Measure[] =>
      this.plugins.get(definition.kind)?.measures?.(definition) ?? [];
    const resolution = resolveAcrossVersions(definitions, request.field, measuresOf);
    if ('problem' in resolution) throw badInput(resolution.problem);
    const field = resolution.field;
    const groupBy = request.groupBy ?? [];
    const filters = request.filters ?? [];

    const params: unknown[] = [];
    const param = parameters(params);
    const from = this.fromClause(field);
    const where = [
      `s.instrument_key = ${param(request.instrumentKey)}`,
      `s.status = 'COMPLETE'`,
      `s.instrument_version = ANY(${param(definitions.map((d) => d.version))}::text[])`,
      ...(campaignKeys ? [`s.campaign_key = ANY(${param(campaignKeys)}::text[])`] : []),
    ];
    const dimension = (name: string): Dimension =>
      this.dimension(name, field, definitions, measuresOf, param);
    const filterClauses = filters.map(
      (filter) => `${dimension(filter.field).expression} = ANY(${param(filter.values)}::text[])`,
    );
    // The population query uses the parameters so far; the groupings' come after them.
    const populationParams = [...params];
    const groups = groupBy.map(dimension);

    // Populations of every subset of the filters, in one pass: a differencing attack compares
    // queries that differ by one filter, so every pair of them must differ by 0 or at least k.
    const subsets = filterSubsets(filterClauses.length);
    const unsuppressed = Boolean(request.unsuppressed);
    // One snapshot for the freshness check, the population and the cells: they cannot disagree,
    // and the tables are read with the very snapshot list their delta is computed against.
    // The audit row is written in the same transaction: no answer leaves without its record.
    return this.dataSource.transaction('REPEATABLE READ', async (db) => {
      const compute = async (): Promise<AggregateResultData> => {
        const states = options.live
          ? null
          : await this.precomputedStates(db, request, field, groupBy, filters, campaignKeys);
        const table = states
          ? this.precomputedTable(
              request,
              field,
              definitions,
              filters,
              groupBy,
              states,
              campaignKeys,
            )
          : undefined;
        const populationSql = table
          ? table.populationSql(subsets)
          : `SELECT ${subsets
              .map(
                (subset, i) =>
                  `count(${field.repeatPath.length ? 'DISTINCT s.id' : '*'}) FILTER (WHERE ${subset.map((index) => `(${filterClauses[index]})`).join(' AND ') || 'true'}) AS p${i}`,
              )
              .join(', ')} FROM ${from} WHERE ${where.join(' AND ')}`;
        const [populationRow]: Record<string, string | null>[] = await db.query(
          populationSql,
          table ? table.populationParams : populationParams,
        );
        const populations = subsets.map((_, i) => Number(populationRow[`p${i}`] ?? 0));
        const population = populations[populations.length - 1];
        const base = {
          instrumentKey: request.instrumentKey,
          field: request.field,
          groupBy,
          versions: definitions.map((d) => d.version),
          k: unsuppressed ? 1 : k,
          // Respondents (submissions), each counted once whatever its blocks in a repeat.
          unit: 'submissions',
          source: table ? ('precomputed' as const) : ('live' as const),
          // The tables plus the rows since their snapshot are exact now, as a live count is.
          computedAt: new Date(),
        };

        const withheld = (reason: string): AggregateResultData => ({
          ...base,
          population: null,
          suppressed: true,
          reason,
          cells: [],
          suppressedCells: 0,
        });
        if (!unsuppressed && population < k) {
          return withheld(`fewer than ${k} ${base.unit} match: the result is suppressed`);
        }
        if (!unsuppressed && !differencingSafe(populations, k)) {
          return withheld(
            `these filters differ from a broader query by fewer than ${k} ${base.unit}: the result is suppressed`,
          );
        }
        const allWhere = [...where, ...filterClauses].join(' AND ');
        const threshold = unsuppressed ? 1 : k;
        const cells = table
          ? suppressCounts(
              await db.query(table.cellsSql, table.cellsParams),
              field,
              groupBy,
              threshold,
            )
          : field.kind === 'numeric'
            ? await this.numericCells(db, field, from, allWhere, groups, params, threshold)
            : await this.countCells(db, field, from, allWhere, groups, params, threshold);
        return { ...base, population, suppressed: false, reason: null, ...cells };
      };
      const result = await compute();
      if (unsuppressed) {
        await this.audit.record(
          principal,
          {
            action: 'aggregate.unsuppressed',
            request: auditRequest(request),
            suppressedCells: result.suppressedCells,
            outcome: result.suppressed ? 'SUPPRESSED' : 'ANSWERED',
          },
          db,
        );
      }
      return result;
    });
  }

  /** The countable fields of a definition (its kind's measures included), for exports. */
  countableFields(definition: InstrumentDefinition): CountableField[] {
    return countableFields(
      definition,
      this.plugins.get(definition.kind)?.measures?.(definition) ?? [],
    );
  }

  /** The definitions of the versions asked (all by default, oldest first), and every version. */
  private async versionsOf(
    request: AggregateRequest,
    recent = false,
  ): Promise<{ chosen: InstrumentDefinition[]; all: string[] }> {
    const read = (fresh: boolean) =>
      recent
        ? this.versions.get(
            request.instrumentKey,
            () => this.instruments.versions(request.instrumentKey),
            { fresh },
          )
        : this.instruments.versions(request.instrumentKey);
    let versions = await read(false);
    // A version published since the last read: read again before saying it does not exist.
    if ((request.versions ?? []).some((v) => !versions.some((known) => known.version === v)))
      versions = await read(true);
    if (versions.length === 0) throw notFound(`No instrument "${request.instrumentKey}"`);
    const chosen = request.versions?.length
      ? versions.filter((v) => request.versions!.includes(v.version))
      : versions;
    const missing = (request.versions ?? []).filter(
      (v) => !versions.some((known) => known.version === v),
    );
    if (missing.length)
      throw badInput(`Unknown version(s) of ${request.instrumentKey}: ${missing.join(', ')}`);
    return {
      chosen: chosen.map((v) => v.definition).reverse(),
      all: versions.map((v) => v.version),
    };
  }

  /**
   * When the aggregate tables can answer (a top-level choice field, context dimensions only) and
   * are up to date for every campaign in scope: the snapshot of each campaign's tables. Submissions
   * added since a snapshot do not make them stale: the query counts those rows beside the tables
   * (precomputedTable). Any other change does (an outbox event that is not additive, unsent or sent
   * after the computation began), until its recompute; so does a campaign with events but no
   * computation yet. So a partner never gets figures from the tables and from a live count that
   * differ by a few submissions (a differencing channel). Index lookups only.
   */
  private async precomputedStates(
    db: EntityManager,
    request: AggregateRequest,
    field: AggregateField,
    groupBy: string[],
    filters: AggregateFilter[],
    campaignKeys?: string[],
  ): Promise<TableState[] | null> {
    const isContext = (name: string): boolean =>
      (CONTEXT_DIMENSIONS as readonly string[]).includes(name);
    const fits =
      field.repeatPath.length === 0 &&
      field.source === 'answers' &&
      field.valuePath.length === 1 &&
      field.kind !== 'numeric' &&
      groupBy.every(isContext) &&
      filters.every((filter) => isContext(filter.field));
    if (!fits) return null;
    const states: (TableState & { stale: boolean; unsent: boolean })[] = await db.query(
      `SELECT st.campaign_key AS "campaignKey", st.snapshot,
              (st.snapshot IS NULL OR EXISTS (
                SELECT 1 FROM outbox_event o
                 WHERE o.instrument_key = st.instrument_key AND o.campaign_key = st.campaign_key
                   AND NOT o.additive AND (o.sent_at IS NULL OR o.sent_at > st.computed_at))) AS stale,
              EXISTS (SELECT 1 FROM outbox_event o
                       WHERE o.instrument_key = $1 AND o.sent_at IS NULL
                         AND ($2::text[] IS NULL OR o.campaign_key = ANY($2::text[]))
                         AND NOT EXISTS (SELECT 1 FROM aggregate_state known
                                          WHERE known.instrument_key = o.instrument_key
                                            AND known.campaign_key = o.campaign_key)) AS unsent
         FROM aggregate_state st
        WHERE st.instrument_key = $1 AND ($2::text[] IS NULL OR st.campaign_key = ANY($2::text[]))`,
      [request.instrumentKey, campaignKeys ?? null],
    );
    const fresh = states.length > 0 && states.every((state) => !state.stale && !state.unsent);
    return fresh ? states.map(({ campaignKey, snapshot }) => ({ campaignKey, snapshot })) : null;
  }

  /** The same question asked of `aggregate_cell` (see AggregateStateService). */
  private precomputedTable(
    request: AggregateRequest,
    field: AggregateField,
    definitions: InstrumentDefinition[],
    filters: AggregateFilter[],
    groupBy: string[],
    states: TableState[],
    campaignKeys?: string[],
  ): {
    populationParams: unknown[];
    populationSql: (subsets: number[][]) => string;
    cellsParams: unknown[];
    cellsSql: string;
  } {
    const params: unknown[] = [request.instrumentKey, definitions.map((d) => d.version)];
    const param = parameters(params);
    const column = (name: string): string =>
      `c.${PRECOMPUTED_COLUMNS[name as (typeof CONTEXT_DIMENSIONS)[number]]}`;
    // The submissions written since each campaign's snapshot. The snapshots are values here, not a
    // join: the planner then sees how few rows the index range holds. They come from the same
    // transaction snapshot as the cells (see aggregate()).
    const since = states.map((state) =>
      submissionsWrittenAfter(param(state.snapshot), {
        instrumentKey: '$1',
        campaignKey: param(state.campaignKey),
      }),
    );
    // The stored cells, and the same rows counted over those submissions: only the branch asked.
    const withRowsSince = (branch: CellBranch, fields: PrecomputedFields) =>
      `(SELECT ${CELL_COLUMNS} FROM aggregate_cell
        UNION ALL
        ${cellRowsSql(`(${since.join(' UNION ALL ')}) AS s`, 'true', fields, param, [branch])}) AS c`;
    const scope = [
      'c.instrument_key = $1',
      'c.instrument_version = ANY($2::text[])',
      ...(campaignKeys ? [`c.campaign_key = ANY(${param(campaignKeys)}::text[])`] : []),
    ];
    const filterClauses = filters.map(
      (filter) => `${column(filter.field)} = ANY(${param(filter.values)}::text[])`,
    );
    const populationSource = withRowsSince('population', precomputedFields([]));
    const populationParams = [...params];
    const fieldKey = param(field.valuePath[0]);
    const fieldSource = withRowsSince(
      field.kind === 'multiple' ? 'multiple' : 'single',
      onlyField(precomputedFields(definitions), field.valuePath[0]),
    );
    return {
      populationParams,
      cellsParams: params,
      populationSql: (subsets) =>
        `SELECT ${subsets
          .map(
            (subset, i) =>
              `sum(c.count) FILTER (WHERE ${subset.map((index) => `(${filterClauses[index]})`).join(' AND ') || 'true'}) AS p${i}`,
          )
          .join(
            ', ',
          )} FROM ${populationSource} WHERE ${[...scope, `c.field_key = ''`].join(' AND ')}`,
      cellsSql: `SELECT ${[...groupBy.map((name, i) => `${column(name)} AS g${i}`), 'c.value AS cell_value', 'sum(c.count) AS n'].join(', ')}
                   FROM ${fieldSource}
                  WHERE ${[...scope, `c.field_key = ${fieldKey}`, ...filterClauses].join(' AND ')}
                  GROUP BY ${[...groupBy.map((_, i) => `g${i}`), 'cell_value'].join(', ')}`,
    };
  }

  private fromClause(field: AggregateField): string {
    if (!field.repeatPath.length) return 'submission s';
    // One row per block of the repeat: the unit counted is the block (e.g. a beneficiary).
    const path = `'{${field.repeatPath.join(',')}}'`;
    return `submission s CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(s.answers #> ${path}) = 'array' THEN s.answers #> ${path} ELSE '[]'::jsonb END) AS item(block)`;
  }

  private dimension(
    name: string,
    field: AggregateField,
    definitions: InstrumentDefinition[],
    measuresOf: (definition: InstrumentDefinition) => Measure[],
    param: (value: unknown) => string,
  ): Dimension {
    if ((CONTEXT_DIMENSIONS as readonly string[]).includes(name)) {
      return { name, expression: CONTEXT_COLUMNS[name as (typeof CONTEXT_DIMENSIONS)[number]] };
    }
    const resolution = resolveDimension(definitions, name, field, measuresOf, CONTEXT_DIMENSIONS);
    if ('problem' in resolution) throw badInput(resolution.problem);
    const dimension = resolution.field;
    const source = dimension.repeatPath.length ? 'item.block' : 's.answers';
    return { name, expression: `(${source} #>> ${param(dimension.valuePath)}::text[])` };
  }

  private async countCells(
    db: EntityManager,
    field: AggregateField,
    from: string,
    where: string,
    groups: Dimension[],
    params: unknown[],
    k: number,
  ): Promise<Pick<AggregateResultData, 'cells' | 'suppressedCells'>> {
    const source = sourceOf(field);
    const pathParam = `$${params.length + 1}`;
    const valueSql =
      field.kind === 'multiple' ? `option.choice` : `(${source} #>> ${pathParam}::text[])`;
    const optionJoin =
      field.kind === 'multiple'
        ? ` CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(${source} #> ${pathParam}::text[]) = 'array' THEN ${source} #> ${pathParam}::text[] ELSE '[]'::jsonb END) AS option(choice)`
        : '';
    const groupSql = groups.map((g, i) => `${g.expression} AS g${i}`);
    const rows: Record<string, string | null>[] = await db.query(
      `SELECT ${[...groupSql, `${valueSql} AS cell_value`, `count(${field.repeatPath.length ? 'DISTINCT s.id' : '*'}) AS n`].join(', ')}
         FROM ${from}${optionJoin}
        WHERE ${where}
        GROUP BY ${[...groups.map((_, i) => `g${i}`), 'cell_value'].join(', ')}`,
      [...params, field.valuePath],
    );
    return suppressCounts(
      rows,
      field,
      groups.map((g) => g.name),
      k,
    );
  }

  private async numericCells(
    db: EntityManager,
    field: AggregateField,
    from: string,
    where: string,
    groups: Dimension[],
    params: unknown[],
    k: number,
  ): Promise<Pick<AggregateResultData, 'cells' | 'suppressedCells'>> {
    const source = sourceOf(field);
    const pathParam = `$${params.length + 1}`;
    const groupSql = groups.map((g, i) => `${g.expression} AS g${i}`);
    const rows: Record<string, string | null>[] = await db.query(
      `SELECT ${[
        ...groups.map((_, i) => `g${i}`),
        'count(x) AS n',
        'avg(x) AS mean',
        'percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS median',
        'percentile_cont(0.25) WITHIN GROUP (ORDER BY x) AS q1',
        'percentile_cont(0.75) WITHIN GROUP (ORDER BY x) AS q3',
      ].join(', ')}
         FROM (
           -- One value per submission and group: the blocks of a repeat are averaged first, so a
           -- respondent counts once (as in the partners' figures).
           SELECT ${[...groups.map((_, i) => `g${i}`), 'avg(x) AS x'].join(', ')}
             FROM (
               SELECT ${['s.id AS submission_id', ...groupSql, `CASE WHEN jsonb_typeof(${source} #> ${pathParam}::text[]) = 'number' THEN (${source} #>> ${pathParam}::text[])::numeric END AS x`].join(', ')}
                 FROM ${from}
                WHERE ${where}
             ) AS b
            WHERE x IS NOT NULL
            GROUP BY ${['submission_id', ...groups.map((_, i) => `g${i}`)].join(', ')}
         ) AS v
        GROUP BY ${groups.length ? groups.map((_, i) => `g${i}`).join(', ') : '()'}`,
      [...params, field.valuePath],
    );
    let suppressedCells = 0;
    const cells = rows
      .map((row) => {
        const count = Number(row.n);
        const group = Object.fromEntries(groups.map((g, i) => [g.name, row[`g${i}`] ?? null]));
        if (count < k) {
          suppressedCells += 1;
          return {
            group,
            value: null,
            count: null,
            suppressed: true,
            mean: null,
            median: null,
            q1: null,
            q3: null,
          };
        }
        const number = (value: string | null): number | null =>
          value === null ? null : Number(value);
        return {
          group,
          value: null,
          count,
          suppressed: false,
          mean: number(row.mean),
          median: number(row.median),
          q1: number(row.q1),
          q3: number(row.q3),
        };
      })
      .sort(compareCells);
    return { cells, suppressedCells };
  }
}

/** Applies disclosure control to grouped counts (rows g0, g1… and cell_value, n). */
function suppressCounts(
  rows: Record<string, string | null>[],
  field: AggregateField,
  groupNames: string[],
  k: number,
): Pick<AggregateResultData, 'cells' | 'suppressedCells'> {
  const raw = rows.map((row) => ({
    group: Object.fromEntries(groupNames.map((name, i) => [name, row[`g${i}`] ?? null])),
    value: row.cell_value ?? null,
    count: Number(row.n),
  }));
  const suppression = suppressSmallCells({
    cells: raw.map((cell) => ({
      row: JSON.stringify(cell.group),
      column: cell.value ?? '\u0000none',
      count: cell.count,
    })),
    k,
    additiveRows: field.kind === 'categorical',
    // Totals of rows and columns can be had from other queries: protect them as if published.
    publishRowTotals: true,
    publishColumnTotals: groupNames.length > 0,
  });
  const cells = raw
    .map((cell, i) => ({
      group: cell.group,
      value: cell.value,
      count: suppression.cells[i].suppressed ? null : cell.count,
      suppressed: suppression.cells[i].suppressed,
    }))
    .sort(compareCells);
  return { cells, suppressedCells: suppression.primary + suppression.secondary };
}

/** Every subset of n filters, by index, from the empty set to the full set (last). */
function filterSubsets(n: number): number[][] {
  const subsets: number[][] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    subsets.push([...Array(n).keys()].filter((i) => mask & (1 << i)));
  }
  return subsets.sort((a, b) => a.length - b.length);
}

/** The JSON a field's values are read from: a kind's measures from what its plugin derived. */
function sourceOf(field: AggregateField): string {
  if (field.source === 'derived') return 's.derived';
  return field.repeatPath.length ? 'item.block' : 's.answers';
}
