import { ApiKeyService } from '@observatory/auth';
import { createTestApp, errorCodes, type TestApp } from '../support/test-app';

const VIEWER = '{ viewer { keyId name role campaignKeys partnerKey } }';
const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name role prefix campaignKeys partnerKey revokedAt } }
}`;

describe('API keys and roles', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp();
  });
  afterAll(() => api.close());

  it('refuses a request without credentials as UNAUTHENTICATED', async () => {
    const reply = await api.gql(VIEWER, {}, null);
    expect(errorCodes(reply)).toEqual(['UNAUTHENTICATED']);
    expect(reply.data).toBeNull();
  });

  it('refuses an unknown key and a malformed header as UNAUTHENTICATED', async () => {
    expect(errorCodes(await api.gql(VIEWER, {}, 'obs_not-a-real-key'))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const response = await api
      .http()
      .post('/graphql')
      .set('authorization', 'Basic abc')
      .send({ query: VIEWER });
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('tells the bootstrap admin key its role', async () => {
    const reply = await api.gql<{ viewer: { role: string; campaignKeys: string[] } }>(VIEWER);
    expect(reply.errors).toBeUndefined();
    expect(reply.data?.viewer).toMatchObject({ role: 'ADMIN', campaignKeys: [], partnerKey: null });
  });

  it('creates a collector key shown once, scoped to its campaigns, that cannot administer', async () => {
    const created = await api.gql<{
      createApiKey: { secret: string; apiKey: { id: string; prefix: string } };
    }>(CREATE_KEY, {
      input: { name: 'field app', role: 'COLLECTOR', campaignKeys: ['techess-2023'] },
    });
    expect(created.errors).toBeUndefined();
    const { secret, apiKey } = created.data!.createApiKey;
    expect(secret.startsWith(apiKey.prefix)).toBe(true);

    const viewer = await api.gql<{ viewer: { role: string; campaignKeys: string[] } }>(
      VIEWER,
      {},
      secret,
    );
    expect(viewer.data?.viewer).toMatchObject({
      role: 'COLLECTOR',
      campaignKeys: ['techess-2023'],
    });

    const listed = await api.gql<{ apiKeys: { prefix: string }[] }>('{ apiKeys { prefix } }');
    expect(JSON.stringify(listed.data)).not.toContain(secret);

    expect(errorCodes(await api.gql('{ apiKeys { id } }', {}, secret))).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(await api.gql(CREATE_KEY, { input: { name: 'x', role: 'ADMIN' } }, secret)),
    ).toEqual(['FORBIDDEN']);
  });

  it('creates a partner key scoped to one partner', async () => {
    const created = await api.gql<{ createApiKey: { secret: string } }>(CREATE_KEY, {
      input: { name: 'M@rsouin', role: 'PARTNER', partnerKey: 'marsouin' },
    });
    const viewer = await api.gql<{ viewer: { role: string; partnerKey: string } }>(
      VIEWER,
      {},
      created.data!.createApiKey.secret,
    );
    expect(viewer.data?.viewer).toMatchObject({ role: 'PARTNER', partnerKey: 'marsouin' });
  });

  it.each([
    [{ name: 'c', role: 'COLLECTOR' }, /campaign/],
    [{ name: 'p', role: 'PARTNER' }, /partnerKey/],
    [{ name: 'a', role: 'ADMIN', campaignKeys: ['x'] }, /ADMIN/],
    [{ name: '', role: 'ADMIN' }, /name/],
    [{ name: 'c', role: 'COLLECTOR', campaignKeys: ['Not A Key!'] }, /campaignKeys/],
  ])('refuses an inconsistent key %p with BAD_USER_INPUT', async (input, message) => {
    const reply = await api.gql(CREATE_KEY, { input });
    expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
    expect(reply.errors?.[0].message).toMatch(message);
  });

  it('refuses an unknown role without echoing the value', async () => {
    const reply = await api.gql(CREATE_KEY, {
      input: { name: 'x', role: 'jean.martin@example.org' },
    });
    expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(reply)).not.toContain('jean.martin');
  });

  it('revokes a key, which is then UNAUTHENTICATED', async () => {
    const created = await api.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      CREATE_KEY,
      {
        input: { name: 'temporary', role: 'COLLECTOR', campaignKeys: ['microobs-2020'] },
      },
    );
    const { secret, apiKey } = created.data!.createApiKey;
    const revoked = await api.gql<{ revokeApiKey: { revokedAt: string | null } }>(
      'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
      { id: apiKey.id },
    );
    expect(revoked.data?.revokeApiKey.revokedAt).toEqual(expect.any(String));
    expect(errorCodes(await api.gql(VIEWER, {}, secret))).toEqual(['UNAUTHENTICATED']);
  });

  it('answers NOT_FOUND for an unknown or malformed key id', async () => {
    const mutation = 'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }';
    expect(
      errorCodes(await api.gql(mutation, { id: '00000000-0000-4000-8000-000000000000' })),
    ).toEqual(['NOT_FOUND']);
    expect(errorCodes(await api.gql(mutation, { id: 'nope' }))).toEqual(['NOT_FOUND']);
  });

  it('stores only hashes of the secrets', async () => {
    const created = await api.gql<{ createApiKey: { secret: string } }>(CREATE_KEY, {
      input: { name: 'hash check', role: 'ADMIN' },
    });
    const secret = created.data!.createApiKey.secret;
    const { DataSource } = await import('typeorm');
    const rows: { row: string }[] = await api.app
      .get(DataSource)
      .query(`SELECT row_to_json(k)::text AS row FROM api_key k`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.row.includes(secret) || r.row.includes(secret.slice(12)))).toBe(
      false,
    );
  });

  it('lets processes starting together set the bootstrap key: one key, no start failing', async () => {
    const { DataSource } = await import('typeorm');
    const keys = api.app.get(ApiKeyService);
    const secret = 'bootstrap-race-admin-key-0123456789abcdef';
    // As several APIs do at their first start on one database (ADMIN_API_KEY set alike).
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => keys.ensureBootstrapAdmin(secret)),
    );
    expect(outcomes.filter((outcome) => !outcome.existing)).toHaveLength(1);
    const [active] = await api.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM api_key WHERE bootstrap AND revoked_at IS NULL`);
    expect(active.n).toBe(1);
    const reply = await api.gql<{ viewer: { role: string } }>('{ viewer { role } }', {}, secret);
    expect(reply.data?.viewer.role).toBe('ADMIN');
  });
});
