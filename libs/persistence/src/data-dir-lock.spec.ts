import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from './data-dir-lock';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds the directory until released, then lets the next owner in', () => {
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir).release();
  });

  it('refuses a directory held by a running process, naming it', async () => {
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      fs.writeFileSync(
        path.join(dir, LOCK_FILE),
        JSON.stringify({ pid: owner.pid, started: null }),
      );
      expect(() => lockDataDir(dir)).toThrow(new DataDirInUseError(dir, owner.pid!));
      expect(() => lockDataDir(dir)).toThrow(`DATA_DIR ${dir} is in use by process ${owner.pid}`);
    } finally {
      const exited = new Promise((resolve) => owner.once('exit', resolve));
      owner.kill('SIGKILL');
      await exited;
    }
  });

  it('takes over the lock of a dead owner', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    fs.writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: Number(dead.stdout), started: null }),
    );
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('does not take a live process that reused a dead owner’s pid for the owner', () => {
    // Our own parent runs, but it started at another time than the lock says.
    fs.writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: process.ppid, started: '1' }),
    );
    lockDataDir(dir).release();
  });

  it('takes over a torn lock file', () => {
    fs.writeFileSync(path.join(dir, LOCK_FILE), '{"pid":');
    lockDataDir(dir).release();
  });
});
