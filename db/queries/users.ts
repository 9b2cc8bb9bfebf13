import { and, asc, eq, inArray, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../client.server";
import { agencies, signinThrottle, staffUsers, type StaffUser } from "../schema";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function countAdmins(db: Db): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(staffUsers)
      .where(eq(staffUsers.role, "admin"))
      .get()?.n ?? 0
  );
}

export function findUserByEmail(db: Db, email: string): StaffUser | null {
  return db.select().from(staffUsers).where(eq(staffUsers.email, normaliseEmail(email))).get() ?? null;
}

export function findUserById(db: Db, id: number): StaffUser | null {
  return db.select().from(staffUsers).where(eq(staffUsers.id, id)).get() ?? null;
}

export function insertUser(
  db: Db,
  user: {
    email: string;
    name: string;
    role: "admin" | "drafter";
    agencyId: number | null;
    passwordHash: string;
  },
): number {
  const row = db
    .insert(staffUsers)
    .values({ ...user, email: normaliseEmail(user.email) })
    .returning({ id: staffUsers.id })
    .get();
  return row.id;
}

/**
 * The one-time set-up: creates the first administrator only if none exists yet, inside one
 * transaction so two set-up forms submitted together cannot both succeed.
 */
export function insertFirstAdmin(
  db: Db,
  user: { email: string; name: string; passwordHash: string },
): number | null {
  return db.transaction((tx) => {
    if (countAdmins(tx as unknown as Db) > 0) return null;
    return insertUser(tx as unknown as Db, { ...user, role: "admin", agencyId: null });
  });
}

export function updatePasswordHash(db: Db, userId: number, passwordHash: string): void {
  db.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, userId)).run();
}

export function setUserDisabled(db: Db, userId: number, disabled: boolean): void {
  db.update(staffUsers)
    .set({ disabledAt: disabled ? Date.now() : null })
    .where(eq(staffUsers.id, userId))
    .run();
}

export function listUsers(db: Db) {
  return db
    .select({
      id: staffUsers.id,
      email: staffUsers.email,
      name: staffUsers.name,
      role: staffUsers.role,
      agencyName: agencies.name,
      disabledAt: staffUsers.disabledAt,
    })
    .from(staffUsers)
    .leftJoin(agencies, eq(agencies.id, staffUsers.agencyId))
    .orderBy(asc(staffUsers.role), asc(staffUsers.name))
    .all();
}

// ---- sign-in throttling (the policy: app/security/signin-policy.ts) --------------------------------

export type SigninThrottleRow = { key: string; failures: number; lastFailureAt: number; blockedUntil: number };

export function readSigninThrottle(db: Db, keys: string[]): SigninThrottleRow[] {
  if (keys.length === 0) return [];
  return db.select().from(signinThrottle).where(inArray(signinThrottle.key, keys)).all();
}

/** Counts one failure on each key, in one transaction; `next` gives the key's new counters from its old row. */
export function recordSigninFailure(
  db: Db,
  keys: string[],
  now: number,
  next: (key: string, previous: SigninThrottleRow | undefined) => { failures: number; blockedUntil: number },
): void {
  db.transaction((tx) => {
    for (const key of keys) {
      const row = tx.select().from(signinThrottle).where(eq(signinThrottle.key, key)).get();
      const { failures, blockedUntil } = next(key, row);
      tx.insert(signinThrottle)
        .values({ key, failures, lastFailureAt: now, blockedUntil })
        .onConflictDoUpdate({
          target: signinThrottle.key,
          set: { failures, lastFailureAt: now, blockedUntil },
        })
        .run();
    }
  });
}

export function clearSigninFailures(db: Db, keys: string[]): void {
  if (keys.length === 0) return;
  db.delete(signinThrottle).where(inArray(signinThrottle.key, keys)).run();
}

/** Forgets counters whose last failure is older than `failedBefore` and that refuse nothing any more. */
export function pruneSigninThrottle(db: Db, failedBefore: number, now: number): number {
  return db
    .delete(signinThrottle)
    .where(and(lt(signinThrottle.lastFailureAt, failedBefore), lte(signinThrottle.blockedUntil, now)))
    .run().changes;
}
