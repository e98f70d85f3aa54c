import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import { DataSource, LessThan } from 'typeorm';
import type { Principal } from '@observatory/auth';
import { PartnerService } from '@observatory/partners';
import { ExportJobEntity } from '@observatory/persistence';
import { QueueService } from '@observatory/queue';
import { EXPORT_QUEUE, ExportService } from './export.service';

export const RETENTION_SCHEDULER = 'export-retention';
/** Every hour, at minute 7 (away from the top of the hour when other jobs crowd). */
const RETENTION_PATTERN = '7 * * * *';

/** The system acting for a schedule: an admin without a key of its own. */
const SCHEDULER: Principal = {
  keyId: '00000000-0000-0000-0000-000000000000',
  name: 'scheduler',
  role: 'ADMIN',
  scope: {},
};

export const schedulerIdOf = (partnerKey: string): string => `partner-export-${partnerKey}`;

/**
 * Scheduled exports (an agreement's cron expression) and the retention of export files. The
 * schedules live in the queue backend, so they survive worker restarts.
 */
@Injectable()
export class ExportSchedules {
  private readonly logger = new Logger(ExportSchedules.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly partners: PartnerService,
    private readonly exports: ExportService,
  ) {}

  /** Makes the backend's schedulers match the agreements. */
  async synchronise(): Promise<void> {
    await this.queues.schedule(
      EXPORT_QUEUE,
      RETENTION_SCHEDULER,
      RETENTION_PATTERN,
      'retention',
      {},
    );
    const wanted = new Set<string>();
    for (const partner of await this.partners.list()) {
      if (!partner.delivery.schedule) continue;
      wanted.add(schedulerIdOf(partner.key));
      await this.queues.schedule(
        EXPORT_QUEUE,
        schedulerIdOf(partner.key),
        partner.delivery.schedule,
        'scheduled',
        {
          partnerKey: partner.key,
        },
      );
    }
    for (const scheduler of await this.queues.schedulers(EXPORT_QUEUE)) {
      if (scheduler.id.startsWith('partner-export-') && !wanted.has(scheduler.id)) {
        await this.queues.unschedule(EXPORT_QUEUE, scheduler.id);
      }
    }
  }

  /** One scheduled run: a data package of every instrument of the agreement. */
  async runScheduled(partnerKey: string): Promise<string[]> {
    const partner = await this.partners.find(partnerKey);
    const ids: string[] = [];
    for (const instrumentKey of partner.instrumentKeys) {
      const job = await this.exports.request(
        SCHEDULER,
        {
          instrumentKey,
          partnerKey,
          // A PUBLIC agreement (open data) exports aggregates only.
          level: partner.level === 'MICRODATA' ? 'MICRODATA' : 'AGGREGATES',
          format: 'DATAPACKAGE',
          delivery: partner.delivery.mode,
        },
        { scheduled: true },
      );
      ids.push(job.id);
    }
    return ids;
  }

  /** Deletes the files and records of exports past their retention; returns how many. */
  async purgeExpired(now = new Date()): Promise<number> {
    const expired = await this.dataSource
      .getRepository(ExportJobEntity)
      .findBy({ expiresAt: LessThan(now) });
    for (const job of expired) {
      fs.rmSync(this.exports.directoryOf(job.id), { recursive: true, force: true });
      await this.dataSource.getRepository(ExportJobEntity).delete({ id: job.id });
    }
    if (expired.length) this.logger.log(`retention: ${expired.length} expired export(s) deleted`);
    return expired.length;
  }
}
