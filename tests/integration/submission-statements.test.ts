/**
 * Issue 13, finding 12: what a submission or a draft save costs follows what the agency wrote, not
 * the size of the draft. The form is posted exactly as the browser posts the invitee page (every box,
 * most of them empty: bench/load/drive.ts's answerBody, the load test's own body) through the real
 * route action, and the SQL statements it runs are counted (bench/load/statements.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as invitee from "~/routes/i.$token._index";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows, listDrafts, listSubmissionComments, listSubmissions } from "#db/queries/invitations";
import { listClauses } from "#db/queries/versions";
import { ANSWER_CONTENT_TYPE, answerBody } from "../../bench/load/drive";
import { longLaw } from "../../bench/load/seed";
import { countStatements } from "../../bench/load/statements";
import { CSRF, csrfCookiePair, ctx, useTempDatabase } from "./harness";

useTempDatabase();

interface Draft {
  clauseIds: number[];
  /** Link token and invitation id of the n-th invited agency. */
  agency: (n: number) => { token: string; invitationId: number };
}

async function draftOf(articles: number): Promise<Draft> {
  const db = await getDb();
  const [drafter, ...agencyIds] = (await ensureAgencies(db, [
    { name: `Soạn thảo ${articles}`, shortName: "", emails: [] },
    ...Array.from({ length: 6 }, (_, i) => ({ name: `Cơ quan ${articles}-${i}`, shortName: "", emails: [] })),
  ])) as number[];
  const consultationId = await insertConsultation(
    db,
    { title: `Luật ${articles} điều`, kind: "plan", draftingAgencyId: drafter!, letterRef: "", letterText: "", cutoffAt: Date.now() + 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
  const { versionId } = await storeVersion({ consultationId, text: longLaw(articles), source: { kind: "paste" }, createdBy: null, publish: true });
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, agencyIds, { userId: null, ip: "" });
  const rows = await boardRows(db, consultationId, { limit: 10, offset: 0 });
  return {
    clauseIds: (await listClauses(db, versionId)).map((c) => c.id),
    agency: (n) => ({ token: invitationLink("", rows[n]!).split("/i/")[1]!, invitationId: rows[n]!.id }),
  };
}

let small: Draft;
let large: Draft;

beforeAll(async () => {
  small = await draftOf(34);
  large = await draftOf(700);
}, 60_000);

/** Posts a body to an agency's link through the route action, counting its statements. */
async function post(token: string, body: string) {
  const request = new Request(`http://localhost/i/${token}`, { method: "POST", headers: { "content-type": ANSWER_CONTENT_TYPE, cookie: await csrfCookiePair() }, body });
  const { result, statements, sql } = await countStatements(() => invitee.action({ request, params: { token }, context: ctx }));
  const status = result instanceof Response ? result.status : ((result as { init?: { status?: number } | null }).init?.status ?? 200);
  return { status, statements, sql };
}

/** The browser's whole form with `written` boxes filled, sent with the given button. */
const form = (draft: Draft, n: number, written: number, intent: "submit" | "save" = "submit") =>
  answerBody(CSRF, draft.clauseIds, n, written).replace('name="intent"\r\n\r\nsubmit', `name="intent"\r\n\r\n${intent}`);

describe("statements per submission", () => {
  it("the same on a 34-clause and a 700-clause draft, 4 comments each, every box posted", async () => {
    expect(small.clauseIds).toHaveLength(34);
    expect(large.clauseIds).toHaveLength(700);
    const counts: number[] = [];
    for (const draft of [small, large]) {
      // A first submission on each draft warms the prepared statements up; the second is measured.
      expect((await post(draft.agency(0).token, form(draft, 0, 4))).status).toBe(302);
      const { token, invitationId } = draft.agency(1);
      const measured = await post(token, form(draft, 1, 4));
      expect(measured.status).toBe(302);
      counts.push(measured.statements);
      // Only what was written is stored: four comments, and four drafts (the boxes shown again).
      expect(await listSubmissionComments(await getDb(), (await listSubmissions(await getDb(), invitationId))[0]!.id)).toHaveLength(4);
      expect(await listDrafts(await getDb(), invitationId)).toHaveLength(4);
    }
    console.log(`statements per submission (4 comments, every box posted): 34 clauses ${counts[0]}, 700 clauses ${counts[1]}`);
    expect(Math.abs(counts[0]! - counts[1]!)).toBeLessThanOrEqual(1);
    // Small in itself: a constant plus a few per comment.
    expect(counts[1]).toBeLessThan(40);
  });

  it("does not grow with the comments written, nor with the boxes posted", async () => {
    const four = await post(large.agency(2).token, form(large, 2, 4));
    const eight = await post(large.agency(3).token, form(large, 3, 8));
    expect([four.status, eight.status]).toEqual([302, 302]);
    // The comments and their drafts go in multi-row statements: eight cost what four cost, and the
    // 692 empty boxes of the second cost nothing more.
    expect(eight.statements).toBe(four.statements);
  });

  it("an amendment replaces the drafts: the boxes emptied since are gone, in one statement", async () => {
    const { token, invitationId } = large.agency(4);
    expect((await post(token, form(large, 4, 4))).status).toBe(302);
    expect(await listDrafts(await getDb(), invitationId)).toHaveLength(4);
    // The amendment keeps one of the four comments (the same clause choice for written = 1).
    const amended = answerBody(CSRF, large.clauseIds, 4, 1).replace('name="baseRevision"\r\n\r\n0', 'name="baseRevision"\r\n\r\n1');
    const r = await post(token, amended);
    expect(r.status).toBe(302);
    expect(await listDrafts(await getDb(), invitationId)).toHaveLength(1);
    expect(r.sql.filter((s) => /^delete from "comment_drafts"/i.test(s))).toHaveLength(1);
    expect(await listSubmissionComments(await getDb(), (await listSubmissions(await getDb(), invitationId))[0]!.id)).toHaveLength(1);
  });
});

describe("statements per draft save", () => {
  it("saving the whole form writes only the written boxes: the same on 34 and 700 clauses", async () => {
    const counts: number[] = [];
    for (const draft of [small, large]) {
      const { token, invitationId } = draft.agency(5);
      expect((await post(token, form(draft, 5, 4, "save"))).status).toBe(200);
      const measured = await post(token, form(draft, 5, 4, "save"));
      expect(measured.status).toBe(200);
      counts.push(measured.statements);
      expect(await listDrafts(await getDb(), invitationId)).toHaveLength(4);
    }
    console.log(`statements per whole-form save (4 boxes written): 34 clauses ${counts[0]}, 700 clauses ${counts[1]}`);
    expect(Math.abs(counts[0]! - counts[1]!)).toBeLessThanOrEqual(1);
  });

  it("an autosave of emptied boxes deletes their drafts; a written box is upserted", async () => {
    const { token, invitationId } = large.agency(5);
    const [first, second] = (await listDrafts(await getDb(), invitationId)).map((d) => d.clauseKey);
    const boundary = ANSWER_CONTENT_TYPE.split("boundary=")[1]!;
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = [part("csrf", CSRF), part("intent", "autosave"), part(`c:${first}`, ""), part(`p:${first}`, "   "), part(`c:${second}`, "Sửa lại"), part(`p:${second}`, "")].join("") + `--${boundary}--\r\n`;
    const r = await post(token, body);
    expect(r.status).toBe(200);
    const drafts = await listDrafts(await getDb(), invitationId);
    expect(drafts.map((d) => d.clauseKey)).not.toContain(first);
    expect(drafts.find((d) => d.clauseKey === second)!.text).toBe("Sửa lại");
    expect(drafts).toHaveLength(3);
  });
});
