/**
 * Start-up and shutdown of a service process: a bad configuration or a failed start is one clear
 * line on stderr and exit code 1; SIGINT/SIGTERM run `stop` once, with a deadline.
 */
import { ConfigError } from './app-config';

export function failStart(error: unknown): never {
  const message = error instanceof ConfigError ? error.message : `Start failed: ${describe(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export function stopOnSignals(stop: () => Promise<void>, deadlineMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => {
      process.stderr.write(
        `Shutdown took longer than ${deadlineMs} ms after ${signal}; exiting anyway\n`,
      );
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${describe(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
