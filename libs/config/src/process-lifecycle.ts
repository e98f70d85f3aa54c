/**
 * Start-up and shutdown of a service process: a bad configuration or a failed start is one clear
 * line on stderr and exit code 1; SIGINT/SIGTERM run the shutdown once, with a deadline.
 */
import { ConfigError } from './app-config';

export function failStart(error: unknown): never {
  process.stderr.write(`${startFailure(error)}\n`);
  process.exit(1);
}

/** The one line a failed start prints. */
export function startFailure(error: unknown): string {
  return error instanceof ConfigError ? error.message : `Start failed: ${describeError(error)}`;
}

/**
 * What a process has started so far, stopped in reverse order: the HTTP server and the queue
 * workers before the database they use, the embedded PostgreSQL and the data-directory lock last.
 * Parts are added as they start, so a shutdown during the start (a signal, or a later step that
 * fails) stops exactly what is running. A part added once stopping has begun is stopped at once.
 */
export class ProcessParts {
  private readonly parts: { name: string; stop: () => Promise<void> | void }[] = [];
  private stopping?: Promise<void>;

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  async add(name: string, stop: () => Promise<void> | void): Promise<void> {
    if (this.stopping) {
      await stop();
      throw new Error(`stopping: ${name} was stopped as soon as it started`);
    }
    this.parts.push({ name, stop });
  }

  /** Stops every part, last started first; a part that fails to stop does not keep the others running. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const failures: string[] = [];
      for (const part of this.parts.splice(0).reverse()) {
        try {
          await part.stop();
        } catch (error) {
          failures.push(`${part.name}: ${describeError(error)}`);
        }
      }
      if (failures.length) throw new Error(`could not stop ${failures.join('; ')}`);
    })();
    return this.stopping;
  }
}

/**
 * Runs `start`; when it fails, stops what it had started (within `deadlineMs`), prints the one
 * `Start failed:` line and exits with code 1. A failure caused by a shutdown signal during the
 * start is left to the signal's own handling.
 */
export async function startOrFail<T>(
  parts: ProcessParts,
  deadlineMs: number,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (parts.isStopping) return new Promise<T>(() => undefined);
    const timer = setTimeout(() => failStart(error), deadlineMs);
    timer.unref();
    await parts.stop().catch(() => undefined);
    return failStart(error);
  }
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
        process.stderr.write(`Shutdown failed: ${describeError(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
