import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Allow, CurrentPrincipal, type Principal } from '@observatory/auth';
import { ExportService } from '@observatory/exports';
import type { ExportJobEntity } from '@observatory/persistence';
import { DeliveryMode } from '../partners/partner.types';
import { ExportFormat, ExportInput, ExportJobType, ExportLevel, JobStatus } from './export.types';

@Resolver()
export class ExportResolver {
  constructor(private readonly exportService: ExportService) {}

  @Mutation(() => ExportJobType, { description: 'Queues an export; follow it with exportJob(id)' })
  @Allow('ADMIN', 'PARTNER')
  async requestExport(
    @Args('input') input: ExportInput,
    @CurrentPrincipal() principal: Principal,
    @Context('req') request: Request,
  ): Promise<ExportJobType> {
    return this.toType(await this.exportService.request(principal, input), request);
  }

  @Query(() => ExportJobType, { nullable: true })
  @Allow('ADMIN', 'PARTNER')
  async exportJob(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal,
    @Context('req') request: Request,
  ): Promise<ExportJobType | null> {
    const job = await this.exportService.find(principal, id);
    return job ? this.toType(job, request) : null;
  }

  @Query(() => [ExportJobType], { description: 'Newest first; a partner sees its own' })
  @Allow('ADMIN', 'PARTNER')
  async exports(
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true }) first: number | undefined,
    @Context('req') request: Request,
  ): Promise<ExportJobType[]> {
    return (await this.exportService.list(principal, first ?? 50)).map((job) =>
      this.toType(job, request),
    );
  }

  @Mutation(() => Boolean, { description: 'Deletes an export and its files' })
  @Allow('ADMIN')
  deleteExport(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.exportService.delete(id);
  }

  private toType(job: ExportJobEntity, request: Request): ExportJobType {
    const base = requestBase(request);
    return {
      id: job.id,
      status: job.status as JobStatus,
      progress: job.progress,
      rowCount: job.rowCount,
      files: job.files.map((file) => ({
        ...file,
        url:
          job.status === 'COMPLETED' ? this.exportService.downloadUrl(job, file.name, base) : null,
      })),
      error: job.error,
      instrumentKey: job.instrumentKey,
      versions: job.versions,
      campaignKey: job.campaignKey,
      partnerKey: job.partnerKey,
      level: job.level as ExportLevel,
      format: job.format as ExportFormat,
      delivery: {
        mode: job.delivery.mode as DeliveryMode,
        status: job.delivery.status,
        attempts: job.delivery.attempts,
        error: job.delivery.error ?? null,
      },
      attempts: job.attempts,
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
      expiresAt: job.expiresAt,
    };
  }
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * `http(s)://host[:port]` as the caller reached the API, for absolute download links; nothing for
 * a Host header that is not a host (the link then stays a path).
 */
function requestBase(request: Request | undefined): string | undefined {
  const host = request?.get('host');
  return host && HOST.test(host) ? `${request!.protocol}://${host}` : undefined;
}
