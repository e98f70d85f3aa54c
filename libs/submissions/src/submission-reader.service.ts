import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput } from '@observatory/errors';
import { dateColumnValue, type SubmissionEntity } from '@observatory/persistence';

export const MAX_PAGE_SIZE = 200;

export interface SubmissionPageRequest {
  campaignKey: string;
  instrumentKey?: string | null;
  status?: 'DRAFT' | 'COMPLETE' | null;
  first?: number | null;
  after?: string | null;
}

export interface SubmissionRow extends SubmissionEntity {
  pairCode: string | null;
  participantCode: string | null;
}

export interface SubmissionPage {
  rows: SubmissionRow[];
  totalCount: number;
  partialCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Admin reading of stored (anonymised) submissions, a page at a time, in id order. */
@Injectable()
export class SubmissionReaderService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(request: SubmissionPageRequest): Promise<SubmissionPage> {
    const first = request.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    const after = request.after ? decodeCursor(request.after) : null;
    const filters = ['s.campaign_key = $1'];
    const params: unknown[] = [request.campaignKey];
    if (request.instrumentKey) {
      params.push(request.instrumentKey);
      filters.push(`s.instrument_key = $${params.length}`);
    }
    if (request.status) {
      params.push(request.status);
      filters.push(`s.status = $${params.length}`);
    }
    const where = filters.join(' AND ');
    const counts: { total: string; partial: string }[] = await this.dataSource.query(
      `SELECT count(*) AS total, count(*) FILTER (WHERE s.status = 'DRAFT') AS partial FROM submission s WHERE ${where}`,
      params,
    );
    const pageParams = [...params];
    let pageWhere = where;
    if (after) {
      pageParams.push(after);
      pageWhere += ` AND s.id > $${pageParams.length}`;
    }
    pageParams.push(first + 1);
    const raw: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT s.*, pr.code AS pair_code, pa.code AS participant_code
         FROM submission s
         LEFT JOIN pair pr ON pr.id = s.pair_id
         LEFT JOIN participant pa ON pa.id = s.participant_id
        WHERE ${pageWhere}
        ORDER BY s.id
        LIMIT $${pageParams.length}`,
      pageParams,
    );
    const rows = raw.slice(0, first).map(toRow);
    return {
      rows,
      totalCount: Number(counts[0].total),
      partialCount: Number(counts[0].partial),
      hasNextPage: raw.length > first,
      endCursor: rows.length ? encodeCursor(rows[rows.length - 1].id) : null,
    };
  }
}

export function encodeCursor(id: string): string {
  return Buffer.from(`submission:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^submission:([0-9a-f-]{36})$/.exec(decoded);
  if (!match) throw badInput('after is not a cursor returned by this query');
  return match[1];
}

function toRow(raw: Record<string, unknown>): SubmissionRow {
  return {
    id: raw.id as string,
    apiKeyId: raw.api_key_id as string | null,
    clientSubmissionId: raw.client_submission_id as string | null,
    requestHash: raw.request_hash as string | null,
    instrumentKey: raw.instrument_key as string,
    instrumentVersion: raw.instrument_version as string,
    campaignKey: raw.campaign_key as string,
    phaseKey: raw.phase_key as string | null,
    pairId: raw.pair_id as string | null,
    participantId: raw.participant_id as string | null,
    respondentRole: raw.respondent_role as string | null,
    branch: raw.branch as string | null,
    status: raw.status as 'DRAFT' | 'COMPLETE',
    anonymous: raw.anonymous as boolean,
    answers: raw.answers as SubmissionEntity['answers'],
    derived: raw.derived as SubmissionEntity['derived'],
    redactions: raw.redactions as SubmissionEntity['redactions'],
    scrubberVersion: raw.scrubber_version as number,
    submittedOn: dateColumnValue(raw.submitted_on),
    createdAt: raw.created_at as Date | null,
    updatedAt: raw.updated_at as Date | null,
    pairCode: raw.pair_code as string | null,
    participantCode: raw.participant_code as string | null,
  };
}
