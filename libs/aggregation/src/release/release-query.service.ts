import { Injectable } from '@nestjs/common';
import {
  MIN_QUANTILE_RESPONDENTS,
  perturbCount,
  publishCountRow,
  publishNumericRow,
  type ProtectedCell,
} from '@observatory/anonymisation';
import { AuditService } from '@observatory/audit';
import type { Principal } from '@observatory/auth';
import { badInput, DomainError } from '@observatory/errors';
import type { InstrumentDefinition, Measure } from '@observatory/instrument-sdk';
import { PluginRegistry } from '@observatory/instruments';
import type { PartnerEntity } from '@observatory/persistence';
import { resolveAcrossVersions, resolveDimension, type AggregateField } from '../aggregate-field';
import {
  auditRequest,
  compareCells,
  CONTEXT_DIMENSIONS,
  type AggregateRequest,
  type AggregateResultData,
} from '../aggregate-request';
import {
  definitionHash,
  groupDefinition,
  populationDefinition,
  type DefinitionInput,
} from './population-definition';
import { PopulationMemory, type AnsweredPopulation } from './population-memory.service';
import { ReleaseCache } from './release-cache';
import {
  emptyColumn,
  type CategoricalColumn,
  type Column,
  type ContextColumn,
  type ReleaseData,
} from './release-data';
import { tableStats, type TableDimension, type TableQuery, type TableStats } from './release-table';

/** Answers kept per process (frozen releases make them reusable until the next release). */
const STATS_CACHE_SIZE = 500;

/** The error code of an answer refused because its population is too close to one answered. */
export const DISCLOSURE_RISK = 'DISCLOSURE_RISK';

/**
 * A partner's `aggregate`: read from the current release of the instrument (never the live
 * tables), counted in respondents, then protected: groups under k left out, dominated groups
 * suppressed, every count perturbed by the cell-key method (the same respondents give the same
 * figure, always), means perturbed, quartiles from 10 respondents on, and every population
 * published checked against the memory of populations already answered (a tracker's pair of
 * queries is refused). Audited, with the release it comes from.
 */
@Injectable()
export class ReleaseQueryService {
  private readonly statsCache = new Map<string, TableStats>();

  constructor(
    private readonly cache: ReleaseCache,
    private readonly memory: PopulationMemory,
    private readonly plugins: PluginRegistry,
    private readonly audit: AuditService,
  ) {}

  async aggregate(
    principal: Principal,
    agreement: PartnerEntity,
    request: AggregateRequest,
    definitions: InstrumentDefinition[],
    allVersions: string[],
    /** Only from this release (an export of several questions must not straddle two). */
    pinned?: number,
  ): Promise<AggregateResultData> {
    const measuresOf = (definition: InstrumentDefinition): Measure[] =>
      this.plugins.get(definition.kind)?.measures?.(definition) ?? [];
    const resolution = resolveAcrossVersions(definitions, request.field, measuresOf);
    if ('problem' in resolution) throw badInput(resolution.problem);
    const field = resolution.field;
    const groupBy = request.groupBy ?? [];
    const filters = request.filters ?? [];
    const dimensionFields = new Map<string, AggregateField | null>();
    for (const name of [...groupBy, ...filters.map((filter) => filter.field)]) {
      dimensionFields.set(name, this.dimensionField(name, field, definitions, measuresOf));
    }
    const k = agreement.k;
    const versions = definitions.map((definition) => definition.version);
    const base = {
      instrumentKey: request.instrumentKey,
      field: request.field,
      groupBy,
      versions,
      k,
      unit: 'submissions',
      source: 'release' as const,
    };
    const data = await this.cache.current(request.instrumentKey);
    if (!data) {
      return this.withheld(principal, request, {
        ...base,
        release: null,
        computedAt: new Date(),
        reason: 'no release of this instrument has been published to partners yet',
      });
    }
    const release = { number: data.release.number, createdAt: data.release.createdAt };
    if (pinned !== undefined && pinned !== release.number) {
      // Not a fault of the request: the caller (an export job) starts again from the new release.
      throw new Error(
        `release ${pinned} of ${request.instrumentKey} was replaced by ${release.number}`,
      );
    }

    // The scope: the agreement's campaigns (or the one asked), the versions asked.
    const asked = request.campaignKey ? [request.campaignKey] : agreement.campaignKeys;
    const present = new Set(data.context.campaign.dictionary);
    const campaigns = asked.filter((campaign) => present.has(campaign));
    const everyVersion = allVersions.every((version) => versions.includes(version));
    const column = (name: string): CategoricalColumn => {
      if ((CONTEXT_DIMENSIONS as readonly string[]).includes(name))
        return data.context[name as ContextColumn];
      const dimension = dimensionFields.get(name)!;
      return this.columnOf(data, dimension!) as CategoricalColumn;
    };
    const dimension = (name: string): TableDimension => ({ name, column: column(name) });
    const scopeFilters = [
      { dimension: { name: 'campaign', column: data.context.campaign }, values: campaigns },
      ...(everyVersion
        ? []
        : [{ dimension: { name: 'version', column: data.context.version }, values: versions }]),
    ];
    const asFilters = filters.map((filter) => {
      const dim = dimension(filter.field);
      const present = new Set(dim.column.dictionary);
      return { dimension: dim, values: [...new Set(filter.values)].filter((v) => present.has(v)) };
    });
    const fieldColumn = this.columnOf(data, field);
    const query: TableQuery = {
      field: fieldColumn,
      values: listedValues(field, fieldColumn),
      groupBy: groupBy.map(dimension),
      filters: [...scopeFilters, ...asFilters],
    };
    const stats = this.stats(data, request, query, campaigns, everyVersion);

    const blockLevel = [...dimensionFields.values()].some((d) => d && d.repeatPath.length > 0);
    const description: DefinitionInput = {
      instrumentKey: request.instrumentKey,
      campaigns,
      versions: everyVersion ? null : versions,
      filters: asFilters.map((filter) => ({
        dimension: filter.dimension.name,
        values: filter.values,
      })),
      repeat: blockLevel ? field.repeatPath.join('.') : null,
    };
    if (stats.total.size < k) {
      return this.withheld(principal, request, {
        ...base,
        release,
        computedAt: data.release.createdAt,
        reason: `fewer than ${k} respondents match: the result is suppressed`,
      });
    }

    // Protection of each group, then the populations the answer would publish.
    const rows: { cells: ProtectedCell[]; population?: AnsweredPopulation }[] = [];
    for (const row of stats.rows) {
      if (field.kind === 'numeric') {
        const cell = publishNumericRow(
          {
            group: row.group,
            count: row.numeric!.size,
            cellKey: row.numeric!.cellKey,
            sum: row.numeric!.sum,
            sorted: row.numeric!.sorted,
          },
          {
            k,
            scale: numericScale(field, fieldColumn),
            quantileMinimum: Math.max(MIN_QUANTILE_RESPONDENTS, agreement.quantileMinimum ?? 0),
          },
        );
        if (!cell) continue;
        // The group's population is everyone in it: those without a value add nothing to the
        // summary, so the summaries of two groups differ only by the respondents between them.
        rows.push({
          cells: [cell],
          population: cell.suppressed
            ? undefined
            : {
                definition: definitionHash(groupDefinition(description, row.group)),
                size: row.population.size,
                sketch: row.population.sketch,
              },
        });
      } else {
        const cells = publishCountRow(
          { group: row.group, population: row.population.size, cells: row.cells },
          {
            k,
            // In a repeat, a respondent can have blocks in several cells: each value is then a
            // yes/no question of its own, as an option of a multiple choice.
            kind: field.kind === 'multiple' || field.repeatPath.length ? 'multiple' : 'categorical',
          },
        );
        if (!cells) continue;
        rows.push({
          cells,
          population: cells.every((cell) => cell.suppressed)
            ? undefined
            : {
                definition: definitionHash(groupDefinition(description, row.group)),
                size: row.population.size,
                sketch: row.population.sketch,
              },
        });
      }
    }
    const total: AnsweredPopulation = {
      definition: definitionHash(populationDefinition(description)),
      size: stats.total.size,
      sketch: stats.total.sketch,
    };
    const checked = rows.filter((row) => row.population);
    return this.memory
      .check(
        {
          instrumentKey: request.instrumentKey,
          releaseNumber: release.number,
          partnerKey: agreement.key,
          k,
        },
        [total, ...checked.map((row) => row.population!)],
        async (db, accepted) => {
          if (!accepted[0]) {
            await this.audit.record(
              principal,
              {
                action: 'aggregate',
                request: { ...auditRequest(request), release: release.number },
                outcome: 'REFUSED',
              },
              db,
            );
            return null;
          }
          checked.forEach((row, i) => {
            if (accepted[i + 1]) return;
            row.cells = row.cells.map((cell) => nearPopulation(cell));
          });
          const cells = rows.flatMap((row) => row.cells).sort(compareCells);
          const suppressedCells = cells.filter((cell) => cell.suppressed).length;
          await this.audit.record(
            principal,
            {
              action: 'aggregate',
              request: { ...auditRequest(request), release: release.number },
              suppressedCells,
              outcome: 'ANSWERED',
            },
            db,
          );
          return {
            ...base,
            release,
            computedAt: data.release.createdAt,
            population: perturbCount(stats.total.size, stats.total.cellKey, k),
            suppressed: false,
            reason: null,
            cells,
            suppressedCells,
          } satisfies AggregateResultData;
        },
      )
      .then((result) => {
        if (result) return result;
        throw new DomainError(
          'DISCLOSURE_RISK',
          `This population differs by fewer than ${k} respondents from one already answered (to you or another partner, in this release or an earlier one), or is the same respondents described otherwise; it is not answered. Widen or change the restriction.`,
        );
      });
  }

  /** A whole answer withheld (no release yet, or fewer than k respondents): audited, nothing remembered. */
  private async withheld(
    principal: Principal,
    request: AggregateRequest,
    result: Omit<
      AggregateResultData,
      'population' | 'suppressed' | 'cells' | 'suppressedCells' | 'reason'
    > & { reason: string },
  ): Promise<AggregateResultData> {
    await this.audit.record(principal, {
      action: 'aggregate',
      request: { ...auditRequest(request), release: result.release?.number ?? null },
      outcome: 'SUPPRESSED',
    });
    return { ...result, population: null, suppressed: true, cells: [], suppressedCells: 0 };
  }

  /** The statistics of a question, computed once per release and question in this process. */
  private stats(
    data: ReleaseData,
    request: AggregateRequest,
    query: TableQuery,
    campaigns: string[],
    everyVersion: boolean,
  ): TableStats {
    const key = JSON.stringify([
      data.release.instrumentKey,
      data.release.number,
      request.field,
      request.groupBy ?? [],
      query.filters.map((filter) => [filter.dimension.name, [...filter.values].sort()]),
      campaigns,
      everyVersion,
    ]);
    let stats = this.statsCache.get(key);
    if (stats) {
      // Most recently used last.
      this.statsCache.delete(key);
    } else {
      stats = tableStats(data, query);
      if (this.statsCache.size >= STATS_CACHE_SIZE) {
        this.statsCache.delete(this.statsCache.keys().next().value as string);
      }
    }
    this.statsCache.set(key, stats);
    return stats;
  }

  private columnOf(data: ReleaseData, field: AggregateField): Column {
    const column = data.column(field);
    if (column) return column;
    // No respondent of the release has a version with this field: every unit has no value.
    const units = field.repeatPath.length
      ? (data.blocks(field.repeatPath)?.owners.length ?? 0)
      : data.size;
    return emptyColumn(field, units);
  }

  /** A groupBy or filter dimension: a context column, or a single choice / boolean field. */
  private dimensionField(
    name: string,
    field: AggregateField,
    definitions: InstrumentDefinition[],
    measuresOf: (definition: InstrumentDefinition) => Measure[],
  ): AggregateField | null {
    if ((CONTEXT_DIMENSIONS as readonly string[]).includes(name)) return null;
    const resolution = resolveDimension(definitions, name, field, measuresOf, CONTEXT_DIMENSIONS);
    if ('problem' in resolution) throw badInput(resolution.problem);
    const dimension = resolution.field;
    return dimension;
  }
}

/** Cells listed for a field: its options (and "no answer" for a single choice), then any other value met. */
function listedValues(field: AggregateField, column: Column): (string | null)[] {
  if (field.kind === 'numeric' || column.kind === 'numeric') return [];
  const values = [...(field.options ?? [])];
  for (const value of column.dictionary) if (!values.includes(value)) values.push(value);
  return field.kind === 'categorical' ? [null, ...values] : values;
}

/** The span of a number's values: its declared bounds, else what the release holds (at least 1). */
function numericScale(field: AggregateField, column: Column): number {
  if (field.bounds?.min !== undefined && field.bounds.max !== undefined) {
    return Math.max(1, field.bounds.max - field.bounds.min);
  }
  if (column.kind === 'numeric' && Number.isFinite(column.observed.max - column.observed.min)) {
    return Math.max(1, column.observed.max - column.observed.min);
  }
  return 1;
}

function nearPopulation(cell: ProtectedCell): ProtectedCell {
  return {
    ...cell,
    count: null,
    suppressed: true,
    reason: 'NEAR_POPULATION',
    ...('mean' in cell ? { mean: null, median: null, q1: null, q3: null } : {}),
  };
}
