import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as board from "~/routes/staff.consultations.$id.invitations";
import * as invitee from "~/routes/i.$token._index";
import * as receipt from "~/routes/i.$token.receipt";
import * as comments from "~/routes/staff.consultations.$id.comments";
import { invitationLink } from "~/invitations/invitations.server";
import { resetTransport } from "~/mail/transport.server";
import { storeVersion } from "~/versions/store-version.server";
import { sql } from "drizzle-orm";
import { getDb, rows } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { insertConsultation } from "#db/queries/consultations";
import { boardRows, boardTotals, listCurrentComments, listSubmissions } from "#db/queries/invitations";
import { listClauses } from "#db/queries/versions";
import { startSmtp } from "../support/smtp";
import { csrfCookiePair, ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const BASE = "http://localhost";
const v1 = fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt"), "utf8");
const CUTOFF = Date.UTC(2023, 6, 5, 17, 0); // 00:00 on 6 July 2023 in Hanoi
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp();
  process.env.SMTP_URL = smtp.url;
  resetTransport();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetTransport();
  await smtp.close();
});
afterEach(() => {
  vi.useRealTimers();
});

function at(instant: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(instant);
}

async function setUp(agencyNames: string[]) {
  const drafter = await makeStaff({ role: "drafter", agencyName: `Sở Nội vụ ${Math.random()}` });
  const db = await getDb();
  const agencyIds: number[] = [];
  for (const [i, name] of agencyNames.entries()) agencyIds.push(await insertAgency(db, { name: `${name} ${Math.random()}`, shortName: "", emails: [`agency${i}@example.test`] }));
  const consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch thử", kind: "plan", draftingAgencyId: drafter.agencyId!, letterRef: "1/VP", letterText: "Đề nghị góp ý.", cutoffAt: CUTOFF, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    drafter.id,
  );
  const { versionId } = await storeVersion({ consultationId, text: v1, source: { kind: "paste" }, createdBy: drafter.id, publish: true });
  const clauseRows = await listClauses(db, versionId);
  const clauseId = (label: string) => clauseRows.find((c) => c.label === label)!.id;
  const params = { id: String(consultationId) };
  const boardPost = (fields: Record<string, string | string[]>) => {
    const form = new FormData();
    form.set("csrf", "test-csrf-token-0123456789abcdefghijklmnop");
    for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) form.append(k, x);
    return run(() =>
      board.action({ request: new Request(`${BASE}/staff/consultations/${consultationId}/invitations`, { method: "POST", body: form, headers: { Cookie: drafter.cookie } }), params, context: ctx }),
    );
  };
  return { drafter, consultationId, versionId, agencyIds, clauseId, params, boardPost };
}

async function tokenOf(consultationId: number, index: number): Promise<string> {
  const board = (await boardRows(await getDb(), consultationId, { limit: 100, offset: 0 })).sort((a, b) => a.id - b.id);
  return invitationLink("", board[index]!).split("/i/")[1]!;
}

const openLink = async (token: string) => run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }));
async function postLink(token: string, fields: Record<string, string | Blob>) {
  const cookie = await csrfCookiePair();
  return run(() => invitee.action({ request: postForm(`/i/${token}`, fields, cookie), params: { token }, context: ctx }));
}

describe("invitations and links", () => {
  it("invites the chosen agencies, opens the consultation, and stores only token hashes", async () => {
    at(CUTOFF - 86_400_000);
    const s = await setUp(["Sở Tư pháp", "Liên đoàn Lao động"]);
    const res = await s.boardPost({ intent: "invite", agencyIds: s.agencyIds.map(String) });
    expect(res.status).toBe(200);
    const token = await tokenOf(s.consultationId, 0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const dump = JSON.stringify(await rows(await getDb(), sql`select * from invitations`));
    expect(dump).not.toContain(token);
    // Inviting again does not duplicate.
    await s.boardPost({ intent: "invite", agencyIds: s.agencyIds.map(String) });
    expect(await boardRows(await getDb(), s.consultationId, { limit: 10, offset: 0 })).toHaveLength(2);
    expect(await boardTotals(await getDb(), s.consultationId)).toMatchObject({ invited: 2, answered: 0 });
  });

  it("an unknown, malformed or revoked link gets a clear page; a re-issued link replaces the old one", async () => {
    at(CUTOFF - 86_400_000);
    const s = await setUp(["Sở Y tế"]);
    await s.boardPost({ intent: "invite", agencyIds: String(s.agencyIds[0]) });
    const token = await tokenOf(s.consultationId, 0);
    expect((await openLink(token)).status).toBe(200);
    expect((await openLink("x".repeat(43))).status).toBe(404);
    expect((await openLink("not a token")).status).toBe(404);
    const invitationId = String((await boardRows(await getDb(), s.consultationId, { limit: 1, offset: 0 }))[0]!.id);
    await s.boardPost({ intent: "revoke", invitationId });
    expect((await openLink(token)).status).toBe(410);
    expect((await postLink(token, { intent: "autosave", "c:general": "x" })).status).toBe(410);
    await s.boardPost({ intent: "reissue", invitationId });
    const fresh = await tokenOf(s.consultationId, 0);
    expect(fresh).not.toBe(token);
    expect((await openLink(token)).status).toBe(404);
    expect((await openLink(fresh)).status).toBe(200);
  });

  it("a drafter of another agency cannot see or act on the board", async () => {
    const s = await setUp(["Sở Xây dựng"]);
    const outsider = await makeStaff({ role: "drafter", agencyName: `Sở khác ${Math.random()}` });
    const view = await run(() => board.loader({ request: getRequest(`/x`, outsider.cookie), params: s.params, context: ctx }));
    expect(view.status).toBe(404);
  });

  it("e-mails the invitations over SMTP, with each agency's own link", async () => {
    at(CUTOFF - 86_400_000);
    const s = await setUp(["Bộ Chỉ huy Bộ đội Biên phòng"]);
    const before = smtp.mails.length;
    await s.boardPost({ intent: "invite", agencyIds: String(s.agencyIds[0]), sendMail: "on" });
    await vi.waitFor(() => expect(smtp.mails.length).toBe(before + 1));
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual(["agency0@example.test"]);
    expect(mail.subject).toBe("Đề nghị góp ý: Kế hoạch thử");
    expect(mail.text).toContain(`/i/${await tokenOf(s.consultationId, 0)}`);
  });
});

describe("commenting and submitting", () => {
  it("autosaves drafts unseen by the drafter, then submits once even when posted twice", async () => {
    at(CUTOFF - 3_600_000);
    const s = await setUp(["Sở Tư pháp"]);
    await s.boardPost({ intent: "invite", agencyIds: String(s.agencyIds[0]) });
    const token = await tokenOf(s.consultationId, 0);
    const point = s.clauseId("II.1.b");
    expect((await postLink(token, { intent: "autosave", [`c:${point}`]: "Đề nghị sửa tên Đài." })).status).toBe(200);
    expect((await boardRows(await getDb(), s.consultationId, { limit: 1, offset: 0 }))[0]!.state).toBe("drafting");
    expect(await listCurrentComments(await getDb(), s.consultationId, {}, { limit: 10, offset: 0 })).toHaveLength(0);

    const page = await openLink(token);
    const { requestKey, drafts } = page.data as { requestKey: string; drafts: Record<string, { text: string }> };
    expect(drafts[String(point)]!.text).toBe("Đề nghị sửa tên Đài.");

    // Missing signer: refused, the comment comes back.
    const missing = await postLink(token, { intent: "submit", answerKind: "comments", signerName: "", signerPosition: "", requestKey, baseRevision: "0", [`c:${point}`]: "Đề nghị sửa tên Đài." });
    expect(missing.status).toBe(400);
    expect((missing.data as { errors: Record<string, string>; values: Record<string, { text: string }> }).errors.signerName).toBe("error.required");
    expect((missing.data as { values: Record<string, { text: string }> }).values[String(point)]!.text).toBe("Đề nghị sửa tên Đài.");

    const fields = { intent: "submit", answerKind: "comments", signerName: "Nguyễn Văn Bình", signerPosition: "Phó Giám đốc", requestKey, baseRevision: "0", [`c:${point}`]: "Đề nghị sửa tên Đài.", [`p:${point}`]: "Đài Phát thanh và Truyền hình tỉnh", "c:general": "Thống nhất bố cục." };
    const [a, b] = await Promise.all([postLink(token, fields), postLink(token, fields)]);
    expect(a.status).toBe(302);
    expect(b.location).toBe(a.location);
    const subs = await listSubmissions(await getDb(), (await boardRows(await getDb(), s.consultationId, { limit: 1, offset: 0 }))[0]!.id);
    expect(subs).toHaveLength(1);
    const current = await listCurrentComments(await getDb(), s.consultationId, {}, { limit: 10, offset: 0 });
    expect(current.map((c) => c.clauseLabel)).toEqual([null, "II.1.b"]);
    expect(current[1]!.proposedWording).toBe("Đài Phát thanh và Truyền hình tỉnh");
    expect(await boardTotals(await getDb(), s.consultationId)).toMatchObject({ invited: 1, answered: 1, comments: 2 });

    // The receipt shows the reference number and every comment; another link cannot read it.
    const sid = new URL(a.location!, BASE).searchParams.get("s")!;
    const r = await run(() => receipt.loader({ request: getRequest(`/i/${token}/receipt?s=${sid}`), params: { token }, context: ctx }));
    expect((r.data as { submission: { receiptRef: string }; comments: unknown[] }).comments).toHaveLength(2);
    expect((r.data as { submission: { receiptRef: string } }).submission.receiptRef).toMatch(/^GY-\d+-\d+-1$/);
  });

  it("an amendment is a new revision; a stale page cannot overwrite a colleague's submission silently", async () => {
    at(CUTOFF - 3_600_000);
    const s = await setUp(["Mặt trận Tổ quốc"]);
    await s.boardPost({ intent: "invite", agencyIds: String(s.agencyIds[0]) });
    const token = await tokenOf(s.consultationId, 0);
    const first = (await openLink(token)).data as { requestKey: string };
    const second = (await openLink(token)).data as { requestKey: string };
    const base = { intent: "submit", answerKind: "comments", signerName: "Trần Thị Thu", signerPosition: "Phó Chủ tịch" };
    expect((await postLink(token, { ...base, requestKey: first.requestKey, baseRevision: "0", [`c:${s.clauseId("I.1")}`]: "Ý kiến A" })).status).toBe(302);
    const stale = await postLink(token, { ...base, requestKey: second.requestKey, baseRevision: "0", [`c:${s.clauseId("II.1.d")}`]: "Ý kiến B" });
    expect(stale.status).toBe(409);
    expect((stale.data as { errors: { _form: string } }).errors._form).toBe("invitee.submittedMeanwhile");
    const third = (await openLink(token)).data as { requestKey: string; latest: { revision: number } };
    expect(third.latest.revision).toBe(1);
    expect((await postLink(token, { ...base, requestKey: third.requestKey, baseRevision: "1", [`c:${s.clauseId("II.1.d")}`]: "Ý kiến B" })).status).toBe(302);
    const current = await listCurrentComments(await getDb(), s.consultationId, {}, { limit: 10, offset: 0 });
    expect(current.map((c) => c.text)).toEqual(["Ý kiến B"]);
    const invitationId = (await boardRows(await getDb(), s.consultationId, { limit: 1, offset: 0 }))[0]!.id;
    expect((await listSubmissions(await getDb(), invitationId)).map((x) => x.revision)).toEqual([2, 1]);
  });

  it("agreeing while comments are typed asks first; agreeing without comments is recorded", async () => {
    at(CUTOFF - 3_600_000);
    const s = await setUp(["Liên đoàn Lao động"]);
    await s.boardPost({ intent: "invite", agencyIds: String(s.agencyIds[0]) });
    const token = await tokenOf(s.consultationId, 0);
    const page = (await openLink(token)).data as { requestKey: string };
    const base = { intent: "submit", answerKind: "agree", signerName: "Lê Minh Tâm", signerPosition: "Phó Chủ tịch", requestKey: page.requestKey, baseRevision: "0" };
    const asked = await postLink(token, { ...base, "c:general": "Một ý kiến" });
    expect((asked.data as { errors: { _form: string } }).errors._form).toBe("invitee.agreeButComments");
    expect((await postLink(token, { ...base, "c:general": "" })).status).toBe(302);
    expect((await boardRows(await getDb(), s.consultationId, { limit: 1, offset: 0 }))[0]!.state).toBe("agreed");
    expect(await boardTotals(await getDb(), s.consultationId)).toMatchObject({ answered: 1, agreed: 1, comments: 0 });
  });

  it("refuses a reply letter that is not a PDF", async () => {
    at(CUTOFF - 3_600_000);
    const s = await setUp(["Sở Tài chính"]);
    await s.boardPost({ intent: "invite", agencyIds: String(s.agencyIds[0]) });
    const token = await tokenOf(s.consultationId, 0);
    const page = (await openLink(token)).data as { requestKey: string };
    const res = await postLink(token, {
      intent: "submit", answerKind: "agree", signerName: "A", signerPosition: "B", requestKey: page.requestKey, baseRevision: "0",
      replyLetter: new File(["MZ not a pdf"], "letter.pdf", { type: "application/pdf" }),
    });
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string> }).errors.replyLetter).toBe("invitee.letterNotPdf");
  });
});

describe("the cutoff, in the consultation's time zone", () => {
  it("refuses after the cutoff keeping the text, accepts as late when allowed, and on time when extended", async () => {
    at(CUTOFF - 3_600_000);
    const s = await setUp(["Sở A", "Sở B"]);
    await s.boardPost({ intent: "invite", agencyIds: s.agencyIds.map(String) });
    const tokenA = await tokenOf(s.consultationId, 0);
    const tokenB = await tokenOf(s.consultationId, 1);
    const pageA = (await openLink(tokenA)).data as { requestKey: string };
    const pageB = (await openLink(tokenB)).data as { requestKey: string };
    const point = s.clauseId("III.3");
    const answer = (requestKey: string) => ({ intent: "submit", answerKind: "comments", signerName: "Người ký", signerPosition: "Giám đốc", requestKey, baseRevision: "0", [`c:${point}`]: "Sửa Luật Thanh niên." });

    at(CUTOFF); // the cutoff instant itself is already too late
    const late = await postLink(tokenA, answer(pageA.requestKey));
    expect(late.status).toBe(409);
    expect((late.data as { errors: { _form: string } }).errors._form).toBe("invitee.closed.closed");
    expect((late.data as { values: Record<string, { text: string }> }).values[String(point)]!.text).toBe("Sửa Luật Thanh niên.");
    const page = (await openLink(tokenA)).data as { window: { canSubmit: boolean } };
    expect(page.window.canSubmit).toBe(false);

    const [rowA, rowB] = (await boardRows(await getDb(), s.consultationId, { limit: 10, offset: 0 })).sort((a, b) => a.id - b.id);
    await s.boardPost({ intent: "allowLate", invitationId: String(rowA!.id) });
    expect((await postLink(tokenA, answer(pageA.requestKey))).status).toBe(302);
    // The extension for B alone: 17:00 on 6 July, Hanoi time.
    await s.boardPost({ intent: "extend", invitationId: String(rowB!.id), cutoff: "2023-07-06T17:00" });
    at(Date.UTC(2023, 6, 6, 9, 59));
    expect((await postLink(tokenB, answer(pageB.requestKey))).status).toBe(302);
    const boardNow = (await boardRows(await getDb(), s.consultationId, { limit: 10, offset: 0 })).sort((a, b) => a.id - b.id);
    expect(boardNow.map((r) => [r.state, r.late])).toEqual([["late", true], ["submitted", false]]);
  });
});

describe("the drafter's views", () => {
  it("lists comments by clause and by agency, and 404s for a clause of another consultation", async () => {
    at(CUTOFF - 3_600_000);
    const s = await setUp(["Sở C"]);
    await s.boardPost({ intent: "invite", agencyIds: String(s.agencyIds[0]) });
    const token = await tokenOf(s.consultationId, 0);
    const page = (await openLink(token)).data as { requestKey: string };
    await postLink(token, { intent: "submit", answerKind: "comments", signerName: "A", signerPosition: "B", requestKey: page.requestKey, baseRevision: "0", [`c:${s.clauseId("II.1.a")}`]: "Một", [`c:${s.clauseId("II.1.b")}`]: "Hai" });
    const byClause = await run(() => comments.loader({ request: getRequest(`/x?clause=${s.clauseId("II.1.b")}`, s.drafter.cookie), params: s.params, context: ctx }));
    expect((byClause.data as { comments: { text: string }[] }).comments.map((c) => c.text)).toEqual(["Hai"]);
    const invitationId = (await boardRows(await getDb(), s.consultationId, { limit: 1, offset: 0 }))[0]!.id;
    const byAgency = await run(() => comments.loader({ request: getRequest(`/x?agency=${invitationId}`, s.drafter.cookie), params: s.params, context: ctx }));
    expect((byAgency.data as { comments: { text: string }[] }).comments.map((c) => c.text)).toEqual(["Một", "Hai"]);
    const other = await setUp(["Sở D"]);
    const foreign = await run(() => comments.loader({ request: getRequest(`/x?clause=${other.clauseId("I")}`, s.drafter.cookie), params: s.params, context: ctx }));
    expect(foreign.status).toBe(404);
  });
});

describe("guessing links", () => {
  it("an address that keeps opening unknown links is stopped, others are not", async () => {
    const guesser = { clientIp: "203.0.113.9" };
    const open = (token: string, context: { clientIp: string }) => run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context }));
    const statuses = [];
    for (let i = 0; i < 35; i++) statuses.push((await open(`${"g".repeat(40)}${String(i).padStart(3, "0")}`, guesser)).status);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await open("y".repeat(43), { clientIp: "203.0.113.10" })).status).toBe(404);
  });

  it("a valid link opens from an address that sent 100 junk links; only the junk is refused", async () => {
    const s = await setUp(["Sở NAT"]);
    await s.boardPost({ intent: "invite", agencyIds: String(s.agencyIds[0]) });
    const token = await tokenOf(s.consultationId, 0);
    const shared = { clientIp: "203.0.113.50" }; // one NAT: the guesser and the invited agency behind it
    at(CUTOFF - 3_600_000);
    const junk = (i: number, clientIp = shared.clientIp) =>
      run(() => invitee.loader({ request: getRequest(`/i/x${i}`), params: { token: `${"j".repeat(38)}${String(i).padStart(5, "0")}` }, context: { clientIp } }));
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await junk(i)).status);
    expect(statuses.filter((x) => x === 429).length).toBeGreaterThanOrEqual(60); // the junk is throttled …
    expect((await run(() => invitee.loader({ request: getRequest("/i/short"), params: { token: "short" }, context: shared }))).status).toBe(429);
    // … the real link still opens, posts and shows its receipt page from that address.
    const page = await run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: shared }));
    expect(page.status).toBe(200);
    const cookie = await csrfCookiePair();
    const saved = await run(() => invitee.action({ request: postForm(`/i/${token}`, { intent: "autosave", "c:general": "Ý kiến" }, cookie), params: { token }, context: shared }));
    expect(saved.status).toBe(200);
    const receiptPage = await run(() => receipt.loader({ request: getRequest(`/i/${token}/receipt`), params: { token }, context: shared }));
    expect(receiptPage.status).not.toBe(429);
    // Another address's junk is not concerned.
    expect((await junk(1, "203.0.113.51")).status).toBe(404);
  });
});
