/**
 * Suggestions on a phrase (issue 16, part 1) through the invitee's form: the list field "ph:<clauseId>"
 * and the keyboard path (typed words found by the server) stored as one comment per phrase with its
 * anchor and suggested words; a quote that is not the clause's words refused 400 with everything kept.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as board from "~/routes/staff.consultations.$id.invitations";
import * as invitee from "~/routes/i.$token._index";
import * as commentsPage from "~/routes/staff.consultations.$id.comments";
import * as answersPage from "~/routes/staff.consultations.$id.answers";
import * as submissionPage from "~/routes/staff.consultations.$id.submissions.$sid";
import type { AnchorView } from "~/domain/anchors/anchors-now";
import { invitationLink } from "~/invitations/invitations.server";
import { storeVersion } from "~/versions/store-version.server";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { comments } from "#db/schema";
import { insertAgency } from "#db/queries/agencies";
import { insertConsultation } from "#db/queries/consultations";
import { boardRows, listDrafts } from "#db/queries/invitations";
import { listClauses } from "#db/queries/versions";
import { csrfCookiePair, ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const BASE = "http://localhost";
const v1 = fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt"), "utf8");
const v2 = fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v2.txt"), "utf8");
const CUTOFF = Date.UTC(2023, 6, 5, 17, 0);
const DAI = "Đài Phát thanh - Truyền hình";
const NEW = "Đài Phát thanh và Truyền hình";

afterEach(() => vi.useRealTimers());

export async function setUpPhrases() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(CUTOFF - 86_400_000);
  const drafter = await makeStaff({ role: "drafter", agencyName: `Sở Nội vụ ${Math.random()}` });
  const db = await getDb();
  const agencyId = await insertAgency(db, { name: `Sở Tư pháp ${Math.random()}`, shortName: "", emails: ["stp@example.test"] });
  const consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch thử", kind: "plan", draftingAgencyId: drafter.agencyId!, letterRef: "1/VP", letterText: "Đề nghị góp ý.", cutoffAt: CUTOFF, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    drafter.id,
  );
  const { versionId } = await storeVersion({ consultationId, text: v1, source: { kind: "paste" }, createdBy: drafter.id, publish: true });
  const clauseRows = await listClauses(db, versionId);
  const form = new FormData();
  form.set("csrf", "test-csrf-token-0123456789abcdefghijklmnop");
  form.set("intent", "invite");
  form.set("agencyIds", String(agencyId));
  await run(() =>
    board.action({ request: new Request(`${BASE}/staff/consultations/${consultationId}/invitations`, { method: "POST", body: form, headers: { Cookie: drafter.cookie } }), params: { id: String(consultationId) }, context: ctx }),
  );
  const row = (await boardRows(db, consultationId, { limit: 1, offset: 0 }))[0]!;
  const token = invitationLink("", row).split("/i/")[1]!;
  const dai = clauseRows.find((c) => c.body.includes(DAI))!;
  return { drafter, consultationId, versionId, clauseRows, token, invitationId: row.id, dai };
}

export async function postLink(token: string, fields: Record<string, string>) {
  const cookie = await csrfCookiePair();
  return run(() => invitee.action({ request: postForm(`/i/${token}`, fields, cookie), params: { token }, context: ctx }));
}

export const submitFields = (extra: Record<string, string>) => ({
  intent: "submit",
  answerKind: "comments",
  verdict: "agree_with_comments",
  signerName: "Nguyễn Văn A",
  signerPosition: "Giám đốc",
  requestKey: `key-${Math.random().toString(36).slice(2)}-0123456789`,
  baseRevision: "0",
  ...extra,
});

describe("suggestions on a phrase through the invitee's form", () => {
  it("stores a replacement from the list field and a deletion typed by keyboard, each as a comment with its anchor", async () => {
    const s = await setUpPhrases();
    const start = s.dai.body.indexOf(DAI);
    const list = JSON.stringify([{ start, quote: DAI, replacement: NEW, reason: "Đúng tên cơ quan" }]);
    // Autosave keeps the list as the clause's draft.
    const saved = await postLink(s.token, { intent: "autosave", [`c:${s.dai.id}`]: "", [`p:${s.dai.id}`]: "", [`ph:${s.dai.id}`]: list });
    expect(saved.status).toBe(200);
    const drafts = await listDrafts(await getDb(), s.invitationId);
    expect(JSON.parse(drafts.find((d) => d.clauseKey === String(s.dai.id))!.phrases!)).toEqual([{ start, quote: DAI, replacement: NEW, reason: "Đúng tên cơ quan" }]);
    // The page shows it back.
    const page = await run(() => invitee.loader({ request: getRequest(`/i/${s.token}`), params: { token: s.token }, context: ctx }));
    expect(JSON.parse((page.data as { drafts: Record<string, { phrases: string }> }).drafts[String(s.dai.id)]!.phrases)).toHaveLength(1);

    const res = await postLink(
      s.token,
      submitFields({ [`ph:${s.dai.id}`]: list, [`phq:${s.dai.id}`]: "Báo Sóc Trăng", [`pho:${s.dai.id}`]: "", [`phn:${s.dai.id}`]: "", [`phr:${s.dai.id}`]: "" }),
    );
    expect(res.status).toBe(302);
    const stored = await (await getDb()).select().from(comments).where(eq(comments.invitationId, s.invitationId));
    expect(stored).toHaveLength(2);
    const replace = stored.find((c) => c.anchorQuote === DAI)!;
    expect(replace).toMatchObject({ clauseId: s.dai.id, text: "Đúng tên cơ quan", proposedWording: "", suggestion: NEW, anchorStart: start });
    expect(replace.anchorPrefix).toBe(s.dai.body.slice(Math.max(0, start - 32), start));
    expect(replace.anchorSuffix).toBe(s.dai.body.slice(start + DAI.length, start + DAI.length + 32));
    const del = stored.find((c) => c.anchorQuote === "Báo Sóc Trăng")!;
    expect(del).toMatchObject({ clauseId: s.dai.id, text: "", suggestion: "", anchorStart: s.dai.body.indexOf("Báo Sóc Trăng") });
  });

  it("stores an insertion point (empty quote)", async () => {
    const s = await setUpPhrases();
    const at = s.dai.body.indexOf(" tỉnh") + " tỉnh".length;
    const res = await postLink(s.token, submitFields({ [`ph:${s.dai.id}`]: JSON.stringify([{ start: at, quote: "", replacement: " Sóc Trăng", reason: "" }]) }));
    expect(res.status).toBe(302);
    const [row] = await (await getDb()).select().from(comments).where(eq(comments.invitationId, s.invitationId));
    expect(row).toMatchObject({ anchorQuote: "", anchorStart: at, suggestion: " Sóc Trăng" });
  });

  it("refuses a quote that is not the clause's words, and typed words not in the clause, 400 with everything kept", async () => {
    const s = await setUpPhrases();
    const start = s.dai.body.indexOf(DAI);
    const bad = JSON.stringify([{ start: start + 1, quote: DAI, replacement: NEW, reason: "Lý do" }]);
    const res = await postLink(s.token, submitFields({ [`c:${s.dai.id}`]: "Ý kiến chung về mục", [`ph:${s.dai.id}`]: bad }));
    expect(res.status).toBe(400);
    const body = res.data as { errors: Record<string, string>; values: Record<string, unknown> };
    expect(body.errors[`ph:${s.dai.id}`]).toBe("phrase.badAnchor");
    expect(body.values[String(s.dai.id)]).toMatchObject({ text: "Ý kiến chung về mục", phrases: bad });
    const typed = await postLink(s.token, submitFields({ [`phq:${s.dai.id}`]: "Đài Truyền hình Trung ương", [`phn:${s.dai.id}`]: "x" }));
    expect(typed.status).toBe(400);
    const typedBody = typed.data as { errors: Record<string, string>; typed: Record<string, string> };
    expect(typedBody.errors[`phq:${s.dai.id}`]).toBe("phrase.wordsNotFound");
    expect(typedBody.typed).toMatchObject({ [`phq:${s.dai.id}`]: "Đài Truyền hình Trung ương", [`phn:${s.dai.id}`]: "x" });
    // Malformed JSON and forged shapes: 400, not 500.
    for (const junk of ["{", '[{"start":-1,"quote":"","replacement":"x"}]', '"x"']) {
      const r = await postLink(s.token, submitFields({ [`ph:${s.dai.id}`]: junk }));
      expect(r.status).toBe(400);
    }
    expect(await (await getDb()).select().from(comments).where(eq(comments.invitationId, s.invitationId))).toHaveLength(0);
  });

  it("after a new version is published, the comments page and the answers board give each phrase its state there", async () => {
    const s = await setUpPhrases();
    const body = s.dai.body;
    const list = [
      { start: body.indexOf(DAI), quote: DAI, replacement: NEW, reason: "Đúng tên cơ quan" },
      { start: body.indexOf("Báo Sóc Trăng"), quote: "Báo Sóc Trăng", replacement: "Báo Sóc Trăng điện tử", reason: "" },
    ];
    const res = await postLink(s.token, submitFields({ [`ph:${s.dai.id}`]: JSON.stringify(list) }));
    expect(res.status).toBe(302);
    const params = { id: String(s.consultationId) };
    // Before a new version: nothing to re-anchor.
    const before = await run(() => commentsPage.loader({ request: getRequest(`/staff/consultations/${s.consultationId}/comments`, s.drafter.cookie), params, context: ctx }));
    expect((before.data as { anchors: Record<number, AnchorView> }).anchors).toEqual({});

    // Dự thảo lần 2 writes "Đài Phát thanh và Truyền hình": the first suggestion's words were changed, the second's are in place.
    const { versionId: v2Id } = await storeVersion({ consultationId: s.consultationId, text: v2, label: "Dự thảo lần 2", source: { kind: "paste" }, createdBy: s.drafter.id, publish: true });
    const successor = (await listClauses(await getDb(), v2Id)).find((c) => c.body.includes(NEW))!;
    const stored = await (await getDb()).select().from(comments).where(eq(comments.invitationId, s.invitationId));
    const idOf = (quote: string) => stored.find((c) => c.anchorQuote === quote)!.id;

    const page = await run(() => commentsPage.loader({ request: getRequest(`/staff/consultations/${s.consultationId}/comments`, s.drafter.cookie), params, context: ctx }));
    const anchors = (page.data as { anchors: Record<number, AnchorView> }).anchors;
    expect(anchors[idOf(DAI)]).toMatchObject({ state: "changed", clauseId: successor.id, nowText: NEW, versionLabel: "Dự thảo lần 2" });
    expect(anchors[idOf("Báo Sóc Trăng")]).toMatchObject({ state: successor.label === s.dai.label ? "exact" : "moved", clauseId: successor.id, nowText: "Báo Sóc Trăng" });
    expect(anchors[idOf("Báo Sóc Trăng")]!.start).toBe(successor.body.indexOf("Báo Sóc Trăng"));

    const board = await run(() => answersPage.loader({ request: getRequest(`/staff/consultations/${s.consultationId}/answers`, s.drafter.cookie), params, context: ctx }));
    const boardAnchors = (board.data as { anchors: Record<number, AnchorView> }).anchors;
    expect(boardAnchors[idOf(DAI)]).toMatchObject({ state: "changed", nowText: NEW });
    expect(Object.keys(boardAnchors)).toHaveLength(2);

    // The agency's submission page says the same of its own suggestions.
    const sid = String(stored[0]!.submissionId);
    const sub = await run(() => submissionPage.loader({ request: getRequest(`/staff/consultations/${s.consultationId}/submissions/${sid}`, s.drafter.cookie), params: { ...params, sid }, context: ctx }));
    const subAnchors = (sub.data as { anchors: Record<number, AnchorView> }).anchors;
    expect(subAnchors[idOf(DAI)]).toMatchObject({ state: "changed", nowText: NEW });
    expect(Object.keys(subAnchors)).toHaveLength(2);
  });

  it("a NUL character (U+0000, which PostgreSQL text cannot hold) is dropped from comments, wordings and phrase suggestions; the submission is stored", async () => {
    const s = await setUpPhrases();
    const start = s.dai.body.indexOf(DAI);
    const list = JSON.stringify([{ start, quote: DAI, replacement: "Đài\u0000 mới", reason: "lý\u0000 do" }]);
    const other = s.clauseRows.find((c) => c.id !== s.dai.id && c.kind !== "table")!;
    const res = await postLink(s.token, submitFields({ [`ph:${s.dai.id}`]: list, [`c:${other.id}`]: "góp\u0000 ý", [`p:${other.id}`]: "câu\u0000 chữ" }));
    expect(res.status).toBe(302);
    const stored = await (await getDb()).select().from(comments).where(eq(comments.invitationId, s.invitationId));
    expect(stored.map((c) => [c.text, c.proposedWording, c.suggestion]).sort()).toEqual(
      [
        ["góp ý", "câu chữ", null],
        ["lý do", "", "Đài mới"],
      ].sort(),
    );
  });
});
