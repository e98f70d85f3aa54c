/**
 * Callers this replica knows to be refused until a given time (addresses past
 * AUTH_FAILURES_PER_MINUTE, as the shared store answered a penalty): their next requests are
 * refused without asking the store or looking their key up. Entries of ended windows are swept,
 * so memory holds at most the callers blocked in the current windows.
 */
const SWEEP_EVERY = 1024;

export class BlockedCallers {
  private readonly until = new Map<string, number>();
  private changes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Blocks `caller` for `ms` from now. */
  block(caller: string, ms: number): void {
    const now = this.now();
    if (++this.changes % SWEEP_EVERY === 0) {
      for (const [key, end] of this.until) if (end <= now) this.until.delete(key);
    }
    this.until.set(caller, now + ms);
  }

  /** How long `caller` stays blocked, in ms (0: not blocked). */
  msLeft(caller: string): number {
    const end = this.until.get(caller);
    if (end === undefined) return 0;
    const left = end - this.now();
    if (left > 0) return left;
    this.until.delete(caller);
    return 0;
  }

  get size(): number {
    return this.until.size;
  }
}
