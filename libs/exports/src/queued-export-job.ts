import { randomUUID } from 'node:crypto';
import type { ExportDeliveryState, ExportJobEntity } from '@observatory/persistence';

/** What the caller decides about a new export. */
export type ExportJobRequest = Pick<
  ExportJobEntity,
  'requestedBy' | 'partnerKey' | 'instrumentKey' | 'versions' | 'campaignKey' | 'level' | 'format'
> & { deliveryMode?: ExportDeliveryState['mode']; scheduled?: boolean };

/** A new export job as it waits for the worker: everything but the request starts the same. */
export function queuedExportJob(request: ExportJobRequest): Omit<ExportJobEntity, 'createdAt'> {
  const { deliveryMode = 'DOWNLOAD', scheduled = false, ...asked } = request;
  return {
    id: randomUUID(),
    ...asked,
    delivery: {
      mode: deliveryMode,
      status: deliveryMode === 'PUSH' ? 'PENDING' : 'NONE',
      attempts: 0,
    },
    status: 'QUEUED',
    progress: 0,
    rowCount: null,
    files: [],
    error: null,
    attempts: 0,
    scheduled,
    finishedAt: null,
    expiresAt: null,
  };
}
