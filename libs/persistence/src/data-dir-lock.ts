/**
 * One process at a time on a data directory: the embedded PostgreSQL's cluster under DATA_DIR
 * belongs to the process that started it (`npm start`, the migration CLI). PostgreSQL itself
 * refuses a second server on one cluster; without this lock a second start would take the first
 * one's server for a leftover, stop it and start its own.
 *
 * The lock is a file `<DATA_DIR>/observatory.lock` naming its owner: its pid and, on Linux, the
 * process's start time (so that a pid reused by an unrelated process after a crash or a container
 * restart is not taken for the owner). It is created atomically (a hard link of a complete file,
 * which fails when the lock exists), kept for the process's life and removed at exit. The lock of
 * a dead owner (kill -9, power loss) is taken over; the owner's leftover server is then stopped
 * by `EmbeddedPostgresServer`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOCK_FILE = 'observatory.lock';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`DATA_DIR ${dataDir} is in use by process ${pid}`);
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

interface Owner {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat), when known. */
  started: string | null;
}

export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const me: Owner = { pid: process.pid, started: processStart(process.pid) };
  const content = `${JSON.stringify(me)}\n`;
  // A dead owner's lock is removed and the link tried again; twice is enough unless another
  // starter races us, which then wins.
  for (let attempt = 0; attempt < 3; attempt++) {
    const draft = `${file}.${process.pid}`;
    fs.writeFileSync(draft, content, { mode: 0o644 });
    try {
      fs.linkSync(draft, file);
      const release = (): void => {
        process.removeListener('exit', release);
        try {
          if (fs.readFileSync(file, 'utf8') === content) fs.rmSync(file);
        } catch {
          // Already gone.
        }
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
    const seen = readLock(file);
    if (seen && isRunning(seen.owner)) throw new DataDirInUseError(dataDir, seen.owner.pid);
    // Remove the dead owner's lock only if it is still the one we read.
    if (seen === undefined || readLock(file)?.text === seen.text) fs.rmSync(file, { force: true });
  }
  const holder = readLock(file);
  throw new DataDirInUseError(dataDir, holder?.owner.pid ?? 0);
}

function readLock(file: string): { text: string; owner: Owner } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Owner>;
    if (Number.isInteger(parsed.pid) && (parsed.pid ?? 0) > 0) {
      return { text, owner: { pid: parsed.pid!, started: parsed.started ?? null } };
    }
  } catch {
    // A torn or foreign file: treated as no owner.
  }
  return { text, owner: { pid: 0, started: null } };
}

/** The owner still runs: its pid is alive and, where Linux tells, started when the lock says. */
function isRunning(owner: Owner): boolean {
  if (owner.pid <= 0 || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStart(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot. */
function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
