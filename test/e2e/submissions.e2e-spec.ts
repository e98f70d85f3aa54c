import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { ClientSubmissionIds } from '@observatory/submissions';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import { seedCampaign } from '../support/campaign-fixture';
import { PII_NOTE, SUBMITTED_PII } from '../support/pii';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, errorCodes, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const definition = (kind: string, key: string): InstrumentDefinition =>
  JSON.parse(
    fs.readFileSync(path.join(ROOT, 'instruments', kind, 'versions', `${key}@1.0.0.json`), 'utf8'),
  );
const DAY1 = definition('observation-grid', 'techess-observation-day1');
const DAY2 = definition('observation-grid', 'techess-observation-day2');
const DEBRIEF = definition('debrief', 'techess-debrief');
const MICROOBS = definition('questionnaire', 'microobs-mediators');
const PIC = definition('skills-test', 'techess-pic-test');

const PII = SUBMITTED_PII;

const SUBMIT = `mutation ($input: SubmitInput!) {
  submit(input: $input) {
    __typename
    ... on SubmissionAccepted { duplicate redactions { path kind count } submission { id status phase pairCode participantCode respondentRole branch answers derived submittedOn } }
    ... on SubmissionRejected { errors { path code message } }
  }
}`;
const SUBMIT_ANONYMOUS = SUBMIT.replace(
  '($input: SubmitInput!)',
  '($input: AnonymousSubmitInput!)',
).replace('submit(input: $input)', 'submitAnonymous(input: $input)');

interface Accepted {
  __typename: 'SubmissionAccepted';
  duplicate: boolean;
  redactions: { path: string; kind: string; count: number }[];
  submission: {
    id: string;
    status: string;
    answers: JsonObject;
    derived: JsonObject;
    branch: string | null;
  };
}
interface Rejected {
  __typename: 'SubmissionRejected';
  errors: { path: string; code: string; message: string }[];
}
type SubmitReply = Accepted | Rejected;

let clientIds = 0;
const nextClientId = (): string => `client-${++clientIds}`;

describe('submissions', () => {
  let api: TestApp;
  let db: DataSource;
  let logFile: string;
  let collector: string;
  let otherCollector: string;

  const submit = async (input: Record<string, unknown>, key?: string) => {
    const reply = await api.gql<{ submit: SubmitReply }>(
      SUBMIT,
      { input: { clientSubmissionId: nextClientId(), ...input } },
      key ?? collector,
    );
    return { ...reply, result: reply.data?.submit };
  };
  const microobs = (answers: unknown, extra: Record<string, unknown> = {}) =>
    submit({
      instrumentKey: 'microobs-mediators',
      version: '1.0.0',
      campaignKey: 'microobs-t',
      phase: 'q1',
      answers,
      ...extra,
    });
  const countRows = async (): Promise<number> =>
    Number((await db.query('SELECT count(*) AS n FROM submission'))[0].n);

  beforeAll(async () => {
    // In the run's log directory when there is one, so the whole-run scan reads it too.
    const logDir =
      process.env.TEST_LOG_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'submissions-log-'));
    logFile = path.join(logDir, 'submissions-debug.log');
    api = await createTestApp({ LOG_LEVEL: 'debug', LOG_FILE: logFile, DEMO_DATA: 'false' });
    db = api.app.get(DataSource);
    await seedCampaign(api, {
      key: 'techess-t',
      branches: ['aide-a-domicile', 'insertion'],
      phases: [
        { key: 'day1', instrumentKeys: ['techess-observation-day1', 'techess-debrief'] },
        { key: 'day2', instrumentKeys: ['techess-observation-day2', 'techess-debrief'] },
        { key: 'seminar', instrumentKeys: ['techess-pic-test'] },
        {
          key: 'closed',
          instrumentKeys: ['techess-observation-day1'],
          closesAt: new Date('2023-06-30T00:00:00Z'),
        },
        {
          key: 'later',
          instrumentKeys: ['techess-observation-day1'],
          opensAt: new Date('2099-01-01T00:00:00Z'),
        },
      ],
      pairs: [
        ['M01', 'P01'],
        ['M02', 'P02'],
      ],
    });
    await seedCampaign(api, {
      key: 'microobs-t',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    await seedCampaign(api, {
      key: 'other-t',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    const create = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`;
    collector = (
      await api.gql<{ createApiKey: { secret: string } }>(create, {
        input: { name: 'field app', role: 'COLLECTOR', campaignKeys: ['techess-t', 'microobs-t'] },
      })
    ).data!.createApiKey.secret;
    otherCollector = (
      await api.gql<{ createApiKey: { secret: string } }>(create, {
        input: { name: 'other app', role: 'COLLECTOR', campaignKeys: ['other-t'] },
      })
    ).data!.createApiKey.secret;
  });
  afterAll(() => api.close());

  describe('a valid submission of every built-in instrument', () => {
    it.each([
      [
        'techess-observation-day1',
        DAY1,
        { phase: 'day1', pairCode: 'M01+P01', participantCode: 'M01' },
      ],
      [
        'techess-observation-day2',
        DAY2,
        { phase: 'day2', pairCode: 'M01+P01', participantCode: 'M01' },
      ],
      ['techess-debrief', DEBRIEF, { phase: 'day1', pairCode: 'M01+P01' }],
    ])('%s is accepted in its phase', async (instrumentKey, def, context) => {
      const { result } = await submit({
        instrumentKey,
        version: '1.0.0',
        campaignKey: 'techess-t',
        ...context,
        answers: sampleAnswers(def, { fillOptional: true }),
      });
      expect(result).toMatchObject({
        __typename: 'SubmissionAccepted',
        duplicate: false,
        submission: { status: 'COMPLETE' },
      });
    });

    it('microobs-mediators is accepted, its postcode kept as a département only', async () => {
      const answers = sampleAnswers(MICROOBS, { fillOptional: true });
      const { result } = await microobs({ ...answers, postcode: '44300' });
      expect(result?.__typename).toBe('SubmissionAccepted');
      const accepted = result as Accepted;
      expect(accepted.submission.answers.postcode).toBe('44');
      expect(accepted.redactions).toContainEqual({
        path: 'postcode',
        kind: 'GENERALISED',
        count: 1,
      });
    });

    it('techess-pic-test is accepted anonymously with a token, with scores per area', async () => {
      const tokens = await api.gql<{ issueAnonymousTokens: string[] }>(
        'mutation { issueAnonymousTokens(campaignKey: "techess-t", instrumentKey: "techess-pic-test", count: 3) }',
      );
      const [token] = tokens.data!.issueAnonymousTokens;
      const reply = await api.gql<{ submitAnonymous: SubmitReply }>(
        SUBMIT_ANONYMOUS,
        {
          input: {
            token,
            instrumentKey: 'techess-pic-test',
            version: '1.0.0',
            campaignKey: 'techess-t',
            phase: 'seminar',
            branch: 'insertion',
            respondentRole: 'PROFESSIONAL',
            answers: sampleAnswers(PIC),
          },
        },
        null,
      );
      const accepted = reply.data!.submitAnonymous as Accepted;
      expect(accepted.__typename).toBe('SubmissionAccepted');
      expect(accepted.submission.branch).toBe('insertion');
      expect(accepted.submission.derived).toMatchObject({ total: { max: 20 } });
      expect(Object.keys((accepted.submission.derived as { scores: object }).scores)).toHaveLength(
        5,
      );
    });
  });

  describe('rejections: every problem, with a path and a code, and nothing stored', () => {
    const valid = () => sampleAnswers(MICROOBS);

    it.each([
      ['REQUIRED', 'gender', () => ({ ...valid(), gender: undefined })],
      ['TYPE', 'gender', () => ({ ...valid(), gender: 5 })],
      ['UNKNOWN_OPTION', 'gender', () => ({ ...valid(), gender: 'martian' })],
      ['UNKNOWN_FIELD', 'favouriteColour', () => ({ ...valid(), favouriteColour: 'blue' })],
      [
        'NOT_VISIBLE',
        'mediationTrainingName',
        () => ({ ...valid(), mediationTraining: false, mediationTrainingName: 'DU médiation' }),
      ],
      ['OUT_OF_RANGE', 'postcode', () => ({ ...valid(), postcode: '4430012345' })],
    ])('%s at %s', async (code, pathName, answers) => {
      const before = await countRows();
      const { result } = await microobs(JSON.parse(JSON.stringify(answers())));
      expect(result?.__typename).toBe('SubmissionRejected');
      expect((result as Rejected).errors).toContainEqual(
        expect.objectContaining({ path: pathName, code }),
      );
      expect(await countRows()).toBe(before);
    });

    it('locates problems inside repeat blocks: beneficiaries[1].needs.request', async () => {
      const answers = sampleAnswers(DAY2, { fillOptional: true }) as {
        beneficiaries: { needs: JsonObject }[];
      };
      answers.beneficiaries[1].needs.request = 42;
      const { result } = await submit({
        instrumentKey: 'techess-observation-day2',
        version: '1.0.0',
        campaignKey: 'techess-t',
        phase: 'day2',
        pairCode: 'M01+P01',
        participantCode: 'M01',
        answers,
      });
      expect((result as Rejected).errors).toContainEqual(
        expect.objectContaining({ path: 'beneficiaries[1].needs.request', code: 'TYPE' }),
      );
    });

    it('lists several problems at once', async () => {
      const { result } = await microobs({ ...valid(), gender: 'martian', posture: 3, extra: true });
      expect((result as Rejected).errors.map((e) => e.code).sort()).toEqual([
        'TYPE',
        'UNKNOWN_FIELD',
        'UNKNOWN_OPTION',
      ]);
    });

    it.each([
      ['PHASE_CLOSED', { phase: 'closed' }],
      ['PHASE_CLOSED', { phase: 'later' }],
      ['UNKNOWN_PHASE', { phase: 'day9' }],
      ['MISSING_CONTEXT', { phase: undefined }],
      ['INSTRUMENT_NOT_IN_PHASE', { phase: 'seminar' }],
      ['UNKNOWN_PAIR', { pairCode: 'M09+P09' }],
      ['UNKNOWN_PARTICIPANT', { participantCode: 'M09' }],
      ['PARTICIPANT_NOT_IN_PAIR', { participantCode: 'M02' }],
      ['ROLE_MISMATCH', { participantCode: 'P01' }],
      ['UNKNOWN_VERSION', { version: '9.9.9' }],
      ['UNKNOWN_INSTRUMENT', { instrumentKey: 'nope' }],
    ])('refuses a wrong context with %s', async (code, change) => {
      const before = await countRows();
      const { result } = await submit({
        instrumentKey: 'techess-observation-day1',
        version: '1.0.0',
        campaignKey: 'techess-t',
        phase: 'day1',
        pairCode: 'M01+P01',
        participantCode: 'M01',
        answers: sampleAnswers(DAY1),
        ...change,
      });
      expect(result?.__typename).toBe('SubmissionRejected');
      expect((result as Rejected).errors.map((e) => e.code)).toContain(code);
      expect(await countRows()).toBe(before);
    });

    it('sends the anonymous test to submitAnonymous', async () => {
      const { result } = await submit({
        instrumentKey: 'techess-pic-test',
        version: '1.0.0',
        campaignKey: 'techess-t',
        phase: 'seminar',
        answers: sampleAnswers(PIC),
      });
      expect((result as Rejected).errors.map((e) => e.code)).toEqual(['ANONYMOUS_INSTRUMENT']);
    });

    it('refuses a retired version with VERSION_RETIRED', async () => {
      const next = { ...MICROOBS, version: '1.0.1', title: { fr: `${MICROOBS.title.fr} ` } };
      const published = await api.gql(
        'mutation ($input: PublishInstrumentVersionInput!) { publishInstrumentVersion(input: $input) { created } }',
        {
          input: {
            key: 'microobs-mediators',
            kind: 'questionnaire',
            version: '1.0.1',
            definition: next,
          },
        },
      );
      expect(published.errors).toBeUndefined();
      await api.gql(
        'mutation { retireInstrumentVersion(key: "microobs-mediators", version: "1.0.1") { status } }',
      );
      const { result } = await microobs(valid(), { version: '1.0.1' });
      expect((result as Rejected).errors.map((e) => e.code)).toEqual(['VERSION_RETIRED']);
    });

    it('forbids a collector key on a campaign outside its scope', async () => {
      const reply = await microobs(valid(), { campaignKey: 'techess-t', phase: 'day1' });
      expect(reply.result?.__typename).toBeDefined();
      const forbidden = await submit(
        {
          instrumentKey: 'microobs-mediators',
          version: '1.0.0',
          campaignKey: 'microobs-t',
          phase: 'q1',
          answers: valid(),
        },
        otherCollector,
      );
      expect(errorCodes(forbidden)).toEqual(['FORBIDDEN']);
    });

    it('refuses a malformed clientSubmissionId as BAD_USER_INPUT', async () => {
      const reply = await submit({
        clientSubmissionId: 'has spaces and é',
        instrumentKey: 'microobs-mediators',
        version: '1.0.0',
        campaignKey: 'microobs-t',
        phase: 'q1',
        answers: valid(),
      });
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('idempotency', () => {
    const input = () => ({
      clientSubmissionId: 'offline-42',
      instrumentKey: 'microobs-mediators',
      version: '1.0.0',
      campaignKey: 'microobs-t',
      phase: 'q1',
      answers: sampleAnswers(MICROOBS),
    });

    it('returns the first result, marked duplicate, for the same request', async () => {
      const first = (await submit(input())).result as Accepted;
      const again = (await submit(input())).result as Accepted;
      expect(first.duplicate).toBe(false);
      expect(again).toMatchObject({ duplicate: true, submission: { id: first.submission.id } });
    });

    it('answers CONFLICT for other content under the same clientSubmissionId', async () => {
      const reply = await submit({
        ...input(),
        answers: { ...sampleAnswers(MICROOBS), gender: 'male' },
      });
      expect(errorCodes(reply)).toEqual(['CONFLICT']);
    });

    it('stores exactly one submission for concurrent retries', async () => {
      const retry = { ...input(), clientSubmissionId: 'concurrent-1' };
      const replies = await Promise.all(Array.from({ length: 8 }, () => submit(retry)));
      const accepted = replies.map((reply) => reply.result as Accepted);
      expect(accepted.every((reply) => reply.__typename === 'SubmissionAccepted')).toBe(true);
      expect(new Set(accepted.map((reply) => reply.submission.id)).size).toBe(1);
      expect(accepted.filter((reply) => !reply.duplicate)).toHaveLength(1);
      // Client ids are stored as keyed hashes (issue 13).
      const rows = await db.query(
        `SELECT count(*) AS n FROM submission WHERE client_submission_id = $1`,
        [api.app.get(ClientSubmissionIds).hash('concurrent-1')],
      );
      expect(Number(rows[0].n)).toBe(1);
    });
  });

  describe('drafts', () => {
    it('accepts a partial draft, then its completion under the same clientSubmissionId', async () => {
      const base = {
        clientSubmissionId: 'draft-1',
        instrumentKey: 'microobs-mediators',
        version: '1.0.0',
        campaignKey: 'microobs-t',
        phase: 'q1',
      };
      const draft = (await submit({ ...base, status: 'DRAFT', answers: { gender: 'female' } }))
        .result as Accepted;
      expect(draft).toMatchObject({
        __typename: 'SubmissionAccepted',
        submission: { status: 'DRAFT' },
      });
      const wrongType = (
        await submit({
          ...base,
          clientSubmissionId: 'draft-2',
          status: 'DRAFT',
          answers: { gender: 7 },
        })
      ).result;
      expect((wrongType as Rejected).errors.map((e) => e.code)).toEqual(['TYPE']);

      const complete = (
        await submit({ ...base, status: 'COMPLETE', answers: sampleAnswers(MICROOBS) })
      ).result as Accepted;
      expect(complete).toMatchObject({
        duplicate: false,
        submission: { id: draft.submission.id, status: 'COMPLETE' },
      });
      const listed = await api.gql<{ submissions: { totalCount: number; partialCount: number } }>(
        '{ submissions(campaignKey: "microobs-t", instrumentKey: "microobs-mediators") { totalCount partialCount } }',
      );
      expect(listed.data!.submissions.partialCount).toBe(0);
    });

    it('counts drafts left partial for admins', async () => {
      await submit({
        clientSubmissionId: 'left-partial',
        instrumentKey: 'microobs-mediators',
        version: '1.0.0',
        campaignKey: 'microobs-t',
        phase: 'q1',
        status: 'DRAFT',
        answers: { ageBand: 'age-36-45' },
      });
      const listed = await api.gql<{ submissions: { partialCount: number } }>(
        '{ submissions(campaignKey: "microobs-t", status: DRAFT) { partialCount totalCount } }',
      );
      expect(listed.data!.submissions.partialCount).toBe(1);
    });
  });

  describe('anonymisation', () => {
    let stored: Accepted;

    beforeAll(async () => {
      const answers = sampleAnswers(DAY2, { fillOptional: true, text: () => PII_NOTE });
      stored = (
        await submit({
          instrumentKey: 'techess-observation-day2',
          version: '1.0.0',
          campaignKey: 'techess-t',
          phase: 'day2',
          pairCode: 'M02+P02',
          participantCode: 'M02',
          answers,
        })
      ).result as Accepted;
    });

    it('stores free text with typed placeholders and reports the redactions without values', async () => {
      expect(stored.__typename).toBe('SubmissionAccepted');
      const request = (
        stored.submission.answers as { beneficiaries: { needs: { request: string } }[] }
      ).beneficiaries[0].needs.request;
      expect(request).toBe('Reçue avec [NAME], [PHONE], [EMAIL] pour un dossier CAF.');
      expect(stored.redactions).toEqual(
        expect.arrayContaining([
          { path: 'beneficiaries[0].needs.request', kind: 'NAME', count: 1 },
          { path: 'beneficiaries[0].needs.request', kind: 'PHONE', count: 1 },
          { path: 'beneficiaries[0].needs.request', kind: 'EMAIL', count: 1 },
        ]),
      );
      expect(JSON.stringify(stored.redactions)).not.toMatch(/Martin|06\.12|example\.org/);
    });

    it('keeps no raw value in the database', async () => {
      const rows: { row: string }[] = await db.query(
        `SELECT row_to_json(s)::text AS row FROM submission s`,
      );
      for (const value of PII) expect(rows.filter((r) => r.row.includes(value))).toEqual([]);
    });

    it('writes neither the raw values nor the answers to any log line', async () => {
      const logs = fs.readFileSync(logFile, 'utf8');
      expect(logs.split('\n').filter((line) => line.trim()).length).toBeGreaterThan(10);
      for (const value of [...PII, 'Reçue avec', '[NAME]', 'Texte d'])
        expect(logs).not.toContain(value);
    });
  });

  // The rest of the anonymous flow: test/e2e/anonymous-skills-test.e2e-spec.ts and
  // anonymous-unlinkability.e2e-spec.ts.
  describe('the unlinkable skills test', () => {
    it('refuses tokens for an instrument that is not anonymous', async () => {
      const reply = await api.gql(
        'mutation { issueAnonymousTokens(campaignKey: "techess-t", instrumentKey: "techess-debrief", count: 1) }',
      );
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('reading and erasure', () => {
    it('pages through submissions with cursors', async () => {
      const query =
        'query ($after: String) { submissions(campaignKey: "techess-t", first: 2, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
      type Page = {
        submissions: {
          totalCount: number;
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
      const seen: string[] = [];
      let after: string | null = null;
      let total: number;
      do {
        const reply: { data?: Page | null } = await api.gql<Page>(query, { after });
        const page = reply.data!.submissions;
        total = page.totalCount;
        seen.push(...page.edges.map((edge) => edge.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toHaveLength(total);
      const audit = await api.gql<{ auditEvents: { action: string; role: string }[] }>(
        '{ auditEvents(first: 20) { action role } }',
      );
      expect(audit.data!.auditEvents).toContainEqual({ action: 'submissions.read', role: 'ADMIN' });
      expect(new Set(seen).size).toBe(total);
      expect(errorCodes(await api.gql(query, { after: 'not-a-cursor' }))).toEqual([
        'BAD_USER_INPUT',
      ]);
      expect(errorCodes(await api.gql(query, {}, collector))).toEqual(['FORBIDDEN']);
    });

    it('erases a participant’s submissions and pair, and says anonymous ones cannot be found', async () => {
      const [{ id: participantId }] = await db.query(
        `SELECT id FROM participant WHERE code = 'P01'`,
      );
      const reply = await api.gql<{
        eraseParticipant: {
          submissionsDeleted: number;
          pairsDeleted: number;
          anonymousSubmissions: string;
        };
      }>(
        'mutation { eraseParticipant(campaignKey: "techess-t", participantCode: "P01") { participantCode submissionsDeleted pairsDeleted anonymousSubmissions } }',
      );
      expect(reply.data!.eraseParticipant.submissionsDeleted).toBeGreaterThanOrEqual(3);
      expect(reply.data!.eraseParticipant.pairsDeleted).toBe(1);
      expect(reply.data!.eraseParticipant.anonymousSubmissions).toMatch(/cannot be found/);
      const left = await db.query(
        `SELECT count(*) AS n FROM submission s JOIN pair p ON p.id = s.pair_id WHERE p.code = 'M01+P01'`,
      );
      expect(Number(left[0].n)).toBe(0);
      expect(
        Number((await db.query(`SELECT count(*) AS n FROM participant WHERE code = 'P01'`))[0].n),
      ).toBe(0);
      // No trace anywhere: every row of every table of the service, as JSON, after recomputation.
      const deadline = Date.now() + 20000;
      while (
        (await db.query(`SELECT 1 FROM outbox_event WHERE sent_at IS NULL`)).length &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const tables: { table_name: string }[] = await db.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      );
      expect(tables.length).toBeGreaterThan(10);
      for (const { table_name: table } of tables) {
        const traces = await db.query(
          `SELECT 1 FROM "${table}" t WHERE row_to_json(t)::text LIKE $1 OR row_to_json(t)::text ~ '(^|[^A-Za-z0-9])P01([^A-Za-z0-9]|$)'`,
          [`%${participantId}%`],
        );
        expect({ table, traces: traces.length }).toEqual({ table, traces: 0 });
      }
      expect(
        errorCodes(
          await api.gql(
            'mutation { eraseParticipant(campaignKey: "techess-t", participantCode: "P01") { submissionsDeleted } }',
          ),
        ),
      ).toEqual(['NOT_FOUND']);
    });
  });
});
