import Ajv2020 from 'ajv/dist/2020';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Model } from 'survey-core';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, errorCodes, type GraphQLReply, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const BUILTIN_FILES = fs
  .readdirSync(path.join(ROOT, 'instruments'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    const dir = path.join(ROOT, 'instruments', entry.name, 'versions');
    return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
  });
/** The shipped files, without `$schema`: an editor hint, never part of a published definition. */
const BUILTINS: InstrumentDefinition[] = BUILTIN_FILES.map((file) => {
  const { $schema: _editorHint, ...definition } = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    $schema?: string;
  } & InstrumentDefinition;
  return definition;
});
const builtin = (key: string): InstrumentDefinition =>
  structuredClone(BUILTINS.find((d) => d.key === key)!);

const PUBLISH = `mutation ($input: PublishInstrumentVersionInput!) {
  publishInstrumentVersion(input: $input) {
    created
    changes { path level description }
    instrumentVersion { key version status checksum changelog builtin }
  }
}`;
const VERSION_FIELDS = 'key version status anonymous definition answerSchema surveyJs';

interface PublishReply {
  publishInstrumentVersion: {
    created: boolean;
    changes: { path: string; level: string }[];
    instrumentVersion: { version: string; checksum: string };
  };
}

function problemCodes(reply: Pick<GraphQLReply<unknown>, 'errors'>): string[] {
  const problems = (reply.errors?.[0]?.extensions?.problems ?? []) as { code: string }[];
  return problems.map((problem) => problem.code);
}

describe('instruments', () => {
  let api: TestApp;
  let collectorKey: string;
  let partnerKey: string;

  beforeAll(async () => {
    api = await createTestApp();
    const create = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`;
    const collector = await api.gql<{ createApiKey: { secret: string } }>(create, {
      input: { name: 'field app', role: 'COLLECTOR', campaignKeys: ['techess-2023'] },
    });
    const partner = await api.gql<{ createApiKey: { secret: string } }>(create, {
      input: { name: 'M@rsouin', role: 'PARTNER', partnerKey: 'marsouin' },
    });
    collectorKey = collector.data!.createApiKey.secret;
    partnerKey = partner.data!.createApiKey.secret;
  });
  afterAll(() => api.close());

  it('lists the four built-in kinds', async () => {
    const reply = await api.gql<{ instrumentKinds: { kind: string }[] }>(
      '{ instrumentKinds { kind pluginVersion sdkVersion description } }',
    );
    expect(reply.data?.instrumentKinds.map((k) => k.kind)).toEqual([
      'debrief',
      'observation-grid',
      'questionnaire',
      'skills-test',
    ]);
  });

  it('lists the five built-in instruments, each with a published 1.0.0 identical to its shipped file', async () => {
    const reply = await api.gql<{
      instruments: {
        key: string;
        kind: string;
        latest: { version: string; status: string; definition: JsonObject };
      }[];
    }>('{ instruments { key kind title latest { version status builtin definition } } }');
    const instruments = reply.data!.instruments;
    expect(instruments.map((i) => i.key)).toEqual([
      'microobs-mediators',
      'techess-debrief',
      'techess-observation-day1',
      'techess-observation-day2',
      'techess-pic-test',
    ]);
    for (const instrument of instruments) {
      expect(instrument.latest).toMatchObject({
        version: '1.0.0',
        status: 'PUBLISHED',
        builtin: true,
      });
      expect(instrument.latest.definition).toEqual(builtin(instrument.key));
    }
  });

  it('serves the seeds’ wording, e.g. the day-1 situation prompts and the debrief questions', async () => {
    const reply = await api.gql<{
      day1: { latest: { definition: JsonObject } };
      debrief: { latest: { definition: JsonObject } };
    }>(
      '{ day1: instrument(key: "techess-observation-day1") { latest { definition } } debrief: instrument(key: "techess-debrief") { latest { definition } } }',
      {},
      collectorKey,
    );
    const day1 = JSON.stringify(reply.data!.day1.latest.definition);
    for (const prompt of [
      'Les situations observées sont',
      'En quoi cela vous interpelle ?',
      'En quoi ces pratiques sont similaires ou différentes des vôtres ?',
    ]) {
      expect(day1).toContain(`"fr":"${prompt}"`);
    }
    const debrief = JSON.stringify(reply.data!.debrief.latest.definition);
    for (const question of [
      "Qu'est-ce que j'ai appris au cours de la journée ?",
      'En quoi cela est différent ou semblable à mes pratiques ?',
      'Quelles sont les questions que je me pose après cette journée ?',
    ]) {
      expect(debrief).toContain(question);
    }
  });

  it('answers null for an unknown instrument and asks for a key', async () => {
    expect((await api.gql('{ instrument(key: "nope") { key } }')).data).toEqual({
      instrument: null,
    });
    expect(errorCodes(await api.gql('{ instruments { key } }', {}, null))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  describe('publishing versions', () => {
    const base = () => builtin('microobs-mediators');
    /** Publishes `definition` as `version` of microobs-mediators, as the admin unless `key` says. */
    const publish = (version: string, definition: InstrumentDefinition, key?: string) =>
      api.gql<PublishReply>(
        PUBLISH,
        {
          input: {
            key: 'microobs-mediators',
            kind: 'questionnaire',
            version,
            definition: { ...definition, version },
            changelog: `v${version}`,
          },
        },
        key,
      );

    it('accepts a minor version that adds an optional field, and reports the change', async () => {
      const next = { ...base(), version: '1.1.0' };
      next.fields = [
        ...next.fields,
        {
          key: 'newsletter',
          type: 'boolean',
          label: { fr: 'Souhaitez-vous recevoir la lettre du micro-observatoire ?' },
          privacy: 'none',
        },
      ];
      const reply = await publish('1.1.0', next);
      expect(reply.errors).toBeUndefined();
      expect(reply.data!.publishInstrumentVersion).toMatchObject({
        created: true,
        instrumentVersion: { version: '1.1.0' },
      });
      expect(reply.data!.publishInstrumentVersion.changes).toEqual([
        expect.objectContaining({ path: 'newsletter', level: 'minor' }),
      ]);
    });

    it('is idempotent for the same content, and a CONFLICT for other content under the same version', async () => {
      const next = { ...base(), version: '1.1.0' };
      next.fields = [
        ...next.fields,
        {
          key: 'newsletter',
          type: 'boolean',
          label: { fr: 'Souhaitez-vous recevoir la lettre du micro-observatoire ?' },
          privacy: 'none',
        },
      ];
      const again = await publish('1.1.0', next);
      expect(again.data!.publishInstrumentVersion.created).toBe(false);
      next.title = { fr: 'Un autre titre' };
      expect(errorCodes(await publish('1.1.0', next))).toEqual(['CONFLICT']);
    });

    it('refuses a minor bump that removes a field, naming the change', async () => {
      const next = base();
      next.fields = next.fields.filter((field) => field.key !== 'comments');
      const reply = await publish('1.2.0', next);
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
      expect(problemCodes(reply)).toEqual(['BUMP_TOO_SMALL']);
      expect(JSON.stringify(reply.errors)).toContain('comments');
    });

    it('accepts the same removal as a major version', async () => {
      const next = base();
      next.fields = next.fields.filter((field) => field.key !== 'comments');
      const reply = await publish('2.0.0', next);
      expect(reply.errors).toBeUndefined();
      expect(reply.data!.publishInstrumentVersion.changes).toContainEqual(
        expect.objectContaining({ path: 'comments', level: 'major' }),
      );
    });

    it('refuses a version that is not greater than the latest', async () => {
      const reply = await publish('1.3.0', base());
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
      expect(problemCodes(reply)).toContain('VERSION_NOT_GREATER');
    });

    it('accepts a wording change as a patch', async () => {
      const latest = await api.gql<{
        instrument: { latest: { definition: InstrumentDefinition } };
      }>('{ instrument(key: "microobs-mediators") { latest { definition } } }');
      const next = structuredClone(latest.data!.instrument.latest.definition);
      next.title = { fr: `${next.title.fr} (révisé)` };
      const reply = await publish('2.0.1', { ...next, version: '2.0.1' });
      expect(reply.errors).toBeUndefined();
      expect(
        reply.data!.publishInstrumentVersion.changes.every((change) => change.level === 'patch'),
      ).toBe(true);
    });

    it('lists every problem of a wrong definition by path', async () => {
      const reply = await api.gql(PUBLISH, {
        input: {
          key: 'broken-questionnaire',
          kind: 'questionnaire',
          version: '1.0.0',
          definition: {
            title: { fr: 'Cassé' },
            fields: [
              { key: 'a', type: 'slider', label: { fr: 'A' }, privacy: 'none' },
              { key: 'b', type: 'single-choice', label: { fr: 'B' }, privacy: 'none', options: [] },
              {
                key: 'b',
                type: 'boolean',
                label: { fr: 'B bis' },
                privacy: 'none',
                visibleIf: { field: 'ghost', equals: true },
              },
            ],
          },
        },
      });
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
      const problems = reply.errors![0].extensions!.problems as { path: string; code: string }[];
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'fields[0].type', code: 'UNKNOWN_TYPE' }),
          expect.objectContaining({ path: 'fields[1].options', code: 'NO_OPTIONS' }),
          expect.objectContaining({ path: 'fields[2].key', code: 'DUPLICATE_KEY' }),
          expect.objectContaining({ code: 'UNKNOWN_CONDITION_FIELD' }),
        ]),
      );
    });

    it('refuses an identifier field in an anonymous instrument', async () => {
      const test = builtin('techess-pic-test');
      test.version = '1.1.0';
      test.fields = [
        ...test.fields,
        { key: 'email', type: 'short-text', label: { fr: 'Courriel' }, privacy: 'identifier' },
      ];
      const reply = await api.gql(PUBLISH, {
        input: { key: 'techess-pic-test', kind: 'skills-test', version: '1.1.0', definition: test },
      });
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
      expect(problemCodes(reply)).toContain('IDENTIFIER_IN_ANONYMOUS');
    });

    it('refuses an unknown kind, a kind change and a non-admin publisher', async () => {
      const unknownKind = await api.gql(PUBLISH, {
        input: { key: 'x', kind: 'podcast', version: '1.0.0', definition: base() },
      });
      expect(errorCodes(unknownKind)).toEqual(['BAD_USER_INPUT']);
      expect(unknownKind.errors![0].message).toMatch(/installed kinds: debrief, observation-grid/);
      const debrief = builtin('techess-debrief');
      const otherKind = await api.gql(PUBLISH, {
        input: {
          key: 'microobs-mediators',
          kind: 'debrief',
          version: '9.0.0',
          definition: { ...debrief, key: undefined, kind: undefined, version: undefined },
        },
      });
      expect(errorCodes(otherKind)).toEqual(['CONFLICT']);
      expect(errorCodes(await publish('3.0.0', base(), collectorKey))).toEqual(['FORBIDDEN']);
    });

    it('retires a version: no longer the latest, still listed', async () => {
      const reply = await api.gql<{ retireInstrumentVersion: { status: string } }>(
        'mutation { retireInstrumentVersion(key: "microobs-mediators", version: "2.0.1") { status retiredAt } }',
      );
      expect(reply.data!.retireInstrumentVersion.status).toBe('RETIRED');
      const listed = await api.gql<{
        instrument: {
          latest: { version: string };
          versions: { version: string; status: string }[];
        };
      }>(
        '{ instrument(key: "microobs-mediators") { latest { version } versions { version status } } }',
      );
      expect(listed.data!.instrument.latest.version).toBe('2.0.0');
      expect(listed.data!.instrument.versions.map((v) => `${v.version}:${v.status}`)).toEqual([
        '2.0.1:RETIRED',
        '2.0.0:PUBLISHED',
        '1.1.0:PUBLISHED',
        '1.0.0:PUBLISHED',
      ]);
      const missing = await api.gql(
        'mutation { retireInstrumentVersion(key: "microobs-mediators", version: "7.0.0") { status } }',
      );
      expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
    });
  });

  it('never shows the skills test’s answer key to a collector or a partner, by any query', async () => {
    const query = `{
      instruments { key latest { ${VERSION_FIELDS} } versions { ${VERSION_FIELDS} } }
      instrument(key: "techess-pic-test") { latest { ${VERSION_FIELDS} } versions { ${VERSION_FIELDS} } }
    }`;
    for (const key of [collectorKey, partnerKey]) {
      const reply = await api.gql(query, {}, key);
      expect(reply.errors).toBeUndefined();
      expect(JSON.stringify(reply.data)).not.toMatch(/"correct"/);
    }
    const admin = await api.gql(
      '{ instrument(key: "techess-pic-test") { latest { definition } } }',
    );
    expect(JSON.stringify(admin.data)).toMatch(/"correct"/);
  });

  describe.each(BUILTINS.map((definition) => [definition.key, definition] as const))(
    '%s',
    (key, definition) => {
      it('serves a SurveyJS form that survey-core loads, with a question or panel per field', async () => {
        const reply = await api.gql<{ instrument: { version: { surveyJs: JsonObject } } }>(
          `{ instrument(key: "${key}") { version(version: "1.0.0") { surveyJs } } }`,
          {},
          collectorKey,
        );
        const survey = new Model(reply.data!.instrument.version.surveyJs);
        expect(survey.getAllQuestions().length).toBeGreaterThan(0);
        for (const field of definition.fields) {
          const element = survey.getQuestionByName(field.key) ?? survey.getPanelByName(field.key);
          expect({ key: field.key, found: Boolean(element) }).toEqual({
            key: field.key,
            found: true,
          });
        }
      });

      it('serves an answer schema that agrees with the service on valid and broken answers', async () => {
        const reply = await api.gql<{ instrument: { version: { answerSchema: JsonObject } } }>(
          `{ instrument(key: "${key}") { version(version: "1.0.0") { answerSchema } } }`,
          {},
          collectorKey,
        );
        const validate = new Ajv2020({
          allErrors: true,
          strict: false,
          allowUnionTypes: true,
        }).compile(reply.data!.instrument.version.answerSchema);
        const valid = sampleAnswers(definition, { fillOptional: true });
        const broken: [string, JsonObject][] = [
          ['an unknown field', { ...valid, notAField: 'x' }],
          ['a wrong type', { ...valid, [definition.fields[0].key]: 12345 }],
          [
            'a missing required field',
            Object.fromEntries(
              Object.entries(valid).filter(
                ([k]) => k !== definition.fields.find((f) => f.required)!.key,
              ),
            ),
          ],
        ];
        for (const [name, answers] of [
          ['valid answers', valid] as [string, JsonObject],
          ...broken,
        ]) {
          const service = await api.gql<{ validateAnswers: { path: string; code: string }[] }>(
            'query ($key: String!, $answers: JSON!) { validateAnswers(instrumentKey: $key, version: "1.0.0", answers: $answers) { path code message } }',
            { key, answers },
            collectorKey,
          );
          expect(service.errors).toBeUndefined();
          const serviceAccepts = service.data!.validateAnswers.length === 0;
          expect({ name, ajv: validate(answers), service: serviceAccepts }).toEqual({
            name,
            ajv: name === 'valid answers',
            service: name === 'valid answers',
          });
        }
      });
    },
  );
});

describe('instrument plugins from INSTRUMENT_PLUGINS', () => {
  // Loading a plugin package and using it through GraphQL: activity-report-plugin.e2e-spec.ts.
  it('stops the start with a clear message when a plugin targets another SDK', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-'));
    fs.writeFileSync(
      path.join(dir, 'index.js'),
      `module.exports = { kind: 'future-kind', version: '1.0.0', sdkVersion: '^2.0.0', description: 'from the future' };`,
    );
    await expect(createTestApp({ INSTRUMENT_PLUGINS: dir })).rejects.toThrow(
      /targets SDK \^2\.0\.0/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
