/**
 * Rate limits kept in the database (table rate_limits), so that every process serving the portal
 * (WEB_CONCURRENCY workers, several machines on one PostgreSQL) counts each key together: a limit of 30
 * means 30 for the portal, not 30 per process. Fixed windows per key, from the key's first hit; each hit
 * is one atomic upsert. Expired keys are swept by the scheduler's tick (sweepExpiredRateLimits).
 *
 * rate-limiter-flexible has stores for both databases, but on SQLite it would write on a connection of
 * its own or on ours outside db/client.server.ts's write queue (a hit could land inside another
 * request's open transaction, or wait on the file lock with the event loop blocked), and it creates its
 * tables outside the migrations; one upsert through `write()` does the same work on both.
 */
import { getDb } from "#db/client.server";
import { hitRateLimit, rateLimitHits, sweepRateLimits, type RateLimitHit } from "#db/queries/rate-limits";

export class RateLimiter {
  /**
   * @param name Keeps this limiter's keys apart from other limiters' in the shared table.
   * @param limit Events allowed per key and window.
   */
  constructor(
    readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one event for `key`; false when the key is over its limit for this window. */
  async take(key: string, now = Date.now()): Promise<boolean> {
    const hits = await hitRateLimit(await getDb(), `${this.name}:${key}`, this.windowMs, now);
    return hits <= this.limit;
  }

  /**
   * One event for `key`, to be counted by a change of db/ in its own transaction (a submission does so:
   * one commit instead of two). The change refuses what it would write when the key is over its limit.
   */
  hitOf(key: string): RateLimitHit {
    return { key: `${this.name}:${key}`, limit: this.limit, windowMs: this.windowMs };
  }

  /** Whether `key` is over its limit, without counting. */
  async blocked(key: string, now = Date.now()): Promise<boolean> {
    return (await rateLimitHits(await getDb(), `${this.name}:${key}`, now)) > this.limit;
  }
}

/** Forgets every key whose window is over, for all limiters (the table stays as small as the live keys). */
export async function sweepExpiredRateLimits(now = Date.now()): Promise<void> {
  await sweepRateLimits(await getDb(), now);
}

/** Unknown invitation links per client address: guessing tokens gets slowed to a stop. */
export const linkGuesses = new RateLimiter("link-guesses", 30, 10 * 60 * 1000);
/** Posts to one invitation link per minute (autosaves included): far above any person's typing. */
export const linkPosts = new RateLimiter("link-posts", 240, 60 * 1000);
