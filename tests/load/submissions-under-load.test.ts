/**
 * The short form of the load test (the long one, with figures, is `npm run bench`): a hundred agencies
 * submit at once against the built portal while drafters read their pages. No timing is asserted;
 * what must hold is that nothing fails and every acknowledged submission is stored, whole.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMMENTS_PER_SUBMISSION, runScenario } from "../../bench/load/scenario";
import { seedLoadDatabase } from "../../bench/load/seed";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-load-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("submissions under load", () => {
  it("stores every acknowledged submission whole, with no errors, while drafters read", async () => {
    const amount = 400;
    const fixture = await seedLoadDatabase(dir, amount + 1);
    const result = await runScenario("portal", fixture, fixture.dbFile, [{ name: "burst", amount, connections: 100, readers: 2 }]);
    const [burst] = result.phases;
    expect(burst!.submit.statuses).toEqual({ 302: amount });
    expect(burst!.submit.errors).toBe(0);
    expect(result.acknowledged).toBe(amount);
    expect(result.storedSubmissions).toBe(result.acknowledged);
    expect(result.storedComments).toBe(amount * COMMENTS_PER_SUBMISSION);
    expect(result.incomplete).toBe(0);
    expect(burst!.read!.requests).toBeGreaterThan(0);
    expect(burst!.read!.errors).toBe(0);
  }, 120_000);
});
