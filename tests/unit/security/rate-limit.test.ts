import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { rateLimits } from "#db/schema";
import { RateLimiter, sweepExpiredRateLimits } from "~/security/rate-limit.server";
import {
  ACCOUNT_FREE_FAILURES,
  ACCOUNT_MAX_DELAY_MS,
  accountDelayMs,
  ADDRESS_FREE_FAILURES,
  keyKind,
  PAIR_FREE_FAILURES,
  refusalMs,
  SIGNIN_MAX_REFUSAL_MS,
  SIGNIN_WINDOW_MS,
  signinFailurePolicy,
  signinKeys,
  stillCounts,
} from "~/security/signin-policy";
import { signinBlockedUntil } from "#db/queries/users";
import { useTempDatabase } from "../../integration/harness";

// The limiters count in the database (table rate_limits), shared by every process on it.
describe("RateLimiter", () => {
  useTempDatabase();
  let n = 0;
  /** A limiter of its own for each test: the keys of one do not count for another. */
  const limiter = (limit: number, windowMs: number) => new RateLimiter(`test-${++n}`, limit, windowMs);

  it("allows `limit` events per key and window, then refuses until the window ends", async () => {
    const l = limiter(3, 1000);
    const t0 = 1_000_000;
    const taken: boolean[] = [];
    for (const i of [1, 2, 3, 4, 5]) taken.push(await l.take("a", t0 + i));
    expect(taken).toEqual([true, true, true, false, false]);
    expect(await l.take("a", t0 + 999)).toBe(false); // the window began at t0 + 1
    expect(await l.take("a", t0 + 1001)).toBe(true); // a new window
    expect(await l.take("a", t0 + 1002)).toBe(true);
  });

  it("keys are counted apart, and so are limiters", async () => {
    const l = limiter(1, 1000);
    expect(await l.take("ip:a", 0)).toBe(true);
    expect(await l.take("ip:a", 1)).toBe(false);
    expect(await l.take("ip:b", 1)).toBe(true);
    expect(await limiter(1, 1000).take("ip:a", 1)).toBe(true);
  });

  it("blocked() tells without counting", async () => {
    const l = limiter(2, 1000);
    for (let i = 0; i < 10; i++) expect(await l.blocked("k", i)).toBe(false);
    await l.take("k", 0);
    await l.take("k", 0);
    expect(await l.blocked("k", 5)).toBe(false); // at the limit, not over it
    await l.take("k", 5);
    expect(await l.blocked("k", 5)).toBe(true);
    expect(await l.blocked("k", 1000)).toBe(false); // the window is over
  });

  it("refused events do not stretch the window: it ends on time however hard a key keeps trying", async () => {
    const l = limiter(1, 1000);
    await l.take("k", 0);
    for (let t = 1; t < 1000; t += 10) expect(await l.take("k", t)).toBe(false);
    expect(await l.take("k", 1000)).toBe(true);
  });

  it("hits at once are each counted once: exactly `limit` of them get through", async () => {
    const l = limiter(30, 60_000);
    const taken = await Promise.all(Array.from({ length: 50 }, () => l.take("busy", 5000)));
    expect(taken.filter(Boolean)).toHaveLength(30);
    expect(await l.blocked("busy", 5001)).toBe(true);
  });

  it("the sweep forgets expired keys and keeps live ones", async () => {
    const l = limiter(1, 1000);
    await l.take("old", 0);
    await l.take("old", 0);
    await l.take("live", 900);
    await l.take("live", 900); // over its limit until 1900
    await sweepExpiredRateLimits(1500);
    const db = await getDb();
    const keys = (await db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys).toContain(`${l.name}:live`);
    expect(keys).not.toContain(`${l.name}:old`);
    expect(await l.blocked("live", 1600)).toBe(true);
    expect(await l.take("old", 1600)).toBe(true);
  });
});

describe("sign-in policy", () => {
  it("keys: one per pair, per address and per account", () => {
    const k = signinKeys("a@b.vn", "10.0.0.1");
    expect(new Set(Object.values(k)).size).toBe(3);
    expect(signinKeys("a@b.vn", "10.0.0.2").account).toBe(k.account);
    expect(signinKeys("a@b.vn", "10.0.0.2").pair).not.toBe(k.pair);
    expect(signinKeys("c@b.vn", "10.0.0.1").address).toBe(k.address);
    expect([keyKind(k.pair), keyKind(k.address), keyKind(k.account)]).toEqual(["pair", "address", "account"]);
    // An e-mail cannot pass itself off as another kind of key.
    expect(keyKind(signinKeys("ip:x", "1.2.3.4").account)).toBe("account");
  });

  it("a pair is refused after its free failures, doubling from 1 s up to the cap", () => {
    expect(refusalMs("pair", PAIR_FREE_FAILURES)).toBe(0);
    expect(refusalMs("pair", PAIR_FREE_FAILURES + 1)).toBe(1000);
    expect(refusalMs("pair", PAIR_FREE_FAILURES + 2)).toBe(2000);
    expect(refusalMs("pair", PAIR_FREE_FAILURES + 5)).toBe(16_000);
    expect(refusalMs("pair", PAIR_FREE_FAILURES + 20)).toBe(SIGNIN_MAX_REFUSAL_MS);
    expect(refusalMs("pair", 1_000_000)).toBe(SIGNIN_MAX_REFUSAL_MS);
  });

  it("an address has more free failures than a pair (many people share one), then the same doubling", () => {
    expect(ADDRESS_FREE_FAILURES).toBeGreaterThan(PAIR_FREE_FAILURES);
    expect(refusalMs("address", ADDRESS_FREE_FAILURES)).toBe(0);
    expect(refusalMs("address", ADDRESS_FREE_FAILURES + 1)).toBe(1000);
    expect(refusalMs("address", ADDRESS_FREE_FAILURES + 40)).toBe(SIGNIN_MAX_REFUSAL_MS);
  });

  it("an account is never refused, only slowed, and by at most ACCOUNT_MAX_DELAY_MS", () => {
    for (const n of [0, 1, 10, 100, 1_000_000]) expect(refusalMs("account", n)).toBe(0);
    expect(accountDelayMs(ACCOUNT_FREE_FAILURES)).toBe(0);
    expect(accountDelayMs(ACCOUNT_FREE_FAILURES + 1)).toBe(250);
    expect(accountDelayMs(ACCOUNT_FREE_FAILURES + 2)).toBe(500);
    expect(accountDelayMs(ACCOUNT_FREE_FAILURES + 100)).toBe(ACCOUNT_MAX_DELAY_MS);
    expect(ACCOUNT_MAX_DELAY_MS).toBeLessThanOrEqual(5000);
  });

  it("failures are forgotten after the window", () => {
    expect(stillCounts(0, SIGNIN_WINDOW_MS - 1)).toBe(true);
    expect(stillCounts(0, SIGNIN_WINDOW_MS)).toBe(false);
  });

  it("the policy handed to the database as numbers refuses exactly as refusalMs says", () => {
    const keys = signinKeys("a@example.org", "10.0.0.1");
    const now = 1_700_000_000_000;
    const policy = signinFailurePolicy([keys.pair, keys.address, keys.account], now);
    expect(policy.countsSince).toBe(now - SIGNIN_WINDOW_MS);
    for (const key of [keys.pair, keys.address, keys.account]) {
      for (let n = 0; n <= 60; n++) {
        const refusal = refusalMs(keyKind(key), n);
        expect(signinBlockedUntil(policy, key, n, now)).toBe(refusal > 0 ? now + refusal : 0);
      }
    }
  });
});
