/**
 * The national activity report (CRA) as an outside plugin: plugins/activity-report, built in a
 * scratch folder against the packed @observatory/instrument-sdk (scripts/plugin-sandbox.js, which
 * CI runs first and points PLUGIN_SANDBOX at; otherwise this file runs it, from the npm cache),
 * loaded through INSTRUMENT_PLUGINS, and used through GraphQL like any kind: its version published
 * at start-up, its form served, an activity report submitted, anonymised and aggregated.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Model } from 'survey-core';
import { DataSource } from 'typeorm';
import type { JsonObject } from '@observatory/instrument-sdk';
import { seedCampaign } from '../support/campaign-fixture';
import { PII_NOTE, SUBMITTED_PII } from '../support/pii';
import { createTestApp, errorCodes, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const KEY = 'cra-mediation-numerique';

/** The built plugin folder: from CI's sandbox, or a sandbox made here. */
function pluginFolder(): { folder: string; cleanup?: string } {
  const given = process.env.PLUGIN_SANDBOX;
  if (given) {
    const folder = path.join(given, 'activity-report');
    if (!fs.existsSync(path.join(folder, 'dist', 'index.js'))) {
      throw new Error(`PLUGIN_SANDBOX=${given} holds no built activity-report plugin`);
    }
    return { folder };
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'observatory-plugins-'));
  const made = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts/plugin-sandbox.js'), '--out', out, '--offline'],
    { cwd: ROOT, encoding: 'utf8', timeout: 10 * 60_000 },
  );
  if (made.status !== 0) {
    throw new Error(`scripts/plugin-sandbox.js failed:\n${made.stderr}\n${made.stdout}`);
  }
  const { activityReport } = JSON.parse(made.stdout.trim().split('\n').pop()!) as {
    activityReport: string;
  };
  return { folder: activityReport, cleanup: out };
}

const SUBMIT = `mutation ($input: SubmitInput!) {
  submit(input: $input) {
    __typename
    ... on SubmissionAccepted { redactions { path kind count } submission { id answers derived } }
    ... on SubmissionRejected { errors { path code message } }
  }
}`;

interface SubmitResult {
  __typename: 'SubmissionAccepted' | 'SubmissionRejected';
  redactions?: { path: string; kind: string; count: number }[];
  submission?: { id: string; answers: JsonObject; derived: JsonObject };
  errors?: { path: string; code: string; message: string }[];
}

const activity = (overrides: JsonObject = {}): JsonObject => ({
  type: 'individuel',
  date: '2024-03-12',
  duree: 45,
  type_lieu: 'lieu_activite',
  lieu_code_postal: '44300',
  materiel: ['telephone'],
  thematiques: ['email', 'aide_aux_demarches_administratives'],
  thematiques_demarche_administrative: ['social_sante'],
  autonomie: 'partiellement_autonome',
  oriente_vers_structure: true,
  structure_de_redirection: 'aide_sociale',
  beneficiaires: [
    { genre: 'feminin', tranche_age: 'soixante_dix_plus', statut_social: 'retraite' },
  ],
  notes: PII_NOTE,
  ...overrides,
});

describe('the activity report (CRA) plugin, written only against the packed SDK', () => {
  let api: TestApp;
  let sandbox: { folder: string; cleanup?: string };
  let clientIds = 0;

  const submit = async (answers: JsonObject) => {
    const reply = await api.gql<{ submit: SubmitResult }>(SUBMIT, {
      input: {
        clientSubmissionId: `cra-${++clientIds}`,
        instrumentKey: KEY,
        version: '1.0.0',
        campaignKey: 'cra-2024',
        phase: 'activites',
        answers,
      },
    });
    expect(reply.errors).toBeUndefined();
    return reply.data!.submit;
  };

  beforeAll(async () => {
    sandbox = pluginFolder();
    // The plugin resolves the SDK from its own node_modules: the packed one, not the sources.
    const sdk = require.resolve('@observatory/instrument-sdk', { paths: [sandbox.folder] });
    expect(sdk.startsWith(path.join(sandbox.folder, 'node_modules'))).toBe(true);
    api = await createTestApp({ DEMO_DATA: 'false', INSTRUMENT_PLUGINS: sandbox.folder });
    await seedCampaign(api, {
      key: 'cra-2024',
      phases: [{ key: 'activites', instrumentKeys: [KEY] }],
    });
  }, 15 * 60_000);

  afterAll(async () => {
    await api?.close();
    if (sandbox?.cleanup) fs.rmSync(sandbox.cleanup, { recursive: true, force: true });
  });

  it('is installed beside the built-in kinds, for this SDK', async () => {
    const reply = await api.gql<{
      instrumentKinds: { kind: string; sdkVersion: string }[];
      instrumentSdkVersion: string;
    }>('{ instrumentKinds { kind sdkVersion } instrumentSdkVersion }');
    expect(reply.data!.instrumentKinds).toContainEqual({
      kind: 'activity-report',
      sdkVersion: '^1.0.0',
    });
    expect(reply.data!.instrumentSdkVersion).toBe('1.0.0');
  });

  it('publishes its version at start-up and serves its SurveyJS form', async () => {
    const reply = await api.gql<{
      instrument: { kind: string; latest: { version: string; surveyJs: JsonObject } };
    }>(`{ instrument(key: "${KEY}") { kind latest { version surveyJs } } }`);
    expect(reply.data!.instrument).toMatchObject({
      kind: 'activity-report',
      latest: { version: '1.0.0' },
    });
    const survey = new Model(reply.data!.instrument.latest.surveyJs);
    for (const name of ['type', 'duree', 'thematiques', 'type_lieu', 'notes']) {
      expect({ name, found: Boolean(survey.getQuestionByName(name)) }).toEqual({
        name,
        found: true,
      });
    }
    expect(
      survey.getQuestionByName('beneficiaires') ?? survey.getPanelByName('beneficiaires'),
    ).toBeTruthy();
  });

  it('accepts an activity report, anonymised before storage, with its duration band', async () => {
    const result = await submit(activity());
    expect(result.__typename).toBe('SubmissionAccepted');
    const answers = result.submission!.answers;
    // Generalised as the version declares: the month, the département; free text scrubbed.
    expect(answers.date).toBe('2024-03');
    expect(answers.lieu_code_postal).toBe('44');
    for (const value of SUBMITTED_PII) expect(String(answers.notes)).not.toContain(value);
    expect(result.redactions!.map((r) => r.path)).toEqual(expect.arrayContaining(['notes']));
    expect(result.submission!.derived).toEqual({
      duree_tranche: '30_min_1_h',
      nombre_beneficiaires: 1,
    });
    // Nothing of the free text is stored raw, whatever reads the table.
    const rows: { answers: JsonObject }[] = await api.app
      .get(DataSource)
      .query('SELECT answers FROM submission WHERE id = $1', [result.submission!.id]);
    for (const value of SUBMITTED_PII) expect(JSON.stringify(rows[0].answers)).not.toContain(value);
  });

  it('refuses what the kind refuses: an individual activity with two people', async () => {
    const result = await submit(
      activity({
        beneficiaires: [
          { genre: 'feminin', tranche_age: 'soixante_dix_plus', statut_social: 'retraite' },
          { genre: 'masculin', tranche_age: 'dix_huit_vingt_quatre', statut_social: 'sans_emploi' },
        ],
      }),
    );
    expect(result.__typename).toBe('SubmissionRejected');
    expect(result.errors!.map((e) => `${e.path} ${e.code}`)).toEqual([
      'beneficiaires UN_BENEFICIAIRE',
    ]);
  });

  it('refuses a name for a person, whether answered or added to the definition', async () => {
    // Answered: there is no such field, so it is refused rather than stored.
    const answered = await submit(
      activity({
        beneficiaires: [
          {
            genre: 'feminin',
            tranche_age: 'soixante_dix_plus',
            statut_social: 'retraite',
            nom: 'Martin',
          },
        ],
      }),
    );
    expect(answered.__typename).toBe('SubmissionRejected');
    expect(answered.errors!.map((e) => e.code)).toContain('UNKNOWN_FIELD');
    // Added by a new version: the kind refuses any identifier, and any text about a person.
    const current = await api.gql<{ instrument: { latest: { definition: JsonObject } } }>(
      `{ instrument(key: "${KEY}") { latest { definition } } }`,
    );
    const definition = current.data!.instrument.latest.definition as {
      fields: { key: string; fields?: JsonObject[] }[];
    };
    const fields = definition.fields.map((field) =>
      field.key === 'beneficiaires'
        ? {
            ...field,
            fields: [
              ...field.fields!,
              {
                key: 'nom',
                type: 'short-text',
                label: { fr: 'Nom' },
                privacy: 'identifier',
                maxLength: 80,
              },
            ],
          }
        : field,
    );
    const published = await api.gql(
      'mutation ($input: PublishInstrumentVersionInput!) { publishInstrumentVersion(input: $input) { created } }',
      {
        input: {
          key: KEY,
          kind: 'activity-report',
          version: '1.1.0',
          definition: { ...definition, version: '1.1.0', fields },
        },
      },
    );
    expect(errorCodes(published)).toEqual(['BAD_USER_INPUT']);
    const problems = (
      published.errors![0].extensions as { problems: { path: string; code: string }[] }
    ).problems;
    expect(problems.map((p) => `${p.path} ${p.code}`).sort()).toEqual([
      'beneficiaires.nom BENEFICIAIRE_CATEGORIES_ONLY',
      'beneficiaires.nom IDENTIFIER_FORBIDDEN',
    ]);
  });

  it('gives partners the dimensions of the national statistics: type, place, duration band, themes', async () => {
    const collective = await submit(
      activity({
        type: 'collectif',
        duree: 120,
        titre_atelier: 'Premiers pas',
        niveau: 'debutant',
        autonomie: null,
        beneficiaires: [{ genre: 'masculin' }, { genre: 'feminin' }, { genre: 'non_communique' }],
      }),
    );
    expect(collective.__typename).toBe('SubmissionAccepted');
    const aggregate = async (field: string) => {
      const reply = await api.gql<{
        aggregate: { cells: { value: string | null; count: number | null }[] };
      }>('query ($input: AggregateInput!) { aggregate(input: $input) { cells { value count } } }', {
        // Two reports are under any partner's threshold: the admin's exact (audited) figures.
        input: { instrumentKey: KEY, campaignKey: 'cra-2024', field, unsuppressed: true },
      });
      expect(reply.errors).toBeUndefined();
      return Object.fromEntries(reply.data!.aggregate.cells.map((c) => [c.value, c.count]));
    };
    expect(await aggregate('type')).toMatchObject({ individuel: 1, collectif: 1 });
    expect(await aggregate('duree.tranche')).toMatchObject({ '30_min_1_h': 1, '2_h_et_plus': 1 });
    expect(await aggregate('type_lieu')).toMatchObject({ lieu_activite: 2 });
    expect(await aggregate('thematiques')).toMatchObject({ email: 2 });
  });
});
