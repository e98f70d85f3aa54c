// First: Jest does not resolve @observatory/<name> for its global setup and teardown.
import './library-resolution';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestServices } from './test-services';

export default async function globalSetup(): Promise<void> {
  const services = await startTestServices();
  // Every test app logs here (info level); the teardown scans it all for submitted personal data.
  process.env.TEST_LOG_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'observatory-test-logs-'));
  (globalThis as { __TEST_SERVICES__?: unknown }).__TEST_SERVICES__ = services;
}
