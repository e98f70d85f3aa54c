// First: Jest does not resolve @observatory/<name> for its global setup and teardown.
import './library-resolution';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SUBMITTED_PII } from './pii';
import { stopTestServices, type TestServices } from './test-services';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __TEST_SERVICES__?: TestServices }).__TEST_SERVICES__;
  if (services) await stopTestServices(services);
  scanLogs(process.env.TEST_LOG_DIR);
}

/** Fails the run when any log line of any test app holds personal data the tests submitted. */
function scanLogs(directory: string | undefined): void {
  if (!directory || !fs.existsSync(directory)) return;
  const leaks: string[] = [];
  let lines = 0;
  for (const name of fs.readdirSync(directory)) {
    const text = fs.readFileSync(path.join(directory, name), 'utf8');
    for (const [index, line] of text.split('\n').entries()) {
      if (!line) continue;
      lines += 1;
      const found = SUBMITTED_PII.filter((value) => line.includes(value));
      if (found.length)
        leaks.push(`${name}:${index + 1} contains ${found.length} submitted personal value(s)`);
    }
  }
  console.log(
    fs
      .readdirSync(directory)
      .map((n) => n + ':' + fs.readFileSync(path.join(directory, n), 'utf8').split('\n').length)
      .join(' '),
  );
  fs.rmSync(directory, { recursive: true, force: true });
  if (leaks.length)
    throw new Error(`Personal data found in the logs of the test run:\n${leaks.join('\n')}`);
  console.log(`[tests] ${lines} log lines scanned: no submitted personal data in them`);
}
