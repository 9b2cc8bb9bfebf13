import { and, count, eq, inArray, lt, lte, sql } from "drizzle-orm";
import { vietnameseSortKey } from "../../app/domain/vietnamese-sort-key";
import { transaction, write, type Db } from "../client.server";
import { agencies, signinThrottle, staffUsers, type StaffUser } from "../schema";
import { recordAudit, type AuditActor } from "./audit";
import { deleteSessionsOfUser } from "./sessions";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countAdmins(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(staffUsers).where(eq(staffUsers.role, "admin"));
  return row?.n ?? 0;
}

export async function findUserByEmail(db: Db, email: string): Promise<StaffUser | null> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.email, normaliseEmail(email))).limit(1);
  return row ?? null;
}

export async function findUserById(db: Db, id: number): Promise<StaffUser | null> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id)).limit(1);
  return row ?? null;
}

export interface NewUser {
  email: string;
  name: string;
  role: "admin" | "drafter";
  agencyId: number | null;
  passwordHash: string;
}

/**
 * Creates a staff account; with `audit`, records "user.created" by that actor in the same
 * transaction (tests and seeds create accounts without one).
 */
export async function insertUser(db: Db, user: NewUser, audit?: AuditActor): Promise<number> {
  return transaction(db, async (tx) => {
    const [row] = await tx
      .insert(staffUsers)
      .values({ ...user, email: normaliseEmail(user.email) })
      .returning({ id: staffUsers.id });
    const id = row!.id;
    if (audit) await recordAudit(tx, { ...audit, action: "user.created", subjectType: "staff_user", subjectId: id, details: { role: user.role } });
    return id;
  });
}

/**
 * The one-time set-up: creates the first administrator only if none exists yet, and records
 * "setup.admin_created" (the new administrator as its actor) when `audit` is given. The count and the
 * insert are one serializable transaction, so two set-up forms submitted together cannot both
 * succeed: SQLite runs write transactions one at a time, and PostgreSQL aborts the second (retried, it
 * then sees the first's administrator and returns null).
 */
export async function insertFirstAdmin(
  db: Db,
  user: { email: string; name: string; passwordHash: string },
  audit?: Omit<AuditActor, "actorUserId">,
): Promise<number | null> {
  return transaction(
    db,
    async (tx) => {
      if ((await countAdmins(tx)) > 0) return null;
      const id = await insertUser(tx, { ...user, role: "admin", agencyId: null });
      if (audit) await recordAudit(tx, { ...audit, actorUserId: id, action: "setup.admin_created", subjectType: "staff_user", subjectId: id });
      return id;
    },
    { isolation: "serializable" },
  );
}

/** Changes a user's password; with `audit`, records "user.password_changed" in the same transaction. */
export async function updatePasswordHash(db: Db, userId: number, passwordHash: string, audit?: AuditActor): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, userId));
    if (audit) await recordAudit(tx, { ...audit, action: "user.password_changed", subjectType: "staff_user", subjectId: userId });
  });
}

/** Sets or clears the disabled flag alone (its sessions stay: the session lookup refuses them). */
export async function setUserDisabled(db: Db, userId: number, disabled: boolean): Promise<void> {
  await write(db, (w) =>
    w
      .update(staffUsers)
      .set({ disabledAt: disabled ? Date.now() : null })
      .where(eq(staffUsers.id, userId)),
  );
}

/**
 * An administrator disables or re-enables an account: the flag, the end of its sessions when disabled
 * (signed out at once), and "user.disabled" / "user.enabled", in one transaction.
 */
export async function toggleUserDisabled(db: Db, userId: number, disabled: boolean, audit: AuditActor): Promise<void> {
  await transaction(db, async (tx) => {
    await setUserDisabled(tx, userId, disabled);
    if (disabled) await deleteSessionsOfUser(tx, userId);
    await recordAudit(tx, { ...audit, action: disabled ? "user.disabled" : "user.enabled", subjectType: "staff_user", subjectId: userId });
  });
}

/**
 * Staff accounts, administrators first, then each role in Vietnamese dictionary order of the names, the
 * same on both databases (a raw `order by name` follows SQLite's bytes or the PostgreSQL cluster's
 * locale). The list is small and the table has no stored sort key: sorted here, after reading, by the
 * key agencies are stored with (vietnameseSortKey, compared byte by byte as byAgencyName does), then by
 * the name's UTF-8 bytes for names that share a key.
 */
export async function listUsers(db: Db) {
  const users = await db
    .select({
      id: staffUsers.id,
      email: staffUsers.email,
      name: staffUsers.name,
      role: staffUsers.role,
      agencyName: agencies.name,
      disabledAt: staffUsers.disabledAt,
    })
    .from(staffUsers)
    .leftJoin(agencies, eq(agencies.id, staffUsers.agencyId));
  const keyed = users.map((user) => ({ user, key: vietnameseSortKey(user.name), bytes: Buffer.from(user.name) }));
  keyed.sort((a, b) => byteOrder(a.user.role, b.user.role) || byteOrder(a.key, b.key) || Buffer.compare(a.bytes, b.bytes) || a.user.id - b.user.id);
  return keyed.map((k) => k.user);
}

/** Byte order of two roles or sort keys (JavaScript's order is their bytes' order: see vietnamese-sort-key.ts). */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---- sign-in throttling (the policy: app/security/signin-policy.ts) --------------------------------

export type SigninThrottleRow = { key: string; failures: number; lastFailureAt: number; blockedUntil: number };

export async function readSigninThrottle(db: Db, keys: string[]): Promise<SigninThrottleRow[]> {
  if (keys.length === 0) return [];
  return db.select().from(signinThrottle).where(inArray(signinThrottle.key, keys));
}

/** How failures count (app/security/signin-policy.ts), as data for recordSigninFailure. */
export interface SigninFailurePolicy {
  /** A key's earlier failures still count if the last was after this (older ones: it starts again at 1). */
  countsSince: number;
  /**
   * Per key: the failures it may make before it is refused (null or absent: never refused). A key with
   * more is refused for `firstRefusalMs`, doubled for each failure after the first refused one, up to
   * `maxRefusalMs`, from `now`.
   */
  freeFailures: Record<string, number | null>;
  firstRefusalMs: number;
  maxRefusalMs: number;
}

/** When a key with `failures` failures (the new one included) may try again under `policy`; 0 when not refused. */
export function signinBlockedUntil(policy: SigninFailurePolicy, key: string, failures: number, now: number): number {
  const free = policy.freeFailures[key];
  if (free === null || free === undefined) return 0;
  const over = failures - free;
  if (over <= 0) return 0;
  return now + Math.min(policy.maxRefusalMs, policy.firstRefusalMs * 2 ** Math.min(over - 1, 30));
}

/**
 * Counts one failure on each key, in one transaction. Each count is one atomic upsert (the increment
 * is done by the database on the row it locks), so failures on the same account from different
 * addresses at once are all counted, on PostgreSQL too, without retries; the keys are taken in one
 * order so two attempts never wait on each other's rows (no deadlock). `blocked_until` is arithmetic
 * on the new count (signinBlockedUntil).
 */
export async function recordSigninFailure(db: Db, keys: string[], now: number, policy: SigninFailurePolicy): Promise<void> {
  await transaction(db, async (tx) => {
    for (const key of [...new Set(keys)].sort()) {
      const [row] = await tx
        .insert(signinThrottle)
        .values({ key, failures: 1, lastFailureAt: now, blockedUntil: 0 })
        .onConflictDoUpdate({
          target: signinThrottle.key,
          set: {
            failures: sql`case when ${signinThrottle.lastFailureAt} > ${policy.countsSince} then ${signinThrottle.failures} + 1 else 1 end`,
            lastFailureAt: now,
          },
        })
        .returning({ failures: signinThrottle.failures });
      const blockedUntil = signinBlockedUntil(policy, key, row!.failures, now);
      await tx.update(signinThrottle).set({ blockedUntil }).where(eq(signinThrottle.key, key));
    }
  });
}

export async function clearSigninFailures(db: Db, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await write(db, (w) => w.delete(signinThrottle).where(inArray(signinThrottle.key, keys)));
}

/** Forgets counters whose last failure is older than `failedBefore` and that refuse nothing any more; returns how many. */
export async function pruneSigninThrottle(db: Db, failedBefore: number, now: number): Promise<number> {
  const pruned = await write(db, (w) =>
    w
      .delete(signinThrottle)
      .where(and(lt(signinThrottle.lastFailureAt, failedBefore), lte(signinThrottle.blockedUntil, now)))
      .returning({ key: signinThrottle.key }),
  );
  return pruned.length;
}
