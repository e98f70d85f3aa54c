import { Module } from '@nestjs/common';
import { ExportsModule } from '@observatory/exports';
import { DownloadController } from './download.controller';
import { ExportResolver } from './export.resolver';

/** Export requests over GraphQL and the signed download route. */
@Module({
  imports: [ExportsModule],
  controllers: [DownloadController],
  providers: [ExportResolver],
})
export class ExportsApiModule {}
