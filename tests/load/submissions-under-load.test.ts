/**
 * The short form of the load test (the long one, with figures, is `npm run bench`): a hundred agencies
 * submit at once against the built portal while drafters read their pages. No timing is asserted;
 * what must hold is that nothing fails and every acknowledged submission is stored, whole. Each
 * submission is posted as the browser posts the page (every box, most empty), on the Sóc Trăng plan
 * and on a 700-clause law; the statements one submission runs are printed for both and must match.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMMENTS_PER_SUBMISSION, runScenario } from "../../bench/load/scenario";
import { seedLoadDatabase } from "../../bench/load/seed";
import { statementsPerSubmission } from "../../bench/load/statements";
import { dialectOfUrl } from "#db/dialect";
import { dropTestDatabase } from "../support/pg-database";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-load-test-"));
// On the PostgreSQL pass the seed is a database of its own on TEST_DATABASE_URL's server (bench/load/seed.ts).
let seeded = "";
afterAll(async () => {
  if (dialectOfUrl(seeded) === "pg") await dropTestDatabase(seeded);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("submissions under load", () => {
  it("stores every acknowledged submission whole, with no errors, while drafters read", async () => {
    const amount = 400;
    const largeAmount = 100;
    const fixture = await seedLoadDatabase(dir, amount + 1, largeAmount + 2);
    seeded = fixture.dbFile;
    const statements = await statementsPerSubmission(fixture, dir, COMMENTS_PER_SUBMISSION);
    console.log(
      `statements per submission (${COMMENTS_PER_SUBMISSION} comments, every box posted): ${statements.small} on ${statements.smallClauses} clauses, ${statements.large} on ${statements.largeClauses} clauses`,
    );
    expect(statements.largeClauses).toBe(700);
    expect(Math.abs(statements.small - statements.large)).toBeLessThanOrEqual(1);
    const result = await runScenario("portal", fixture, fixture.dbFile, [
      { name: "burst", amount, connections: 100, readers: 2 },
      { name: "burst, long law", amount: largeAmount, connections: 50, readers: 2, large: true },
    ]);
    for (const [phase, n] of [[result.phases[0]!, amount], [result.phases[1]!, largeAmount]] as const) {
      expect(phase.submit.statuses, phase.name).toEqual({ 302: n });
      expect(phase.submit.errors, phase.name).toBe(0);
      expect(phase.read!.requests, phase.name).toBeGreaterThan(0);
      expect(phase.read!.errors, phase.name).toBe(0);
    }
    expect(result.acknowledged).toBe(amount + largeAmount);
    expect(result.storedSubmissions).toBe(result.acknowledged);
    expect(result.storedComments).toBe((amount + largeAmount) * COMMENTS_PER_SUBMISSION);
    expect(result.incomplete).toBe(0);
  }, 120_000);
});
