/**
 * The MicroOBS data shared by the aggregation, partner and export scenarios: campaigns of N bulk-
 * loaded submissions (loaded once per run, whichever scenario asks first), up-to-date aggregate
 * tables, and a partner with an AGGREGATES agreement and a PARTNER key.
 */
import type { JsonObject } from '@observatory/instrument-sdk';
import { AggregateStateService } from '@observatory/aggregation';
import { bulkLoadMicroobs, microobsVariants, seedMicroobsCampaign, MICROOBS } from './data';
import { round, timed, type BenchContext } from './figures';

export const INSTRUMENT = 'microobs-mediators';
/** Distinct answer sets the rows cycle through (a prime, so fields do not line up by row). */
const VARIANTS = 97;
export const SMALL_CAMPAIGN = 'bench-mo-small';
export const SMALL_ROWS = 100;

let variants: { raw: JsonObject; answers: JsonObject; derived: JsonObject }[] | undefined;
let partnerSecret: string | undefined;

export function campaignFor(rows: number): string {
  return `bench-mo-${rows >= 1_000_000 ? `${rows / 1_000_000}m` : `${rows / 1000}k`}`;
}

/** The campaign of `rows` submissions, loaded if not yet; returns its key and the load time. */
export async function ensureMicroobs(
  ctx: BenchContext,
  rows: number,
  campaignKey = campaignFor(rows),
): Promise<{ campaignKey: string; loadMs?: number }> {
  const db = ctx.stack.db;
  const [existing] = await db.query(
    'SELECT count(*)::int AS n FROM submission WHERE campaign_key = $1',
    [campaignKey],
  );
  if (existing.n >= rows) return { campaignKey };
  variants ??= microobsVariants(ctx.stack, VARIANTS);
  const { ms } = await timed(() => bulkLoadMicroobs(db, campaignKey, rows - existing.n, variants!));
  ctx.log(
    `loaded ${rows} MicroOBS submissions into ${campaignKey} in ${round(ms / 1000, 2)} s (SQL)`,
  );
  return { campaignKey, loadMs: ms };
}

export function recompute(ctx: BenchContext, campaignKey: string): Promise<void> {
  return ctx.stack.app
    .get(AggregateStateService)
    .recompute({ instrumentKey: INSTRUMENT, campaignKey });
}

/** A MicroOBS answer set the API accepts (for the one extra submission through the API). */
export function oneMicroobsAnswers(ctx: BenchContext): JsonObject {
  variants ??= microobsVariants(ctx.stack, VARIANTS);
  return variants[0].raw;
}

/** The partner "bench-partner" (k = 5, aggregates) covering `campaignKeys`, and its key. */
export async function partnerKey(ctx: BenchContext, campaignKeys: string[]): Promise<string> {
  if (partnerSecret) return partnerSecret;
  for (const key of campaignKeys) await seedMicroobsCampaign(ctx.stack.db, key);
  const partner = await ctx.stack.gql(
    `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key k } }`,
    {
      input: {
        key: 'bench-partner',
        name: 'Bench partner',
        level: 'AGGREGATES',
        instrumentKeys: [INSTRUMENT],
        campaignKeys,
      },
    },
  );
  if (partner.errors) throw new Error(`bench: createPartner: ${JSON.stringify(partner.errors)}`);
  const key = await ctx.stack.gql<{ createApiKey: { secret: string } }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    { input: { name: 'bench partner', role: 'PARTNER', partnerKey: 'bench-partner' } },
  );
  partnerSecret = key.data?.createApiKey.secret;
  if (!partnerSecret) throw new Error(`bench: partner key: ${JSON.stringify(key.errors)}`);
  return partnerSecret;
}

/** Top-level (single or boolean, multiple) choice keys: what the aggregate tables precompute. */
export function precomputedKeys(): { single: string[]; multiple: string[] } {
  const single: string[] = [];
  const multiple: string[] = [];
  for (const field of MICROOBS.fields) {
    if (field.type === 'single-choice' || field.type === 'boolean') single.push(field.key);
    else if (field.type === 'multiple-choice') multiple.push(field.key);
  }
  return { single, multiple };
}

/**
 * The floor of a recompute: the same cells (count of every top-level choice by version and
 * context, plus the submission count per context) by one hand-written GROUP BY over the jsonb
 * rows, read-only (no transaction, no DELETE/INSERT).
 */
export const HAND_WRITTEN_GROUP_BY = `
  SELECT s.instrument_version, s.phase_key, s.respondent_role, s.branch, v.key, v.value, count(*) AS n
    FROM submission s
   CROSS JOIN LATERAL (
         SELECT '' AS key, NULL::text AS value
          UNION ALL
         SELECT f.key, s.answers ->> f.key FROM unnest($2::text[]) AS f(key)
          UNION ALL
         SELECT f.key, c.choice
           FROM unnest($3::text[]) AS f(key)
          CROSS JOIN LATERAL jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(s.answers -> f.key) = 'array' THEN s.answers -> f.key ELSE '[]'::jsonb END) AS c(choice)
   ) AS v(key, value)
   WHERE s.instrument_key = 'microobs-mediators' AND s.campaign_key = $1 AND s.status = 'COMPLETE'
   GROUP BY 1, 2, 3, 4, 5, 6`;
