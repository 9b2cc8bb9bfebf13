/**
 * Verdicts and disagreements (issue 16, part 4), through the routes' loaders and actions on both
 * databases: an agency's answer carries its verdict (a disagreement needs an objection, refused with
 * everything typed kept); the report, its .docx and .xlsx and the board count the verdicts (answers
 * before verdicts: agree → agree, comments → agree with comments); the disagreements page lists every
 * comment of a disagreeing agency that was not accepted, settled ones with their note; settling and
 * undoing need the drafter (CSRF, the consultation's agency); the exports hold the rows.
 */
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import * as disagreements from "~/routes/staff.consultations.$id.disagreements";
import * as disagreementsExport from "~/routes/staff.consultations.$id.disagreements_.$format";
import * as answersPage from "~/routes/staff.consultations.$id.answers";
import * as comparisonTable from "~/routes/staff.consultations.$id.comparison-table";
import * as workingCopy from "~/routes/staff.consultations.$id.working-copy";
import * as exportRoute from "~/routes/staff.consultations.$id.export.$format";
import * as invitations from "~/routes/staff.consultations.$id.invitations";
import * as invitee from "~/routes/i.$token._index";
import * as submissionPage from "~/routes/staff.consultations.$id.submissions.$sid";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import { reportModel } from "~/report/report-data.server";
import { getDb } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { listAudit } from "#db/queries/audit";
import { saveAnswer, triageRows } from "#db/queries/answers";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows, listSubmissions } from "#db/queries/invitations";
import { insertVersion, listClauses, type ClauseToStore } from "#db/queries/versions";
import { csrfCookiePair, ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: ctx });
const TITLE = "Kế hoạch thử ý kiến không đồng ý";
const CLAUSES: ClauseToStore[] = [
  { label: "D1", parentLabel: null, kind: "article", number: "1", citation: "Điều 1", heading: "Điều 1. Phạm vi", body: "", depth: 0, position: 0 },
  { label: "D1.1", parentLabel: "D1", kind: "item", number: "1", citation: "khoản 1 Điều 1", heading: "1. Sở Nội vụ chủ trì.", body: "", depth: 1, position: 1 },
  { label: "D1.2", parentLabel: "D1", kind: "item", number: "2", citation: "khoản 2 Điều 1", heading: "2. Kinh phí do tỉnh bảo đảm.", body: "", depth: 1, position: 2 },
  { label: "D1.3", parentLabel: "D1", kind: "item", number: "3", citation: "khoản 3 Điều 1", heading: "3.", body: "Đài Phát thanh - Truyền hình tỉnh đưa tin.", depth: 1, position: 3 },
];

let s: Awaited<ReturnType<typeof setUp>>;

async function setUp() {
  const db = await getDb();
  // The drafter of the drafting agency.
  const drafter = await makeStaff({ role: "drafter", agencyName: "Sở Nội vụ (không đồng ý)" });
  const drafterAgency = drafter.agencyId;
  const agencyIds = (await ensureAgencies(db, [
    { name: "Sở Tư pháp (không đồng ý)", shortName: "", emails: [] },
    { name: "Sở Tài chính (không đồng ý)", shortName: "", emails: [] },
    { name: "Sở Y tế (không đồng ý)", shortName: "", emails: [] },
    { name: "Sở Xây dựng (không đồng ý)", shortName: "", emails: [] },
  ])) as number[];
  const consultationId = await insertConsultation(
    db,
    { title: TITLE, kind: "plan", draftingAgencyId: drafterAgency!, letterRef: "1/KĐY", letterText: "", cutoffAt: Date.now() + 7 * 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
  const stored = await insertVersion(db, {
    consultationId, label: "Dự thảo lần 1", text: CLAUSES.map((c) => c.heading).join("\n"), title: null, language: "vi", frontMatter: [], backMatter: [],
    clauses: CLAUSES, source: { kind: "paste" }, createdBy: null, publish: true, lineage: null, audit: null,
  });
  if (stored.status !== "ok") throw new Error("stale");
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, agencyIds, { userId: null, ip: "" });
  const clauses = await listClauses(db, stored.versionId);
  const k1 = clauses.find((c) => c.label === "D1.1")!.id;
  const k2 = clauses.find((c) => c.label === "D1.2")!.id;
  const k3 = clauses.find((c) => c.label === "D1.3")!.id;
  const rows = await boardRows(db, consultationId, { limit: 10, offset: 0 });
  const tokenOf = (name: string) => invitationLink("", rows.find((r) => r.agencyName.startsWith(name))!).split("/i/")[1]!;
  const invitationOf = (name: string) => rows.find((r) => r.agencyName.startsWith(name))!.id;
  return { consultationId, drafterAgency: drafterAgency!, drafter, k1, k2, k3, tokenOf, invitationOf, params: { id: String(consultationId) } };
}

/** Posts the invitee form as the browser does; the page's loader gives the one-time key. */
async function submit(name: string, fields: Record<string, string>) {
  const token = s.tokenOf(name);
  const page = await run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }));
  const { requestKey, latest } = page.data as { requestKey: string; latest: { revision: number } | null };
  return run(async () =>
    invitee.action({
      request: postForm(`/i/${token}`, { intent: "submit", requestKey, baseRevision: String(latest?.revision ?? 0), signerName: "Nguyễn Văn A", signerPosition: "Giám đốc", ...fields }, await csrfCookiePair()),
      params: { token },
      context: ctx,
    }),
  );
}

beforeAll(async () => {
  s = await setUp();
});

describe("the verdict on the invitee form", () => {
  it("a disagreement without an objection is refused, everything typed kept", async () => {
    const res = await submit("Sở Tư pháp", { answerKind: "comments", verdict: "disagree", [`c:${s.k1}`]: "Không nên giao Sở Nội vụ chủ trì." });
    expect(res.status).toBe(400);
    const data = res.data as { errors: Record<string, string>; values: Record<string, { text: string }>; choice: { verdict: string; objections: string[] } };
    expect(data.errors.verdict).toBe("verdict.noObjection");
    expect(data.values[String(s.k1)]!.text).toBe("Không nên giao Sở Nội vụ chủ trì.");
    expect(data.choice.verdict).toBe("disagree");
    expect(await listSubmissions(await getDb(), s.invitationOf("Sở Tư pháp"))).toEqual([]);
  });

  it("an objection on a clause without a comment asks for the reason there; the ticks come back", async () => {
    const res = await submit("Sở Tư pháp", { answerKind: "comments", verdict: "disagree", [`c:${s.k1}`]: "Không nên giao Sở Nội vụ chủ trì.", [`o:${s.k1}`]: "1", [`o:${s.k2}`]: "1" });
    expect(res.status).toBe(400);
    const data = res.data as { errors: Record<string, string>; choice: { objections: string[] } };
    expect(data.errors).toEqual({ [`o:${s.k2}`]: "verdict.objectionNeedsComment" });
    expect(data.choice.objections.sort()).toEqual([String(s.k1), String(s.k2)].sort());
  });

  it("an unknown verdict is a 400, not a 500", async () => {
    const res = await submit("Sở Tư pháp", { answerKind: "comments", verdict: "maybe", [`c:${s.k1}`]: "x" });
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string> }).errors.verdict).toBe("verdict.choose");
  });

  it("stores the verdicts and the objections", async () => {
    expect((await submit("Sở Tư pháp", { answerKind: "comments", verdict: "disagree", "c:general": "Chưa phù hợp thực tế.", [`c:${s.k1}`]: "Không nên giao Sở Nội vụ chủ trì.", [`o:${s.k1}`]: "1", [`c:${s.k2}`]: "Kinh phí cần ghi rõ nguồn." })).status).toBe(302);
    expect((await submit("Sở Tài chính", { answerKind: "comments", verdict: "agree_with_comments", [`c:${s.k2}`]: "Đề nghị bổ sung nguồn vốn.", [`o:${s.k2}`]: "1" })).status).toBe(302);
    expect((await submit("Sở Y tế", { answerKind: "agree" })).status).toBe(302);
    // A form from before verdicts (no "verdict" field): comments agree with comments.
    expect((await submit("Sở Xây dựng", { answerKind: "comments", [`c:${s.k1}`]: "Ý kiến cũ." })).status).toBe(302);
    const db = await getDb();
    const [tuPhap] = await listSubmissions(db, s.invitationOf("Sở Tư pháp"));
    expect(tuPhap!.verdict).toBe("disagree");
    const [taiChinh] = await listSubmissions(db, s.invitationOf("Sở Tài chính"));
    expect(taiChinh!.verdict).toBe("agree_with_comments");
    const page = await run(() => submissionPage.loader(args(getRequest("/x", s.drafter.cookie), { ...s.params, sid: String(tuPhap!.id) })));
    const comments = (page.data as { comments: { text: string; objection: boolean }[] }).comments;
    expect(comments.filter((c) => c.objection).map((c) => c.text)).toEqual(["Không nên giao Sở Nội vụ chủ trì."]);
    // Sở Tài chính ticked a box but agrees: no objection is stored.
    const board = await run(() => invitations.loader(args(getRequest("/x", s.drafter.cookie), s.params)));
    const d = board.data as { rows: { agencyName: string; verdict: string | null }[]; verdicts: Record<string, number> };
    expect(Object.fromEntries(d.rows.map((r) => [r.agencyName.replace(" (không đồng ý)", ""), r.verdict]))).toEqual({ "Sở Tư pháp": "disagree", "Sở Tài chính": "agree_with_comments", "Sở Y tế": "agree", "Sở Xây dựng": "agree_with_comments" });
    expect(d.verdicts).toEqual({ agree: 1, agree_with_comments: 2, disagree: 1 });
  });
});

describe("the report counts the verdicts", () => {
  it("in its model and its .docx", async () => {
    const model = (await reportModel(s.consultationId, "vi"))!;
    expect(model.counts.verdicts).toEqual({ agree: 1, agree_with_comments: 2, disagree: 1 });
    expect(model.paragraphs).toContain("Về quan điểm đối với dự thảo: 1 đồng ý, không có ý kiến, 2 đồng ý và có ý kiến góp ý, 1 không đồng ý.");
    const res = (await exportRoute.loader(args(getRequest("/x", s.drafter.cookie), { ...s.params, format: "docx" }))) as Response;
    const xml = (await (await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()))).file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
    expect(xml).toContain("1 không đồng ý");
  });
  it("in the .xlsx's counts (agencies)", async () => {
    const res = (await exportRoute.loader(args(getRequest("/x", s.drafter.cookie), { ...s.params, format: "xlsx" }))) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const row = [1, 2, 3, 4, 5, 6, 7].map((r) => [sheet.getCell(`A${r}`).value, sheet.getCell(`E${r}`).value, sheet.getCell(`F${r}`).value, sheet.getCell(`H${r}`).value]).find((r) => r[0] === "Đồng ý và có ý kiến góp ý");
    expect(row).toEqual(["Đồng ý và có ý kiến góp ý", 2, "Không đồng ý với dự thảo", 1]);
  });
});

describe("the report's .csv", () => {
  it("says each row's agency's verdict in its last column (older answers: agree with comments)", async () => {
    const res = (await exportRoute.loader(args(getRequest("/x", s.drafter.cookie), { ...s.params, format: "csv" }))) as Response;
    const [head, ...rows] = parseCsv(Buffer.from(await res.arrayBuffer()).toString("utf8").replace(/^\ufeff/, "")) as string[][];
    expect(head!.at(-1)).toBe("Quan điểm đối với dự thảo");
    expect(head!.slice(0, 5)).toEqual(["STT", "Điều, khoản dự thảo", "Lần dự thảo", "Cơ quan góp ý", "Nội dung góp ý"]);
    const byAgency = new Map(rows.map((r) => [r[3]!.replace(" (không đồng ý)", ""), r.at(-1)]));
    expect(Object.fromEntries(byAgency)).toEqual({ "Sở Tư pháp": "Không đồng ý", "Sở Tài chính": "Đồng ý, có góp ý", "Sở Xây dựng": "Đồng ý, có góp ý" });
    expect(rows.filter((r) => r.at(-1) === "Không đồng ý")).toHaveLength(3);
  });
});

describe("the disagreements page", () => {
  type Page = { summary: { open: number; settled: number; groups: { authorName: string; items: { commentId: number; text: string; objection: boolean; decision: string | null; explanation: string; settlement: { note: string } | null }[] }[] } };
  const load = async (cookie = s.drafter.cookie) => run(() => disagreements.loader(args(getRequest("/x", cookie), s.params)));
  const post = (fields: Record<string, string>, cookie = s.drafter.cookie, withCsrf = true) => run(() => disagreements.action(args(postForm("/x", fields, cookie, withCsrf), s.params)));
  const items = async () => ((await load()).data as Page).summary.groups.flatMap((g) => g.items);

  it("lists the disagreeing agency's comments not accepted, objections marked, with the explanation", async () => {
    const db = await getDb();
    const rows = await triageRows(db, s.consultationId, { invitationId: s.invitationOf("Sở Tư pháp") }, { limit: 10, offset: 0 });
    const byText = (text: string) => rows.find((r) => r.text === text)!.commentId;
    await saveAnswer(db, { consultationId: s.consultationId, commentIds: [byText("Kinh phí cần ghi rõ nguồn.")], answerId: null, expectedRevision: 0, decision: "accepted", text: "Đã bổ sung.", newClauseId: null, userId: null, now: Date.now() });
    await saveAnswer(db, { consultationId: s.consultationId, commentIds: [byText("Không nên giao Sở Nội vụ chủ trì.")], answerId: null, expectedRevision: 0, decision: "explained", text: "Sở Nội vụ là cơ quan tham mưu theo quy định.", newClauseId: null, userId: null, now: Date.now() });
    const page = (await load()).data as Page;
    expect(page.summary.groups.map((g) => g.authorName)).toEqual(["Sở Tư pháp (không đồng ý)"]);
    // The accepted comment is left out; the general comment (no answer) and the explained one stay.
    expect(page.summary.groups[0]!.items.map((i) => [i.text, i.objection, i.decision, i.explanation])).toEqual([
      ["Chưa phù hợp thực tế.", false, null, ""],
      ["Không nên giao Sở Nội vụ chủ trì.", true, "explained", "Sở Nội vụ là cơ quan tham mưu theo quy định."],
    ]);
    expect([page.summary.open, page.summary.settled]).toEqual([2, 0]);
  });

  it("settles with a note (audited), refuses an empty note keeping nothing lost, and undoes", async () => {
    const [, objected] = await items();
    const empty = await post({ intent: "settle", commentId: String(objected!.commentId), note: "   " });
    expect(empty.status).toBe(400);
    expect(empty.data).toMatchObject({ ok: false, errors: { note: "disagreements.noteRequired" }, commentId: objected!.commentId, note: "   " });
    const settled = await post({ intent: "settle", commentId: String(objected!.commentId), note: "Đã thống nhất tại cuộc họp ngày 5/12." });
    expect(settled.status).toBe(200);
    const after = await items();
    expect(after.find((i) => i.commentId === objected!.commentId)!.settlement?.note).toBe("Đã thống nhất tại cuộc họp ngày 5/12.");
    const events = await listAudit(await getDb(), { limit: 20, offset: 0 });
    expect(JSON.stringify(events)).toContain("disagreement.settled");
    expect((await post({ intent: "unsettle", commentId: String(objected!.commentId) })).status).toBe(200);
    expect((await items()).find((i) => i.commentId === objected!.commentId)!.settlement).toBeNull();
    expect((await post({ intent: "settle", commentId: String(objected!.commentId), note: "Đã thống nhất tại cuộc họp ngày 5/12." })).status).toBe(200);
  });

  it("bad input is a 400: an unknown intent, a comment that is not a disagreement, a note too long", async () => {
    const [first] = await items();
    expect((await post({ intent: "delete", commentId: String(first!.commentId) })).status).toBe(400);
    expect((await post({ intent: "settle", commentId: "abc", note: "x" })).status).toBe(400);
    // Beyond a stored row's id (PostgreSQL's integer): 400, never sent to the database (it was a 500 there).
    for (const intent of ["settle", "unsettle"]) {
      const huge = await post({ intent, commentId: "3000000000", note: "Ghi chú giữ lại" });
      expect(huge.status, intent).toBe(400);
      if (intent === "settle") expect(huge.data).toMatchObject({ ok: false, commentId: null, note: "Ghi chú giữ lại" });
    }
    const db = await getDb();
    const agreeing = (await triageRows(db, s.consultationId, { invitationId: s.invitationOf("Sở Tài chính") }, { limit: 10, offset: 0 }))[0]!;
    const notOne = await post({ intent: "settle", commentId: String(agreeing.commentId), note: "x" });
    expect(notOne.status).toBe(400);
    expect(notOne.data).toMatchObject({ errors: { _form: "disagreements.notFound" } });
    const long = await post({ intent: "settle", commentId: String(first!.commentId), note: "x".repeat(5001) });
    expect(long.status).toBe(400);
    expect(long.data).toMatchObject({ errors: { note: "disagreements.noteTooLong" } });
  });

  it("an id beyond a stored row's is a 400 on the other issue-16 forms too (never a 500 on PostgreSQL)", async () => {
    const huge = "3000000000";
    const answer = await run(() => answersPage.action(args(postForm("/x", { intent: "accept", commentId: huge }, s.drafter.cookie), s.params)));
    expect(answer.status).toBe(400);
    const forms: Record<string, string>[] = [{ intent: "undo", acceptId: huge }, { intent: "take", acceptId: huge }, { intent: "keep", acceptId: huge }, { intent: "edit", clauseId: huge, revision: "0", heading: "", body: "x" }, { intent: "publish", baseVersionId: huge, stamp: "x" }];
    for (const fields of forms) {
      const res = await run(() => workingCopy.action(args(postForm("/x", fields, s.drafter.cookie), s.params)));
      expect(res.status, fields.intent).toBe(400);
    }
    for (const query of [`from=${huge}`, `to=${huge}`, `from=1&to=${huge}`]) {
      const res = await run(() => comparisonTable.loader(args(getRequest(`/x?${query}`, s.drafter.cookie), s.params)));
      expect(res.status, query).toBe(400);
    }
  });

  it("needs the CSRF token and the consultation's drafter; an agency's link is no way in", async () => {
    const [first] = await items();
    expect((await post({ intent: "settle", commentId: String(first!.commentId), note: "x" }, s.drafter.cookie, false)).status).toBe(403);
    const other = await makeStaff({ role: "drafter", agencyName: "Sở Khác (không đồng ý)" });
    expect((await post({ intent: "settle", commentId: String(first!.commentId), note: "x" }, other.cookie)).status).toBe(404);
    expect((await load(other.cookie)).status).toBe(404);
    // No staff session (what an agency holding only its link has): sent to sign in.
    const anonymous = await post({ intent: "settle", commentId: String(first!.commentId), note: "x" }, (await csrfCookiePair()));
    expect([302, 401, 403, 404]).toContain(anonymous.status);
    expect(anonymous.status).not.toBe(200);
    expect((await items()).find((i) => i.commentId === first!.commentId)!.settlement).toBeNull();
  });

  it("exports .docx in the report's form and .xlsx with safe cells, settled rows with their note", async () => {
    const docx = (await disagreementsExport.loader(args(getRequest("/x", s.drafter.cookie), { ...s.params, format: "docx" }))) as Response;
    expect(docx.headers.get("Content-Type")).toContain("wordprocessingml");
    const xml = (await (await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()))).file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
    for (const text of ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BẢNG TỔNG HỢP Ý KIẾN KHÔNG ĐỒNG Ý", "Sở Tư pháp (không đồng ý)", "Không nên giao Sở Nội vụ chủ trì.", "Sở Nội vụ là cơ quan tham mưu theo quy định.", "Đã thống nhất tại cuộc họp ngày 5/12.", "Khoản 1 Điều 1"]) {
      expect(xml, text).toContain(text);
    }
    expect(xml).not.toContain("Kinh phí cần ghi rõ nguồn.");
    expect(xml).not.toContain("Đề nghị bổ sung nguồn vốn.");
    const xlsx = (await disagreementsExport.loader(args(getRequest("/x", s.drafter.cookie), { ...s.params, format: "xlsx" }))) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const values = sheet.getRows(4, sheet.rowCount - 3)!.map((r) => [r.getCell(2).value, r.getCell(4).value, r.getCell(5).value, r.getCell(9).value]);
    expect(values).toEqual([
      ["Sở Tư pháp (không đồng ý)", null, "Chưa phù hợp thực tế.", null],
      ["Sở Tư pháp (không đồng ý)", "Có", "Không nên giao Sở Nội vụ chủ trì.", "Đã thống nhất tại cuộc họp ngày 5/12."],
    ]);
    expect(sheet.getCell("A1").value).toContain(TITLE);
    expect((await run(() => disagreementsExport.loader(args(getRequest("/x", s.drafter.cookie), { ...s.params, format: "pdf" })))).status).toBe(404);
  });
});

describe("a suggestion on a phrase by a disagreeing agency", () => {
  const DAI = "Đài Phát thanh - Truyền hình";
  const NEW = "Đài Phát thanh và Truyền hình";
  const SAID = `Đề nghị sửa “${DAI}” thành “${NEW}”`;

  it("shows the change proposed (not an empty comment) on the page and in both exports", async () => {
    // Sở Y tế answers again: it disagrees, its only word on khoản 3 is a change of words without a reason.
    const phrases = JSON.stringify([{ start: 0, quote: DAI, replacement: NEW, reason: "" }]);
    expect((await submit("Sở Y tế", { answerKind: "comments", verdict: "disagree", [`ph:${s.k3}`]: phrases, [`o:${s.k3}`]: "1" })).status).toBe(302);
    const page = (await run(() => disagreements.loader(args(getRequest("/x", s.drafter.cookie), s.params)))).data as {
      summary: { groups: { authorName: string; items: { text: string; objection: boolean; phrase: { anchorQuote: string; anchorStart: number; suggestion: string; clauseBody: string | null } | null }[] }[] };
    };
    const yTe = page.summary.groups.find((g) => g.authorName.startsWith("Sở Y tế"))!;
    expect(yTe.items.map((i) => [i.text, i.objection, i.phrase])).toEqual([
      ["", true, expect.objectContaining({ anchorQuote: DAI, anchorStart: 0, suggestion: NEW, clauseBody: "Đài Phát thanh - Truyền hình tỉnh đưa tin." })],
    ]);
    const docx = (await disagreementsExport.loader(args(getRequest("/x", s.drafter.cookie), { ...s.params, format: "docx" }))) as Response;
    const xml = (await (await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()))).file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
    expect(xml).toContain(SAID);
    const xlsx = (await disagreementsExport.loader(args(getRequest("/x", s.drafter.cookie), { ...s.params, format: "xlsx" }))) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const row = sheet.getRows(4, sheet.rowCount - 3)!.find((r) => String(r.getCell(2).value).startsWith("Sở Y tế"))!;
    expect([row.getCell(3).value, row.getCell(4).value, row.getCell(5).value]).toEqual(["Khoản 3 Điều 1 (Dự thảo lần 1)", "Có", SAID]);
  });
});
