import { Module } from '@nestjs/common';
import { GraphiqlAssetsController } from './graphiql-assets.controller';

/** The GraphiQL page's files; the page itself is Apollo's landing page (graphiql-page.ts). */
@Module({ controllers: [GraphiqlAssetsController] })
export class GraphiqlModule {}
