import { describe, expect, it } from "vitest";
import { RateLimiter } from "~/security/rate-limit.server";
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
  signinKeys,
  stillCounts,
} from "~/security/signin-policy";

describe("RateLimiter", () => {
  it("allows `limit` events per key and window, then refuses until the window ends", () => {
    const limiter = new RateLimiter(3, 1000);
    const t0 = 1_000_000;
    expect([1, 2, 3, 4, 5].map((i) => limiter.take("a", t0 + i))).toEqual([true, true, true, false, false]);
    expect(limiter.take("a", t0 + 999)).toBe(false); // the window began at t0 + 1
    expect(limiter.take("a", t0 + 1001)).toBe(true); // a new window
    expect(limiter.take("a", t0 + 1002)).toBe(true);
  });

  it("keys are counted apart", () => {
    const limiter = new RateLimiter(1, 1000);
    expect(limiter.take("ip:a", 0)).toBe(true);
    expect(limiter.take("ip:a", 1)).toBe(false);
    expect(limiter.take("ip:b", 1)).toBe(true);
  });

  it("blocked() tells without counting", () => {
    const limiter = new RateLimiter(2, 1000);
    for (let i = 0; i < 10; i++) expect(limiter.blocked("k", i)).toBe(false);
    limiter.take("k", 0);
    limiter.take("k", 0);
    expect(limiter.blocked("k", 5)).toBe(false); // at the limit, not over it
    limiter.take("k", 5);
    expect(limiter.blocked("k", 5)).toBe(true);
    expect(limiter.blocked("k", 1000)).toBe(false); // the window is over
  });

  it("refused events do not stretch the window: it ends on time however hard a key keeps trying", () => {
    const limiter = new RateLimiter(1, 1000);
    limiter.take("k", 0);
    for (let t = 1; t < 1000; t += 10) expect(limiter.take("k", t)).toBe(false);
    expect(limiter.take("k", 1000)).toBe(true);
  });

  it("memory stays bounded: expired keys are swept when the table is full, live ones kept", () => {
    const limiter = new RateLimiter(1, 1000, 3);
    limiter.take("old1", 0);
    limiter.take("old2", 0);
    limiter.take("live", 900);
    limiter.take("live", 900); // over its limit
    limiter.take("new", 1500); // full: the expired keys go, "live" (until 1900) stays
    expect(limiter.blocked("live", 1600)).toBe(true);
    expect(limiter.take("old1", 1600)).toBe(true);
  });

  it("a table full of live keys is cleared rather than grown", () => {
    const limiter = new RateLimiter(1, 1000, 2);
    limiter.take("a", 0);
    limiter.take("a", 0);
    limiter.take("b", 0);
    limiter.take("c", 1); // full of live keys: cleared
    expect(limiter.blocked("a", 2)).toBe(false);
    expect(limiter.blocked("c", 2)).toBe(false);
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
});
