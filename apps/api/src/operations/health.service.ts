import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueService } from '@observatory/queue';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
  queue: 'up' | 'down';
  queueBackend: string;
}

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, queue] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.queues.ping()),
    ]);
    return {
      status: database && queue ? 'ok' : 'unavailable',
      database: database ? 'up' : 'down',
      queue: queue ? 'up' : 'down',
      queueBackend: this.queues.backend,
    };
  }
}

/** True when `check` answers in time; an outage must not hang the health endpoint. */
async function probe(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      check().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
