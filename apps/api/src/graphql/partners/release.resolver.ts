import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ReleaseSchedules, ReleaseService, type ReleaseStatus } from '@observatory/aggregation';
import { Allow } from '@observatory/auth';
import { conflict } from '@observatory/errors';
import { AggregateReleaseType, ReleasePolicyInput, ReleaseStatusType } from './partner.types';

/** Admins: the releases partners read, how they advance, and advancing one by hand. */
@Resolver()
export class ReleaseResolver {
  constructor(
    private readonly releases: ReleaseService,
    private readonly schedules: ReleaseSchedules,
  ) {}

  @Query(() => [AggregateReleaseType], {
    description: 'The releases of an instrument, newest first',
  })
  @Allow('ADMIN')
  aggregateReleases(@Args('instrumentKey') instrumentKey: string): Promise<AggregateReleaseType[]> {
    return this.releases.list(instrumentKey);
  }

  @Query(() => ReleaseStatusType)
  @Allow('ADMIN')
  async releaseStatus(@Args('instrumentKey') instrumentKey: string): Promise<ReleaseStatusType> {
    return toStatus(await this.releases.status(instrumentKey));
  }

  @Mutation(() => AggregateReleaseType, {
    description:
      'Publishes a new release now if at least the threshold of respondents changed since the last (CONFLICT otherwise); `force` allows fewer (never none): partners then see those few changes, which the population memory alone protects',
  })
  @Allow('ADMIN')
  async publishAggregateRelease(
    @Args('instrumentKey') instrumentKey: string,
    @Args('force', { type: () => Boolean, nullable: true }) force?: boolean,
  ): Promise<AggregateReleaseType> {
    const outcome = await this.releases.advance(instrumentKey, 'ADMIN', { force: force ?? false });
    if (!outcome.advanced) {
      throw conflict(`No new release of ${instrumentKey}: ${outcome.reason}`, {
        pendingChanges: outcome.pendingChanges,
        threshold: outcome.threshold,
      });
    }
    return outcome.release;
  }

  @Mutation(() => ReleaseStatusType, {
    description: 'How an instrument’s releases advance: automatically, or on a schedule',
  })
  @Allow('ADMIN')
  async setReleasePolicy(@Args('input') input: ReleasePolicyInput): Promise<ReleaseStatusType> {
    await this.releases.setPolicy(input.instrumentKey, input);
    // A schedule takes effect now, not at the next worker start.
    await this.schedules.synchronise();
    return toStatus(await this.releases.status(input.instrumentKey));
  }
}

function toStatus(status: ReleaseStatus): ReleaseStatusType {
  return { ...status, current: status.current };
}
