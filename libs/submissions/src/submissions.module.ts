import { Module } from '@nestjs/common';
import { InstrumentsModule } from '@observatory/instruments';
import { AnonymousMixer } from './anonymous-mixer.service';
import { AnonymousSubmissionService } from './anonymous-submission.service';
import { ClientSubmissionIds } from './client-submission-id';
import { RescrubbingService } from './rescrubbing.service';
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
    ClientSubmissionIds,
    RescrubbingService,
  ],
  exports: [
    AnonymousMixer,
    ClientSubmissionIds,
    RescrubbingService,
    SubmissionService,
    AnonymousSubmissionService,
    SubmissionReaderService,
    ParticipantErasureService,
  ],
})
export class SubmissionsModule {}
