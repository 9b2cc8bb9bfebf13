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

/**
 * Attempts on the same account or from the same address run one after another: otherwise a burst
 * of parallel guesses would all pass the throttle check before the first failure is recorded.
 */
const queues = new Map<string, Promise<unknown>>();

async function serialised<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
  const before = keys.map((k) => queues.get(k) ?? Promise.resolve());
  const run = Promise.allSettled(before).then(fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  for (const k of keys) queues.set(k, settled);
  void settled.then(() => {
    for (const k of keys) if (queues.get(k) === settled) queues.delete(k);
  });
  return run;
}

export async function attemptSignin(email: string, password: string, ip: string, now?: number): Promise<SigninResult> {
  const accountKey = `account:${normaliseEmail(email)}`;
  const keys = ip ? [accountKey, `ip:${ip}`] : [accountKey];
  return serialised(keys, () => checkSignin(email, password, keys, accountKey, now ?? Date.now()));
}

async function checkSignin(email: string, password: string, keys: string[], accountKey: string, now: number): Promise<SigninResult> {
  const db = getDb();
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
