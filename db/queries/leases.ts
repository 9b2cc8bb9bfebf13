import { and, eq, gt, lte, or } from "drizzle-orm";
import { write, type Db } from "../client.server";
import { leases } from "../schema";

/**
 * Takes the lease `name` for `holder` until `now + ttlMs`, or renews it when `holder` has it already;
 * false while another holder's lease has not expired. One conditional upsert, so two processes asking
 * at once never both get it: the row is locked (PostgreSQL) or the writer is one (SQLite), and the
 * update happens only when the lease is free or already ours (no row comes back otherwise).
 *
 * Times are the callers' clocks: the processes sharing a lease must agree on the time to well within
 * its ttl (NTP does), or one may take over early.
 */
export async function takeLease(db: Db, name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
  const taken = await write(db, (w) =>
    w
      .insert(leases)
      .values({ name, holder, expiresAt: now + ttlMs })
      .onConflictDoUpdate({
        target: leases.name,
        set: { holder, expiresAt: now + ttlMs },
        setWhere: or(eq(leases.holder, holder), lte(leases.expiresAt, now)),
      })
      .returning({ holder: leases.holder }),
  );
  return taken.length === 1;
}

/** Gives the lease up at once (a clean shutdown), so another process need not wait for it to expire. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await write(db, (w) => w.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder))));
}

/** Who holds `name` at `now`, or null when nobody does (the health page, tests). */
export async function leaseHolder(db: Db, name: string, now: number): Promise<string | null> {
  const [row] = await db
    .select({ holder: leases.holder })
    .from(leases)
    .where(and(eq(leases.name, name), gt(leases.expiresAt, now)))
    .limit(1);
  return row?.holder ?? null;
}
