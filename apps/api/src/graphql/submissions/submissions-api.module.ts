import { Module } from '@nestjs/common';
import { SubmissionsModule } from '../../../../../libs/submissions/src';
import { SubmissionResolver } from './submission.resolver';

/** Submissions (identified and anonymous), reading and erasure over GraphQL. */
@Module({
  imports: [SubmissionsModule],
  providers: [SubmissionResolver],
})
export class SubmissionsApiModule {}
