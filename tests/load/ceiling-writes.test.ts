/**
 * The load bench's ceiling (bench/load/ceiling-server*.ts) is the floor the portal's throughput is
 * measured against (issue 14: at least half of it). It must write what the portal writes for the same
 * submissions ("the same inserts"), or the ratio compares unlike work. The same agencies submit to the
 * portal, to the ceiling and to the lean ceiling, each on its own copy of one seed, and every table a
 * submission writes is counted in each.
 */
import { describe, expect, it } from "vitest";
import { countRows, runScenario, type Phase } from "../../bench/load/scenario";
import { loadSeeds } from "../support/load-seeds";

const seeds = loadSeeds("gopy-ceiling-test-");

/** A submission's rows, table by table. */
const WRITTEN = {
  submissions: "select count(*) as n from submissions where request_key like 'load-%'",
  comments: "select count(*) as n from comments",
  drafts: "select count(*) as n from comment_drafts",
  draftTimes: "select count(*) as n from invitations where draft_updated_at is not null",
  pointed: "select count(*) as n from invitations where latest_submission_id is not null",
  audit: "select count(*) as n from audit_events where action = 'answer.submitted' and subject_type = 'invitation'",
  linkPosts: "select count(*) as n from rate_limits where key like 'link-posts:invitation:%' and hits = 1",
};

describe("the load bench's ceiling", () => {
  it("writes the portal's rows for the same submissions; the lean ceiling only the submission, its comments and the invitation", async () => {
    const amount = 12;
    const fixture = await seeds.seed(amount + 1);
    const copy = (name: string) => seeds.copy(fixture, name);
    const plan: Phase[] = [{ name: "burst", amount, connections: 4 }];
    const [portalDb, ceilingDb, leanDb] = [await copy("portal"), await copy("ceiling"), await copy("lean")];
    const runs = [
      await runScenario("portal", fixture, portalDb, plan),
      await runScenario("ceiling", fixture, ceilingDb, plan),
      await runScenario("ceiling", fixture, leanDb, plan, { CEILING_WRITES: "lean" }),
    ];
    for (const run of runs) {
      expect(run.phases[0]!.submit.statuses).toEqual({ 302: amount });
      expect(run.storedSubmissions).toBe(amount);
    }
    const [portal, ceiling, lean] = [await countRows(portalDb, WRITTEN), await countRows(ceilingDb, WRITTEN), await countRows(leanDb, WRITTEN)];
    expect(portal).toEqual({ submissions: amount, comments: amount * 3, drafts: amount * 3, draftTimes: amount, pointed: amount, audit: amount, linkPosts: amount });
    expect(ceiling).toEqual(portal);
    expect(lean).toEqual({ ...portal, drafts: 0, draftTimes: 0, audit: 0, linkPosts: 0 });
  }, 120_000);
});
