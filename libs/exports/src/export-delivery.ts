import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '@observatory/config';
import { PartnerService } from '@observatory/partners';
import { ExportJobEntity } from '@observatory/persistence';
import { serverSecret } from '@observatory/config';

export const DELIVERY_QUEUE = 'delivery';
const PUSH_TIMEOUT_MS = 30_000;

/** The key a partner uses to check pushed files: derived from the export secret, per partner. */
export function pushSigningKey(secret: string, partnerKey: string): string {
  return createHmac('sha256', secret).update(`push\n${partnerKey}`).digest('hex');
}

/** `X-Observatory-Signature`: HMAC-SHA256 over `<timestamp>.<body>`, like common webhook schemes. */
export function pushSignature(key: string, timestamp: number, body: Buffer): string {
  return `sha256=${createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/**
 * PUSH delivery: posts each file of a completed export to the partner's endpoint, signed. Files
 * already accepted are not sent again on a retry, so a flaky endpoint gets each file once.
 */
@Injectable()
export class ExportDelivery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly partners: PartnerService,
  ) {}

  async deliver(exportId: string): Promise<void> {
    const repository = this.dataSource.getRepository(ExportJobEntity);
    const job = await repository.findOneBy({ id: exportId });
    if (
      !job ||
      job.status !== 'COMPLETED' ||
      !job.partnerKey ||
      job.delivery.status === 'DELIVERED'
    )
      return;
    const partner = await this.partners.find(job.partnerKey);
    const endpoint = partner.delivery.endpoint;
    if (!endpoint) throw new Error('the agreement has no endpoint');
    const key = pushSigningKey(serverSecret(this.runtime.config), partner.key);
    const delivered = new Set(job.delivery.deliveredFiles ?? []);
    await repository.update(
      { id: job.id },
      { delivery: { ...job.delivery, attempts: job.delivery.attempts + 1 } },
    );
    for (const file of job.files) {
      if (delivered.has(file.name)) continue;
      const body = fs.readFileSync(path.join(this.runtime.config.exportDir, job.id, file.name));
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': file.mediaType,
          'x-observatory-export': job.id,
          'x-observatory-file': file.name,
          'x-observatory-sha256': file.sha256,
          'x-observatory-timestamp': String(timestamp),
          'x-observatory-signature': pushSignature(key, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
      });
      if (!response.ok)
        throw new Error(`the partner endpoint answered ${response.status} for ${file.name}`);
      delivered.add(file.name);
      const current = (await repository.findOneBy({ id: job.id }))!;
      await repository.update(
        { id: job.id },
        { delivery: { ...current.delivery, deliveredFiles: [...delivered] } },
      );
    }
    const current = (await repository.findOneBy({ id: job.id }))!;
    await repository.update(
      { id: job.id },
      { delivery: { ...current.delivery, status: 'DELIVERED', error: undefined } },
    );
  }

  async markFailed(exportId: string, error: unknown, final: boolean): Promise<void> {
    const repository = this.dataSource.getRepository(ExportJobEntity);
    const job = await repository.findOneBy({ id: exportId });
    if (!job) return;
    const message =
      error instanceof Error ? error.message.split('\n')[0].slice(0, 300) : 'delivery failed';
    await repository.update(
      { id: exportId },
      { delivery: { ...job.delivery, status: final ? 'FAILED' : 'PENDING', error: message } },
    );
  }
}
