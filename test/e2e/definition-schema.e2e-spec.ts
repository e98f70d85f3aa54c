/**
 * The definition language's JSON Schema as the service serves it, and `$schema` in a published
 * definition: an editor hint, accepted and dropped, so it never changes what is stored.
 */
import { INSTRUMENT_DEFINITION_SCHEMA } from '@observatory/instrument-sdk';
import { createTestApp, errorCodes, type TestApp } from '../support/test-app';

const PUBLISH = `mutation ($input: PublishInstrumentVersionInput!) {
  publishInstrumentVersion(input: $input) { created instrumentVersion { checksum definition } }
}`;

const definition = {
  key: 'schema-demo',
  kind: 'questionnaire',
  version: '1.0.0',
  title: { fr: 'Démo' },
  fields: [
    {
      key: 'mode',
      type: 'single-choice',
      label: { fr: 'Modalité' },
      privacy: 'none',
      options: [
        { value: 'presentiel', label: { fr: 'Présentiel' } },
        { value: 'distance', label: { fr: 'À distance' } },
      ],
    },
  ],
};

describe('the definition JSON Schema', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('is served at a stable URL without a key, for editors', async () => {
    const response = await api.http().get('/schemas/instrument-definition.json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/schema\+json/);
    expect(response.body).toEqual(INSTRUMENT_DEFINITION_SCHEMA);
  });

  it('is served by GraphQL to any key, with the SDK version', async () => {
    const anonymous = await api.gql('{ definitionSchema }', {}, null);
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const reply = await api.gql<{
      definitionSchema: unknown;
      instrumentSdkVersion: string;
    }>('{ definitionSchema instrumentSdkVersion }');
    expect(reply.data!.definitionSchema).toEqual(INSTRUMENT_DEFINITION_SCHEMA);
    expect(reply.data!.instrumentSdkVersion).toBe('1.0.0');
  });

  it('treats $schema as an editor hint: dropped, the same content with or without it', async () => {
    const withHint = await api.gql<{
      publishInstrumentVersion: {
        created: boolean;
        instrumentVersion: { checksum: string; definition: object };
      };
    }>(PUBLISH, {
      input: {
        key: 'schema-demo',
        kind: 'questionnaire',
        version: '1.0.0',
        definition: {
          $schema: 'https://example.org/schemas/instrument-definition.json',
          ...definition,
        },
      },
    });
    expect(withHint.errors).toBeUndefined();
    const published = withHint.data!.publishInstrumentVersion;
    expect(published.created).toBe(true);
    expect(published.instrumentVersion.definition).not.toHaveProperty('$schema');
    const without = await api.gql<{
      publishInstrumentVersion: { created: boolean; instrumentVersion: { checksum: string } };
    }>(PUBLISH, {
      input: { key: 'schema-demo', kind: 'questionnaire', version: '1.0.0', definition },
    });
    expect(without.data!.publishInstrumentVersion).toMatchObject({
      created: false,
      instrumentVersion: { checksum: published.instrumentVersion.checksum },
    });
  });

  it('reports what the schema refuses with the stable codes and paths', async () => {
    const reply = await api.gql(PUBLISH, {
      input: {
        key: 'schema-demo',
        kind: 'questionnaire',
        version: '1.1.0',
        definition: {
          ...definition,
          version: '1.1.0',
          $schema: 42,
          fields: [{ ...definition.fields[0], requried: true, key: 'Mode' }],
        },
      },
    });
    expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
    const problems = (
      reply.errors![0].extensions as { problems: { path: string; code: string; message: string }[] }
    ).problems;
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      '$schema WRONG_TYPE',
      'fields[0].key INVALID_KEY',
      'fields[0].requried UNKNOWN_PROPERTY',
    ]);
    expect(problems[2].message).toContain('did you mean "required"?');
  });
});
