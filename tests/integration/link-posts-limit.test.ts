/**
 * Posts to one agency link are limited (linkPosts: 240 a minute, autosaves included). Every post counts
 * once: a submission that gets as far as being stored counts inside its own transaction (one commit
 * instead of two, issue 14); autosaves, the "opened" beacon and refused submissions count before they
 * write anything. Over the limit nothing is written: no draft, no submission; the count is the same on
 * both databases.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as invitee from "~/routes/i.$token._index";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows, listDrafts, listSubmissions } from "#db/queries/invitations";
import { rateLimitHits } from "#db/queries/rate-limits";
import { listClauses } from "#db/queries/versions";
import { csrfCookiePair, ctx, getRequest, postForm, refuseAuditEvent, run, useTempDatabase } from "./harness";

useTempDatabase();

const LIMIT = 240;
let token = "";
let invitationId = 0;
let clauseId = 0;

beforeAll(async () => {
  const db = await getDb();
  const [drafter, agency] = (await ensureAgencies(db, [
    { name: "Sở Nội vụ (giới hạn)", shortName: "", emails: [] },
    { name: "Sở Tư pháp (giới hạn)", shortName: "", emails: [] },
  ])) as number[];
  const consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch giới hạn", kind: "plan", draftingAgencyId: drafter!, letterRef: "", letterText: "", cutoffAt: Date.now() + 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
  const { versionId } = await storeVersion({ consultationId, text: "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Bảo đảm quyền làm chủ của Nhân dân.", source: { kind: "paste" }, createdBy: null, publish: true });
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, [agency!], { userId: null, ip: "" });
  const [row] = await boardRows(db, consultationId, { limit: 1, offset: 0 });
  token = invitationLink("", row!).split("/i/")[1]!;
  invitationId = row!.id;
  clauseId = (await listClauses(db, versionId))[0]!.id;
});

afterEach(() => vi.restoreAllMocks());

type Page = { requestKey: string; latest: { revision: number } | null };
const openPage = async () => (await run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }))).data as Page;
const hits = async () => rateLimitHits(await getDb(), `link-posts:invitation:${invitationId}`, Date.now());

async function post(fields: Record<string, string>, withCsrf = true) {
  const cookie = withCsrf ? await csrfCookiePair() : undefined;
  return run(() => invitee.action({ request: postForm(`/i/${token}`, fields, cookie, withCsrf), params: { token }, context: ctx }));
}

const submission = (page: Page, text: string) => ({
  intent: "submit",
  answerKind: "comments",
  signerName: "Nguyễn Văn A",
  signerPosition: "Giám đốc",
  requestKey: page.requestKey,
  baseRevision: String(page.latest?.revision ?? 0),
  [`c:${clauseId}`]: text,
});

describe("posts to one link are limited, each counted once", () => {
  it("autosaves, refused and stored submissions all count; over the limit nothing is written; a new window lets the link in again", async () => {
    const page = await openPage();
    // A refused submission (no CSRF cookie: the form expired) counts, and writes nothing.
    expect((await post(submission(page, "không gửi được"), false)).status).toBe(403);
    expect(await hits()).toBe(1);
    for (let i = 2; i < LIMIT; i++) expect((await post({ intent: "autosave", [`c:${clauseId}`]: `bản nháp ${i}` })).status).toBe(200);
    expect(await hits()).toBe(LIMIT - 1);
    // The 240th post, a submission: counted in its own transaction and stored.
    const stored = await post(submission(page, "Ý kiến gửi"));
    expect(stored.status).toBe(302);
    expect(await hits()).toBe(LIMIT);
    expect(await listSubmissions(await getDb(), invitationId)).toHaveLength(1);

    // Over the limit: an autosave and a submission are refused and write nothing.
    expect((await post({ intent: "autosave", [`c:${clauseId}`]: "quá giới hạn" })).status).toBe(429);
    const next = await openPage();
    expect((await post(submission(next, "Ý kiến thứ hai"))).status).toBe(429);
    expect((await post({ intent: "opened" })).status).toBe(429);
    expect(await listSubmissions(await getDb(), invitationId)).toHaveLength(1);
    expect((await listDrafts(await getDb(), invitationId)).map((d) => d.text)).toEqual(["Ý kiến gửi"]);
    // Over the limit, a post is refused before its body is read (a link's flood costs no parsing).
    const unreadable = new Request(`http://localhost/i/${token}`, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=zz", Cookie: await csrfCookiePair() },
      body: new ReadableStream({
        pull() {
          throw new Error("the body was read");
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect((await run(() => invitee.action({ request: unreadable, params: { token }, context: ctx }))).status).toBe(429);
    // Refused posts are counted but never move the window's end.
    expect(await hits()).toBe(LIMIT + 4);

    // A minute later the window is over: the same submission goes in.
    const later = Date.now() + 61_000;
    vi.spyOn(Date, "now").mockReturnValue(later);
    const again = await post(submission(next, "Ý kiến thứ hai"));
    expect(again.status).toBe(302);
    expect(await listSubmissions(await getDb(), invitationId)).toHaveLength(2);
    expect(await hits()).toBe(1);
  });
});

describe("a submission that fails after its count still counts once", () => {
  it("its transaction failing (the hit went with it) counts the post on its own, once", async () => {
    const page = await openPage();
    const before = await hits();
    const allow = await refuseAuditEvent("answer.submitted");
    try {
      await expect(post(submission(page, "không lưu được"))).rejects.toThrow();
    } finally {
      await allow();
    }
    expect(await hits()).toBe(before + 1);
  });

});
