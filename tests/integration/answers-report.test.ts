import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import * as answers from "~/routes/staff.consultations.$id.answers";
import * as exportRoute from "~/routes/staff.consultations.$id.export.$format";
import * as report from "~/routes/staff.consultations.$id.report";
import * as receipt from "~/routes/i.$token.receipt";
import { loadDemo } from "~/demo/load-demo.server";
import { invitationLink } from "~/invitations/invitations.server";
import { getDb } from "#db/client.server";
import { answerProgress, triageRows } from "#db/queries/answers";
import { boardRows, listSubmissions } from "#db/queries/invitations";
import { ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: ctx });

async function setUp() {
  const admin = await makeStaff({ role: "admin" });
  const { consultationId } = await loadDemo(null);
  const params = { id: String(consultationId) };
  const post = (fields: Record<string, string | string[]>) => {
    const form = new FormData();
    form.set("csrf", "test-csrf-token-0123456789abcdefghijklmnop");
    for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) form.append(k, x);
    return run(() => answers.action(args(new Request("http://localhost/x", { method: "POST", body: form, headers: { Cookie: admin.cookie } }), params)));
  };
  return { admin, consultationId, params, post };
}

// These read the demo as loaded; the tests that change answers come after them.
describe("the report files", () => {
  it("the .docx holds every comment, answer, agency and the counts in a real Word table", async () => {
    const { admin, params } = await setUp();
    const res = (await exportRoute.loader(args(getRequest("/x", admin.cookie), { ...params, format: "docx" }))) as Response;
    expect(res.headers.get("Content-Type")).toContain("wordprocessingml");
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const xml = (await zip.file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
    for (const text of [
      "BÁO CÁO",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Sóc Trăng, ngày",
      "Đài Phát thanh và Truyền hình tỉnh",
      "Kinh phí tập huấn đã được quy định chung",
      "Sở Tư pháp tỉnh Sóc Trăng",
      "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng",
      "Đến nay, đã nhận được ý kiến của 3 cơ quan, đơn vị và 2 thành viên Ủy ban nhân dân tỉnh Sóc Trăng, trong đó: 2 cơ quan có ý kiến góp ý",
      "1 cơ quan thống nhất với dự thảo, không có ý kiến khác (Liên đoàn Lao động tỉnh Sóc Trăng)",
      // The demo's People's Committee members (issue 17): counted apart, listed under their body.
      "Dự thảo lần 1 đã được gửi xin ý kiến của 4 cơ quan, đơn vị và 13 thành viên Ủy ban nhân dân tỉnh Sóc Trăng.",
      "Thành viên Ủy ban nhân dân tỉnh Sóc Trăng: 2 người thống nhất với dự thảo, không có ý kiến khác (Nguyễn Hoàng Phúc, Chánh Văn phòng Ủy ban nhân dân tỉnh; Đặng Văn Lợi, Giám đốc Sở Tài chính); 11 người chưa có ý kiến (Trần Quốc Khánh, Chủ tịch Ủy ban nhân dân tỉnh; Lê Thị Hồng Nhung,",
      "Còn 1 cơ quan, đơn vị chưa có ý kiến: Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng.",
      "PHỤ LỤC",
      "So sánh Dự thảo lần 1 và Dự thảo lần 2",
      "Ý kiến tiếp thu, giải trình",
    ]) {
      expect(xml, text).toContain(text.replace(/"/g, "&quot;"));
    }
    const docXml = await zip.file("word/document.xml")!.async("string");
    // The report's own table of comments (the header block is a table too): its header row repeats
    // on every page and it holds the agencies' comments.
    const tables = docXml.split("<w:tbl>").slice(1).map((t) => t.slice(0, t.indexOf("</w:tbl>")));
    const comments = tables.find((t) => t.includes("Nội dung góp ý"));
    expect(comments).toBeDefined();
    expect(comments).toMatch(/<w:tblHeader/);
    expect(comments).toContain("Sở Tư pháp tỉnh Sóc Trăng");
    expect(comments).toContain("Tên cơ quan chưa đúng tên gọi hiện nay");
    expect(docXml).toContain('w:ascii="Times New Roman"');
  });

  it("the .xlsx and .csv list every comment with its answer", async () => {
    const { admin, params } = await setUp();
    const xlsx = (await exportRoute.loader(args(getRequest("/x", admin.cookie), { ...params, format: "xlsx" }))) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    // The title, seven rows of counts (two for the People's Committee's members, one for the verdicts)
    // and a blank row, then the header and the 5 comments.
    expect(sheet.rowCount).toBe(15);
    expect(sheet.getRow(10).values).toContain("Nội dung góp ý");
    expect([4, 5].map((r) => [sheet.getCell(`A${r}`).value, sheet.getCell(`E${r}`).value, sheet.getCell(`F${r}`).value, sheet.getCell(`H${r}`).value])).toEqual([
      ["Thành viên, cá nhân được xin ý kiến", 13, "Tập thể được xin ý kiến", 1],
      ["Thành viên, cá nhân đã có ý kiến", 2, null, null],
    ]);
    // Agreed, declined and silent count the agencies (4 invited, 3 answered: 1 agreed, 1 silent), not
    // the members, who have their rows above: the agencies' rows add up.
    expect([2, 3, 6, 8].map((r) => [sheet.getCell(`A${r}`).value, sheet.getCell(`E${r}`).value])).toEqual([
      [expect.any(String), 4],
      [expect.any(String), 3],
      [expect.any(String), 1],
      ["Chưa có ý kiến", 1],
    ]);
    const texts = sheet.getColumn(5).values.join("\n");
    expect(texts).toContain("Đài Phát thanh - Truyền hình tỉnh");
    expect(sheet.getColumn(8).values.join("\n")).toContain("Kinh phí tập huấn");

    const csv = (await exportRoute.loader(args(getRequest("/x", admin.cookie), { ...params, format: "csv" }))) as Response;
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A byte-order mark first, so Excel reads the Vietnamese text as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.trim().split("\n").length).toBeGreaterThanOrEqual(6);
    expect(text).toContain("Sở Tư pháp tỉnh Sóc Trăng");
    expect(text).toContain("Tiếp thu");
  });

  it("exports need a session and the right agency", async () => {
    const { params } = await setUp();
    const anonymous = await run(() => exportRoute.loader(args(getRequest("/x"), { ...params, format: "csv" })));
    expect(anonymous.status).toBe(302);
    const outsider = await makeStaff({ role: "drafter", agencyName: "Sở khác (báo cáo)" });
    const denied = await run(() => exportRoute.loader(args(getRequest("/x", outsider.cookie), { ...params, format: "docx" })));
    expect(denied.status).toBe(404);
  });
});

describe("publishing answers", () => {
  it("each agency reads the answers to its own comments once published", async () => {
    const { consultationId, post } = await setUp();
    const row = (await boardRows(await getDb(), consultationId, { limit: 10, offset: 0 })).find((r) => r.agencyName === "Sở Tư pháp tỉnh Sóc Trăng")!;
    const token = invitationLink("", row).split("/i/")[1]!;
    const submission = (await listSubmissions(await getDb(), row.id))[0]!;
    const view = async () =>
      ((await run(() => receipt.loader({ request: getRequest(`/i/${token}/receipt?s=${submission.id}`), params: { token }, context: ctx }))).data as { answers: { text: string }[] }).answers;
    expect(await view()).toEqual([]);
    await post({ intent: "publish" });
    expect((await view()).map((a) => a.text)).toContain("Đã sửa thành \"Đài Phát thanh và Truyền hình tỉnh\".");
  });
});

describe("answering comments", () => {
  it("the demo comes answered; an answer is saved, and a stale edit is detected with both texts", async () => {
    const { consultationId, post } = await setUp();
    expect(await answerProgress(await getDb(), consultationId)).toEqual({ total: 5, answered: 5 });
    const row = (await triageRows(await getDb(), consultationId, {}, { limit: 10, offset: 0 })).find((r) => r.clauseLabel === "II.1.d")!;
    const first = await post({ intent: "answer", commentId: String(row.commentId), answerId: String(row.answerId), revision: String(row.answerRevision), decision: "partly", text: "Tiếp thu một phần: bổ sung nguồn kinh phí." });
    expect(first.status).toBe(200);
    // A second drafter, still looking at the old revision, saves too.
    const stale = await post({ intent: "answer", commentId: String(row.commentId), answerId: String(row.answerId), revision: String(row.answerRevision), decision: "noted", text: "Ghi nhận." });
    expect(stale.status).toBe(409);
    const data = stale.data as { conflict: { text: string; decision: string }; mine: { text: string } };
    expect(data.conflict).toMatchObject({ decision: "partly", text: "Tiếp thu một phần: bổ sung nguồn kinh phí." });
    expect(data.mine.text).toBe("Ghi nhận.");
  });

  it("a decision not to accept needs its explanation; an unknown clause is refused", async () => {
    const { consultationId, post } = await setUp();
    const row = (await triageRows(await getDb(), consultationId, {}, { limit: 10, offset: 0 }))[0]!;
    const base = { intent: "answer", commentId: String(row.commentId), answerId: String(row.answerId), revision: String(row.answerRevision) };
    const noText = await post({ ...base, decision: "explained", text: "" });
    expect((noText.data as { errors: Record<string, string> }).errors.text).toBe("answers.explainWhy");
    const badClause = await post({ ...base, decision: "accepted", text: "x", newClause: "Z.9" });
    expect((badClause.data as { errors: Record<string, string> }).errors.newClause).toBe("answers.unknownClause");
  });

  it("groups similar comments under one answer and can take one out again", async () => {
    const { consultationId, post } = await setUp();
    const rows = await triageRows(await getDb(), consultationId, {}, { limit: 10, offset: 0 });
    const [a, b] = [rows.find((r) => r.clauseLabel === "II.1.b")!, rows.find((r) => r.clauseLabel === "I.1")!];
    expect((await post({ intent: "group", group: [String(a.commentId)], decision: "accepted", text: "x" })).status).toBe(400);
    const grouped = await post({ intent: "group", group: [String(a.commentId), String(b.commentId)], decision: "accepted", text: "Tiếp thu chung: đã chỉnh sửa câu chữ theo góp ý." });
    expect(grouped.status).toBe(200);
    const after = await triageRows(await getDb(), consultationId, {}, { limit: 10, offset: 0 });
    const ga = after.find((r) => r.commentId === a.commentId)!;
    expect(after.find((r) => r.commentId === b.commentId)!.answerId).toBe(ga.answerId);
    const reader = await makeStaff({ role: "admin" });
    const model = (await run(() => report.loader(args(getRequest("/x", reader.cookie), { id: String(consultationId) })))).data as { model: { rows: { agencies: string[]; answer: string }[] } };
    const shared = model.model.rows.find((r) => r.answer.includes("Tiếp thu chung"))!;
    expect(shared.agencies.sort()).toEqual(["Sở Tư pháp tỉnh Sóc Trăng", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng"]);
    await post({ intent: "ungroup", commentId: String(b.commentId) });
    expect(await answerProgress(await getDb(), consultationId)).toEqual({ total: 5, answered: 4 });
  });

});

