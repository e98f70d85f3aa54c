import { Module } from '@nestjs/common';
import { ExportsModule } from '../../../../../libs/exports/src';
import { DownloadController } from './download.controller';
import { ExportResolver } from './export.resolver';

/** Export requests over GraphQL and the signed download route. */
@Module({
  imports: [ExportsModule],
  controllers: [DownloadController],
  providers: [ExportResolver],
})
export class ExportsApiModule {}
