/** A small static file server for the browser test's page: files from the repository and npm. */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves exactly `files` (URL path → absolute file), 404 for anything else. */
export async function serveFiles(files: Record<string, string>): Promise<StaticServer> {
  const server = http.createServer((request, response) => {
    const file = Object.hasOwn(files, request.url ?? '') ? files[request.url!] : undefined;
    if (request.method !== 'GET' || file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const NODE_MODULES = path.resolve(__dirname, '../../node_modules');

/** A file of an installed npm package (some, like survey-core, export no package.json to resolve). */
export function packageFile(name: string, file: string): string {
  const found = path.join(NODE_MODULES, name, file);
  if (!fs.existsSync(found)) throw new Error(`static-server: ${found} is missing; run npm ci`);
  return found;
}
