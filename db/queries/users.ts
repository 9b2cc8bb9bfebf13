import { asc, eq, sql } from "drizzle-orm";
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

// ---- sign-in throttling ------------------------------------------------------------------------

/** Failures allowed before waiting starts; the wait then doubles up to the cap. */
const FREE_FAILURES = 3;
const MAX_WAIT_MS = 15 * 60 * 1000;
/** Failures older than this are forgotten. */
const WINDOW_MS = 60 * 60 * 1000;

export function throttleWaitMs(db: Db, keys: string[], now: number): number {
  let wait = 0;
  for (const key of keys) {
    const row = db.select().from(signinThrottle).where(eq(signinThrottle.key, key)).get();
    if (row && row.blockedUntil > now) wait = Math.max(wait, row.blockedUntil - now);
  }
  return wait;
}

export function recordSigninFailure(db: Db, keys: string[], now: number): void {
  db.transaction((tx) => {
    for (const key of keys) {
      const row = tx.select().from(signinThrottle).where(eq(signinThrottle.key, key)).get();
      const failures = row && now - row.lastFailureAt < WINDOW_MS ? row.failures + 1 : 1;
      const over = failures - FREE_FAILURES;
      const blockedUntil = over > 0 ? now + Math.min(MAX_WAIT_MS, 1000 * 2 ** (over - 1)) : 0;
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

export function clearSigninFailures(db: Db, key: string): void {
  db.delete(signinThrottle).where(eq(signinThrottle.key, key)).run();
}
