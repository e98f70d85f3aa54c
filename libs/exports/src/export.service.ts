import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import type { Principal } from '@observatory/auth';
import { RUNTIME, type Runtime } from '@observatory/config';
import { badInput, forbidden, notFound } from '@observatory/errors';
import { InstrumentService } from '@observatory/instruments';
import { PartnerService } from '@observatory/partners';
import { ExportJobEntity, type PartnerEntity } from '@observatory/persistence';
import { QueueService } from '@observatory/queue';
import { serverSecret } from '@observatory/config';
import { queuedExportJob } from './queued-export-job';
import { signedDownloadPath } from './signed-url';

export const EXPORT_QUEUE = 'export';
/** How long a signed download link works. */
export const DOWNLOAD_LINK_SECONDS = 3600;

export interface ExportRequest {
  instrumentKey: string;
  versions?: string[] | null;
  campaignKey?: string | null;
  partnerKey?: string | null;
  level: 'AGGREGATES' | 'MICRODATA';
  format: 'CSV' | 'JSONL' | 'DATAPACKAGE';
  delivery?: 'DOWNLOAD' | 'PUSH' | null;
}

export interface ExportJobData {
  exportId: string;
}

/**
 * Export requests: who may ask for what (an admin anything; a partner within its agreement, and
 * microdata only when the agreement allows it), the job that does the work, signed links.
 */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly partners: PartnerService,
    private readonly instruments: InstrumentService,
    private readonly queues: QueueService,
  ) {}

  async request(
    principal: Principal,
    request: ExportRequest,
    options: { scheduled?: boolean } = {},
  ): Promise<ExportJobEntity> {
    const partner = await this.partnerFor(principal, request);
    if (partner) this.checkAgreement(partner, request);
    const published = await this.instruments.versions(request.instrumentKey);
    if (published.length === 0) throw notFound(`No instrument "${request.instrumentKey}"`);
    const versions = request.versions?.length
      ? request.versions
      : published.map((v) => v.version).reverse();
    const unknown = versions.filter((v) => !published.some((p) => p.version === v));
    if (unknown.length)
      throw badInput(`Unknown version(s) of ${request.instrumentKey}: ${unknown.join(', ')}`);
    const delivery = request.delivery ?? 'DOWNLOAD';
    if (delivery === 'PUSH' && !partner?.delivery.endpoint) {
      throw badInput('PUSH delivery needs a partner whose agreement has an endpoint');
    }
    const job = this.dataSource.getRepository(ExportJobEntity).create(
      queuedExportJob({
        requestedBy: principal.keyId,
        partnerKey: partner?.key ?? null,
        instrumentKey: request.instrumentKey,
        versions,
        campaignKey: request.campaignKey ?? null,
        level: request.level,
        format: request.format,
        deliveryMode: delivery,
        scheduled: options.scheduled,
      }),
    );
    await this.dataSource.getRepository(ExportJobEntity).insert(job);
    // The job id is the export id: a repeated enqueue of the same export is a no-op.
    await this.queues.enqueue<ExportJobData>(
      EXPORT_QUEUE,
      'export',
      { exportId: job.id },
      { jobId: job.id, attempts: 3 },
    );
    return job;
  }

  /** An export its caller may see: admins any, a partner its own. */
  async find(principal: Principal, id: string): Promise<ExportJobEntity | null> {
    if (!isExportId(id)) return null;
    const job = await this.dataSource.getRepository(ExportJobEntity).findOneBy({ id });
    if (!job) return null;
    if (principal.role === 'PARTNER' && job.partnerKey !== principal.scope.partnerKey) return null;
    return job;
  }

  list(principal: Principal, first = 50): Promise<ExportJobEntity[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw badInput('first must be between 1 and 500');
    return this.dataSource.getRepository(ExportJobEntity).find({
      where: principal.role === 'PARTNER' ? { partnerKey: principal.scope.partnerKey } : {},
      order: { createdAt: 'DESC' },
      take: first,
    });
  }

  /** Deletes an export's files and its record. */
  async delete(id: string): Promise<boolean> {
    const job = isExportId(id)
      ? await this.dataSource.getRepository(ExportJobEntity).findOneBy({ id })
      : null;
    if (!job) throw notFound(`No export ${id}`);
    fs.rmSync(this.directoryOf(id), { recursive: true, force: true });
    await this.dataSource.getRepository(ExportJobEntity).delete({ id });
    return true;
  }

  /**
   * A download link that expires, carrying no API key. Absolute: on `PUBLIC_URL` when it is set,
   * else on `requestBase`, the scheme and host the caller reached the API by (set `PUBLIC_URL`
   * behind a proxy that changes them). A path only when neither is known.
   */
  downloadUrl(
    job: ExportJobEntity,
    fileName: string,
    requestBase?: string,
    now = Date.now(),
  ): string {
    const expires = Math.floor(now / 1000) + DOWNLOAD_LINK_SECONDS;
    const base = (this.runtime.config.publicUrl ?? requestBase ?? '').replace(/\/$/, '');
    return `${base}${signedDownloadPath(serverSecret(this.runtime.config), job.id, fileName, expires)}`;
  }

  directoryOf(id: string): string {
    return path.join(this.runtime.config.exportDir, id);
  }

  private async partnerFor(
    principal: Principal,
    request: ExportRequest,
  ): Promise<PartnerEntity | undefined> {
    if (principal.role === 'PARTNER') {
      const agreement = await this.partners.agreementOf(principal);
      if (request.partnerKey && request.partnerKey !== agreement.key) {
        throw forbidden('A partner key exports for its own partner only');
      }
      return agreement;
    }
    if (principal.role !== 'ADMIN') throw forbidden('Exports are for admins and partners');
    return request.partnerKey ? this.partners.find(request.partnerKey) : undefined;
  }

  private checkAgreement(partner: PartnerEntity, request: ExportRequest): void {
    this.partners.assertCovers(partner, request.instrumentKey, request.campaignKey);
    if (request.level === 'MICRODATA' && partner.level !== 'MICRODATA') {
      throw forbidden(`The agreement of "${partner.key}" allows aggregates only, not microdata`);
    }
  }
}

/** Export ids are UUIDs: anything else names no export (and must not reach a uuid column). */
export function isExportId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
