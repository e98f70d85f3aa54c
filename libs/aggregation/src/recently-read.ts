/**
 * Values read from the database and reused for a short while (a partner's agreement, an
 * instrument's versions), so that a partner's query costs one round trip (its audit row) once the
 * release it reads is in memory. Concurrent reads of one key share one load.
 */
export class RecentlyRead<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
    const entry = this.entries.get(key);
    if (!options.fresh && entry && Date.now() - entry.at < this.ttlMs) return entry.value;
    const value = load();
    this.entries.set(key, { at: Date.now(), value });
    // A failed read is not kept.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
