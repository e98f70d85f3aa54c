import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Public } from '@observatory/auth';
import { RUNTIME, serverSecret, type Runtime } from '@observatory/config';
import { forbidden, notFound } from '@observatory/errors';
import { ExportService, isExportId, verifyDownload } from '@observatory/exports';
import { withCharset } from '@observatory/exports';
import { ExportJobEntity } from '@observatory/persistence';
import { DataSource } from 'typeorm';

/** Signed download links: no API key in the URL, a signature that expires. */
@Controller('exports')
export class DownloadController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly dataSource: DataSource,
    private readonly exportService: ExportService,
  ) {}

  @Get(':id/files/:name')
  @Public()
  async download(
    @Param('id') id: string,
    @Param('name') name: string,
    @Query('expires') expires: string | undefined,
    @Query('signature') signature: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const check = verifyDownload(serverSecret(this.runtime.config), id, name, expires, signature);
    if (check !== 'valid')
      throw forbidden(
        check === 'expired' ? 'This download link has expired' : 'This download link is not valid',
      );
    // A link can be validly signed for an id that is no export (the secret signs any string).
    const job = isExportId(id)
      ? await this.dataSource.getRepository(ExportJobEntity).findOneBy({ id })
      : null;
    const file = job?.files.find((candidate) => candidate.name === name);
    const location = path.join(this.exportService.directoryOf(id), path.basename(name));
    if (!job || !file || !fs.existsSync(location))
      throw notFound('This export file no longer exists');
    response.setHeader('content-type', withCharset(file.mediaType));
    response.setHeader('content-length', String(file.bytes));
    response.setHeader('content-disposition', `attachment; filename="${file.name}"`);
    response.setHeader('x-content-sha256', file.sha256);
    fs.createReadStream(location).pipe(response);
  }
}
