/**
 * Checking a sign-in attempt. Failures are counted per account and per client address; after a
 * few, each further attempt must wait (doubling). The answer never says which part was wrong.
 */
import { getDb } from "#db/client.server";
import {
  clearSigninFailures,
  findUserByEmail,
  normaliseEmail,
  recordSigninFailure,
  throttleWaitMs,
} from "#db/queries/users";
import { dummyPasswordHash, verifyPassword } from "./password.server";

export type SigninResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; waitSeconds: number };

export async function attemptSignin(
  email: string,
  password: string,
  ip: string,
  now = Date.now(),
): Promise<SigninResult> {
  const db = getDb();
  const accountKey = `account:${normaliseEmail(email)}`;
  const keys = ip ? [accountKey, `ip:${ip}`] : [accountKey];
  const wait = throttleWaitMs(db, keys, now);
  if (wait > 0) return { ok: false, reason: "throttled", waitSeconds: Math.ceil(wait / 1000) };

  const user = findUserByEmail(db, email);
  // Verify against a dummy hash for unknown accounts so the timing is the same either way.
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid || user.disabledAt !== null) {
    recordSigninFailure(db, keys, now);
    return { ok: false, reason: "invalid" };
  }
  clearSigninFailures(db, accountKey);
  return { ok: true, userId: user.id };
}
