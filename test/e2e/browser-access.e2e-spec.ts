/**
 * What a browser may do with the API: cross-origin calls from the origins of CORS_ORIGINS only,
 * no request forged by another site's page (Apollo's CSRF prevention), GraphiQL served locally.
 */
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app';

const APP = 'https://app.example.org';
const EVIL = 'https://evil.example.net';
const QUERY = JSON.stringify({ query: '{ viewer { role } }' });

describe('browser access', () => {
  describe('with CORS_ORIGINS set', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await createTestApp({
        CORS_ORIGINS: `${APP},http://localhost:5173`,
        GRAPHIQL: 'false',
      });
    });
    afterAll(() => api.close());

    const preflight = (origin: string) =>
      api
        .http()
        .options('/graphql')
        .set('origin', origin)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'authorization,content-type');

    it('answers the preflight of an allowed origin with what the browser needs', async () => {
      const response = await preflight(APP);
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(APP);
      expect(response.headers['access-control-allow-methods']).toBe('GET,POST');
      expect(response.headers['access-control-allow-headers']).toContain('authorization');
      expect(response.headers['access-control-allow-headers']).toContain('content-type');
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
      expect(response.headers.vary).toContain('Origin');
    });

    it('lets the allowed origin read the answer of a real call', async () => {
      const response = await api
        .http()
        .post('/graphql')
        .set('origin', APP)
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .send(QUERY);
      expect(response.status).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBe(APP);
      expect(response.body.data.viewer.role).toBe('ADMIN');
    });

    it('attack: another origin gets no allow header, so its page cannot read anything', async () => {
      const answered = await preflight(EVIL);
      expect(answered.status).toBe(204);
      expect(answered.headers['access-control-allow-origin']).toBeUndefined();
      const call = await api
        .http()
        .post('/graphql')
        .set('origin', EVIL)
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .send(QUERY);
      expect(call.headers['access-control-allow-origin']).toBeUndefined();
    });

    it.each([
      ['text/plain', QUERY],
      ['application/x-www-form-urlencoded', 'query=%7B%20viewer%20%7B%20role%20%7D%20%7D'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ viewer { role } }\r\n--x--\r\n',
      ],
    ])(
      'attack: a simple %s request (no preflight) from another site is refused, even from an allowed origin',
      async (type, body) => {
        for (const origin of [EVIL, APP]) {
          const response = await api
            .http()
            .post('/graphql')
            .set('origin', origin)
            .set('content-type', type)
            .send(body);
          expect(response.status).toBe(400);
          expect(JSON.stringify(response.body)).not.toContain('"role"');
        }
      },
    );

    it('attack: a GET query without a preflight header is refused (CSRF prevention)', async () => {
      const response = await api
        .http()
        .get('/graphql')
        .query({ query: '{ viewer { role } }' })
        .set('origin', EVIL);
      expect(response.status).toBe(400);
    });

    it('serves no GraphiQL page when GRAPHIQL is off', async () => {
      const page = await api.http().get('/graphql').set('accept', 'text/html');
      expect(page.text).not.toContain('GraphiQL');
      const asset = await api.http().get('/graphiql/graphiql.min.js');
      expect(asset.status).toBe(404);
    });
  });

  describe('by default', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await createTestApp({ GRAPHIQL: 'true' });
    });
    afterAll(() => api.close());

    it('allows no other origin at all', async () => {
      const response = await api
        .http()
        .options('/graphql')
        .set('origin', 'http://localhost:5173')
        .set('access-control-request-method', 'POST');
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('serves GraphiQL to a browser at GET /graphql, every file from the service itself', async () => {
      const page = await api.http().get('/graphql').set('accept', 'text/html');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
      expect(sources).toHaveLength(4);
      for (const source of sources) {
        expect(source).toMatch(/^\/graphiql\//);
        const asset = await api.http().get(source);
        expect([source, asset.status]).toEqual([source, 200]);
        expect(asset.headers['content-type']).toMatch(/^text\/(javascript|css)/);
      }
      expect(page.text).toContain('shouldPersistHeaders: false');
    });

    it('still answers API calls at /graphql', async () => {
      const reply = await api.gql<{ viewer: { role: string } }>('{ viewer { role } }');
      expect(reply.data?.viewer.role).toBe('ADMIN');
    });

    it('serves only the GraphiQL files it lists', async () => {
      for (const name of ['..%2Fpackage.json', 'package.json', '__proto__']) {
        expect((await api.http().get(`/graphiql/${name}`)).status).toBe(404);
      }
    });
  });
});
