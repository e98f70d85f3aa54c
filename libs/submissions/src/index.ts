export * from './anonymous-submission.service';
export * from './outbox';
export * from './outbox-relay';
export * from './participant-erasure.service';
export * from './submission-reader.service';
export * from './submission-request';
export * from './submission.service';
export * from './submissions.module';
