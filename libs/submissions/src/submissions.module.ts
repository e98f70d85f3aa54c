import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../../instruments/src';
import { AnonymousMixer } from './anonymous-mixer.service';
import { AnonymousSubmissionService } from './anonymous-submission.service';
import { ParticipantErasureService } from './participant-erasure.service';
import { SubmissionContextReader } from './submission-context';
import { SubmissionReaderService } from './submission-reader.service';
import { SubmissionService } from './submission.service';

@Module({
  imports: [InstrumentsModule],
  providers: [
    SubmissionService,
    SubmissionContextReader,
    AnonymousSubmissionService,
    AnonymousMixer,
    SubmissionReaderService,
    ParticipantErasureService,
  ],
  exports: [
    AnonymousMixer,
    SubmissionService,
    AnonymousSubmissionService,
    SubmissionReaderService,
    ParticipantErasureService,
  ],
})
export class SubmissionsModule {}
