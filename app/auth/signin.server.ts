/**
 * Checking a sign-in attempt. Failures are counted per (account, address) pair, per address and per
 * account (app/security/signin-policy.ts): a pair or an address that keeps failing must wait; failures
 * on an account from elsewhere only slow it down a little, so nobody can lock a colleague out. The
 * answer never says which part was wrong.
 */
import crypto from "node:crypto";
import { getDb } from "#db/client.server";
import { releaseLease, takeLease } from "#db/queries/leases";
import {
  clearSigninFailures,
  findUserByEmail,
  normaliseEmail,
  pruneSigninThrottle,
  readSigninThrottle,
  recordSigninFailure,
} from "#db/queries/users";
import {
  accountDelayMs,
  SIGNIN_WINDOW_MS,
  signinFailurePolicy,
  signinKeys,
  stillCounts,
  type SigninKeys,
} from "~/security/signin-policy";
import { dummyPasswordHash, verifyPassword } from "./password.server";

export type SigninResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; waitSeconds: number };

/**
 * Attempts from the same address run one after another (per pair and per address): otherwise a burst
 * of parallel guesses would all pass the throttle check before the first failure is recorded. Not per
 * account: a flood of guesses on an account from elsewhere must not queue up in front of its owner.
 * In one process a queue orders them; across processes (WEB_CONCURRENCY, several nodes) a lease per
 * address in the database does (oneAtATimeEverywhere).
 */
const queues = new Map<string, Promise<unknown>>();

/**
 * How long an address's lease is held at most: longer than one check takes (the account's delay, at
 * most 2 s, and the password hash). A process that dies holding it delays that address this long.
 */
const ADDRESS_LEASE_MS = 10_000;
/** How often an attempt waiting for another process's attempt from the same address asks again. */
const ADDRESS_LEASE_POLL_MS = 25;

/**
 * Runs `fn` holding the address's lease (db/queries/leases.ts: one conditional upsert, so two processes
 * never both hold it), or answers null when it could not be had within ADDRESS_LEASE_MS: then another
 * process has been holding it, or taking it again and again, for that long, and this attempt is
 * refused as throttled rather than let through unchecked.
 */
async function oneAtATimeEverywhere<T>(
  address: string,
  fn: () => Promise<T>,
  sleep: (ms: number) => Promise<void>,
  leaseMs = ADDRESS_LEASE_MS,
): Promise<T | null> {
  const db = await getDb();
  const name = `signin:${address}`;
  const holder = crypto.randomUUID();
  const giveUpAt = Date.now() + leaseMs;
  while (!(await takeLease(db, name, holder, leaseMs, Date.now()))) {
    if (Date.now() >= giveUpAt) return null;
    await sleep(ADDRESS_LEASE_POLL_MS);
  }
  // Renewed while the check runs: a check slower than the lease (a saturated password-hash pool, a
  // database waiting for a connection) would otherwise let another process's attempt from the address
  // take it and pass the throttle alongside this one. A process that dies stops renewing. A renewal
  // still on its way is awaited before the release, or it could put the lease back after it.
  let renewing: Promise<unknown> = Promise.resolve();
  const renewal = setInterval(() => {
    renewing = takeLease(db, name, holder, leaseMs, Date.now()).catch(() => undefined);
  }, leaseMs / 3);
  try {
    return await fn();
  } finally {
    clearInterval(renewal);
    await renewing;
    await releaseLease(db, name, holder);
  }
}

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

/** For tests: the clock, the account delay's sleep, and the address lease's length (ADDRESS_LEASE_MS). */
export type SigninOptions = { now?: number; sleep?: (ms: number) => Promise<void>; addressLeaseMs?: number };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function attemptSignin(email: string, password: string, ip: string, opts: SigninOptions = {}): Promise<SigninResult> {
  const keys = signinKeys(normaliseEmail(email), ip);
  const sleep = opts.sleep ?? realSleep;
  return serialised([keys.pair, keys.address], async () => {
    // A pair or an address refused already is answered so without the lease (a read, no write): it
    // records nothing, so it needs no ordering, and a flood from a refused address must not become a
    // stream of lease writes taking the database's writer from everyone else.
    const now = opts.now ?? Date.now();
    const wait = refusalWait(await readSigninThrottle(await getDb(), [keys.pair, keys.address]), keys, now);
    if (wait > 0) return { ok: false, reason: "throttled", waitSeconds: Math.ceil(wait / 1000) };
    const checked = await oneAtATimeEverywhere(keys.address, () => checkSignin(email, password, keys, opts.now, sleep), realSleep, opts.addressLeaseMs);
    return checked ?? { ok: false, reason: "throttled", waitSeconds: 1 };
  });
}

/** How long this pair or this address is still refused at `now` (0: not refused). */
function refusalWait(rows: { key: string; blockedUntil: number }[], keys: SigninKeys, now: number): number {
  let wait = 0;
  for (const row of rows) if ((row.key === keys.pair || row.key === keys.address) && row.blockedUntil > now) wait = Math.max(wait, row.blockedUntil - now);
  return wait;
}

let lastPrune = 0;

async function checkSignin(email: string, password: string, keys: SigninKeys, at: number | undefined, sleep: (ms: number) => Promise<void>): Promise<SigninResult> {
  // Read the clock only now: the attempt may have waited in its queue.
  const now = at ?? Date.now();
  const db = await getDb();
  if (now - lastPrune > 10 * 60 * 1000) {
    lastPrune = now;
    await pruneSigninThrottle(db, now - SIGNIN_WINDOW_MS, now);
  }
  const found = await readSigninThrottle(db, [keys.pair, keys.address, keys.account]);
  const rows = new Map(found.map((r) => [r.key, r]));
  // Refused: only this pair or this address, for their own failures.
  const wait = refusalWait(found, keys, now);
  if (wait > 0) return { ok: false, reason: "throttled", waitSeconds: Math.ceil(wait / 1000) };
  // Slowed: everyone trying an account that keeps failing, by a bounded delay.
  const account = rows.get(keys.account);
  const delay = account && stillCounts(account.lastFailureAt, now) ? accountDelayMs(account.failures) : 0;
  if (delay > 0) await sleep(delay);

  const user = await findUserByEmail(db, email);
  // Verify against a dummy hash for unknown accounts so the timing is the same either way.
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid || user.disabledAt !== null) {
    // The count goes up in the database (atomic per key); a failure older than the window starts it again.
    // The policy goes in as numbers: the refusal is computed from the new count inside the transaction.
    const failed = [keys.pair, keys.address, keys.account];
    await recordSigninFailure(db, failed, now, signinFailurePolicy(failed, now));
    return { ok: false, reason: "invalid" };
  }
  await clearSigninFailures(db, [keys.pair, keys.account]);
  return { ok: true, userId: user.id };
}
