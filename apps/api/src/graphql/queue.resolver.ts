import { Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Allow } from '@observatory/auth';
import { QueueService } from '@observatory/queue';
import { DELIVERY_QUEUE, EXPORT_QUEUE } from '@observatory/exports';
import { AGGREGATION_QUEUE, RESCRUBBING_QUEUE } from '@observatory/submissions';

const QUEUES = [AGGREGATION_QUEUE, EXPORT_QUEUE, DELIVERY_QUEUE, RESCRUBBING_QUEUE];

@ObjectType('FailedJob')
class FailedJobType {
  @Field() id!: string;
  @Field() name!: string;
  @Field(() => Int) attemptsMade!: number;
  @Field({ description: 'First line of the last error' }) failedReason!: string;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType('JobQueue', { description: 'A background queue: its counts and its failed jobs' })
class JobQueueType {
  @Field() name!: string;
  @Field() backend!: string;
  @Field(() => Int) waiting!: number;
  @Field(() => Int) active!: number;
  @Field(() => Int) delayed!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) failed!: number;
  @Field(() => [FailedJobType], { description: 'The most recent failures (after their retries)' })
  failedJobs!: FailedJobType[];
}

@Resolver()
export class QueueResolver {
  constructor(private readonly queues: QueueService) {}

  @Query(() => [JobQueueType])
  @Allow('ADMIN')
  async jobQueues(): Promise<JobQueueType[]> {
    return Promise.all(
      QUEUES.map(async (name) => {
        const counts = await this.queues.counts(name);
        const failedJobs = (await this.queues.failedJobs(name, 20)).map((job) => ({
          ...job,
          failedReason: job.failedReason.split('\n')[0].slice(0, 300),
        }));
        return {
          name,
          backend: this.queues.backend,
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          completed: counts.completed ?? 0,
          failed: counts.failed ?? 0,
          failedJobs,
        };
      }),
    );
  }
}
