import { Module } from '@nestjs/common';

/** Submissions (identified and anonymous), reading and erasure over GraphQL. */
@Module({})
export class SubmissionsApiModule {}
