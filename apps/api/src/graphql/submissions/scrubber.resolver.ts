import { Field, Float, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Allow } from '@observatory/auth';
import type { ScrubberRunEntity } from '@observatory/persistence';
import { RescrubbingService, type ScrubberStatus } from '@observatory/submissions';

@ObjectType('ScrubberRun', {
  description: 'Stored free text being scrubbed again with a newer scrubber version',
})
class ScrubberRunType {
  @Field(() => Int) version!: number;
  @Field({ description: 'QUEUED, RUNNING, COMPLETED or FAILED (retried first)' }) status!: string;
  @Field(() => Int, { description: 'Submissions to scrub again when the run started' })
  total!: number;
  @Field(() => Int, { description: 'Submissions scrubbed again so far' }) done!: number;
  @Field(() => Int, { description: 'Of which the text changed' }) changed!: number;
  @Field(() => Int, { description: 'Values redacted by this run' }) redactions!: number;
  @Field(() => Float, { description: 'done / total, from 0 to 1' }) progress!: number;
  @Field(() => String, { nullable: true, description: 'First line of the last error' })
  error!: string | null;
  @Field() startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType('Scrubber', {
  description: 'The free-text scrubber and the re-scrubbing of stored text',
})
class ScrubberType {
  @Field(() => Int, { description: 'The version new submissions are scrubbed with' })
  version!: number;
  @Field(() => Int, { description: 'Stored submissions last scrubbed by an older version' })
  pending!: number;
  @Field(() => ScrubberRunType, { nullable: true, description: 'The run with this version' })
  run!: ScrubberRunType | null;
}

/** Admins follow (and start) the re-scrubbing of stored free text. */
@Resolver()
export class ScrubberResolver {
  constructor(private readonly rescrubbing: RescrubbingService) {}

  @Query(() => ScrubberType)
  @Allow('ADMIN')
  async scrubber(): Promise<ScrubberType> {
    return toScrubber(await this.rescrubbing.status());
  }

  @Mutation(() => ScrubberType, {
    description:
      'Scrubs stored free text again with the current scrubber (started on its own when the version changes)',
  })
  @Allow('ADMIN')
  async rescrubStoredText(): Promise<ScrubberType> {
    return toScrubber(await this.rescrubbing.start());
  }
}

function toScrubber(status: ScrubberStatus): ScrubberType {
  return { version: status.version, pending: status.pending, run: status.run && toRun(status.run) };
}

function toRun(run: ScrubberRunEntity): ScrubberRunType {
  return {
    version: run.version,
    status: run.status,
    total: run.total,
    done: run.done,
    changed: run.changed,
    redactions: run.redactions,
    progress:
      run.total > 0 ? Math.min(1, run.done / run.total) : run.status === 'COMPLETED' ? 1 : 0,
    error: run.error,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}
