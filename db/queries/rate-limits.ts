import { and, eq, gt, lte, sql } from "drizzle-orm";
import { write, type Db } from "../client.server";
import { rateLimits } from "../schema";
import { preparedPerDatabase } from "./prepared";

const statements = preparedPerDatabase((db) => ({
  // One statement counts the hit and says where the key stands, so two processes counting the same key
  // at once never both read the old count: the row is locked (PostgreSQL) or the writer is one (SQLite).
  // A window that is over starts again with this hit; a refused hit is counted but never moves the end
  // of its window, so a key that keeps trying is let in again on time.
  hit: db
    .insert(rateLimits)
    .values({ key: sql.placeholder("key"), hits: 1, resetAt: sql.placeholder("resetAt") })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${rateLimits.resetAt} <= ${sql.placeholder("now")} then 1 else ${rateLimits.hits} + 1 end`,
        resetAt: sql`case when ${rateLimits.resetAt} <= ${sql.placeholder("now")} then ${sql.placeholder("resetAt")} else ${rateLimits.resetAt} end`,
      },
    })
    .returning({ hits: rateLimits.hits })
    .prepare(),
  // Read before an agency's post is parsed (issue 14), so it is prepared as the hit is.
  hits: db
    .select({ hits: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, sql.placeholder("key")), gt(rateLimits.resetAt, sql.placeholder("now"))))
    .limit(1)
    .prepare(),
}));

/** Counts one hit on `key` in a window of `windowMs` from its first hit; the hits in the window so far, this one included. */
export async function hitRateLimit(db: Db, key: string, windowMs: number, now: number): Promise<number> {
  return write(db, (w) => hitInTransaction(w, { key, windowMs }, now));
}

/** A hit to count inside another change's transaction (a submission counts its link's post so: issue 14). */
export interface RateLimitHit {
  /** The key as stored (the limiter's name, then its key). */
  key: string;
  /** Hits allowed in a window. */
  limit: number;
  windowMs: number;
}

/** The same count as hitRateLimit, on a transaction already open (db/ only). */
export async function hitInTransaction(tx: Db, hit: Pick<RateLimitHit, "key" | "windowMs">, now: number): Promise<number> {
  const [row] = (await statements(tx).hit.execute({ key: hit.key, now, resetAt: now + hit.windowMs })) as { hits: number }[];
  return row!.hits;
}

/** The hits on `key` in its current window (0 when it has none or its window is over). */
export async function rateLimitHits(db: Db, key: string, now: number): Promise<number> {
  const [row] = (await statements(db).hits.execute({ key, now })) as { hits: number }[];
  return row?.hits ?? 0;
}

/** Forgets the keys whose window is over (the scheduler's housekeeping keeps the table small). */
export async function sweepRateLimits(db: Db, now: number): Promise<void> {
  await write(db, (w) => w.delete(rateLimits).where(lte(rateLimits.resetAt, now)));
}
