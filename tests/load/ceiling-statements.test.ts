/**
 * The load bench's ceiling writes a submission's comments and its kept drafts as the portal does, one
 * multi-row insert each (db/queries/invitations.ts submitInTransaction, db/queries/prepared.ts): its
 * statements per submission do not grow with the comments. One statement per row would make the floor
 * the portal is measured against do more work than the portal, and flatter the ratio (issue 14).
 */
import { describe, expect, it } from "vitest";
import { driveLoad } from "../../bench/load/drive";
import { countStored, portalStyleCsrf, startCeiling } from "../../bench/load/scenario";
import { loadSeeds } from "../support/load-seeds";

const seeds = loadSeeds("gopy-ceiling-statements-");

describe("the load bench's ceiling (the portal's writes)", () => {
  it("runs as many statements for a submission of 1 comment as for one of 4", async () => {
    const amount = 4;
    const fixture = await seeds.seed(2 * amount + 1);
    expect(fixture.clauseIds.length).toBeGreaterThanOrEqual(4);
    const server = await startCeiling(fixture.dbFile, {});
    try {
      const csrf = await portalStyleCsrf();
      const stats = async () => (await (await fetch(`${server.baseURL}/stats`)).json()) as { statements: number; submissions: number };
      const perSubmission = async (firstToken: number, comments: number) => {
        const before = await stats();
        const { submit } = await driveLoad(
          { baseURL: server.baseURL, ...csrf },
          { tokens: fixture.tokens, firstToken, amount, connections: 1, clauseIds: fixture.clauseIds, commentsPerSubmission: comments },
          null,
        );
        expect(submit.acknowledged).toBe(amount);
        const after = await stats();
        return (after.statements - before.statements) / amount;
      };
      const one = await perSubmission(0, 1);
      const four = await perSubmission(amount, 4);
      expect(four).toBe(one);
    } finally {
      await server.stop();
    }
    expect((await countStored(fixture.dbFile)).storedComments).toBe(amount * 1 + amount * 4);
  }, 120_000);
});
