import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@observatory/auth';
import { notFound } from '@observatory/errors';
import { GRAPHIQL_ASSETS } from './graphiql-assets';

/** The scripts and style of the GraphiQL page, from node_modules (registered when GRAPHIQL is on). */
@Controller('graphiql')
export class GraphiqlAssetsController {
  @Get(':name')
  @Public()
  asset(@Param('name') name: string, @Res() response: Response): void {
    const asset = Object.hasOwn(GRAPHIQL_ASSETS, name) ? GRAPHIQL_ASSETS[name] : undefined;
    if (asset === undefined) throw notFound('No such GraphiQL file');
    response.setHeader('content-type', asset.type);
    // The files change only with the packages' versions, i.e. with a new release of the service.
    response.setHeader('cache-control', 'public, max-age=86400');
    response.sendFile(asset.file);
  }
}
