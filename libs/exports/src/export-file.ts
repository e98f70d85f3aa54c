import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import type { ExportFileRecord } from '../../persistence/src';

const PARTIAL = '.partial';

/**
 * One export file, written under a temporary name and renamed when complete, with its SHA-256
 * computed as it is written: a crash or a retry never leaves a half-written file under the real
 * name, and a retry simply overwrites.
 */
export class ExportFile {
  private readonly stream: fs.WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(
    private readonly directory: string,
    readonly name: string,
    private readonly mediaType: string,
  ) {
    this.stream = fs.createWriteStream(path.join(directory, `${name}${PARTIAL}`), {
      encoding: 'utf8',
    });
  }

  /** Writes and waits for the stream to drain when its buffer is full: memory stays flat. */
  async write(text: string): Promise<void> {
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async finish(): Promise<ExportFileRecord> {
    this.stream.end();
    await once(this.stream, 'finish');
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
