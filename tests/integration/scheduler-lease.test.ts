/**
 * The scheduler ticks in one process at a time (issue 14): every process asks for the lease "scheduler"
 * each minute and only its holder runs the tick; the lease passes to another process once it expires,
 * or at once when the holder gives it up.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { leaseHolder, releaseLease } from "#db/queries/leases";
import { SCHEDULER_LEASE, SCHEDULER_LEASE_MS, tickIfLeaseHolder } from "~/invitations/scheduler.server";
import { useTempDatabase } from "./harness";

useTempDatabase();

describe("scheduler lease", () => {
  it("two processes contend: one runs each tick, the lease passes over after expiry or release", async () => {
    const runs: string[] = [];
    const tick = (holder: string, now: number) => tickIfLeaseHolder(holder, now, async () => void runs.push(holder));
    const t0 = 1_000_000;

    // Both ask at the same instant, many times over: one gets it, and keeps it while it renews.
    const first = await Promise.all([tick("a", t0), tick("b", t0), tick("a", t0), tick("b", t0)]);
    expect(first.filter(Boolean)).toHaveLength(2);
    const winner = runs[0]!;
    const other = winner === "a" ? "b" : "a";
    expect(runs).toEqual([winner, winner]);
    expect(await leaseHolder(await getDb(), SCHEDULER_LEASE, t0)).toBe(winner);

    runs.length = 0;
    const t1 = t0 + 60_000;
    expect(await tick(other, t1)).toBe(false);
    expect(await tick(winner, t1)).toBe(true); // renewed until t1 + SCHEDULER_LEASE_MS
    expect(await tick(other, t1 + SCHEDULER_LEASE_MS - 1)).toBe(false);
    expect(runs).toEqual([winner]);

    // The winner stops renewing (it died): once its lease has expired the other takes over, and keeps it.
    runs.length = 0;
    const t2 = t1 + SCHEDULER_LEASE_MS;
    expect(await tick(other, t2)).toBe(true);
    expect(await tick(winner, t2 + 1)).toBe(false);
    expect(runs).toEqual([other]);
    expect(await leaseHolder(await getDb(), SCHEDULER_LEASE, t2 + 1)).toBe(other);

    // A clean shutdown gives the lease up: the next process to ask gets it at once.
    await releaseLease(await getDb(), SCHEDULER_LEASE, other);
    expect(await leaseHolder(await getDb(), SCHEDULER_LEASE, t2 + 2)).toBeNull();
    expect(await tick(winner, t2 + 2)).toBe(true);
  });

  it("giving up a lease one does not hold changes nothing", async () => {
    const now = 5_000_000;
    expect(await tickIfLeaseHolder("c", now, async () => undefined)).toBe(true);
    await releaseLease(await getDb(), SCHEDULER_LEASE, "d");
    expect(await leaseHolder(await getDb(), SCHEDULER_LEASE, now)).toBe("c");
  });
});
