/**
 * The answer chosen and the objection ticks are autosaved with the typed drafts (issue 16): an agency on
 * a phone that chooses "Không đồng ý", ticks clauses and reloads (or whose phone dies) finds them again.
 * Through the invitee route's action and loader on both databases: the autosave stores them in the
 * same transaction and statements as the text, the loader restores them, a submission stores the ticks
 * on its comments and clears the draft choice, and an unknown verdict or tick is a 400 that loses nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as invitee from "~/routes/i.$token._index";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import { eq } from "drizzle-orm";
import { getDb, write } from "#db/client.server";
import { commentDrafts } from "#db/schema";
import { ensureAgencies } from "#db/queries/agencies";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows, listDrafts, listSubmissionComments, listSubmissions } from "#db/queries/invitations";
import { insertVersion, listClauses, type ClauseToStore } from "#db/queries/versions";
import { countStatements } from "../../bench/load/statements";
import { csrfCookiePair, ctx, getRequest, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const CLAUSES: ClauseToStore[] = [
  { label: "D1", parentLabel: null, kind: "article", number: "1", citation: "Điều 1", heading: "Điều 1. Phạm vi", body: "", depth: 0, position: 0 },
  { label: "D1.1", parentLabel: "D1", kind: "item", number: "1", citation: "khoản 1 Điều 1", heading: "1. Sở Nội vụ chủ trì.", body: "", depth: 1, position: 1 },
  { label: "D1.2", parentLabel: "D1", kind: "item", number: "2", citation: "khoản 2 Điều 1", heading: "2. Kinh phí do tỉnh bảo đảm.", body: "", depth: 1, position: 2 },
  { label: "D1.3", parentLabel: "D1", kind: "item", number: "3", citation: "khoản 3 Điều 1", heading: "3. Báo cáo hằng năm.", body: "", depth: 1, position: 3 },
];

let s: { consultationId: number; versionId: number; k1: string; k2: string; k3: string; tokenOf: (n: number) => string; invitationOf: (n: number) => number };

beforeAll(async () => {
  const db = await getDb();
  const [drafter, ...agencyIds] = (await ensureAgencies(db, [
    { name: "Sở Nội vụ (nháp quan điểm)", shortName: "", emails: [] },
    { name: "Sở Tư pháp (nháp quan điểm)", shortName: "", emails: [] },
    { name: "Sở Tài chính (nháp quan điểm)", shortName: "", emails: [] },
    { name: "Sở Xây dựng (nháp quan điểm)", shortName: "", emails: [] },
    { name: "Sở Y tế (nháp quan điểm)", shortName: "", emails: [] },
    { name: "Sở Công Thương (nháp quan điểm)", shortName: "", emails: [] },
  ])) as number[];
  const consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch thử lưu nháp quan điểm", kind: "plan", draftingAgencyId: drafter!, letterRef: "", letterText: "", cutoffAt: Date.now() + 7 * 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
  const stored = await insertVersion(db, {
    consultationId, label: "Dự thảo lần 1", text: CLAUSES.map((c) => c.heading).join("\n"), title: null, language: "vi", frontMatter: [], backMatter: [],
    clauses: CLAUSES, source: { kind: "paste" }, createdBy: null, publish: true, lineage: null, audit: null,
  });
  if (stored.status !== "ok") throw new Error("stale");
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, agencyIds, { userId: null, ip: "" });
  const clauses = await listClauses(db, stored.versionId);
  const id = (label: string) => String(clauses.find((c) => c.label === label)!.id);
  const rows = (await boardRows(db, consultationId, { limit: 10, offset: 0 })).sort((a, b) => a.id - b.id);
  s = { consultationId, versionId: stored.versionId, k1: id("D1.1"), k2: id("D1.2"), k3: id("D1.3"), tokenOf: (n) => invitationLink("", rows[n]!).split("/i/")[1]!, invitationOf: (n) => rows[n]!.id };
});

interface Page {
  requestKey: string;
  latest: { revision: number; verdict: string | null } | null;
  draftChoice: { answerKind: string; verdict: string } | null;
  objections: string[];
  drafts: Record<string, { text: string; objection: boolean }>;
}

async function load(n: number): Promise<Page> {
  const token = s.tokenOf(n);
  const page = await run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }));
  expect(page.status).toBe(200);
  return page.data as Page;
}

async function post(n: number, fields: Record<string, string>) {
  const token = s.tokenOf(n);
  const request = postForm(`/i/${token}`, fields, await csrfCookiePair());
  return run(() => invitee.action({ request, params: { token }, context: ctx }));
}

/** A clause's fields as the page's autosave posts them: its boxes travel with its tick. */
const clause = (key: string, text: string, ticked: boolean) => ({ [`c:${key}`]: text, [`p:${key}`]: "", [`o:${key}`]: ticked ? "1" : "" });

describe("the answer chosen and the objection ticks are autosaved", () => {
  it("an autosave with disagree and two ticks comes back on reload; a tick taken off stays off", async () => {
    const before = await load(0);
    expect(before.draftChoice).toBeNull();
    expect(before.objections).toEqual([]);
    const saved = await post(0, { intent: "autosave", answerKind: "comments", verdict: "disagree", ...clause(s.k1, "Không nên giao Sở Nội vụ.", true), ...clause(s.k2, "", true), ...clause(s.k3, "Ghi rõ thời hạn.", false) });
    expect(saved.status).toBe(200);
    const page = await load(0);
    expect(page.draftChoice).toEqual({ answerKind: "comments", verdict: "disagree" });
    expect([...page.objections].sort()).toEqual([s.k1, s.k2].sort());
    // A tick on a clause with nothing written yet is a draft of its own.
    expect(page.drafts[s.k2]).toMatchObject({ text: "", objection: true });
    expect(page.drafts[s.k3]).toMatchObject({ text: "Ghi rõ thời hạn.", objection: false });
    // The second tick taken off (the autosave posts that clause alone, without the choice): the rest stays.
    expect((await post(0, { intent: "autosave", ...clause(s.k2, "", false) })).status).toBe(200);
    const after = await load(0);
    expect(after.draftChoice).toEqual({ answerKind: "comments", verdict: "disagree" });
    expect(after.objections).toEqual([s.k1]);
    expect(after.drafts[s.k2]).toBeUndefined();
  });

  it("an unknown verdict, answer or tick is a 400 and loses nothing", async () => {
    const bad: Record<string, string>[] = [
      { verdict: "maybe" },
      { answerKind: "perhaps" },
      { verdict: "agree" },
      { [`o:${s.k3}`]: "yes" },
      { [`o:${s.k3}`]: "2" },
      { "o:abc": "1" },
      { "o:general": "1" },
    ];
    for (const fields of bad) {
      const r = await post(0, { intent: "autosave", ...clause(s.k1, "Ghi đè mất rồi", false), ...fields });
      expect(r.status, JSON.stringify(fields)).toBe(400);
    }
    const page = await load(0);
    expect(page.draftChoice).toEqual({ answerKind: "comments", verdict: "disagree" });
    expect(page.objections).toEqual([s.k1]);
    expect(page.drafts[s.k1]!.text).toBe("Không nên giao Sở Nội vụ.");
  });

  it("the choice alone is saved too (a radio changed, nothing typed)", async () => {
    expect((await post(1, { intent: "autosave", answerKind: "agree" })).status).toBe(200);
    expect((await load(1)).draftChoice).toEqual({ answerKind: "agree", verdict: "agree_with_comments" });
    expect((await post(1, { intent: "autosave", answerKind: "decline" })).status).toBe(200);
    expect((await load(1)).draftChoice).toEqual({ answerKind: "decline", verdict: "agree_with_comments" });
  });

  it("the choice and the ticks cost the autosave no statement", async () => {
    const token = s.tokenOf(1);
    const measure = async (fields: Record<string, string>) => {
      const request = postForm(`/i/${token}`, { intent: "autosave", ...fields }, await csrfCookiePair());
      const r = await countStatements(() => invitee.action({ request, params: { token }, context: ctx }));
      return r.statements;
    };
    await measure({ [`c:${s.k1}`]: "Khởi động" });
    const textOnly = await measure({ [`c:${s.k1}`]: "Chỉ chữ", [`c:${s.k2}`]: "" });
    const withChoice = await measure({ answerKind: "comments", verdict: "disagree", ...clause(s.k1, "Chữ và dấu", true), ...clause(s.k2, "", false) });
    console.log(`statements per autosave: text only ${textOnly}, with the verdict and ticks ${withChoice}`);
    expect(withChoice).toBe(textOnly);
  });

  it("a submission stores the ticks on its comments and clears the draft choice", async () => {
    const { requestKey } = await load(0);
    const sent = await post(0, {
      intent: "submit", requestKey, baseRevision: "0", signerName: "Nguyễn Văn A", signerPosition: "Giám đốc", answerKind: "comments", verdict: "disagree",
      ...clause(s.k1, "Không nên giao Sở Nội vụ.", true), ...clause(s.k2, "Kinh phí chưa rõ.", true), ...clause(s.k3, "", false),
    });
    expect(sent.status).toBe(302);
    const db = await getDb();
    const [submission] = await listSubmissions(db, s.invitationOf(0));
    expect(submission!.verdict).toBe("disagree");
    const comments = await listSubmissionComments(db, submission!.id);
    expect(comments.filter((c) => c.objection).map((c) => String(c.clauseId)).sort()).toEqual([s.k1, s.k2].sort());
    // The drafts are the boxes sent (the page shows them again), ticks with them; the choice is the submission's.
    const drafts = await listDrafts(db, s.invitationOf(0));
    expect(drafts.map((d) => [d.clauseKey, d.objection]).sort()).toEqual([[s.k1, true], [s.k2, true]].sort());
    const page = await load(0);
    expect(page.draftChoice).toBeNull();
    expect(page.latest!.verdict).toBe("disagree");
    expect([...page.objections].sort()).toEqual([s.k1, s.k2].sort());
  });

  it("ticks sent before draft ticks existed stay ticked when an autosave touches another clause", async () => {
    // Submitted before comment_drafts.objection: the comments carry the ticks, the drafts say false (as migrations SQLite 0013 / PostgreSQL 0006 leave them).
    const { requestKey } = await load(2);
    const sent = await post(2, {
      intent: "submit", requestKey, baseRevision: "0", signerName: "Trần Văn B", signerPosition: "Giám đốc", answerKind: "comments", verdict: "disagree",
      ...clause(s.k1, "Không nên giao Sở Nội vụ.", true), ...clause(s.k2, "Kinh phí chưa rõ.", true), ...clause(s.k3, "", false),
    });
    expect(sent.status).toBe(302);
    await write(await getDb(), (w) => w.update(commentDrafts).set({ objection: false }).where(eq(commentDrafts.invitationId, s.invitationOf(2))));
    expect([...(await load(2)).objections].sort()).toEqual([s.k1, s.k2].sort());
    // An autosave after the deploy touches one clause and stores a choice: the other clause's tick stays.
    expect((await post(2, { intent: "autosave", baseRevision: "1", answerKind: "comments", verdict: "disagree", ...clause(s.k1, "Không nên giao Sở Nội vụ, giao Văn phòng.", true) })).status).toBe(200);
    const page = await load(2);
    expect(page.draftChoice).toEqual({ answerKind: "comments", verdict: "disagree" });
    expect([...page.objections].sort()).toEqual([s.k1, s.k2].sort());
    // Unticked and saved after the submission: that draft's own tick wins.
    expect((await post(2, { intent: "autosave", baseRevision: "1", ...clause(s.k2, "Kinh phí chưa rõ.", false) })).status).toBe(200);
    expect((await load(2)).objections).toEqual([s.k1]);
  });

  it("an autosave from a page shown before a submission does not bring back its choice or ticks", async () => {
    const shown = await load(3);
    const base = String(shown.latest?.revision ?? 0);
    expect(base).toBe("0");
    // Another tab (or this one, before the late save arrives) submits: revision 1, agree with comments.
    const { requestKey } = await load(3);
    const sent = await post(3, {
      intent: "submit", requestKey, baseRevision: base, signerName: "Lê Thị C", signerPosition: "Phó Giám đốc", answerKind: "comments", verdict: "agree_with_comments",
      ...clause(s.k1, "Nên ghi rõ cơ quan phối hợp.", false),
    });
    expect(sent.status).toBe(302);
    // The autosave posted with the page's base revision 0 arrives after it, disagreeing with a tick.
    const late = await post(3, { intent: "autosave", baseRevision: base, answerKind: "comments", verdict: "disagree", ...clause(s.k1, "Nên ghi rõ cơ quan phối hợp (sửa).", true), ...clause(s.k2, "", true) });
    expect(late.status).toBe(200);
    const page = await load(3);
    expect(page.latest!.verdict).toBe("agree_with_comments");
    expect(page.draftChoice).toBeNull();
    expect(page.objections).toEqual([]);
    // The text is saved as before; the ticks are not.
    expect(page.drafts[s.k1]).toMatchObject({ text: "Nên ghi rõ cơ quan phối hợp (sửa).", objection: false });
    expect(page.drafts[s.k2]).toMatchObject({ objection: false });
    // A page shown after the submission (base 1) saves its choice and ticks.
    expect((await post(3, { intent: "autosave", baseRevision: "1", answerKind: "comments", verdict: "disagree", ...clause(s.k1, "Nên ghi rõ cơ quan phối hợp (sửa).", true) })).status).toBe(200);
    const after = await load(3);
    expect(after.draftChoice).toEqual({ answerKind: "comments", verdict: "disagree" });
    expect(after.objections).toEqual([s.k1]);
  });

  it("after a newer version is published, a tick on a clause of the older one is dropped and the rest saved", async () => {
    const db = await getDb();
    // A page shown on version 1 while the drafter publishes version 2: its clause ids are no longer the newest version's.
    const stored = await insertVersion(db, {
      consultationId: s.consultationId, label: "Dự thảo lần 2", text: CLAUSES.map((c) => c.heading).join("\n"), title: null, language: "vi", frontMatter: [], backMatter: [],
      clauses: CLAUSES, source: { kind: "paste" }, createdBy: null, publish: true, lineage: { fromVersionId: s.versionId, links: [] }, audit: null,
    });
    expect(stored.status).toBe("ok");
    const saved = await post(4, { intent: "autosave", baseRevision: "0", answerKind: "comments", verdict: "disagree", "c:general": "Góp ý chung sau khi có dự thảo mới.", ...clause(s.k2, "Khoản cũ", true) });
    expect(saved.status).toBe(200);
    expect((saved.data as { saved?: number }).saved).toBeTypeOf("number");
    const page = await load(4);
    expect(page.drafts["general"]).toMatchObject({ text: "Góp ý chung sau khi có dự thảo mới." });
    expect(page.drafts[s.k2]).toBeUndefined();
    expect(page.objections).toEqual([]);
    // A malformed tick is still refused.
    expect((await post(4, { intent: "autosave", "c:general": "Ghi đè", "o:x1": "1" })).status).toBe(400);
    expect((await load(4)).drafts["general"]).toMatchObject({ text: "Góp ý chung sau khi có dự thảo mới." });
  });
});
