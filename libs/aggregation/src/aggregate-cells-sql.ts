import type { InstrumentDefinition } from '@observatory/instrument-sdk';

/** (version, field key) pairs of the top-level fields the aggregate tables precompute. */
export interface PrecomputedFields {
  singleVersions: string[];
  singleKeys: string[];
  multipleVersions: string[];
  multipleKeys: string[];
}

/** The columns of `aggregate_cell` a count produces, in order. */
export const CELL_COLUMNS =
  'instrument_key, campaign_key, instrument_version, phase_key, respondent_role, branch, field_key, value, count';

export function precomputedFields(definitions: InstrumentDefinition[]): PrecomputedFields {
  const fields: PrecomputedFields = {
    singleVersions: [],
    singleKeys: [],
    multipleVersions: [],
    multipleKeys: [],
  };
  for (const definition of definitions) {
    for (const field of definition.fields) {
      if (field.type === 'single-choice' || field.type === 'boolean') {
        fields.singleVersions.push(definition.version);
        fields.singleKeys.push(field.key);
      } else if (field.type === 'multiple-choice') {
        fields.multipleVersions.push(definition.version);
        fields.multipleKeys.push(field.key);
      }
    }
  }
  return fields;
}

/** The fields restricted to one key (in every version that has it). */
export function onlyField(fields: PrecomputedFields, key: string): PrecomputedFields {
  const keep = (keys: string[], versions: string[]) => {
    const at = keys.flatMap((k, i) => (k === key ? [i] : []));
    return { keys: at.map((i) => keys[i]), versions: at.map((i) => versions[i]) };
  };
  const single = keep(fields.singleKeys, fields.singleVersions);
  const multiple = keep(fields.multipleKeys, fields.multipleVersions);
  return {
    singleVersions: single.versions,
    singleKeys: single.keys,
    multipleVersions: multiple.versions,
    multipleKeys: multiple.keys,
  };
}

/** The three kinds of rows a count produces: the population, single choices, multiple choices. */
export type CellBranch = 'population' | 'single' | 'multiple';
const ALL_BRANCHES: CellBranch[] = ['population', 'single', 'multiple'];

/**
 * Rows shaped like `aggregate_cell` (CELL_COLUMNS) counted over the COMPLETE submissions `s` of
 * `from` that match `where`: the population (`field_key = ''`) and the precomputed fields, or only
 * the `branches` asked for. `param` registers a value and returns its placeholder. The same SQL
 * serves a full recompute, a delta, and the rows a query adds to the tables, so they cannot
 * disagree.
 */
export function cellRowsSql(
  from: string,
  where: string,
  fields: PrecomputedFields,
  param: (value: unknown) => string,
  branches: CellBranch[] = ALL_BRANCHES,
): string {
  const scope = `${where} AND s.status = 'COMPLETE'`;
  const context =
    's.instrument_key, s.campaign_key, s.instrument_version, s.phase_key, s.respondent_role, s.branch';
  const sql: Record<CellBranch, () => string> = {
    population:
      () => `SELECT ${context}, '' AS field_key, NULL::text AS value, count(*)::int AS count
            FROM ${from} WHERE ${scope}
           GROUP BY 1, 2, 3, 4, 5, 6`,
    single: () => `SELECT ${context}, f.key, s.answers ->> f.key, count(*)::int
            FROM ${from}
            JOIN unnest(${param(fields.singleVersions)}::text[], ${param(fields.singleKeys)}::text[]) AS f(version, key)
              ON f.version = s.instrument_version
           WHERE ${scope}
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
    multiple: () => `SELECT ${context}, f.key, c.choice, count(*)::int
            FROM ${from}
            JOIN unnest(${param(fields.multipleVersions)}::text[], ${param(fields.multipleKeys)}::text[]) AS f(version, key)
              ON f.version = s.instrument_version
           CROSS JOIN LATERAL jsonb_array_elements_text(
                 CASE WHEN jsonb_typeof(s.answers -> f.key) = 'array' THEN s.answers -> f.key ELSE '[]'::jsonb END) AS c(choice)
           WHERE ${scope}
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
  };
  return branches.map((branch) => sql[branch]()).join('\n          UNION ALL\n          ');
}

/** A `param` for cellRowsSql and friends: appends to `params`, numbering from its length. */
export function parameters(params: unknown[]): (value: unknown) => string {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/**
 * The submissions of one (instrument, campaign) written by a transaction that `snapshot` (a
 * txid_snapshot as text) did not see: the ones added since the tables were computed. The range
 * condition lets the index on (campaign_key, instrument_key, written_xid) find them without
 * reading the rest; as a LATERAL subquery it stays an index scan when the snapshot comes from
 * each `aggregate_state` row.
 */
export function submissionsWrittenAfter(
  snapshot: string,
  target: { instrumentKey: string; campaignKey: string },
): string {
  return `(SELECT * FROM submission
            WHERE campaign_key = ${target.campaignKey} AND instrument_key = ${target.instrumentKey}
              AND written_xid >= txid_snapshot_xmin(${snapshot}::txid_snapshot)
              AND NOT txid_visible_in_snapshot(written_xid, ${snapshot}::txid_snapshot))`;
}
