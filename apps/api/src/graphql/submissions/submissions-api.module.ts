import { Module } from '@nestjs/common';
import { AuditModule } from '../../../../../libs/audit/src';
import { SubmissionsModule } from '../../../../../libs/submissions/src';
import { ScrubberResolver } from './scrubber.resolver';
import { SubmissionResolver } from './submission.resolver';

/** Submissions (identified and anonymous), reading and erasure over GraphQL. */
@Module({
  imports: [SubmissionsModule, AuditModule],
  providers: [SubmissionResolver, ScrubberResolver],
})
export class SubmissionsApiModule {}
