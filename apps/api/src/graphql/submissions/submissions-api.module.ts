import { Module } from '@nestjs/common';
import { AuditModule } from '../../../../../libs/audit/src';
import { InstrumentsModule } from '../../../../../libs/instruments/src';
import { SubmissionsModule } from '../../../../../libs/submissions/src';
import { ScrubberResolver } from './scrubber.resolver';
import { SubmissionResolver } from './submission.resolver';

/** Submissions (identified and anonymous), reading and erasure over GraphQL. */
@Module({
  imports: [SubmissionsModule, AuditModule, InstrumentsModule],
  providers: [SubmissionResolver, ScrubberResolver],
})
export class SubmissionsApiModule {}
