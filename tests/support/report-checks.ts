/**
 * What the report's tests share: the Sóc Trăng demo's report settings as a clerk fills them in, the
 * PDF LibreOffice makes of a .docx read back as text page by page, and the checks that the report
 * reads as an official one (Decree 30/2020, Phụ lục I), for the .docx and the print view alike.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { ReportSettings } from "~/domain/report/settings";
import { requireTool } from "./libreoffice";

/** The Sóc Trăng demo's settings as the clerk would fill them in. */
export const DEMO_REPORT_SETTINGS: ReportSettings = {
  governingBody: "UBND TỈNH SÓC TRĂNG",
  issuingBody: "SỞ NỘI VỤ",
  symbol: "SNV",
  placeName: "Sóc Trăng",
  signerAuthority: "KT.",
  signerAuthorityTitle: "GIÁM ĐỐC",
  signerTitle: "PHÓ GIÁM ĐỐC",
  signerName: "Trần Văn Lâm",
  recipients: "- UBND tỉnh (b/c);\n- Văn phòng UBND tỉnh;\n- Các cơ quan góp ý;\n- Lưu: VT, XDCQ.",
  requestSender: "Văn phòng UBND tỉnh",
  requestNumber: "3593/VP-VX",
  requestDate: "2023-07-04",
};

/** A PDF's text, page by page, as `pdftotext -layout` gives it. */
export function pdfPages(pdf: string): string[] {
  const text = execFileSync(requireTool("pdftotext"), ["-layout", pdf, "-"], { encoding: "utf8" });
  return text.split("\f").filter((page, i, all) => i < all.length - 1 || page.trim());
}

/** The PDF LibreOffice makes of a .docx (kept in `dir`): its text page by page and its path. */
export function docxToPdf(docx: Buffer, dir: string, name: string): { pages: string[]; pdf: string } {
  const libreoffice = requireTool("libreoffice");
  const file = path.join(dir, `${name}.docx`);
  fs.writeFileSync(file, docx);
  execFileSync(libreoffice, ["--headless", `-env:UserInstallation=file://${dir}/profile`, "--convert-to", "pdf", "--outdir", dir, file], { stdio: "ignore", timeout: 120_000 });
  const pdf = path.join(dir, `${name}.pdf`);
  return { pages: pdfPages(pdf), pdf };
}

/** Page 1 of a PDF as a PNG at 60 dpi (pdftoppm), written to `png`. */
export function firstPagePng(pdf: string, png: string): void {
  execFileSync(requireTool("pdftoppm"), ["-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, png.replace(/\.png$/, "")]);
}

/** The checks shared with the print view (tests/browser/06-report-print.test.ts). */
export function checkOfficialReport(pages: string[]): void {
  const text = pages.join("\n");
  const first = pages[0]!;
  const lines = first.split("\n");
  // Header: governing body above the issuing body on the left; national name on ONE line, motto.
  expect(first).toMatch(/UBND TỈNH SÓC TRĂNG/);
  expect(first).toMatch(/SỞ NỘI VỤ/);
  expect(lines.some((l) => l.includes("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), "national name on one line").toBe(true);
  expect(first).toContain("Độc lập - Tự do - Hạnh phúc");
  expect(lines.findIndex((l) => l.includes("UBND TỈNH SÓC TRĂNG"))).toBeLessThan(lines.findIndex((l) => l.includes("SỞ NỘI VỤ")));
  expect(first).toMatch(/Số:\s+\/BC-SNV/);
  expect(first).toMatch(/Sóc Trăng, ngày\s+tháng\s+năm \d{4}/);
  expect(text).not.toContain("ngày ngày");
  expect(first).toContain("BÁO CÁO");
  // The body: the real sender of the request letter, its number and date; no zero groups, no fractions.
  expect(text.replace(/\s+/g, " ")).toContain("Văn bản số 3593/VP-VX ngày 04/7/2023 của Văn phòng UBND tỉnh");
  expect(text).not.toMatch(/\b0 cơ quan/);
  expect(text).not.toMatch(/\b\d+\/\d+ ý kiến/);
  // The table: citations, never internal labels.
  for (const expected of ["STT", "Cơ quan góp", "Sở Tư", "Tiếp thu", "Điểm b", "Khoản 3", "Mục III"]) expect(text, expected).toContain(expected);
  expect(text).not.toMatch(/\bD\d+\.\d+|\bII\.1\.[a-z]\b|¶/);
  // Signature side and recipients.
  expect(text).toContain("Nơi nhận:");
  expect(text).toContain("- Lưu: VT, XDCQ.");
  expect(text).toContain("KT. GIÁM ĐỐC");
  expect(text).toContain("PHÓ GIÁM ĐỐC");
  expect(text).toContain("Trần Văn Lâm");
  // Page numbers: none on page 1, "2" alone at the top of page 2.
  expect(pages.length).toBeGreaterThanOrEqual(2);
  const topOfPage2 = pages[1]!.split("\n").find((l) => l.trim() !== "");
  expect(topOfPage2?.trim()).toBe("2");
  // The appendix.
  expect(text).toContain("PHỤ LỤC");
  expect(text).toContain("So sánh Dự thảo lần 1 và Dự thảo lần 2");
}
