/**
 * Every operation with every kind of caller, checked against the matrix in docs/security.md
 * (the table there is the specification; this test reads it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seedCampaign } from '../support/campaign-fixture';
import { createTestApp, type TestApp } from '../support/test-app';

const CALLERS = [
  'none',
  'ADMIN',
  'COLLECTOR of this campaign',
  'COLLECTOR of another',
  'PARTNER in agreement',
  'PARTNER out of agreement',
] as const;
type Caller = (typeof CALLERS)[number];

function readMatrix(): Map<string, Record<Caller, 'allow' | 'deny'>> {
  const text = fs.readFileSync(path.resolve(__dirname, '../../docs/security.md'), 'utf8');
  const section = text.slice(text.indexOf('## Authorisation matrix'));
  // The first table after the heading, up to the first line that is not a table row.
  const all = section.split('\n');
  const start = all.findIndex((line) => line.startsWith('|'));
  const end = all.findIndex((line, index) => index > start && !line.startsWith('|'));
  const lines = all.slice(start, end);
  const header = lines[0]
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
  expect(header).toEqual(['operation', ...CALLERS]);
  const matrix = new Map<string, Record<Caller, 'allow' | 'deny'>>();
  for (const line of lines.slice(2)) {
    const [operation, ...cells] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    matrix.set(
      operation,
      Object.fromEntries(
        CALLERS.map((caller, i) => [caller, cells[i] as 'allow' | 'deny']),
      ) as Record<Caller, 'allow' | 'deny'>,
    );
  }
  return matrix;
}

const NOWHERE = '00000000-0000-4000-8000-000000000000';

/** One call per operation: harmless arguments (refused as input when they reach the resolver). */
const OPERATIONS: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  viewer: { query: '{ viewer { role } }' },
  apiKeys: { query: '{ apiKeys { id } }' },
  createApiKey: { query: 'mutation { createApiKey(input: { name: "", role: ADMIN }) { secret } }' },
  revokeApiKey: { query: `mutation { revokeApiKey(id: "${NOWHERE}") { id } }` },
  instrumentKinds: { query: '{ instrumentKinds { kind } }' },
  instrumentSdkVersion: { query: '{ instrumentSdkVersion }' },
  definitionSchema: { query: '{ definitionSchema }' },
  instruments: { query: '{ instruments { key } }' },
  instrument: { query: '{ instrument(key: "microobs-mediators") { key } }' },
  validateAnswers: {
    query:
      '{ validateAnswers(instrumentKey: "microobs-mediators", version: "1.0.0", answers: {}) { code } }',
  },
  publishInstrumentVersion: {
    query:
      'mutation { publishInstrumentVersion(input: { key: "matrix-x", kind: "questionnaire", version: "1.0.0", definition: {} }) { created } }',
  },
  retireInstrumentVersion: {
    query: 'mutation { retireInstrumentVersion(key: "matrix-x", version: "9.9.9") { status } }',
  },
  campaigns: { query: '{ campaigns { key } }' },
  campaign: { query: '{ campaign(key: "matrix-campaign") { key } }' },
  createCampaign: {
    query:
      'mutation { createCampaign(input: { key: "Not A Key", title: "", phases: [] }) { key } }',
  },
  registerParticipants: {
    query: 'mutation { registerParticipants(campaignKey: "nowhere", participants: []) { code } }',
  },
  formPair: {
    query:
      'mutation { formPair(campaignKey: "nowhere", mediatorCode: "M", professionalCode: "P") { code } }',
  },
  submit: {
    query:
      'mutation { submit(input: { clientSubmissionId: "matrix", instrumentKey: "microobs-mediators", version: "1.0.0", campaignKey: "matrix-campaign", phase: "q1", answers: {} }) { __typename } }',
  },
  submitAnonymous: {
    query:
      'mutation { submitAnonymous(input: { token: "PIC-0000", instrumentKey: "techess-pic-test", version: "1.0.0", campaignKey: "matrix-campaign", answers: {} }) { __typename } }',
  },
  anonymousForm: { query: '{ anonymousForm(token: "PIC-0000") { version } }' },
  issueAnonymousTokens: {
    query:
      'mutation { issueAnonymousTokens(campaignKey: "nowhere", instrumentKey: "techess-pic-test", count: 1) }',
  },
  submissions: { query: '{ submissions(campaignKey: "matrix-campaign") { totalCount } }' },
  eraseParticipant: {
    query:
      'mutation { eraseParticipant(campaignKey: "nowhere", participantCode: "M") { submissionsDeleted } }',
  },
  createPartner: {
    query:
      'mutation { createPartner(input: { key: "matrix-new", name: "x", level: AGGREGATES, k: 1, instrumentKeys: [], campaignKeys: [] }) { key } }',
  },
  partners: { query: '{ partners { key } }' },
  partner: { query: '{ partner(key: "matrix-partner") { key } }' },
  aggregate: {
    query:
      '{ aggregate(input: { instrumentKey: "microobs-mediators", campaignKey: "matrix-campaign", field: "diploma" }) { population } }',
  },
  auditEvents: { query: '{ auditEvents { id } }' },
  aggregateReleases: { query: '{ aggregateReleases(instrumentKey: "nowhere") { number } }' },
  releaseStatus: { query: '{ releaseStatus(instrumentKey: "microobs-mediators") { threshold } }' },
  publishAggregateRelease: {
    query: 'mutation { publishAggregateRelease(instrumentKey: "nowhere") { number } }',
  },
  setReleasePolicy: {
    query: 'mutation { setReleasePolicy(input: { instrumentKey: "nowhere" }) { threshold } }',
  },
  jobQueues: { query: '{ jobQueues { name } }' },
  scrubber: { query: '{ scrubber { version } }' },
  rescrubStoredText: { query: 'mutation { rescrubStoredText { version } }' },
  requestExport: {
    query:
      'mutation { requestExport(input: { instrumentKey: "microobs-mediators", campaignKey: "matrix-campaign", level: AGGREGATES, format: CSV, versions: ["0.0.0"] }) { id } }',
  },
  exportJob: { query: `{ exportJob(id: "${NOWHERE}") { id } }` },
  exports: { query: '{ exports { id } }' },
  deleteExport: { query: `mutation { deleteExport(id: "${NOWHERE}") }` },
};

describe('authorisation matrix (docs/security.md)', () => {
  const matrix = readMatrix();
  let api: TestApp;
  const keys = new Map<Caller, string | null>();

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false' });
    await seedCampaign(api, {
      key: 'matrix-campaign',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    await seedCampaign(api, {
      key: 'other-campaign',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    const partner =
      'mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }';
    await api.gql(partner, {
      input: {
        key: 'matrix-partner',
        name: 'In',
        level: 'AGGREGATES',
        instrumentKeys: ['microobs-mediators'],
        campaignKeys: ['matrix-campaign'],
      },
    });
    await api.gql(partner, {
      input: {
        key: 'elsewhere',
        name: 'Out',
        level: 'AGGREGATES',
        instrumentKeys: ['techess-pic-test'],
        campaignKeys: ['other-campaign'],
      },
    });
    const key = async (input: Record<string, unknown>) =>
      (
        await api.gql<{ createApiKey: { secret: string } }>(
          'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
          { input },
        )
      ).data!.createApiKey.secret;
    keys.set('none', null);
    keys.set('ADMIN', undefined as unknown as string);
    keys.set(
      'COLLECTOR of this campaign',
      await key({ name: 'c1', role: 'COLLECTOR', campaignKeys: ['matrix-campaign'] }),
    );
    keys.set(
      'COLLECTOR of another',
      await key({ name: 'c2', role: 'COLLECTOR', campaignKeys: ['other-campaign'] }),
    );
    keys.set(
      'PARTNER in agreement',
      await key({ name: 'p1', role: 'PARTNER', partnerKey: 'matrix-partner' }),
    );
    keys.set(
      'PARTNER out of agreement',
      await key({ name: 'p2', role: 'PARTNER', partnerKey: 'elsewhere' }),
    );
  });
  afterAll(() => api.close());

  it('covers every operation of the schema, and only those', async () => {
    const reply = await api.gql<{
      __schema: {
        queryType: { fields: { name: string }[] };
        mutationType: { fields: { name: string }[] };
      };
    }>('{ __schema { queryType { fields { name } } mutationType { fields { name } } } }');
    const schema = [
      ...reply.data!.__schema.queryType.fields,
      ...reply.data!.__schema.mutationType.fields,
    ]
      .map((f) => f.name)
      .sort();
    expect([...matrix.keys()].sort()).toEqual(schema);
    expect(Object.keys(OPERATIONS).sort()).toEqual(schema);
  });

  it('allows and denies exactly as the matrix says, never with an internal error', async () => {
    const mismatches: string[] = [];
    for (const [operation, expected] of matrix) {
      for (const caller of CALLERS) {
        const { query, variables } = OPERATIONS[operation];
        const reply = await api.gql(query, variables ?? {}, keys.get(caller));
        const codes = (reply.errors ?? []).map((error) => error.extensions?.code);
        if (codes.includes('INTERNAL_SERVER_ERROR'))
          mismatches.push(`${operation} / ${caller}: internal error`);
        const denied = codes.some((code) => code === 'UNAUTHENTICATED' || code === 'FORBIDDEN');
        const actual = denied ? 'deny' : 'allow';
        if (actual !== expected[caller])
          mismatches.push(
            `${operation} / ${caller}: expected ${expected[caller]}, got ${actual} (${codes.join(', ') || 'no error'})`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });
});
