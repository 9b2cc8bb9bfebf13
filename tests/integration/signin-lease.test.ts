/**
 * The sign-in's lease per address (app/auth/signin.server.ts) is what keeps two processes from checking
 * attempts from one address at once. It must stay held for as long as the check runs, however slow
 * (a saturated hash pool, a database waiting for a connection), and be gone once the check is over.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { leaseHolder, takeLease } from "#db/queries/leases";
import { normaliseEmail, recordSigninFailure } from "#db/queries/users";
import { attemptSignin } from "~/auth/signin.server";
import { ACCOUNT_FREE_FAILURES, ADDRESS_FREE_FAILURES, signinFailurePolicy, signinKeys } from "~/security/signin-policy";
import { useTempDatabase } from "./harness";

useTempDatabase();

const LEASE_MS = 300;

describe("the sign-in's lease per address", () => {
  it("is held for as long as a check slower than the lease runs, then given up", async () => {
    const db = await getDb();
    const ip = "203.0.113.9";
    const email = "cham@example.test";
    // Failures on the account from elsewhere, so this attempt waits the account's delay (its `sleep`).
    const account = signinKeys(normaliseEmail(email), "198.51.100.1").account;
    for (let i = 0; i <= ACCOUNT_FREE_FAILURES; i++) await recordSigninFailure(db, [account], Date.now(), signinFailurePolicy([account], Date.now()));
    const name = `signin:${signinKeys(normaliseEmail(email), ip).address}`;
    let otherProcessGotIt: boolean | null = null;
    // The check takes three leases' length; meanwhile another process's attempt asks for the lease.
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 3 * LEASE_MS));
      otherProcessGotIt = await takeLease(db, name, "another-process", 10_000, Date.now());
    };
    const result = await attemptSignin(email, "sai-mat-khau", ip, { sleep: slow, addressLeaseMs: LEASE_MS });
    expect(result).toEqual({ ok: false, reason: "invalid" });
    expect(otherProcessGotIt).toBe(false);
    expect(await leaseHolder(db, name, Date.now())).toBeNull();
  });

  it("is not taken for an address refused already: the refusal is answered at once, from a read", async () => {
    const db = await getDb();
    const ip = "203.0.113.77";
    const keys = signinKeys(normaliseEmail("ai-do@example.test"), ip);
    // The address past its free failures by three: refused for 4 s.
    for (let i = 0; i < ADDRESS_FREE_FAILURES + 3; i++) await recordSigninFailure(db, [keys.address], Date.now(), signinFailurePolicy([keys.address], Date.now()));
    // Another process holds the address's lease (a check of its own under way).
    const name = `signin:${keys.address}`;
    expect(await takeLease(db, name, "another-process", 10_000, Date.now())).toBe(true);
    const began = Date.now();
    const result = await attemptSignin("ai-do@example.test", "doan", ip, { addressLeaseMs: LEASE_MS });
    // Its own refusal (not the 1 s "wait" of an attempt that could not have the lease), without waiting.
    expect(result).toEqual({ ok: false, reason: "throttled", waitSeconds: 4 });
    expect(Date.now() - began).toBeLessThan(LEASE_MS);
    expect(await leaseHolder(db, name, Date.now())).toBe("another-process");
  });
});
