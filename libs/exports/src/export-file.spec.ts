import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BufferedOutput, ExportFile } from './export-file';

describe('BufferedOutput', () => {
  let directory: string;
  beforeEach(() => (directory = fs.mkdtempSync(path.join(os.tmpdir(), 'export-file-'))));
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('writes every record in order, in large writes, with the size and hash of the bytes', async () => {
    const file = new ExportFile(directory, 'rows.csv', 'text/csv');
    const output = new BufferedOutput(file);
    const records = Array.from({ length: 20000 }, (_, n) => `${n},é "${n % 7}"\r\n`);
    for (const record of records) await output.add(record);
    await output.flush();
    const record = await file.finish();
    const bytes = fs.readFileSync(path.join(directory, 'rows.csv'));
    expect(bytes.toString('utf8')).toBe(records.join(''));
    expect(record).toEqual({
      name: 'rows.csv',
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      mediaType: 'text/csv',
    });
    expect(fs.readdirSync(directory)).toEqual(['rows.csv']);
  });

  it('reports a write error instead of crashing the process', async () => {
    const file = new ExportFile(path.join(directory, 'missing'), 'rows.csv', 'text/csv');
    await expect(file.finish()).rejects.toThrow(/ENOENT/);
  });
});
