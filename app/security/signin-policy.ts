/**
 * How failed sign-ins are held against whom (pure; the counters live in the signin_throttle table).
 *
 * - per (account, address) pair: after a few failures that address must wait before trying that
 *   account again (doubling, capped). This is what stops one address guessing one password.
 * - per address: after more failures, across any accounts, the address must wait (doubling, capped).
 *   More are free than for a pair, since many people may share one address (a NAT, an office proxy).
 * - per account: failures from everywhere only SLOW every attempt on the account by a short, bounded
 *   delay. They never refuse: otherwise anyone could lock a colleague out by typing wrong passwords
 *   from anywhere. The right password from an address without failures always gets in.
 */

/** Failures older than this are forgotten. */
export const SIGNIN_WINDOW_MS = 60 * 60 * 1000;
/** The longest an address is refused (a pair or the address itself). */
export const SIGNIN_MAX_REFUSAL_MS = 15 * 60 * 1000;
/** The first refusal of a key past its free failures; each further failure doubles it. */
export const SIGNIN_FIRST_REFUSAL_MS = 1000;

/** Failures a pair may make before it must wait. */
export const PAIR_FREE_FAILURES = 3;
/** Failures an address may make (across accounts) before it must wait. */
export const ADDRESS_FREE_FAILURES = 10;
/** Failures on an account (from anywhere) before attempts on it are slowed. */
export const ACCOUNT_FREE_FAILURES = 5;
/** The account-wide delay never exceeds this. */
export const ACCOUNT_MAX_DELAY_MS = 2000;

export type SigninKeys = { pair: string; address: string; account: string };

/** The counter keys of one attempt; the e-mail is expected normalised. */
export function signinKeys(email: string, ip: string): SigninKeys {
  return { pair: `pair:${ip}|${email}`, address: `ip:${ip}`, account: `account:${email}` };
}

export type SigninKeyKind = "pair" | "address" | "account";

export function keyKind(key: string): SigninKeyKind {
  if (key.startsWith("pair:")) return "pair";
  if (key.startsWith("ip:")) return "address";
  return "account";
}

/**
 * How long a key with `failures` recent failures (the one just made included) is refused from now:
 * 0 while free, then 1 s, 2 s, 4 s … up to SIGNIN_MAX_REFUSAL_MS. Accounts are never refused.
 */
export function refusalMs(kind: SigninKeyKind, failures: number): number {
  const free = freeFailures(kind);
  if (free === null) return 0;
  const over = failures - free;
  if (over <= 0) return 0;
  return Math.min(SIGNIN_MAX_REFUSAL_MS, SIGNIN_FIRST_REFUSAL_MS * 2 ** Math.min(over - 1, 30));
}

/** The failures a key of this kind may make before it is refused; null: never refused (accounts). */
export function freeFailures(kind: SigninKeyKind): number | null {
  if (kind === "account") return null;
  return kind === "pair" ? PAIR_FREE_FAILURES : ADDRESS_FREE_FAILURES;
}

/**
 * The policy as data for the database's count (db/queries/users.ts: recordSigninFailure computes the
 * same refusal as refusalMs from these numbers, inside its transaction).
 */
export function signinFailurePolicy(keys: string[], now: number) {
  return {
    countsSince: now - SIGNIN_WINDOW_MS,
    freeFailures: Object.fromEntries(keys.map((key) => [key, freeFailures(keyKind(key))])),
    firstRefusalMs: SIGNIN_FIRST_REFUSAL_MS,
    maxRefusalMs: SIGNIN_MAX_REFUSAL_MS,
  };
}

/** The delay before checking a password on an account with `failures` recent failures: 0, then 250 ms doubling up to ACCOUNT_MAX_DELAY_MS. */
export function accountDelayMs(failures: number): number {
  const over = failures - ACCOUNT_FREE_FAILURES;
  if (over <= 0) return 0;
  return Math.min(ACCOUNT_MAX_DELAY_MS, 250 * 2 ** Math.min(over - 1, 30));
}

/** Whether a failure counted at `lastFailureAt` still counts at `now`. */
export function stillCounts(lastFailureAt: number, now: number): boolean {
  return now - lastFailureAt < SIGNIN_WINDOW_MS;
}
