import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { ExportFileRecord } from '@observatory/persistence';

const PARTIAL = '.partial';
/** Text gathered before a write: one write per record would cost more than the record. */
const OUTPUT_CHUNK = 64 * 1024;

/**
 * One export file, written under a temporary name and renamed when complete, with its SHA-256
 * computed as it is written: a crash or a retry never leaves a half-written file under the real
 * name, and a retry simply overwrites.
 */
export class ExportFile {
  private readonly stream: fs.WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  /** A write error, kept until the next write or `finish` (an unheard 'error' would crash). */
  private failure?: Error;

  constructor(
    private readonly directory: string,
    readonly name: string,
    private readonly mediaType: string,
  ) {
    this.stream = fs.createWriteStream(path.join(directory, `${name}${PARTIAL}`), {
      encoding: 'utf8',
    });
    this.stream.on('error', (error) => (this.failure ??= error));
  }

  /** Writes and waits for the stream to drain when its buffer is full: memory stays flat. */
  async write(text: string): Promise<void> {
    if (!this.writeNow(text)) await this.drained();
  }

  /** Writes without waiting; `false` when the buffer is full: wait for `drained()` before more. */
  writeNow(text: string): boolean {
    if (this.failure) throw this.failure;
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
    return this.stream.write(chunk);
  }

  drained(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return once(this.stream, 'drain').then(() => undefined);
  }

  async finish(): Promise<ExportFileRecord> {
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
    fs.renameSync(
      path.join(this.directory, `${this.name}${PARTIAL}`),
      path.join(this.directory, this.name),
    );
    return {
      name: this.name,
      bytes: this.bytes,
      sha256: this.hash.digest('hex'),
      mediaType: this.mediaType,
    };
  }

  /** Removes what an interrupted earlier attempt left behind. */
  static clearPartials(directory: string): void {
    if (!fs.existsSync(directory)) return;
    for (const name of fs.readdirSync(directory)) {
      if (name.endsWith(PARTIAL)) fs.rmSync(path.join(directory, name), { force: true });
    }
  }
}

/** Records gathered into large writes to an `ExportFile`. */
export class BufferedOutput {
  private pending = '';

  constructor(private readonly file: ExportFile) {}

  /** Adds text; a promise when the file's buffer is full (wait for it before adding more). */
  add(text: string): Promise<void> | undefined {
    this.pending += text;
    return this.pending.length >= OUTPUT_CHUNK ? this.write() : undefined;
  }

  async flush(): Promise<void> {
    await this.write();
  }

  private write(): Promise<void> | undefined {
    if (this.pending === '') return undefined;
    const drained = this.file.writeNow(this.pending);
    this.pending = '';
    return drained ? undefined : this.file.drained();
  }
}
