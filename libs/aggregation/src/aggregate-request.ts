/**
 * The shape of an `aggregate` question and of its answer, shared by the admins' live path
 * (aggregate-query.service.ts) and the partners' release path (release/release-query.service.ts).
 */
import type { JsonObject } from '@observatory/instrument-sdk';
import { badInput } from '@observatory/errors';

export const CONTEXT_DIMENSIONS = ['phase', 'respondentRole', 'branch', 'version'] as const;
export const MAX_GROUP_BY = 2;
export const MAX_FILTERS = 3;

export interface AggregateFilter {
  field: string;
  values: string[];
}

export interface AggregateRequest {
  instrumentKey: string;
  versions?: string[] | null;
  campaignKey?: string | null;
  field: string;
  groupBy?: string[] | null;
  filters?: AggregateFilter[] | null;
  /** Admins only: the figures without disclosure control. */
  unsuppressed?: boolean | null;
}

export interface AggregateCellResult {
  group: Record<string, string | null>;
  value: string | null;
  count: number | null;
  suppressed: boolean;
  /** Why a partner's cell is suppressed: SMALL_GROUP, DOMINANCE, NEAR_POPULATION; null otherwise. */
  reason?: string | null;
  mean?: number | null;
  median?: number | null;
  q1?: number | null;
  q3?: number | null;
}

export interface AggregateRelease {
  number: number;
  createdAt: Date;
}

export interface AggregateResultData {
  instrumentKey: string;
  field: string;
  groupBy: string[];
  versions: string[];
  k: number;
  /** What is counted: submissions (each once, whatever the blocks of a repeat). */
  unit: string;
  population: number | null;
  /** True when the whole answer is withheld (population under k, or a differencing risk). */
  suppressed: boolean;
  reason: string | null;
  cells: AggregateCellResult[];
  suppressedCells: number;
  /**
   * `release`: a partner's figures, from a frozen release (`release`); `precomputed` or `live`:
   * an admin's, from the aggregate tables or counted from the submissions.
   */
  source: 'precomputed' | 'live' | 'release';
  /** The release a partner's answer comes from; null for admins (live). */
  release?: AggregateRelease | null;
  computedAt: Date;
}

/** The limits every question obeys, whoever asks. */
export function checkQuestionShape(request: AggregateRequest): void {
  const groupBy = request.groupBy ?? [];
  const filters = request.filters ?? [];
  if (groupBy.length > MAX_GROUP_BY)
    throw badInput(`groupBy takes at most ${MAX_GROUP_BY} dimensions`);
  if (filters.length > MAX_FILTERS)
    throw badInput(`filters take at most ${MAX_FILTERS} dimensions`);
  if (new Set(groupBy).size !== groupBy.length || groupBy.includes(request.field)) {
    throw badInput('groupBy dimensions must be distinct and differ from the field');
  }
  for (const filter of filters) {
    if (filter.values.length === 0 || filter.values.length > 100)
      throw badInput(`filter on ${filter.field} needs 1 to 100 values`);
  }
}

export function compareCells(a: AggregateCellResult, b: AggregateCellResult): number {
  const ga = JSON.stringify(a.group);
  const gb = JSON.stringify(b.group);
  if (ga !== gb) return ga < gb ? -1 : 1;
  return (a.value ?? '\uffff') < (b.value ?? '\uffff')
    ? -1
    : (a.value ?? '\uffff') > (b.value ?? '\uffff')
      ? 1
      : 0;
}

/** The question as asked, for the audit log: never answers. */
export function auditRequest(request: AggregateRequest): JsonObject {
  return {
    instrumentKey: request.instrumentKey,
    versions: request.versions ?? null,
    campaignKey: request.campaignKey ?? null,
    field: request.field,
    groupBy: request.groupBy ?? [],
    filters: (request.filters ?? []).map((filter) => ({
      field: filter.field,
      values: filter.values,
    })),
    unsuppressed: Boolean(request.unsuppressed),
  };
}
