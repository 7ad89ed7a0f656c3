// A short-lived cache for an expensive read many people ask at once (issue 21: 50 supervisors on the county
// view took 28 requests a second of the API's one event loop, and every fire alarm waited behind them). An
// answer is kept `ttlMs` (the county view: 1 s, what a dashboard's reader cannot tell from live), callers
// arriving while it is computed share that one computation, and a failure is never kept. Bounded in keys.
export class ReadCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    if (hit) this.entries.delete(key);
    if (this.entries.size >= this.maxKeys) {
      // the oldest first (insertion order); expired ones cost nothing to drop
      for (const [k, e] of this.entries) {
        if (this.entries.size < this.maxKeys && t - e.at < this.ttlMs) break;
        this.entries.delete(k);
      }
    }
    const value = compute();
    const entry = { at: t, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
