/**
 * The comparison table (bảng so sánh, issue 16 part 3) on the Sóc Trăng demo: Dự thảo lần 1 → lần 2,
 * the rows from the stored links, the accepted answers behind each change, a phrase suggestion
 * quoted, the .docx and the print page, the choice of versions (400 on nonsense) and who may read it.
 */
import JSZip from "jszip";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, write } from "#db/client.server";
import { boardRows } from "#db/queries/invitations";
import { versionsInOrder } from "#db/queries/lineage";
import { triageRows } from "#db/queries/answers";
import { comments } from "#db/schema";
import * as page from "~/routes/staff.consultations.$id.comparison-table";
import * as docx from "~/routes/staff.consultations.$id.comparison-table[.]docx";
import type { ComparisonTableModel } from "~/domain/comparison-table/model";
import { loadDemo } from "~/demo/load-demo.server";
import { invitationLink } from "~/invitations/invitations.server";
import { ctx, getRequest, makeStaff, run, useTempDatabase } from "./harness";

useTempDatabase();

const args = (request: Request, id: number) => ({ request, params: { id: String(id) }, context: ctx });

async function setUp() {
  const admin = await makeStaff({ role: "admin" });
  const { consultationId, drafterAgencyId } = await loadDemo(null);
  const db = await getDb();
  const versions = await versionsInOrder(db, consultationId);
  // The Sở Tư pháp's comment on the broadcaster's name quotes the words and proposes new ones (a phrase suggestion).
  const onName = (await triageRows(db, consultationId, {}, { limit: 100, offset: 0 })).find((c) => c.clauseLabel === "II.1.b")!;
  await write(db, (w) => w.update(comments).set({ anchorQuote: "Phát thanh - Truyền hình", anchorStart: 0, suggestion: "Phát thanh và Truyền hình" }).where(eq(comments.id, onName.commentId)));
  return { admin, consultationId, drafterAgencyId, v1: versions[0]!, v2: versions[1]! };
}

async function docxXml(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  return zip.file("word/document.xml")!.async("string");
}

const text = (xml: string) => xml.replace(/<w:tab\/>/g, " ").replace(/<[^>]+>/g, "").replace(/&quot;/g, '"');

describe("the comparison table", () => {
  it("the .docx holds each changed clause with its old and new wording and the reason, in the official form, landscape, header row repeated", async () => {
    const { admin, consultationId } = await setUp();
    const res = (await docx.loader(args(getRequest(`/staff/consultations/${consultationId}/comparison-table.docx`, admin.cookie), consultationId))) as Response;
    expect(res.headers.get("Content-Type")).toContain("wordprocessingml");
    expect(res.headers.get("Content-Disposition")).toMatch(/bang-so-sanh-\d+-\d+-\d+\.docx/);
    const xml = await docxXml(res);
    const all = text(xml);
    for (const expected of [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "BẢNG SO SÁNH",
      "Dự thảo lần 1 và Dự thảo lần 2",
      "Nội dung Dự thảo lần 1",
      "Nội dung Dự thảo lần 2",
      "Lý do chỉnh sửa",
      "Tiếp thu ý kiến của Sở Tư pháp tỉnh Sóc Trăng: Đã sửa thành \"Đài Phát thanh và Truyền hình tỉnh\".",
      "Sở Tư pháp tỉnh Sóc Trăng đề nghị sửa “Phát thanh - Truyền hình” thành “Phát thanh và Truyền hình”.",
      "Tiếp thu ý kiến của Sở Tư pháp tỉnh Sóc Trăng: Đã sửa thành \"Luật Thực hiện dân chủ ở cơ sở\".",
      "Chỉnh sửa của cơ quan soạn thảo",
      "Nơi nhận:",
      "KT. GIÁM ĐỐC",
    ]) {
      expect(all, expected).toContain(expected);
    }
    // One row: the old wording, the new one with the inserted word bold and underlined, the deleted one struck.
    const rows = xml.split("<w:tr>").slice(1);
    const row = rows.find((r) => text(r).includes("Đài Phát thanh - Truyền hình tỉnh") && text(r).includes("Tiếp thu ý kiến của Sở Tư pháp"))!;
    expect(row, "the broadcaster's row").toBeTruthy();
    expect(text(row)).toContain("Đài Phát thanh và Truyền hình tỉnh");
    expect(row).toMatch(/<w:rPr><w:b\/><w:sz w:val="24"\/><w:u w:val="single"\/><\/w:rPr><w:t xml:space="preserve">và<\/w:t>/);
    expect(row).toMatch(/<w:rPr><w:strike\/><w:sz w:val="24"\/><\/w:rPr><w:t xml:space="preserve">-<\/w:t>/);
    // The explained answer (Ủy ban MTTQ, II.1.d) is no reason for a change.
    expect(all).not.toContain("Kinh phí tập huấn đã được quy định chung");
    expect(xml).toContain("<w:tblHeader/>");
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
  });

  it("the print page: the model of the two newest published versions, in the report's language asked for", async () => {
    const { admin, consultationId, v1, v2 } = await setUp();
    const res = (await page.loader(args(getRequest(`/staff/consultations/${consultationId}/comparison-table`, admin.cookie), consultationId))) as Response;
    expect(res.status).toBe(200);
    const data = (await res.json()) as { kind: string; fromId: number; toId: number; model: ComparisonTableModel };
    expect(data.kind).toBe("table");
    expect([data.fromId, data.toId]).toEqual([v1.id, v2.id]);
    const row = data.model.rows.find((r) => r.oldText.includes("Đài Phát thanh - Truyền hình tỉnh"))!;
    expect(row.changes.filter((p) => p.op !== "same")).toEqual([
      { op: "removed", text: "-" },
      { op: "added", text: "và" },
    ]);
    expect(row.drafterEdit).toBe(false);
    expect(data.model.rows.some((r) => r.drafterEdit)).toBe(true);
    expect(data.model.rows.map((r) => r.stt)).toEqual(data.model.rows.map((_, i) => i + 1));

    const en = (await page.loader(args(getRequest(`/x?lang=en&from=${v1.id}&to=${v2.id}`, admin.cookie), consultationId))) as Response;
    const model = ((await en.json()) as { model: ComparisonTableModel }).model;
    expect(model.title).toBe("COMPARISON TABLE");
    expect(model.columns).toEqual(["No.", "Article, clause", "Wording of Dự thảo lần 1", "Wording of Dự thảo lần 2", "Reason for the change"]);
    expect(model.rows.find((r) => r.drafterEdit)!.reason).toEqual(["Edit by the drafting agency"]);
  });

  it("answers 400 to versions that cannot be compared, on the page and the .docx", async () => {
    const { admin, consultationId, v1, v2 } = await setUp();
    // Version ids are looked up among this consultation's versions only: an unknown id, or another consultation's, is refused alike.
    for (const q of [`from=abc`, `from=${v2.id}&to=${v1.id}`, `from=${v1.id}&to=${v1.id}`, `from=999999&to=${v2.id}`, `to=-1`, `from=${v1.id}&from=${v2.id}`, `to=1e3`]) {
      const p = (await page.loader(args(getRequest(`/x?${q}`, admin.cookie), consultationId))) as Response;
      expect(p.status, q).toBe(400);
      expect(((await p.json()) as { kind: string }).kind).toBe("bad");
      const d = (await docx.loader(args(getRequest(`/x?${q}`, admin.cookie), consultationId))) as Response;
      expect(d.status, q).toBe(400);
    }
    // Empty fields are the defaults (the form sends them so).
    const empty = (await page.loader(args(getRequest(`/x?from=&to=`, admin.cookie), consultationId))) as Response;
    expect(empty.status).toBe(200);
  });

  it("only the drafting agency's staff and administrators: another agency's drafter is refused, an agency's link opens nothing", async () => {
    const { consultationId } = await setUp();
    const outsider = await makeStaff({ role: "drafter", agencyName: "Sở khác (bảng so sánh)" });
    for (const loader of [page.loader, docx.loader]) {
      // Refused as every consultation page refuses (404: not even the consultation's existence leaks).
      const denied = await run(() => loader(args(getRequest(`/x`, outsider.cookie), consultationId)));
      expect(denied.status).toBe(404);
      expect(denied.data).toBeNull();
      const anonymous = await run(() => loader(args(getRequest(`/x`), consultationId)));
      expect(anonymous.status).toBe(302);
      expect(anonymous.location).toMatch(/^\/signin/);
    }
    // An agency holds its invitation link, not a staff session: the link does not open the table.
    const row = (await boardRows(await getDb(), consultationId, { limit: 10, offset: 0 })).find((r) => r.agencyName === "Sở Tư pháp tỉnh Sóc Trăng")!;
    const token = invitationLink("", row).split("/i/")[1]!;
    const request = new Request(`http://localhost/staff/consultations/${consultationId}/comparison-table.docx?token=${token}`, { headers: { Authorization: `Bearer ${token}`, Referer: `http://localhost/i/${token}` } });
    const viaToken = await run(() => docx.loader(args(request, consultationId)));
    expect(viaToken.status).toBe(302);
    expect(viaToken.location).toMatch(/^\/signin/);
  });
});
