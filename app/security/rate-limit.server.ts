/**
 * A small in-process rate limiter (one portal process serves one database). Fixed windows per key;
 * memory is bounded by sweeping expired keys as new ones come.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one event for `key`; false when the key is over its limit for this window. */
  take(key: string, now = Date.now()): boolean {
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.hits.size >= this.maxKeys) this.sweep(now);
      entry = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(key, entry);
    }
    entry.count++;
    return entry.count <= this.limit;
  }

  /** Whether `key` is over its limit, without counting. */
  blocked(key: string, now = Date.now()): boolean {
    const entry = this.hits.get(key);
    return entry !== undefined && entry.resetAt > now && entry.count > this.limit;
  }

  private sweep(now: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
    if (this.hits.size >= this.maxKeys) this.hits.clear();
  }
}

/** Unknown invitation links per client address: guessing tokens gets slowed to a stop. */
export const linkGuesses = new RateLimiter(30, 10 * 60 * 1000);
/** Posts to one invitation link per minute (autosaves included): far above any person's typing. */
export const linkPosts = new RateLimiter(240, 60 * 1000);
