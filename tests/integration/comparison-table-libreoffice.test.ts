/**
 * The comparison table's .docx (bảng so sánh) opens in LibreOffice and converts to a landscape A4 PDF
 * that reads as the official document: the report's header (governing and issuing body, national
 * name on one line, motto, place and date), the title with both versions, the table with citations,
 * the old and new wording and the reasons, then "Nơi nhận" and the signer. LibreOffice and poppler
 * (pdftotext, pdftoppm, pdfinfo) are required: without them this test fails with an install hint; a
 * check CI relies on is never skipped.
 *
 * COMPARISON_OUT=dir keeps the .docx, the PDF and page 1 as PNG there.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as docxRoute from "~/routes/staff.consultations.$id.comparison-table[.]docx";
import { loadDemo } from "~/demo/load-demo.server";
import { requireTool } from "../support/libreoffice";
import { docxToPdf, firstPagePng } from "../support/report-checks";
import { ctx, getRequest, makeStaff, useTempDatabase } from "./harness";

useTempDatabase();

describe("the comparison table's .docx in LibreOffice", () => {
  it("converts to a landscape A4 PDF in the official form, page 1 kept as PNG", async () => {
    requireTool("soffice");
    requireTool("pdftoppm");
    const pdfinfo = requireTool("pdfinfo");
    const admin = await makeStaff({ role: "admin" });
    const { consultationId } = await loadDemo(null);
    const res = (await docxRoute.loader({ request: getRequest(`/x`, admin.cookie), params: { id: String(consultationId) }, context: ctx })) as Response;
    expect(res.status).toBe(200);
    const out = process.env.COMPARISON_OUT;
    const dir = out ? path.resolve(out) : fs.mkdtempSync(path.join(os.tmpdir(), "gopy-lo-ct-"));
    fs.mkdirSync(dir, { recursive: true });
    try {
      const { pages, pdf } = docxToPdf(Buffer.from(await res.arrayBuffer()), dir, "comparison-table");
      const text = pages.join("\n");
      const flat = text.replace(/\s+/g, " ");
      const first = pages[0]!;
      // A4 landscape: 842 × 595 points.
      expect(execFileSync(pdfinfo, [pdf], { encoding: "utf8" })).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts/);
      // The report's header block, the national name on one line.
      expect(first).toContain("UBND TỈNH SÓC TRĂNG");
      expect(first).toContain("SỞ NỘI VỤ");
      expect(first.split("\n").some((l) => l.includes("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))).toBe(true);
      expect(first).toContain("Độc lập - Tự do - Hạnh phúc");
      expect(first).toMatch(/Sóc Trăng, ngày\s+tháng\s+năm \d{4}/);
      expect(first).toContain("BẢNG SO SÁNH");
      expect(flat).toContain("Dự thảo lần 1 và Dự thảo lần 2");
      // The table: citations (never internal labels), both wordings, the reasons (short words: the columns wrap).
      for (const expected of ["STT", "Điều, khoản", "Nội dung Dự thảo lần 1", "Nội dung Dự thảo lần 2", "Lý do chỉnh sửa", "Điểm b", "Đài Phát thanh -", "Tiếp thu ý kiến của", "Chỉnh sửa của cơ quan soạn thảo"]) {
        expect(flat, expected).toContain(expected);
      }
      expect(text).not.toMatch(/\bD\d+\.\d+|\bII\.1\.[a-z]\b|¶/);
      // The table's header row is repeated at the top of every following page, under the page number.
      expect(pages.length).toBeGreaterThanOrEqual(2);
      for (const [i, page] of pages.slice(1).entries()) {
        const top = page.split("\n").filter((l) => l.trim() !== "");
        expect(top[0]!.trim(), `page ${i + 2} number`).toBe(String(i + 2));
        expect(top.slice(1, 3).join(" "), `page ${i + 2} header row`).toMatch(/STT\s+Điều, khoản\s+Nội dung Dự thảo lần 1/);
      }
      // "Nơi nhận" and the signature block from the report settings.
      expect(text).toContain("Nơi nhận:");
      expect(text).toContain("KT. GIÁM ĐỐC");
      expect(text).toContain("PHÓ GIÁM ĐỐC");
      console.log(`comparison table .docx via LibreOffice: ${pages.length} pages`);
      const png = path.join(dir, "comparison-table-page1.png");
      firstPagePng(pdf, png);
      expect(fs.statSync(png).size).toBeGreaterThan(10_000);
    } finally {
      if (!out) fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
