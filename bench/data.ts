/**
 * The data of a benchmark run: the built-in definitions, realistic answers (built with the tests'
 * `sampleAnswers`, free text in every text field) and the bulk load of many submissions straight
 * into PostgreSQL (`INSERT … SELECT … FROM generate_series`), bypassing the API on purpose: the API
 * path is what the ingest scenario measures, and loading 1M rows through it would take hours.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import { SCRUBBER_VERSION } from '@observatory/anonymisation';
import { SubmissionService } from '@observatory/submissions';
import { sampleAnswers } from '../test/support/sample-answers';
import type { Stack } from './stack';

const ROOT = path.resolve(__dirname, '..');

export function loadDefinition(kind: string, key: string): InstrumentDefinition {
  return JSON.parse(
    fs.readFileSync(path.join(ROOT, 'instruments', kind, 'versions', `${key}@1.0.0.json`), 'utf8'),
  ) as InstrumentDefinition;
}

export const MICROOBS = loadDefinition('questionnaire', 'microobs-mediators');
export const DAY2 = loadDefinition('observation-grid', 'techess-observation-day2');

/** Phrases of a field note, without personal data (the anonymiser still scans every one). */
const PHRASES = [
  'Courrier de la CAF',
  'Créer une adresse mail',
  'Identifiant introuvable',
  'Démarche pas à pas',
  'RDV en ligne préfecture',
  'Lit mal sur le téléphone',
  'Orientée vers un atelier',
  'Mot de passe réinitialisé',
  'Demande reformulée',
  'Peu de temps en permanence',
  'Renvoi au centre social',
  'Tablette prêtée sur place',
  'Justificatif scanné',
  'Crainte pour les paiements',
  'Déclaration de revenus',
  'Suivi la semaine suivante',
];

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A note of `phrases` phrases chosen by (seed, path). */
export function noteText(seed: number, phrases: number): (answerPath: string) => string {
  return (answerPath) => {
    const start = hash(`${seed}:${answerPath}`);
    return Array.from(
      { length: phrases },
      (_, i) => PHRASES[(start + i * 7) % PHRASES.length],
    ).join('. ');
  };
}

/**
 * A day-2 observation grid as a field app sends it: three beneficiaries (fillOptional fills
 * repeats with 3 items), every optional field answered, free text in every text field.
 */
export function day2Answers(seed: number): JsonObject {
  return sampleAnswers(DAY2, { fillOptional: true, seed, text: noteText(seed, 1) });
}

/**
 * `count` stored forms of MicroOBS answers, from different seeds so that every choice field has
 * realistic spread, prepared exactly as the API stores them (validated, anonymised, derived).
 */
export function microobsVariants(
  stack: Stack,
  count: number,
): { raw: JsonObject; answers: JsonObject; derived: JsonObject }[] {
  const service = stack.app.get(SubmissionService);
  return Array.from({ length: count }, (_, i) => {
    const raw = sampleAnswers(MICROOBS, {
      fillOptional: i % 3 !== 0,
      seed: 1000 + i,
      text: noteText(i, 2),
    });
    const prepared = service.prepare(MICROOBS, raw, 'COMPLETE');
    if ('errors' in prepared) {
      throw new Error(`bench: a MicroOBS variant is rejected: ${JSON.stringify(prepared.errors)}`);
    }
    return { raw, answers: prepared.answers, derived: prepared.derived };
  });
}

export async function seedMicroobsCampaign(db: DataSource, campaignKey: string): Promise<void> {
  await db.query(`INSERT INTO campaign (key, title) VALUES ($1, $1) ON CONFLICT (key) DO NOTHING`, [
    campaignKey,
  ]);
  await db.query(
    `INSERT INTO campaign_phase (campaign_key, key, title, position, instrument_keys)
     VALUES ($1, 'q1', 'q1', 0, '{microobs-mediators}') ON CONFLICT DO NOTHING`,
    [campaignKey],
  );
}

/**
 * Appends `rows` COMPLETE MicroOBS submissions to `campaignKey` in chunks of one statement each,
 * every row one of `variants` (by row number), submitted over the last 365 days.
 */
export async function bulkLoadMicroobs(
  db: DataSource,
  campaignKey: string,
  rows: number,
  variants: { answers: JsonObject; derived: JsonObject }[],
): Promise<void> {
  await seedMicroobsCampaign(db, campaignKey);
  const answers = JSON.stringify(variants.map((v) => v.answers));
  const derived = JSON.stringify(variants.map((v) => v.derived));
  const CHUNK = 50_000;
  for (let from = 1; from <= rows; from += CHUNK) {
    const to = Math.min(rows, from + CHUNK - 1);
    await db.query(
      `INSERT INTO submission (id, api_key_id, client_submission_id, request_hash, instrument_key,
              instrument_version, campaign_key, phase_key, respondent_role, status, anonymous,
              answers, derived, redactions, submitted_on, created_at, updated_at, scrubber_version)
       SELECT gen_random_uuid(), NULL, $1 || '-' || g, NULL, 'microobs-mediators', '1.0.0', $1, 'q1',
              'MEDIATOR', 'COMPLETE', false, $2::jsonb -> (g % $4), $3::jsonb -> (g % $4), '[]'::jsonb,
              current_date - (g % 365), now(), now(), $7
         FROM generate_series($5::int, $6::int) AS g`,
      // Scrubbed by the current scrubber (prepare), as the API would have stored them.
      [campaignKey, answers, derived, variants.length, from, to, SCRUBBER_VERSION],
    );
  }
  await db.query('ANALYZE submission');
}
