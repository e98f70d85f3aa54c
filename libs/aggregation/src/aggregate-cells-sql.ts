import type { InstrumentDefinition } from '../../instrument-sdk/src';

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

/**
 * Rows shaped like `aggregate_cell` (CELL_COLUMNS) counted over the COMPLETE submissions `s` of
 * `from` that match `where`: the population (`field_key = ''`) and every precomputed field. The
 * four parameters hold the PrecomputedFields arrays, in their order, from `$first`. The same SQL
 * serves a full recompute, a delta, and the live part of a query, so they cannot disagree.
 */
export function cellRowsSql(from: string, where: string, first: number): string {
  const [singleVersions, singleKeys, multipleVersions, multipleKeys] = [0, 1, 2, 3].map(
    (offset) => `$${first + offset}::text[]`,
  );
  const scope = `${where} AND s.status = 'COMPLETE'`;
  const context =
    's.instrument_key, s.campaign_key, s.instrument_version, s.phase_key, s.respondent_role, s.branch';
  return `SELECT ${context}, '' AS field_key, NULL::text AS value, count(*)::int AS count
            FROM ${from} WHERE ${scope}
           GROUP BY 1, 2, 3, 4, 5, 6
          UNION ALL
          SELECT ${context}, f.key, s.answers ->> f.key, count(*)::int
            FROM ${from}
            JOIN unnest(${singleVersions}, ${singleKeys}) AS f(version, key) ON f.version = s.instrument_version
           WHERE ${scope}
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
          UNION ALL
          SELECT ${context}, f.key, c.choice, count(*)::int
            FROM ${from}
            JOIN unnest(${multipleVersions}, ${multipleKeys}) AS f(version, key) ON f.version = s.instrument_version
           CROSS JOIN LATERAL jsonb_array_elements_text(
                 CASE WHEN jsonb_typeof(s.answers -> f.key) = 'array' THEN s.answers -> f.key ELSE '[]'::jsonb END) AS c(choice)
           WHERE ${scope}
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;
}

export function fieldParams(fields: PrecomputedFields): string[][] {
  return [fields.singleVersions, fields.singleKeys, fields.multipleVersions, fields.multipleKeys];
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
