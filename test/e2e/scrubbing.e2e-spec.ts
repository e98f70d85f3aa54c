/**
 * Issue 13 end to end: what people type in free text never reaches the database, a log line or an
 * export; identifier fields refuse personal data; text stored by an older scrubber is scrubbed
 * again by the background job and by every export. Each test is the attack first: the value a
 * careless front-end or a hurried mediator would send, then where it could surface.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadCorpus } from '../../libs/anonymisation/src/evaluation/corpus';
import { SCRUBBER_VERSION, scrubFreeText } from '@observatory/anonymisation';
import type { LeakCase } from '../../libs/anonymisation/src/evaluation/corpus';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import { RescrubbingService, SubmissionService } from '@observatory/submissions';
import { submitRequestHash } from '../../libs/submissions/src/request-hash';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { parseCsv } from '../support/csv';
import { publishRelease } from '../support/export-client';
import { createTestApp, errorCodes, type TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');
const DEBRIEF = JSON.parse(
  fs.readFileSync(
    path.join(ROOT, 'instruments', 'debrief', 'versions', 'techess-debrief@1.0.0.json'),
    'utf8',
  ),
) as InstrumentDefinition;

const SUBMIT = `mutation ($input: SubmitInput!) {
  submit(input: $input) {
    __typename
    ... on SubmissionAccepted { duplicate submission { id answers scrubberVersion } redactions { path kind count } }
    ... on SubmissionRejected { errors { path code message } }
  }
}`;
const SCRUBBER = `{ scrubber { version pending run { status total done changed redactions progress error } } }`;

interface ScrubberReply {
  version: number;
  pending: number;
  run: {
    status: string;
    total: number;
    done: number;
    changed: number;
    redactions: number;
    progress: number;
  } | null;
}

const { leaks, ordinary } = loadCorpus();
const FILLER = 'Rien à signaler.';
/** Each leak case by the text the current scrubber makes of it. */
const CASES_BY_SCRUBBED = new Map<string, LeakCase[]>();
for (const leak of leaks) {
  const scrubbed = scrubFreeText(leak.text).text;
  CASES_BY_SCRUBBED.set(scrubbed, [...(CASES_BY_SCRUBBED.get(scrubbed) ?? []), leak]);
}

/** Ordinary notes as stored (other tests of this file submit some). */
const ORDINARY_CELLS = new Set(ordinary.map((sentence) => scrubFreeText(sentence.text).text));

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const asWord = (value: string): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, 'u');

/**
 * Each text cell as stored or exported: it must be what the current scrubber makes of one leak
 * case (or the filler), and hold none of that case's values, nor their digits run together.
 */
function expectScrubbed(cellTexts: readonly string[]): void {
  let cases = 0;
  for (const cell of cellTexts) {
    if (cell === FILLER || ORDINARY_CELLS.has(cell)) continue;
    const candidates = CASES_BY_SCRUBBED.get(cell);
    expect({ cell, known: candidates !== undefined }).toEqual({ cell, known: true });
    for (const leak of candidates ?? []) {
      cases++;
      for (const entity of leak.entities) {
        const value = leak.text.slice(entity.start, entity.end);
        expect({ kind: entity.kind, found: asWord(value).test(cell) }).toEqual({
          kind: entity.kind,
          found: false,
        });
        const digits = value.replace(/\D/g, '');
        if (digits.length >= 6) expect(cell.replace(/\D/g, '')).not.toContain(digits);
      }
    }
  }
  expect(cases).toBeGreaterThan(0);
}

/** The strings of the debrief matrix in stored answers. */
function cellsOf(answers: unknown): string[] {
  const cells: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') cells.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk((answers as { debrief?: unknown }).debrief);
  return cells;
}

/** The verbatim cells of an exported `submissions.csv`. */
function exportedCells(csv: string): string[] {
  const [header, ...rows] = parseCsv(csv);
  const columns = header.flatMap((name, index) => (name.startsWith('debrief.') ? [index] : []));
  expect(columns.length).toBeGreaterThan(0);
  return rows.flatMap((row) => columns.map((index) => row[index]).filter((cell) => cell !== ''));
}

/** Debrief answers whose text cells hold `texts`, one per cell, in order (then ordinary notes). */
function debriefWith(texts: readonly string[], seed = 1): JsonObject {
  let next = 0;
  return sampleAnswers(DEBRIEF, {
    fillOptional: true,
    seed,
    text: () => texts[next++] ?? FILLER,
  });
}

function cellCount(): number {
  let cells = 0;
  sampleAnswers(DEBRIEF, { fillOptional: true, text: () => `${cells++}` });
  return cells;
}

describe('scrubbing free text and identifier fields (issue 13)', () => {
  let api: TestApp;
  let db: DataSource;
  let exportDir: string;
  const cells = cellCount();

  const submit = (input: Record<string, unknown>, key?: string) =>
    api.gql<{ submit: Record<string, unknown> & { __typename: string } }>(
      SUBMIT,
      {
        input: {
          instrumentKey: 'techess-debrief',
          version: '1.0.0',
          campaignKey: 'scrub-2024',
          phase: 'day1',
          pairCode: 'M01+P01',
          ...input,
        },
      },
      key,
    );

  beforeAll(async () => {
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrubbing-'));
    api = await createTestApp({ DEMO_DATA: 'false', EXPORT_DIR: exportDir });
    db = api.app.get(DataSource);
    await seedCampaign(api, {
      key: 'scrub-2024',
      phases: [{ key: 'day1', instrumentKeys: ['techess-debrief'] }],
      pairs: [['M01', 'P01']],
    });
  });

  afterAll(async () => {
    await api?.close();
    fs.rmSync(exportDir, { recursive: true, force: true });
  });

  describe('submit', () => {
    it('stores none of the corpus identifiers, whatever their separators and spacing', async () => {
      expect(cells).toBeGreaterThanOrEqual(4);
      const texts = leaks.map((leak) => leak.text);
      for (let from = 0, n = 0; from < texts.length; from += cells, n++) {
        const reply = await submit({
          clientSubmissionId: `leaks-${n}`,
          answers: debriefWith(texts.slice(from, from + cells)),
        });
        expect(reply.data?.submit.__typename).toBe('SubmissionAccepted');
      }
      const rows: { row: string }[] = await db.query(
        `SELECT row_to_json(s)::text AS row FROM submission s WHERE client_submission_id IS NOT NULL`,
      );
      expect(rows.length).toBeGreaterThanOrEqual(Math.ceil(texts.length / cells));
      const stored = rows.map(
        (r) => JSON.parse(r.row) as { answers: unknown; redactions: unknown },
      );
      expectScrubbed(stored.flatMap((submission) => cellsOf(submission.answers)));
      // The report says what was removed, by path and kind, never the value.
      const report = JSON.stringify(stored.map((submission) => submission.redactions));
      expect(report).toMatch(/"kind":"BIRTHDATE"/);
      expect(report).not.toMatch(/06 12|@|Fatima|FR76/);
    });

    it('leaves ordinary notes as they were typed', async () => {
      const notes = ordinary.slice(0, cells).map((sentence) => sentence.text);
      const reply = await submit({ clientSubmissionId: 'ordinary-0', answers: debriefWith(notes) });
      const accepted = reply.data!.submit as unknown as {
        redactions: unknown[];
        submission: { answers: JsonObject; scrubberVersion: number };
      };
      expect(accepted.redactions).toEqual([]);
      expect(accepted.submission.scrubberVersion).toBe(SCRUBBER_VERSION);
      for (const note of notes)
        expect(JSON.stringify(accepted.submission.answers)).toContain(
          JSON.stringify(note).slice(1, -1),
        );
    });
  });

  describe('identifier fields', () => {
    it('stores a keyed hash of the client id, never the id, and still recognises retries', async () => {
      const clientSubmissionId = 'jean.martin@example.org/2024-03-15';
      const answers = debriefWith(['Rien à signaler.']);
      const first = await submit({ clientSubmissionId, answers });
      expect(first.data?.submit.__typename).toBe('SubmissionAccepted');
      const rows: { row: string; id: string }[] = await db.query(
        `SELECT row_to_json(s)::text AS row, client_submission_id AS id FROM submission s`,
      );
      expect(rows.filter((r) => r.row.includes('jean.martin'))).toEqual([]);
      expect(rows.every((r) => r.id === null || /^[0-9a-f]{64}$/.test(r.id))).toBe(true);
      const again = await submit({ clientSubmissionId, answers });
      expect(again.data?.submit).toMatchObject({
        __typename: 'SubmissionAccepted',
        duplicate: true,
      });
      const other = await submit({ clientSubmissionId, answers: debriefWith(['Autre chose.']) });
      expect(errorCodes(other)).toEqual(['CONFLICT']);
      expect(JSON.stringify(other.errors)).not.toContain('jean.martin');
    });

    it('refuses a participant code that is a phone number, a NIR or a name, without echoing it', async () => {
      for (const code of ['0612345678', '185057800608491', 'fatima-benali']) {
        const reply = await api.gql(
          `mutation ($participants: [ParticipantInput!]!) { registerParticipants(campaignKey: "scrub-2024", participants: $participants) { code } }`,
          { participants: [{ code, role: 'MEDIATOR' }] },
        );
        expect(errorCodes(reply)).toEqual(['PERSONAL_DATA']);
        expect(reply.errors![0].extensions).toMatchObject({
          problems: [{ path: 'participants[0].code' }],
        });
        expect(JSON.stringify(reply.errors)).not.toContain(code);
      }
    });

    it('refuses campaign keys, titles and descriptions that hold personal data', async () => {
      const create = (input: Record<string, unknown>) =>
        api.gql(
          `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { key } }`,
          {
            input: {
              key: 'suivi-2024',
              title: 'Suivi 2024',
              phases: [{ key: 'q1', title: 'Vague 1', instrumentKeys: ['techess-debrief'] }],
              ...input,
            },
          },
        );
      for (const [input, problemPath] of [
        [{ key: 'suivi-jean-dupont' }, 'key'],
        [{ title: 'Suivi de Fatima Benali' }, 'title'],
        [{ description: 'Référente : Mme Dupont, 06 12 34 56 78' }, 'description'],
        [
          {
            phases: [
              { key: 'q1', title: 'Vague de Kévin Garcia', instrumentKeys: ['techess-debrief'] },
            ],
          },
          'phases[0].title',
        ],
      ] as const) {
        const reply = await create(input);
        expect(errorCodes(reply)).toEqual(['PERSONAL_DATA']);
        expect(reply.errors![0].extensions).toMatchObject({ problems: [{ path: problemPath }] });
      }
      expect((await create({})).errors).toBeUndefined();
    });

    it('refuses API key and partner names that hold personal data', async () => {
      const key = await api.gql(
        `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
        {
          input: {
            name: 'tablette de Kévin Garcia',
            role: 'COLLECTOR',
            campaignKeys: ['scrub-2024'],
          },
        },
      );
      expect(errorCodes(key)).toEqual(['PERSONAL_DATA']);
      const partner = await api.gql(
        `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`,
        {
          input: {
            key: 'hub-ouest',
            name: 'Hub Ouest, contact jean.martin@example.org',
            level: 'AGGREGATES',
            instrumentKeys: ['techess-debrief'],
            campaignKeys: ['scrub-2024'],
          },
        },
      );
      expect(errorCodes(partner)).toEqual(['PERSONAL_DATA']);
    });

    it('never echoes a code that looks personal in a rejection', async () => {
      const reply = await submit({
        clientSubmissionId: 'echo-1',
        participantCode: '06 12 34 56 78',
        answers: debriefWith([]),
      });
      expect(reply.data?.submit).toMatchObject({
        __typename: 'SubmissionRejected',
        errors: [{ path: 'participantCode', code: 'UNKNOWN_PARTICIPANT' }],
      });
      expect(JSON.stringify(reply.data)).not.toMatch(/06 12 34|0612/);
    });
  });

  describe('text stored by an older scrubber', () => {
    let oldIds: string[];
    let partnerKey: string;

    /** What an earlier scrubber stored: valid answers, their free text left as typed. */
    async function storeAsVersionOne(texts: readonly string[], n: number): Promise<string> {
      const tokens = texts.map((_, index) => `TEXTE${n}X${index}X`);
      const prepared = api.app
        .get(SubmissionService)
        .prepare(DEBRIEF, debriefWith(tokens, 7), 'COMPLETE');
      if ('errors' in prepared) throw new Error(JSON.stringify(prepared.errors));
      let json = JSON.stringify(prepared.answers);
      tokens.forEach(
        (token, index) => (json = json.replace(token, JSON.stringify(texts[index]).slice(1, -1))),
      );
      const [row] = await db.query(
        `INSERT INTO submission (id, api_key_id, client_submission_id, request_hash, instrument_key,
           instrument_version, campaign_key, phase_key, respondent_role, status, anonymous, answers,
           derived, redactions, submitted_on, created_at, updated_at, scrubber_version, client_id_keyed)
         VALUES (gen_random_uuid(), NULL, NULL, NULL, 'techess-debrief', '1.0.0', 'scrub-2024', 'day1',
           'MEDIATOR', 'COMPLETE', false, $1, $2, '[{"path":"moment","kind":"GENERALISED","count":1}]',
           '2024-03-15', now(), now(), 1, true)
         RETURNING id`,
        [json, JSON.stringify(prepared.derived)],
      );
      return row.id as string;
    }

    async function exportWithVerbatims(): Promise<string> {
      const requested = await api.gql<{ requestExport: { id: string } }>(
        `mutation ($input: ExportInput!) { requestExport(input: $input) { id } }`,
        {
          input: {
            instrumentKey: 'techess-debrief',
            campaignKey: 'scrub-2024',
            partnerKey,
            level: 'MICRODATA',
            format: 'CSV',
          },
        },
      );
      const id = requested.data!.requestExport.id;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const job = (
          await api.gql<{
            exportJob: {
              status: string;
              error: string | null;
              files: { name: string; url: string }[];
            };
          }>(`query ($id: ID!) { exportJob(id: $id) { status error files { name url } } }`, { id })
        ).data!.exportJob;
        if (job.status === 'COMPLETED') {
          const file = job.files.find((f) => f.name === 'submissions.csv')!;
          const response = await api
            .http()
            .get(file.url.replace(/^https?:\/\/[^/]+/, ''))
            .buffer(true);
          return response.body instanceof Buffer ? response.body.toString('utf8') : response.text;
        }
        if (job.status === 'FAILED' || Date.now() > deadline)
          throw new Error(`export ${job.status}: ${job.error}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }

    beforeAll(async () => {
      const texts = leaks.map((leak) => leak.text);
      oldIds = [];
      for (let from = 0, n = 0; from < texts.length; from += cells, n++) {
        oldIds.push(await storeAsVersionOne(texts.slice(from, from + cells), n));
      }
      partnerKey = 'verbatims-hub';
      const created = await api.gql(
        `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`,
        {
          input: {
            key: partnerKey,
            name: 'Hub des verbatims',
            level: 'MICRODATA',
            k: 3,
            instrumentKeys: ['techess-debrief'],
            campaignKeys: ['scrub-2024'],
            delivery: { mode: 'DOWNLOAD', verbatims: true },
          },
        },
      );
      expect(created.errors).toBeUndefined();
      // The partner's export reads the current release.
      await publishRelease(api, 'techess-debrief');
    });

    it('is stored with the identifiers an older scrubber missed (the attack works on the stored rows)', async () => {
      const rows: { answers: unknown }[] = await db.query(
        'SELECT answers FROM submission WHERE id = ANY($1::uuid[])',
        [oldIds],
      );
      // Every corpus value is there as typed.
      const json = JSON.stringify(rows);
      const values = leaks.flatMap((leak) =>
        leak.entities.map((e) => leak.text.slice(e.start, e.end)),
      );
      expect(values.filter((value) => json.includes(JSON.stringify(value).slice(1, -1)))).toEqual(
        values,
      );
      const status = (await api.gql<{ scrubber: ScrubberReply }>(SCRUBBER)).data!.scrubber;
      expect(status).toMatchObject({ version: SCRUBBER_VERSION, pending: oldIds.length });
    });

    it('leaves an export with verbatims: every export scrubs verbatims with the current scrubber', async () => {
      const csv = await exportWithVerbatims();
      // The old rows are in the file, their text scrubbed now.
      expect(csv).toContain('[NIR]');
      expect(csv).toContain('[BIRTHDATE]');
      expectScrubbed(exportedCells(csv));
    });

    it('is scrubbed again by the background job, with progress for admins, and nothing else changes', async () => {
      const others = `SELECT id, row_to_json(s)::jsonb - 'answers' - 'redactions' - 'scrubber_version' AS rest, derived
                        FROM submission s WHERE id = ANY($1::uuid[]) ORDER BY id`;
      const before: { rest: unknown }[] = await db.query(others, [oldIds]);
      // A run stopped after its first batch (a worker killed): its batch is committed, and the
      // next run takes the rest.
      const first = await api.app.get(RescrubbingService).rescrubBatch(null, 2);
      expect(first).toMatchObject({ done: 2, changed: 2 });
      const rest = oldIds.length - 2;
      const started = await api.gql<{ rescrubStoredText: ScrubberReply }>(
        'mutation { rescrubStoredText { version pending run { status total } } }',
      );
      expect(started.data!.rescrubStoredText).toMatchObject({
        pending: rest,
        run: { total: rest },
      });
      let status: ScrubberReply;
      const deadline = Date.now() + 60_000;
      do {
        await new Promise((resolve) => setTimeout(resolve, 200));
        status = (await api.gql<{ scrubber: ScrubberReply }>(SCRUBBER)).data!.scrubber;
      } while (status.run?.status !== 'COMPLETED' && Date.now() < deadline);
      expect(status).toMatchObject({
        pending: 0,
        run: { status: 'COMPLETED', total: rest, done: rest, changed: rest, progress: 1 },
      });
      expect(status.run!.redactions).toBeGreaterThan(300);

      const rows: {
        answers: unknown;
        redactions: { path: string; kind: string; count: number }[];
        scrubber_version: number;
      }[] = await db.query(
        'SELECT answers, redactions, scrubber_version FROM submission WHERE id = ANY($1::uuid[])',
        [oldIds],
      );
      expectScrubbed(rows.flatMap((row) => cellsOf(row.answers)));
      expect(rows.every((row) => row.scrubber_version === SCRUBBER_VERSION)).toBe(true);
      // The report keeps what was there and adds what this run removed.
      for (const row of rows) {
        expect(row.redactions[0]).toEqual({ path: 'moment', kind: 'GENERALISED', count: 1 });
        expect(row.redactions.length).toBeGreaterThan(1);
      }
      expect(
        rows
          .flatMap((row) => row.redactions)
          .reduce((sum, r) => sum + (r.kind === 'GENERALISED' ? 0 : r.count), 0),
      ).toBe(first.redactions + status.run!.redactions);
      expect(await db.query(others, [oldIds])).toEqual(before);
      expectScrubbed(exportedCells(await exportWithVerbatims()));
    });
  });
});

describe('client ids stored before they were hashed', () => {
  it('are hashed before the service serves, and their retries are still recognised', async () => {
    const databaseUrl = await createTestDatabase('clientids');
    const first = await createTestApp({ DEMO_DATA: 'false' }, { databaseUrl });
    const request = {
      clientSubmissionId: 'tablette-3/2024-03-15/obs-1',
      instrumentKey: 'techess-debrief',
      version: '1.0.0',
      campaignKey: 'legacy-2023',
      phase: 'day1',
      pairCode: 'M01+P01',
      status: 'COMPLETE' as const,
      answers: sampleAnswers(DEBRIEF, { fillOptional: true, text: () => 'Rien à signaler.' }),
    };
    let id: string;
    try {
      await seedCampaign(first, {
        key: 'legacy-2023',
        phases: [{ key: 'day1', instrumentKeys: ['techess-debrief'] }],
        pairs: [['M01', 'P01']],
      });
      const accepted = await first.gql<{ submit: { submission: { id: string } } }>(SUBMIT, {
        input: request,
      });
      id = accepted.data!.submit.submission.id;
      // As a database migrated from before hashing holds it: the id as sent.
      await first.app
        .get(DataSource)
        .query(
          `UPDATE submission SET client_submission_id = $1, client_id_keyed = false, request_hash = $2 WHERE id = $3`,
          [request.clientSubmissionId, submitRequestHash(request), id],
        );
    } finally {
      await first.close();
    }
    const second = await createTestApp({ DEMO_DATA: 'false' }, { databaseUrl });
    try {
      const [row] = await second.app
        .get(DataSource)
        .query('SELECT client_submission_id, client_id_keyed FROM submission WHERE id = $1', [id]);
      expect(row.client_id_keyed).toBe(true);
      expect(row.client_submission_id).toMatch(/^[0-9a-f]{64}$/);
      const retry = await second.gql<{
        submit: { duplicate: boolean; submission: { id: string } };
      }>(SUBMIT, { input: request });
      expect(retry.data!.submit).toMatchObject({ duplicate: true, submission: { id } });
    } finally {
      await second.close();
    }
  });
});
