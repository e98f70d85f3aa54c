import * as path from 'node:path';

/**
 * The files of the GraphiQL page, served from the npm packages themselves (no CDN: the service
 * works offline). GraphiQL 3 is the last line shipping a browser build (UMD) that needs no bundler;
 * it runs on React 18's UMD builds.
 */
export const GRAPHIQL_ASSETS: Record<string, { file: string; type: string }> = {
  'react.production.min.js': {
    file: packageFile('react', 'umd/react.production.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'react-dom.production.min.js': {
    file: packageFile('react-dom', 'umd/react-dom.production.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'graphiql.min.js': {
    file: packageFile('graphiql', 'graphiql.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'graphiql.min.css': {
    file: packageFile('graphiql', 'graphiql.min.css'),
    type: 'text/css; charset=utf-8',
  },
};

export const GRAPHIQL_ASSETS_PATH = '/graphiql';

function packageFile(name: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
}
