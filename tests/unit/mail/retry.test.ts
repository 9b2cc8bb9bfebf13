import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS } from "~/mail/retry";

const MIN = 60_000;

describe("the outbox's retry schedule", () => {
  it("tries again 1, 5, 15 and 60 minutes after each failed attempt, then gives up", () => {
    expect(RETRY_DELAYS_MS).toEqual([1 * MIN, 5 * MIN, 15 * MIN, 60 * MIN]);
    expect(MAX_ATTEMPTS).toBe(5);
    expect([1, 2, 3, 4].map((n) => nextAttemptAt(n, 1_000))).toEqual([1_000 + MIN, 1_000 + 5 * MIN, 1_000 + 15 * MIN, 1_000 + 60 * MIN]);
    expect(nextAttemptAt(5, 1_000)).toBeNull();
    expect(nextAttemptAt(9, 1_000)).toBeNull();
  });

  it("a mail never tried is due at once", () => {
    expect(nextAttemptAt(0, 1_000)).toBe(1_000);
  });
});
