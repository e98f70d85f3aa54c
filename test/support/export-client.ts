/** Requesting exports over GraphQL, waiting for them and reading their files, for e2e tests. */
import { parseCsv } from './csv';
import type { TestApp } from './test-app';

const REQUEST = `mutation ($input: ExportInput!) { requestExport(input: $input) { id status } }`;
const JOB = `query ($id: ID!) { exportJob(id: $id) { id status progress rowCount error files { name bytes sha256 mediaType url } delivery { mode status attempts error } } }`;

export interface ExportJob {
  id: string;
  status: string;
  progress: number;
  rowCount: number | null;
  error: string | null;
  files: { name: string; bytes: number; sha256: string; mediaType: string; url: string }[];
  delivery: { mode: string; status: string; attempts: number; error: string | null };
}

/** A CSV file as its header and its records keyed by column name. */
export interface CsvTable {
  header: string[];
  rows: Record<string, string>[];
}

export function csvTable(text: string): CsvTable {
  const [header = [], ...records] = parseCsv(text);
  return {
    header,
    rows: records.map((record) =>
      Object.fromEntries(header.map((name, index) => [name, record[index] ?? ''])),
    ),
  };
}

export function exportClient(api: TestApp) {
  const request = async (input: Record<string, unknown>, key?: string) =>
    api.gql<{ requestExport: { id: string } }>(REQUEST, { input }, key);

  const job = async (id: string, key?: string) =>
    (await api.gql<{ exportJob: ExportJob }>(JOB, { id }, key)).data!.exportJob;

  const waitFor = async (
    id: string,
    done = (job: ExportJob) => ['COMPLETED', 'FAILED'].includes(job.status),
  ): Promise<ExportJob> => {
    const deadline = Date.now() + 30000;
    for (;;) {
      const current = await job(id);
      if (done(current) || Date.now() > deadline) return current;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  /** A file of a completed job, through its signed link (no API key). */
  const fileText = async (completed: ExportJob, name: string): Promise<string> => {
    const file = completed.files.find((f) => f.name === name);
    if (!file) throw new Error(`export ${completed.id} has no file ${name}`);
    const response = await api
      .http()
      .get(file.url.replace(/^https?:\/\/[^/]+/, ''))
      .buffer(true);
    if (response.status !== 200) throw new Error(`download of ${name}: ${response.status}`);
    return response.body instanceof Buffer ? response.body.toString('utf8') : response.text;
  };

  /** Requests an export, waits for it, and fails loudly if it did not complete. */
  const completed = async (input: Record<string, unknown>, key?: string): Promise<ExportJob> => {
    const reply = await request(input, key);
    if (reply.errors) throw new Error(`requestExport: ${JSON.stringify(reply.errors)}`);
    const done = await waitFor(reply.data!.requestExport.id);
    if (done.status !== 'COMPLETED')
      throw new Error(`export ${done.id}: ${done.status} ${done.error}`);
    return done;
  };

  return { request, job, waitFor, fileText, completed };
}

/**
 * Makes the instrument's current release hold every complete submission: publishes one now
 * (forced, whatever changed) unless nothing changed since the last. Partners' aggregates and
 * microdata exports read the current release, never the live tables.
 */
export async function publishRelease(api: TestApp, instrumentKey: string): Promise<void> {
  const reply = await api.gql<{ publishAggregateRelease: { number: number } }>(
    'mutation ($key: String!) { publishAggregateRelease(instrumentKey: $key, force: true) { number } }',
    { key: instrumentKey },
  );
  const upToDate = reply.errors?.every((error) => error.extensions?.pendingChanges === 0);
  if (!reply.data?.publishAggregateRelease && !upToDate) {
    throw new Error(`no release of ${instrumentKey}: ${JSON.stringify(reply.errors)}`);
  }
}
