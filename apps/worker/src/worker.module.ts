import { Module } from '@nestjs/common';

/**
 * The queue processors. Imported by the worker process, and by the API process in embedded mode.
 * Each domain module that owns background work registers its processors here.
 */
@Module({})
export class WorkerModule {}
