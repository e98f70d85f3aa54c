import { DataSource } from 'typeorm';
import { DemoCampaigns } from '@observatory/demo';
import { createTestApp, errorCodes, type GraphQLReply, type TestApp } from '../support/test-app';

const CREATE = `mutation ($input: CreateCampaignInput!) {
  createCampaign(input: $input) {
    key title description demo
    branches { key title }
    phases { key title position opensAt closesAt instrumentKeys sequences { key title } open }
  }
}`;
const REGISTER = `mutation ($campaignKey: String!, $participants: [ParticipantInput!]!) {
  registerParticipants(campaignKey: $campaignKey, participants: $participants) { code role branch }
}`;
const PAIR = `mutation ($campaignKey: String!, $m: String!, $p: String!) {
  formPair(campaignKey: $campaignKey, mediatorCode: $m, professionalCode: $p) {
    code mediator { code role branch } professional { code role branch }
  }
}`;
const CAMPAIGN = `query ($key: String!) {
  campaign(key: $key) {
    key title demo
    branches { key title }
    phases { key position opensAt closesAt instrumentKeys open sequences { key title } }
    participants { code role branch }
    pairs { code mediator { code } professional { code } }
  }
}`;
const PROGRESS = `query ($key: String!) {
  campaign(key: $key) {
    progress { pairCode phaseKey instrumentKey respondentRole expected complete drafts }
  }
}`;

interface Phase {
  key: string;
  position: number;
  opensAt: string | null;
  closesAt: string | null;
  instrumentKeys: string[];
  open: boolean;
  sequences: { key: string; title: string }[];
}
interface Campaign {
  key: string;
  title: string;
  demo: boolean;
  branches: { key: string; title: string }[];
  phases: Phase[];
  participants: { code: string; role: string; branch: string | null }[];
  pairs: { code: string; mediator: { code: string }; professional: { code: string } }[];
}
interface Progress {
  pairCode: string | null;
  phaseKey: string;
  instrumentKey: string;
  respondentRole: string | null;
  expected: number;
  complete: number;
  drafts: number;
}

const BRANCHES = [
  { key: 'aide-a-domicile', title: 'Aide à domicile' },
  { key: 'insertion', title: "Insertion par l'activité économique" },
];

/** A TechESS-like campaign; `overrides` replace top-level fields. */
function techess(key: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key,
    title: 'TechESS 2023',
    description: 'Binômes médiateur / professionnel',
    branches: BRANCHES,
    phases: [
      {
        key: 'day1',
        title: 'Jour 1',
        instrumentKeys: ['techess-observation-day1', 'techess-debrief'],
        sequences: [
          { key: 's1', title: 'Séquence 1' },
          { key: 's2', title: 'Séquence 2' },
        ],
      },
      {
        key: 'day2',
        title: 'Jour 2',
        instrumentKeys: ['techess-observation-day2', 'techess-debrief'],
      },
      { key: 'seminar', title: 'Séminaire', instrumentKeys: ['techess-pic-test'] },
    ],
    ...overrides,
  };
}

function firstError(reply: GraphQLReply<unknown>): { code?: string; message: string } {
  const error = reply.errors?.[0];
  return { code: error?.extensions?.code, message: error?.message ?? '' };
}

describe('campaigns', () => {
  let api: TestApp;
  let db: DataSource;

  const create = (input: Record<string, unknown>, key?: string | null) =>
    api.gql<{ createCampaign: Campaign }>(CREATE, { input }, key);
  const register = (
    campaignKey: string,
    participants: { code: string; role: string; branch?: string | null }[],
    key?: string | null,
  ) =>
    api.gql<{ registerParticipants: Campaign['participants'] }>(
      REGISTER,
      { campaignKey, participants },
      key,
    );
  const pair = (campaignKey: string, m: string, p: string) =>
    api.gql<{ formPair: { code: string; mediator: { code: string } } }>(PAIR, {
      campaignKey,
      m,
      p,
    });
  const read = (key: string, apiKey?: string) =>
    api.gql<{ campaign: Campaign | null }>(CAMPAIGN, { key }, apiKey);
  const pairCount = async (campaignKey: string): Promise<number> =>
    Number(
      (
        await db.query<{ n: string }[]>('SELECT count(*) AS n FROM pair WHERE campaign_key = $1', [
          campaignKey,
        ])
      )[0].n,
    );

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false' });
    db = api.app.get(DataSource);
  });
  afterAll(() => api.close());

  describe('createCampaign', () => {
    it('creates a campaign with its branches and ordered phases', async () => {
      const reply = await create(
        techess('techess-2023', {
          phases: [
            {
              key: 'day1',
              title: 'Jour 1',
              instrumentKeys: ['techess-observation-day1', 'techess-debrief'],
              sequences: [{ key: 's1', title: 'Séquence 1' }],
            },
            {
              key: 'past',
              title: 'Passée',
              opensAt: '2020-01-01T00:00:00Z',
              closesAt: '2020-02-01T00:00:00Z',
              instrumentKeys: ['techess-debrief'],
            },
            {
              key: 'future',
              title: 'Future',
              opensAt: '2999-01-01T00:00:00Z',
              instrumentKeys: ['techess-debrief'],
            },
            {
              key: 'now',
              title: 'En cours',
              opensAt: '2020-01-01T00:00:00Z',
              closesAt: '2999-01-01T00:00:00Z',
              instrumentKeys: ['techess-pic-test'],
            },
          ],
        }),
      );
      expect(reply.errors).toBeUndefined();
      const campaign = reply.data!.createCampaign;
      expect(campaign).toMatchObject({
        key: 'techess-2023',
        title: 'TechESS 2023',
        description: 'Binômes médiateur / professionnel',
        demo: false,
        branches: BRANCHES,
      });
      expect(campaign.phases.map((p) => [p.key, p.position, p.open])).toEqual([
        ['day1', 0, true],
        ['past', 1, false],
        ['future', 2, false],
        ['now', 3, true],
      ]);
      expect(campaign.phases[0]).toMatchObject({
        opensAt: null,
        closesAt: null,
        instrumentKeys: ['techess-observation-day1', 'techess-debrief'],
        sequences: [{ key: 's1', title: 'Séquence 1' }],
      });
      expect(new Date(campaign.phases[1].opensAt!).toISOString()).toBe('2020-01-01T00:00:00.000Z');

      const again = await read('techess-2023');
      expect(again.data!.campaign!.phases).toHaveLength(4);
    });

    it('refuses an existing key with CONFLICT', async () => {
      await create(techess('dup-campaign'));
      const reply = await create(techess('dup-campaign', { title: 'Autre' }));
      expect(firstError(reply)).toEqual({
        code: 'CONFLICT',
        message: 'A campaign with key "dup-campaign" already exists',
      });
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      [
        'a key with capitals or spaces',
        { key: 'TechESS 2023' },
        /^.*key must be 1 to 100 lower-case/,
      ],
      ['an empty title', { title: '  ' }, /title is empty/],
      ['no phase at all', { phases: [] }, /at least one phase/],
      [
        'the same phase key twice',
        {
          phases: [
            { key: 'day1', title: 'A', instrumentKeys: [] },
            { key: 'day1', title: 'B', instrumentKeys: [] },
          ],
        },
        /Phase key "day1" is declared more than once/,
      ],
      [
        'the same branch key twice',
        {
          branches: [
            { key: 'insertion', title: 'A' },
            { key: 'insertion', title: 'B' },
          ],
        },
        /Branch key "insertion" is declared more than once/,
      ],
      [
        'closesAt before opensAt',
        {
          phases: [
            {
              key: 'q1',
              title: 'Q1',
              opensAt: '2021-01-18T00:00:00Z',
              closesAt: '2020-12-07T00:00:00Z',
              instrumentKeys: [],
            },
          ],
        },
        /phases\[0\]: opensAt must be before closesAt/,
      ],
      [
        'closesAt equal to opensAt',
        {
          phases: [
            {
              key: 'q1',
              title: 'Q1',
              opensAt: '2021-01-18T00:00:00Z',
              closesAt: '2021-01-18T00:00:00Z',
              instrumentKeys: [],
            },
          ],
        },
        /opensAt must be before closesAt/,
      ],
      [
        'an unknown instrument',
        { phases: [{ key: 'q1', title: 'Q1', instrumentKeys: ['no-such-instrument'] }] },
        /Unknown instrument "no-such-instrument" in phase "q1"/,
      ],
      [
        'an instrument twice in a phase',
        {
          phases: [
            {
              key: 'q1',
              title: 'Q1',
              instrumentKeys: ['microobs-mediators', 'microobs-mediators'],
            },
          ],
        },
        /instrument "microobs-mediators" is declared more than once/,
      ],
      [
        'a sequence key twice in a phase',
        {
          phases: [
            {
              key: 'day1',
              title: 'Jour 1',
              instrumentKeys: [],
              sequences: [
                { key: 's1', title: 'A' },
                { key: 's1', title: 'B' },
              ],
            },
          ],
        },
        /sequence key "s1" is declared more than once/,
      ],
    ])('refuses %s with BAD_USER_INPUT', async (_name, overrides, message) => {
      const key = `bad-${Math.random().toString(36).slice(2, 10)}`;
      const reply = await create(techess(key, { key, ...overrides }));
      const error = firstError(reply);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(message);
      const stored = await db.query('SELECT 1 FROM campaign WHERE key = $1', [key]);
      expect(stored).toHaveLength(0);
    });

    it('reports every problem at once in extensions.problems', async () => {
      const reply = await create(
        techess('many-problems', {
          branches: [{ key: 'Bad Key', title: 'X' }],
          phases: [
            { key: 'x', title: 'X', instrumentKeys: ['nope'] },
            { key: 'x', title: '', instrumentKeys: [] },
          ],
        }),
      );
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
      const problems = reply.errors![0].extensions!.problems as { path: string }[];
      expect(problems.map((p) => p.path).sort()).toEqual([
        'branches[0].key',
        'phases[0].instrumentKeys[0]',
        'phases[1].key',
        'phases[1].title',
      ]);
      expect(reply.errors![0].message).toMatch(/and 3 more, see extensions.problems/);
    });

    it('is for ADMIN keys only', async () => {
      const collector = await collectorKey(api, ['techess-2023']);
      const reply = await create(techess('by-collector'), collector);
      expect(errorCodes(reply)).toEqual(['FORBIDDEN']);
    });
  });

  describe('registerParticipants', () => {
    beforeAll(async () => {
      await create(techess('reg-campaign'));
      await create(
        techess('no-branches', {
          branches: null,
          phases: [{ key: 'q1', title: 'Q1', instrumentKeys: ['microobs-mediators'] }],
        }),
      );
    });

    it('registers pseudonymous participants, in the order given', async () => {
      const reply = await register('reg-campaign', [
        { code: 'M01', role: 'MEDIATOR', branch: 'insertion' },
        { code: 'P01', role: 'PROFESSIONAL', branch: 'insertion' },
        { code: 'med_2', role: 'MEDIATOR' },
      ]);
      expect(reply.errors).toBeUndefined();
      expect(reply.data!.registerParticipants).toEqual([
        { code: 'M01', role: 'MEDIATOR', branch: 'insertion' },
        { code: 'P01', role: 'PROFESSIONAL', branch: 'insertion' },
        { code: 'med_2', role: 'MEDIATOR', branch: null },
      ]);
    });

    it.each([
      ['an email address', 'jeanne.dupont@example.org'],
      ['a name', 'Jeanne Dupont'],
    ])(
      'refuses %s as a code, saying codes must be pseudonymous, without echoing it',
      async (_n, code) => {
        const reply = await register('reg-campaign', [
          { code: 'M50', role: 'MEDIATOR' },
          { code, role: 'PROFESSIONAL' },
        ]);
        const error = firstError(reply);
        // Issue 13: personal data in an identifier field has its own code.
        expect(error.code).toBe('PERSONAL_DATA');
        expect(error.message).toMatch(/participants\[1\]\.code .*codes must be pseudonymous/);
        expect(JSON.stringify(reply.errors)).not.toContain(code);
        expect(JSON.stringify(reply.errors)).not.toContain('Dupont');
        expect(await db.query("SELECT 1 FROM participant WHERE code = 'M50'")).toHaveLength(0);
      },
    );

    it('refuses codes outside the pattern', async () => {
      const reply = await register('reg-campaign', [
        { code: '-M1', role: 'MEDIATOR' },
        { code: 'x'.repeat(41), role: 'MEDIATOR' },
        { code: 'M#1', role: 'MEDIATOR' },
      ]);
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
      expect(reply.errors![0].extensions!.problems).toHaveLength(3);
    });

    it('refuses a branch the campaign does not declare', async () => {
      const reply = await register('reg-campaign', [
        { code: 'M60', role: 'MEDIATOR', branch: 'animation' },
      ]);
      const error = firstError(reply);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(
        /participants\[0\]\.branch is not a branch of campaign "reg-campaign"; its branches are aide-a-domicile, insertion/,
      );
    });

    it('takes any key-like branch when the campaign declares none', async () => {
      const reply = await register('no-branches', [
        { code: 'M01', role: 'MEDIATOR', branch: 'nantes' },
        { code: 'M02', role: 'MEDIATOR' },
      ]);
      expect(reply.errors).toBeUndefined();
      expect(reply.data!.registerParticipants.map((p) => p.branch)).toEqual(['nantes', null]);
    });

    it('refuses a code given twice in the call with CONFLICT naming it', async () => {
      const reply = await register('reg-campaign', [
        { code: 'M70', role: 'MEDIATOR' },
        { code: 'M70', role: 'MEDIATOR' },
      ]);
      expect(firstError(reply)).toEqual({
        code: 'CONFLICT',
        message: 'Participant code(s) given more than once in this call: M70',
      });
    });

    it('refuses an already registered code with CONFLICT naming it, registering none of the call', async () => {
      const reply = await register('reg-campaign', [
        { code: 'M80', role: 'MEDIATOR' },
        { code: 'P01', role: 'PROFESSIONAL' },
      ]);
      expect(firstError(reply)).toEqual({
        code: 'CONFLICT',
        message: 'Participant code(s) already registered in campaign "reg-campaign": P01',
      });
      expect(
        await db.query(
          "SELECT 1 FROM participant WHERE campaign_key = 'reg-campaign' AND code = 'M80'",
        ),
      ).toHaveLength(0);
    });

    it('takes at most 1000 participants per call', async () => {
      const many = Array.from({ length: 1001 }, (_, i) => ({
        code: `X${String(i).padStart(4, '0')}`,
        role: 'MEDIATOR',
      }));
      const reply = await register('reg-campaign', many);
      expect(firstError(reply).code).toBe('BAD_USER_INPUT');
      expect(firstError(reply).message).toMatch(/At most 1000 participants per call/);
      const ok = await register('reg-campaign', many.slice(0, 1000));
      expect(ok.data!.registerParticipants).toHaveLength(1000);
    });

    it('says NOT_FOUND for an unknown campaign', async () => {
      const reply = await register('no-such-campaign', [{ code: 'M01', role: 'MEDIATOR' }]);
      expect(errorCodes(reply)).toEqual(['NOT_FOUND']);
    });

    it('refuses an unknown role before anything runs', async () => {
      const reply = await register('reg-campaign', [{ code: 'M90', role: 'OBSERVER' }]);
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('formPair', () => {
    beforeAll(async () => {
      await create(techess('pair-campaign'));
      await register(
        'pair-campaign',
        ['M01', 'M02', 'M03', 'M04']
          .map((code) => ({ code, role: 'MEDIATOR' }))
          .concat(
            ['P01', 'P02', 'P03', 'P04', 'P05'].map((code) => ({ code, role: 'PROFESSIONAL' })),
          ),
      );
    });

    it('forms a pair coded mediator+professional, and returns the same pair again', async () => {
      const first = await pair('pair-campaign', 'M01', 'P01');
      expect(first.errors).toBeUndefined();
      expect(first.data!.formPair).toEqual({
        code: 'M01+P01',
        mediator: { code: 'M01', role: 'MEDIATOR', branch: null },
        professional: { code: 'P01', role: 'PROFESSIONAL', branch: null },
      });
      const again = await pair('pair-campaign', 'M01', 'P01');
      expect(again.data!.formPair.code).toBe('M01+P01');
      expect(await pairCount('pair-campaign')).toBe(1);
    });

    it('refuses a participant already in another pair with CONFLICT', async () => {
      const mediatorTaken = await pair('pair-campaign', 'M01', 'P02');
      expect(firstError(mediatorTaken)).toEqual({
        code: 'CONFLICT',
        message:
          'Participant "M01" already belongs to pair "M01+P01" in campaign "pair-campaign"; a participant belongs to at most one pair per campaign',
      });
      const professionalTaken = await pair('pair-campaign', 'M02', 'P01');
      expect(errorCodes(professionalTaken)).toEqual(['CONFLICT']);
      expect(professionalTaken.errors![0].message).toMatch(
        /"P01" already belongs to pair "M01\+P01"/,
      );
    });

    it('checks the roles', async () => {
      const swapped = await pair('pair-campaign', 'P02', 'M02');
      expect(firstError(swapped)).toEqual({
        code: 'BAD_USER_INPUT',
        message: 'Participant "P02" is a PROFESSIONAL: mediatorCode must name a MEDIATOR',
      });
      const twoMediators = await pair('pair-campaign', 'M02', 'M03');
      expect(firstError(twoMediators).message).toBe(
        'Participant "M03" is a MEDIATOR: professionalCode must name a PROFESSIONAL',
      );
    });

    it('says NOT_FOUND for a participant or a campaign that does not exist', async () => {
      const unknownParticipant = await pair('pair-campaign', 'M02', 'P99');
      expect(firstError(unknownParticipant)).toEqual({
        code: 'NOT_FOUND',
        message:
          'No participant "P99" in campaign "pair-campaign"; register it with registerParticipants first',
      });
      // A participant of another campaign is not one of this campaign.
      const otherCampaign = await pair('reg-campaign', 'M02', 'P02');
      expect(errorCodes(otherCampaign)).toEqual(['NOT_FOUND']);
      expect(errorCodes(await pair('no-such-campaign', 'M01', 'P01'))).toEqual(['NOT_FOUND']);
    });

    it('refuses a non-pseudonymous code without echoing it', async () => {
      const reply = await pair('pair-campaign', 'jeanne@example.org', 'P02');
      expect(firstError(reply).code).toBe('BAD_USER_INPUT');
      expect(firstError(reply).message).toMatch(/codes must be pseudonymous/);
      expect(JSON.stringify(reply.errors)).not.toContain('jeanne');
    });

    it('under concurrent calls for one mediator, forms exactly one pair and answers CONFLICT to the others', async () => {
      const replies = await Promise.all(
        ['P02', 'P03', 'P04', 'P05', 'P02'].map((p) => pair('pair-campaign', 'M02', p)),
      );
      const codes = replies.flatMap(errorCodes);
      expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
      const formed = new Set(
        replies.flatMap((r) => (r.data?.formPair ? [r.data.formPair.code] : [])),
      );
      expect(formed.size).toBe(1);
      expect(codes.every((code) => code === 'CONFLICT')).toBe(true);
      const rows = await db.query<{ code: string }[]>(
        "SELECT code FROM pair WHERE campaign_key = 'pair-campaign' AND code LIKE 'M02+%'",
      );
      expect(rows.map((r) => r.code)).toEqual([...formed]);
    });

    it('under concurrent calls for a fresh pair, every call returns it and one row exists', async () => {
      await register('pair-campaign', [
        { code: 'M10', role: 'MEDIATOR' },
        { code: 'P10', role: 'PROFESSIONAL' },
      ]);
      const replies = await Promise.all(
        Array.from({ length: 5 }, () => pair('pair-campaign', 'M10', 'P10')),
      );
      expect(replies.flatMap(errorCodes)).toEqual([]);
      expect(replies.map((r) => r.data!.formPair.code)).toEqual(Array(5).fill('M10+P10'));
      expect(
        await db.query(
          "SELECT 1 FROM pair WHERE campaign_key = 'pair-campaign' AND code = 'M10+P10'",
        ),
      ).toHaveLength(1);
    });
  });

  describe('reading', () => {
    let collectorA: string;
    let partner: string;

    beforeAll(async () => {
      await create(techess('campaign-a'));
      await create(techess('campaign-b'));
      await register('campaign-a', [
        { code: 'M01', role: 'MEDIATOR', branch: 'insertion' },
        { code: 'P01', role: 'PROFESSIONAL', branch: 'insertion' },
      ]);
      await pair('campaign-a', 'M01', 'P01');
      collectorA = await collectorKey(api, ['campaign-a']);
      partner = await partnerKey(api);
    });

    it('shows an ADMIN every campaign', async () => {
      const reply = await api.gql<{ campaigns: { key: string }[] }>('{ campaigns { key } }');
      const keys = reply.data!.campaigns.map((c) => c.key);
      expect(keys).toEqual(expect.arrayContaining(['campaign-a', 'campaign-b', 'techess-2023']));
      expect(keys).toEqual([...keys].sort());
    });

    it('shows a COLLECTOR only the campaigns of its scope, with participants and pairs', async () => {
      const list = await api.gql<{ campaigns: { key: string }[] }>(
        '{ campaigns { key } }',
        {},
        collectorA,
      );
      expect(list.data!.campaigns).toEqual([{ key: 'campaign-a' }]);
      expect((await read('campaign-b', collectorA)).data!.campaign).toBeNull();
      const own = await read('campaign-a', collectorA);
      expect(own.errors).toBeUndefined();
      expect(own.data!.campaign).toMatchObject({
        key: 'campaign-a',
        participants: [
          { code: 'M01', role: 'MEDIATOR', branch: 'insertion' },
          { code: 'P01', role: 'PROFESSIONAL', branch: 'insertion' },
        ],
        pairs: [{ code: 'M01+P01', mediator: { code: 'M01' }, professional: { code: 'P01' } }],
      });
    });

    it('keeps progress for ADMIN keys', async () => {
      const reply = await api.gql(PROGRESS, { key: 'campaign-a' }, collectorA);
      expect(errorCodes(reply)).toEqual(['FORBIDDEN']);
      expect(reply.errors![0].message).toBe('Campaign progress is visible to ADMIN keys only');
    });

    it('is FORBIDDEN to PARTNER keys for now', async () => {
      expect(errorCodes(await api.gql('{ campaigns { key } }', {}, partner))).toEqual([
        'FORBIDDEN',
      ]);
      expect(errorCodes(await read('campaign-a', partner))).toEqual(['FORBIDDEN']);
    });

    it('answers null for an unknown campaign and UNAUTHENTICATED without a key', async () => {
      expect((await read('no-such-campaign')).data!.campaign).toBeNull();
      expect(errorCodes(await api.gql('{ campaigns { key } }', {}, null))).toEqual([
        'UNAUTHENTICATED',
      ]);
    });
  });

  describe('progress', () => {
    const pairId = async (campaignKey: string, code: string): Promise<string> =>
      (
        await db.query<{ id: string }[]>(
          'SELECT id FROM pair WHERE campaign_key = $1 AND code = $2',
          [campaignKey, code],
        )
      )[0].id;
    const insert = (
      rows: {
        instrument: string;
        phase: string | null;
        pair: string | null;
        status: 'DRAFT' | 'COMPLETE';
        anonymous?: boolean;
        campaign?: string;
      }[],
    ) =>
      Promise.all(
        rows.map((row) =>
          db.query(
            `INSERT INTO submission (id, instrument_key, instrument_version, campaign_key, phase_key,
                                     pair_id, status, anonymous, answers, submitted_on)
             VALUES (gen_random_uuid(), $1, '1.0.0', $2, $3, $4, $5, $6, '{}'::jsonb, current_date)`,
            [
              row.instrument,
              row.campaign ?? 'progress-campaign',
              row.phase,
              row.pair,
              row.status,
              row.anonymous ?? false,
            ],
          ),
        ),
      );

    beforeAll(async () => {
      await create(techess('progress-campaign'));
      await register('progress-campaign', [
        { code: 'M01', role: 'MEDIATOR' },
        { code: 'M02', role: 'MEDIATOR' },
        { code: 'P01', role: 'PROFESSIONAL' },
        { code: 'P02', role: 'PROFESSIONAL' },
        { code: 'P03', role: 'PROFESSIONAL' },
      ]);
      await pair('progress-campaign', 'M01', 'P01');
      await pair('progress-campaign', 'M02', 'P02');
      const pair1 = await pairId('progress-campaign', 'M01+P01');
      const pair2 = await pairId('progress-campaign', 'M02+P02');
      await insert([
        { instrument: 'techess-observation-day1', phase: 'day1', pair: pair1, status: 'COMPLETE' },
        { instrument: 'techess-observation-day1', phase: 'day1', pair: pair1, status: 'COMPLETE' },
        { instrument: 'techess-observation-day1', phase: 'day1', pair: pair1, status: 'DRAFT' },
        { instrument: 'techess-debrief', phase: 'day1', pair: pair2, status: 'DRAFT' },
        { instrument: 'techess-debrief', phase: 'day2', pair: pair2, status: 'COMPLETE' },
        {
          instrument: 'techess-pic-test',
          phase: null,
          pair: null,
          status: 'COMPLETE',
          anonymous: true,
        },
        {
          instrument: 'techess-pic-test',
          phase: 'seminar',
          pair: null,
          status: 'COMPLETE',
          anonymous: true,
        },
        // Another campaign's submission does not count here.
        {
          instrument: 'techess-observation-day1',
          phase: 'day1',
          pair: pair1,
          status: 'COMPLETE',
          campaign: 'campaign-b',
        },
      ]);
    });

    it('counts complete and draft submissions per pair × phase × instrument', async () => {
      const reply = await api.gql<{ campaign: { progress: Progress[] } }>(PROGRESS, {
        key: 'progress-campaign',
      });
      expect(reply.errors).toBeUndefined();
      const table = reply.data!.campaign.progress.map((e) => [
        e.phaseKey,
        e.instrumentKey,
        e.pairCode,
        e.respondentRole,
        e.expected,
        e.complete,
        e.drafts,
      ]);
      expect(table).toEqual([
        ['day1', 'techess-observation-day1', 'M01+P01', 'MEDIATOR', 1, 2, 1],
        ['day1', 'techess-observation-day1', 'M02+P02', 'MEDIATOR', 1, 0, 0],
        ['day1', 'techess-debrief', 'M01+P01', null, 1, 0, 0],
        ['day1', 'techess-debrief', 'M02+P02', null, 1, 0, 1],
        ['day2', 'techess-observation-day2', 'M01+P01', 'MEDIATOR', 1, 0, 0],
        ['day2', 'techess-observation-day2', 'M02+P02', 'MEDIATOR', 1, 0, 0],
        ['day2', 'techess-debrief', 'M01+P01', null, 1, 0, 0],
        ['day2', 'techess-debrief', 'M02+P02', null, 1, 1, 0],
        // The anonymous skills test: one entry, every participant expected.
        ['seminar', 'techess-pic-test', null, null, 5, 2, 0],
      ]);
    });

    it('counts with one grouped query, not one per entry', async () => {
      const queries: string[] = [];
      const original = db.query.bind(db);
      const spy = jest.spyOn(db, 'query').mockImplementation((sql: string, ...rest: unknown[]) => {
        queries.push(sql);
        return (original as (sql: string, ...args: unknown[]) => Promise<unknown>)(sql, ...rest);
      });
      try {
        await api.gql(PROGRESS, { key: 'progress-campaign' });
      } finally {
        spy.mockRestore();
      }
      expect(queries.filter((sql) => /FROM submission/.test(sql))).toHaveLength(1);
    });
  });
});

describe('demo campaigns (DEMO_DATA=true)', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'true' });
  });
  afterAll(() => api.close());

  it('seeds a TechESS-like campaign: 4 branches, 3 phases, 8 participants, 4 pairs', async () => {
    const reply = await api.gql<{ campaign: Campaign }>(CAMPAIGN, { key: 'techess-demo' });
    expect(reply.errors).toBeUndefined();
    const campaign = reply.data!.campaign;
    expect(campaign).toMatchObject({ title: 'TechESS — démonstration', demo: true });
    expect(campaign.branches.map((b) => b.key)).toEqual([
      'aide-a-domicile',
      'insertion',
      'animation',
      'sanitaire-social',
    ]);
    expect(campaign.phases.map((p) => [p.key, p.instrumentKeys, p.open])).toEqual([
      ['day1', ['techess-observation-day1', 'techess-debrief'], true],
      ['day2', ['techess-observation-day2', 'techess-debrief'], true],
      ['seminar', ['techess-pic-test'], true],
    ]);
    expect(campaign.phases[0].sequences).toHaveLength(6);
    expect(campaign.phases[0].sequences[0].title).toMatch(
      /^Séquence 1 : le professionnel présente la structure/,
    );
    expect(campaign.phases[1].sequences[0].title).toMatch(/savoir-faire mobilisés$/);
    expect(campaign.participants).toHaveLength(8);
    expect(campaign.pairs.map((p) => p.code)).toEqual(['M01+P01', 'M02+P02', 'M03+P03', 'M04+P04']);
  });

  it('seeds a MicroOBS-like campaign with the waves’ windows and an open wave', async () => {
    const reply = await api.gql<{ campaign: Campaign }>(CAMPAIGN, { key: 'microobs-demo' });
    const campaign = reply.data!.campaign;
    expect(campaign).toMatchObject({ title: 'MicroOBS — démonstration', demo: true, pairs: [] });
    const phases = Object.fromEntries(campaign.phases.map((p) => [p.key, p]));
    expect(campaign.phases.map((p) => p.key)).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'open-wave']);
    expect(phases.q0).toMatchObject({
      opensAt: '2019-12-19T23:00:00.000Z',
      closesAt: '2020-04-15T21:59:59.000Z',
      open: false,
    });
    for (const wave of ['q1', 'q2', 'q3', 'q4']) {
      expect(new Date(phases[wave].opensAt!) >= new Date('2020-12-06T23:00:00Z')).toBe(true);
      expect(new Date(phases[wave].closesAt!) <= new Date('2021-01-18T23:59:59+01:00')).toBe(true);
      expect(phases[wave].open).toBe(false);
    }
    expect(phases['open-wave']).toMatchObject({ opensAt: null, closesAt: null, open: true });
    expect(campaign.phases.every((p) => p.instrumentKeys.join() === 'microobs-mediators')).toBe(
      true,
    );
  });

  it('reports demo progress, with the anonymous test expected from all 8 participants', async () => {
    const reply = await api.gql<{ campaign: { progress: Progress[] } }>(PROGRESS, {
      key: 'techess-demo',
    });
    const progress = reply.data!.campaign.progress;
    expect(progress).toHaveLength(4 * 2 * 2 + 1);
    expect(progress.at(-1)).toEqual({
      pairCode: null,
      phaseKey: 'seminar',
      instrumentKey: 'techess-pic-test',
      respondentRole: null,
      expected: 8,
      complete: 0,
      drafts: 0,
    });
  });

  it('seeding again (as at a restart) creates nothing more', async () => {
    const db = api.app.get(DataSource);
    const count = async () =>
      db.query<{ campaigns: number; phases: number; participants: number; pairs: number }[]>(
        `SELECT (SELECT count(*)::int FROM campaign) AS campaigns,
                (SELECT count(*)::int FROM campaign_phase) AS phases,
                (SELECT count(*)::int FROM participant) AS participants,
                (SELECT count(*)::int FROM pair) AS pairs`,
      );
    const before = await count();
    expect(before[0]).toEqual({ campaigns: 2, phases: 9, participants: 8, pairs: 4 });
    const seeder = api.app.get(DemoCampaigns);
    expect(await seeder.seed()).toEqual([]);
    await seeder.onApplicationBootstrap();
    expect(await count()).toEqual(before);
  });

  it('completes a half-done seed (a campaign without its participants) on the next start', async () => {
    const db = api.app.get(DataSource);
    await db.query("DELETE FROM pair WHERE campaign_key = 'techess-demo' AND code = 'M04+P04'");
    await db.query(
      "DELETE FROM participant WHERE campaign_key = 'techess-demo' AND code IN ('M04', 'P04')",
    );
    expect(await api.app.get(DemoCampaigns).seed()).toEqual([]);
    const reply = await api.gql<{ campaign: Campaign }>(CAMPAIGN, { key: 'techess-demo' });
    expect(reply.data!.campaign.participants).toHaveLength(8);
    expect(reply.data!.campaign.pairs).toHaveLength(4);
  });
});

async function collectorKey(api: TestApp, campaignKeys: string[]): Promise<string> {
  const reply = await api.gql<{ createApiKey: { secret: string } }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    { input: { name: 'field app', role: 'COLLECTOR', campaignKeys } },
  );
  return reply.data!.createApiKey.secret;
}

async function partnerKey(api: TestApp): Promise<string> {
  const reply = await api.gql<{ createApiKey: { secret: string } }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    { input: { name: 'M@rsouin', role: 'PARTNER', partnerKey: 'marsouin' } },
  );
  return reply.data!.createApiKey.secret;
}
