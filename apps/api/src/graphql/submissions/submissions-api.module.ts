import { Module } from '@nestjs/common';
import { AuditModule } from '@observatory/audit';
import { InstrumentsModule } from '@observatory/instruments';
import { SubmissionsModule } from '@observatory/submissions';
import { ScrubberResolver } from './scrubber.resolver';
import { SubmissionResolver } from './submission.resolver';

/** Submissions (identified and anonymous), reading and erasure over GraphQL. */
@Module({
  imports: [SubmissionsModule, AuditModule, InstrumentsModule],
  providers: [SubmissionResolver, ScrubberResolver],
})
export class SubmissionsApiModule {}
