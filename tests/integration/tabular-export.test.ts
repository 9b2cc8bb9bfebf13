/**
 * The .xlsx laid out to work and print from (title, counts, frozen header repeated on every page,
 * wrapped Times New Roman, A4 landscape one page wide), and text that looks like a formula made safe
 * in the report .csv and the audit .csv (a leading quote) and kept as plain text in the .xlsx.
 * The comments and the signer come in through the invitee's own form, as an agency would send them.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import * as audit from "~/routes/staff.admin.audit[.]csv";
import * as exportRoute from "~/routes/staff.consultations.$id.export.$format";
import * as invitee from "~/routes/i.$token._index";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import { getDb, pgExportPool } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { saveAnswer, triageRows } from "#db/queries/answers";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows } from "#db/queries/invitations";
import { insertVersion, listClauses, type ClauseToStore } from "#db/queries/versions";
import { csrfCookiePair, ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: ctx });

const HYPERLINK = '=HYPERLINK("http://x","y")';
const SIGNER = "+1 555";
const LONG = `Đề nghị cơ quan soạn thảo rà soát toàn bộ khoản này: ${"quy định về trách nhiệm phối hợp giữa các sở, ban, ngành tỉnh chưa rõ, ".repeat(8)}`.slice(0, 600);
const TITLE = "Quyết định thử bảng tính";

const CLAUSES: ClauseToStore[] = [
  { label: "D2", parentLabel: null, kind: "article", number: "2", citation: "Điều 2", heading: "Điều 2. Phạm vi điều chỉnh", body: "", depth: 0, position: 0 },
  { label: "D2.3", parentLabel: "D2", kind: "item", number: "3", citation: "khoản 3 Điều 2", heading: "3. Cơ quan chủ trì là Sở Nội vụ.", body: "", depth: 1, position: 1 },
];

let s: Awaited<ReturnType<typeof setUp>>;

async function setUp() {
  const db = await getDb();
  const admin = await makeStaff({ role: "admin" });
  const [drafter, ...agencyIds] = (await ensureAgencies(db, [
    { name: "Sở Nội vụ (bảng tính)", shortName: "", emails: [] },
    { name: "Sở Tư pháp (bảng tính)", shortName: "", emails: [] },
    { name: "Sở Y tế (bảng tính)", shortName: "", emails: [] },
    { name: "Sở Tài chính (bảng tính)", shortName: "", emails: [] },
    { name: "Sở Xây dựng (bảng tính)", shortName: "", emails: [] },
  ])) as number[];
  const consultationId = await insertConsultation(
    db,
    { title: TITLE, kind: "plan", draftingAgencyId: drafter!, letterRef: "1/BT", letterText: "", cutoffAt: Date.now() + 7 * 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
  const stored = await insertVersion(db, {
    consultationId, label: "Dự thảo lần 1", text: CLAUSES.map((c) => c.heading).join("\n"), title: null, language: "vi", frontMatter: [], backMatter: [],
    clauses: CLAUSES, source: { kind: "paste" }, createdBy: null, publish: true, lineage: null, audit: null,
  });
  if (stored.status !== "ok") throw new Error("stale");
  const versionId = stored.versionId;
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, agencyIds, { userId: null, ip: "" });
  const clause = (await listClauses(db, versionId)).find((c) => c.label === "D2.3")!.id;
  const tokens = (await boardRows(db, consultationId, { limit: 10, offset: 0 })).map((r) => ({ name: r.agencyName, token: invitationLink("", r).split("/i/")[1]! }));
  const tokenOf = (name: string) => tokens.find((x) => x.name.startsWith(name))!.token;

  // Each agency answers through its link, as the browser posts the form.
  const answer = async (name: string, fields: Record<string, string>) => {
    const token = tokenOf(name);
    const page = await run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }));
    const { requestKey } = page.data as { requestKey: string };
    const posted = await run(async () =>
      invitee.action({ request: postForm(`/i/${token}`, { intent: "submit", requestKey, baseRevision: "0", signerPosition: "Giám đốc", ...fields }, await csrfCookiePair()), params: { token }, context: ctx }),
    );
    expect(posted.status, `${name} submits`).toBe(302);
  };
  await answer("Sở Tư pháp", { answerKind: "comments", signerName: SIGNER, "c:general": HYPERLINK, [`c:${clause}`]: LONG, [`p:${clause}`]: "@SUM(A1:A9)" });
  await answer("Sở Y tế", { answerKind: "agree", signerName: "Trần Văn B" });
  await answer("Sở Tài chính", { answerKind: "decline", signerName: "Lê Thị C" });
  // Sở Xây dựng does not answer.

  const long = (await triageRows(db, consultationId, {}, { limit: 10, offset: 0 })).find((r) => r.text === LONG)!;
  await saveAnswer(db, { consultationId, commentIds: [long.commentId], answerId: null, expectedRevision: 0, decision: "accepted", text: "-Đã sửa khoản 3.", newClauseId: null, userId: null, now: Date.now() });
  return { admin, consultationId, params: { id: String(consultationId) } };
}

beforeAll(async () => {
  s = await setUp();
});

async function download(format: "xlsx" | "csv"): Promise<Buffer> {
  const res = (await exportRoute.loader(args(getRequest("/x", s.admin.cookie), { ...s.params, format }))) as Response;
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function workbook(): Promise<{ sheet: ExcelJS.Worksheet; bytes: Buffer }> {
  const bytes = await download("xlsx");
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(bytes).buffer);
  return { sheet: book.worksheets[0]!, bytes };
}

describe("the .xlsx fit for work and print", () => {
  it("opens with the title across the table, then the counts, a blank row and the header", async () => {
    const { sheet } = await workbook();
    const title = sheet.getCell("A1");
    expect(title.value).toBe(`BÁO CÁO\nTổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo ${TITLE}`);
    expect(title.font).toMatchObject({ name: "Times New Roman", size: 14, bold: true });
    expect(title.alignment).toMatchObject({ horizontal: "center", wrapText: true });
    // Merged across the eleven columns of the table (the last three for people, issue 17).
    expect((sheet.model as unknown as { merges: string[] }).merges).toContain("A1:K1");
    expect(sheet.getCell("K1").isMerged).toBe(true);
    expect(sheet.getCell("K1").master.address).toBe("A1");

    const counts = [2, 3, 4, 5, 6].map((r) => [sheet.getCell(`A${r}`).value, sheet.getCell(`E${r}`).value, sheet.getCell(`F${r}`).value, sheet.getCell(`H${r}`).value]);
    expect(counts).toEqual([
      ["Cơ quan, đơn vị được xin ý kiến", 4, "Tổng số ý kiến góp ý", 2],
      ["Cơ quan, đơn vị đã trả lời", 3, "Ý kiến đã được trả lời", 1],
      ["Thống nhất với dự thảo, không có ý kiến khác", 1, "Không tham gia góp ý", 1],
      // The verdicts (issue 16): answers with comments before verdicts existed agree with comments.
      ["Đồng ý và có ý kiến góp ý", 1, "Không đồng ý với dự thảo", 0],
      ["Chưa có ý kiến", 1, null, null],
    ]);
    expect(sheet.getRow(7).cellCount).toBe(0);
    expect(sheet.getRow(8).values).toEqual([undefined, "STT", "Điều, khoản dự thảo", "Lần dự thảo", "Cơ quan góp ý", "Nội dung góp ý", "Đề xuất sửa", "Xử lý", "Ý kiến tiếp thu, giải trình", "Người góp ý", "Chức vụ", "Thành viên của"]);
    const head = sheet.getCell("E8");
    expect(head.font).toMatchObject({ name: "Times New Roman", bold: true });
    expect(head.fill).toMatchObject({ type: "pattern", pattern: "solid" });
    expect(head.border).toMatchObject({ top: { style: "thin" }, bottom: { style: "thin" }, left: { style: "thin" }, right: { style: "thin" } });
  });

  it("freezes the header row and repeats it on every printed page, A4 landscape one page wide", async () => {
    const { sheet } = await workbook();
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 8 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    // Written as the defined name _xlnm.Print_Titles = 'sheet'!$8:$8, read back as "8:8".
    expect(sheet.pageSetup.printTitlesRow).toBe("8:8");
    expect(sheet.pageSetup.margins).toMatchObject({ left: 0.5, right: 0.5 });
    expect(sheet.columns.map((c) => c.width)).toEqual([5, 16, 10, 18, 42, 28, 12, 42, 16, 18, 16]);
  });

  it("wraps every cell, top-aligned, Times New Roman 12 with thin borders; the clause is a citation", async () => {
    const { sheet } = await workbook();
    const row = sheet.getRows(9, sheet.rowCount - 8)!.find((r) => r.getCell(5).value === LONG)!;
    expect(row).toBeDefined();
    const cell = row.getCell(5);
    expect(cell.alignment).toMatchObject({ wrapText: true, vertical: "top" });
    expect(cell.font).toMatchObject({ name: "Times New Roman", size: 12 });
    expect(cell.border).toMatchObject({ top: { style: "thin" }, right: { style: "thin" } });
    expect(row.getCell(2).value).toBe("Khoản 3 Điều 2");
    expect(row.getCell(8).value).toBe("-Đã sửa khoản 3.");
    // Every cell written, title to last row.
    let seen = 0;
    sheet.eachRow((r) =>
      r.eachCell((c) => {
        seen++;
        expect(c.font?.name, c.address).toBe("Times New Roman");
        expect(c.alignment?.wrapText, c.address).toBe(true);
      }),
    );
    expect(seen).toBeGreaterThan(40);
  });

  it("keeps text that looks like a formula as plain text, never a formula", async () => {
    const { sheet, bytes } = await workbook();
    const cell = sheet.getRows(9, sheet.rowCount - 8)!.map((r) => r.getCell(5)).find((c) => c.value === HYPERLINK)!;
    expect(cell).toBeDefined();
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
    const proposed = sheet.getRows(9, sheet.rowCount - 8)!.map((r) => r.getCell(6)).find((c) => c.value === "@SUM(A1:A9)")!;
    expect(proposed.type).toBe(ExcelJS.ValueType.String);
    // No formula anywhere in the sheet's XML.
    const xml = await (await JSZip.loadAsync(bytes)).file("xl/worksheets/sheet1.xml")!.async("string");
    expect(xml).not.toMatch(/<f[ >]/);
    expect(xml).toContain("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)");
  });
});

describe("formula-looking text in the .csv files", () => {
  it("the report .csv quotes the comment, the proposed wording and the answer; numbers stay numbers", async () => {
    const bytes = await download("csv");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    // csv-stringify doubles the inner quotes; the cell itself starts with the single quote.
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(text).toContain(",'@SUM(A1:A9),");
    expect(text).toContain(",'-Đã sửa khoản 3.");
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    // Ordinary text is left as it is (quoted by the CSV rules only because of its commas).
    expect(text).toContain(`,"${LONG}",`);
    // The row number is a number, not quoted text.
    expect(text.split(/\r?\n/)[1]).toMatch(/^1,/);
  });

  it("the audit .csv quotes the signer's name", async () => {
    const res = (await audit.loader(args(getRequest("/staff/admin/audit.csv", s.admin.cookie), {}))) as Response;
    const text = Buffer.from(await res.arrayBuffer()).toString("utf8");
    const line = text.split(/\r?\n/).find((l) => l.includes("answer.submitted") && l.includes("Sở Tư pháp (bảng tính)"))!;
    expect(line).toContain(`,'${SIGNER} (Sở Tư pháp (bảng tính)),`);
    expect(text).not.toMatch(/,\+1 555/);
  });
});

// Before the fix the export waited for a "drain" that never came, with its cursor open: the
// connection stayed busy (writes refused) and this file's closeDb() failed.
describe("an abandoned download", () => {
  it("stops reading the comments, so the database is free for the next write", async () => {
    const { csvStream, xlsxStream } = await import("~/report/export-tabular.server");
    const { translator } = await import("~/i18n");
    const { insertAgency } = await import("#db/queries/agencies");
    const { submitAnswer } = await import("#db/queries/invitations");
    const { versionsInOrder } = await import("#db/queries/lineage");
    const db = await getDb();
    const versionId = (await versionsInOrder(db, s.consultationId))[0]!.id;
    const clauseId = (await listClauses(db, versionId))[1]!.id;
    // The agency that had not answered sends 20,000 comments: more than the stream buffers hold.
    const invitation = (await boardRows(db, s.consultationId, { limit: 10, offset: 0 })).find((r) => r.agencyName.startsWith("Sở Xây dựng"))!;
    await submitAnswer(db, {
      invitationId: invitation.id, consultationId: s.consultationId, versionId,
      answerKind: "comments", signerName: "Người ký", signerPosition: "Giám đốc", late: false, requestKey: "abandon-1", receiptPrefix: "AB-", replyLetter: null, ip: "",
      comments: Array.from({ length: 20_000 }, (_, k) => ({ clauseId, text: `Ý kiến số ${k}: ${"đề nghị sửa câu chữ cho rõ. ".repeat(6)}`, proposedWording: "" })),
      now: Date.now(),
    });
    const pool = await pgExportPool();
    for (const open of [async () => csvStream(s.consultationId, translator("vi")), () => xlsxStream(s.consultationId, translator("vi"), "x")]) {
      const stream = await open();
      // Read one chunk and stop reading (the writer fills the buffers and waits), then walk away,
      // as a browser does when the download is cancelled.
      await new Promise<void>((resolve) => stream.once("data", () => resolve()));
      stream.pause();
      for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
      stream.destroy();
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      // On PostgreSQL the snapshot's client is back in the exports' pool (its transaction ended), not held for ever.
      for (let i = 0; pool && pool.idleCount < pool.totalCount && i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      if (pool) expect(pool.idleCount).toBe(pool.totalCount);
      await expect(insertAgency(db, { name: `Sở sau khi hủy tải ${Math.random()}`, shortName: "", emails: [] })).resolves.toBeGreaterThan(0);
    }
  }, 30_000);
});
