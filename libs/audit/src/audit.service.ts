import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@observatory/auth';
import { badInput } from '@observatory/errors';
import type { JsonObject } from '@observatory/instrument-sdk';
import { AuditEventEntity } from '@observatory/persistence';

export interface AuditRecord {
  action: string;
  /** The question as asked (instrument, fields, filters): never answers. */
  request: JsonObject;
  suppressedCells?: number;
  outcome?: 'ANSWERED' | 'SUPPRESSED' | 'REFUSED';
}

/** The audit log of partner queries and admin reads of microdata. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** In `manager`'s transaction when given: the audit row commits with what it audits. */
  async record(principal: Principal, record: AuditRecord, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).getRepository(AuditEventEntity).insert({
      apiKeyId: principal.keyId,
      role: principal.role,
      partnerKey: principal.scope.partnerKey ?? null,
      action: record.action,
      request: record.request as never,
      suppressedCells: record.suppressedCells ?? 0,
      outcome: record.outcome ?? 'ANSWERED',
    });
  }

  /** Newest first. */
  list(options: {
    partnerKey?: string | null;
    first?: number | null;
  }): Promise<AuditEventEntity[]> {
    const first = options.first ?? 100;
    if (!Number.isInteger(first) || first < 1 || first > 1000)
      throw badInput('first must be between 1 and 1000');
    return this.dataSource.getRepository(AuditEventEntity).find({
      where: options.partnerKey ? { partnerKey: options.partnerKey } : {},
      order: { id: 'DESC' },
      take: first,
    });
  }
}
