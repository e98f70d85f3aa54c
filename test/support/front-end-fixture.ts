/**
 * What a front-end needs to submit each built-in instrument: a campaign whose phases use them, a
 * pair, a collector key, and the context of each instrument's submission. Shared by the SurveyJS
 * end-to-end test and the browser test, so both submit exactly as a field app would.
 */
import { seedCampaign } from './campaign-fixture';
import type { TestApp } from './test-app';

export const FRONT_END_CAMPAIGN = 'frontend-t';

/** The submission context of each built-in instrument (anonymous ones: see anonymous-flow.ts). */
export const CONTEXTS: Record<string, Record<string, string>> = {
  'techess-observation-day1': { phase: 'day1', pairCode: 'M01+P01', participantCode: 'M01' },
  'techess-observation-day2': { phase: 'day2', pairCode: 'M01+P01', participantCode: 'M01' },
  'techess-debrief': { phase: 'day1', pairCode: 'M01+P01' },
  'microobs-mediators': { phase: 'q1' },
  'techess-pic-test': { phase: 'seminar' },
};

/** A published instrument as a front-end lists it. */
export interface PublishedForm {
  key: string;
  version: string;
  anonymous: boolean;
  surveyJs: Record<string, unknown>;
}

export const FORMS_QUERY = `{ instruments { key latest { version anonymous surveyJs } } }`;

/** Seeds the campaign and returns a collector key scoped to it. */
export async function seedFrontEndCampaign(api: TestApp): Promise<string> {
  await seedCampaign(api, {
    key: FRONT_END_CAMPAIGN,
    branches: ['insertion'],
    phases: [
      { key: 'day1', instrumentKeys: ['techess-observation-day1', 'techess-debrief'] },
      { key: 'day2', instrumentKeys: ['techess-observation-day2'] },
      { key: 'q1', instrumentKeys: ['microobs-mediators'] },
      { key: 'seminar', instrumentKeys: ['techess-pic-test'] },
    ],
    pairs: [['M01', 'P01']],
  });
  const reply = await api.gql<{ createApiKey: { secret: string } }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    { input: { name: 'front-end', role: 'COLLECTOR', campaignKeys: [FRONT_END_CAMPAIGN] } },
  );
  return reply.data!.createApiKey.secret;
}

/** Every published instrument with its form, as the API serves it to a collector. */
export async function publishedForms(api: TestApp, key: string): Promise<PublishedForm[]> {
  const reply = await api.gql<{
    instruments: {
      key: string;
      latest: { version: string; anonymous: boolean; surveyJs: Record<string, unknown> } | null;
    }[];
  }>(FORMS_QUERY, {}, key);
  return reply.data!.instruments.flatMap((instrument) =>
    instrument.latest ? [{ key: instrument.key, ...instrument.latest }] : [],
  );
}

export function contextOf(instrumentKey: string): Record<string, string> {
  const context = CONTEXTS[instrumentKey];
  if (context === undefined) {
    throw new Error(`front-end-fixture: no submission context for "${instrumentKey}"; add one`);
  }
  return context;
}
