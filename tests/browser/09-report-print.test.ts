/**
 * The report's print view printed by Chromium (page.pdf, as "Save as PDF" does): it reads as the
 * official report the .docx is (the same checks as tests/integration/report-libreoffice.test.ts),
 * and takes as many pages as the .docx does in LibreOffice, give or take one. The report's language
 * is chosen next to the export links, whatever the interface's.
 *
 * REPORT_OUT=dir keeps both PDFs and page 1 of the print view as PNG there.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, like } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, DIALECT, getDb, write } from "#db/client.server";
import { comments, consultations } from "#db/schema";
import { loadDemo } from "~/demo/load-demo.server";
import { checkOfficialReport, DEMO_REPORT_SETTINGS, docxToPdf, firstPagePng, pdfPages } from "../support/report-checks";
import { ADMIN, launch, newPage, signIn } from "./browser";
import { startPortal, type Portal } from "./portal";
import { createTestDatabase, dropTestDatabase } from "../support/pg-database";

let dir = "";
let portal: Portal;
let browser: Browser;
let page: Page;
let reportUrl = "";
let databaseFile = "";
let pgDatabase = "";
const END_MARK = "(TB09)";
const LONG_REASON = [
  "Đồng thời, đề nghị cơ quan soạn thảo rà soát toàn bộ các văn bản được viện dẫn trong Kế hoạch, bảo đảm trích dẫn đúng tên gọi, số, ký hiệu và ngày ban hành của từng văn bản.",
  "Các nhiệm vụ giao cho các sở, ban, ngành tỉnh và Ủy ban nhân dân các huyện, thị xã, thành phố cần xác định rõ cơ quan chủ trì, cơ quan phối hợp, thời gian hoàn thành và sản phẩm đầu ra của từng nhiệm vụ.",
  "Nội dung về kinh phí thực hiện cần nêu rõ nguồn kinh phí, cơ quan lập dự toán, trách nhiệm tổng hợp và chế độ báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh theo định kỳ sáu tháng và hằng năm.",
  "Việc tuyên truyền, phổ biến Luật cần gắn với đặc thù của địa phương có đông đồng bào dân tộc Khmer, bảo đảm tài liệu được biên soạn song ngữ và phù hợp với từng nhóm đối tượng.",
  "Đề nghị bổ sung nhiệm vụ sơ kết, tổng kết việc thi hành Luật, giao Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan tham mưu Ủy ban nhân dân tỉnh tổ chức thực hiện.",
].join(" ");

beforeAll(async () => {
  // The demo with the settings a clerk fills in, seeded before the portal serves the database.
  dir = process.env.REPORT_OUT ? path.resolve(process.env.REPORT_OUT) : fs.mkdtempSync(path.join(os.tmpdir(), "gopy-print-"));
  fs.mkdirSync(dir, { recursive: true });
  // On the PostgreSQL pass the seeded database is one of its own on that server, dropped after.
  if (DIALECT === "pg") databaseFile = pgDatabase = await createTestDatabase();
  else {
    databaseFile = path.join(dir, "print.db");
    fs.rmSync(databaseFile, { force: true });
  }
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseFile;
  await closeDb();
  const { consultationId } = await loadDemo(null);
  const db = await getDb();
  await write(db, (w) => w.update(consultations).set({ reportSettings: JSON.stringify(DEMO_REPORT_SETTINGS) }).where(eq(consultations.id, consultationId)));
  // The demo's comments table fits on one page once the report's opening grew (the verdicts' paragraph
  // took it to page 2): the last comment is made long enough that the table runs over a page wherever
  // it starts, so the header's repetition is still shown. It ends with a mark to find its page by.
  const [last] = await db.select({ id: comments.id, text: comments.text }).from(comments).where(and(eq(comments.consultationId, consultationId), like(comments.text, "Khoản 3 ghi%")));
  await write(db, (w) => w.update(comments).set({ text: `${last!.text} ${LONG_REASON} ${END_MARK}` }).where(eq(comments.id, last!.id)));
  await closeDb();
  process.env.DATABASE_URL = previous;
  [portal, browser] = await Promise.all([startPortal({ databaseFile }), launch()]);
  page = await newPage(browser);
  await signIn(page, portal.baseURL, ADMIN.email, ADMIN.password);
  reportUrl = `${portal.baseURL}/staff/consultations/${consultationId}/report`;
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  if (pgDatabase) await dropTestDatabase(pgDatabase);
  if (!process.env.REPORT_OUT) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the report's print view", () => {
  it("prints as the official report, as many pages as the .docx give or take one", async () => {
    await page.goto(reportUrl);
    await page.getByRole("heading", { name: "BÁO CÁO" }).waitFor();
    const printed = path.join(dir, "print.pdf");
    await page.pdf({ path: printed, preferCSSPageSize: true });
    const pages = pdfPages(printed);
    if (process.env.SHOW_PDF) console.log(pages.join("\n\f\n"));
    checkOfficialReport(pages);
    firstPagePng(printed, path.join(dir, "print-page1.png"));

    // The .docx of the same report, as the drafter downloads it, through LibreOffice.
    const res = await page.request.get(`${reportUrl.replace(/\/report$/, "")}/export/docx`);
    expect(res.status()).toBe(200);
    const docxPages = docxToPdf(Buffer.from(await res.body()), dir, "report").pages;
    console.log(`report pages: print view via Chromium ${pages.length}, .docx via LibreOffice ${docxPages.length}`);
    expect(Math.abs(pages.length - docxPages.length)).toBeLessThanOrEqual(1);
  }, 180_000);

  it("repeats the table's header row on every page it runs over, and keeps the agency column readable", async () => {
    const widths = await page.locator("[data-testid=report-table] thead th").evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().width));
    // The agency column is wide enough for "Ủy ban Mặt trận" on one line (not a word a line).
    expect(widths[2]).toBeGreaterThan(90);
    const text = pdfPages(path.join(dir, "print.pdf"));
    const withHeader = text.filter((p) => /Nội dung góp ý/.test(p)).length;
    const withRows = text.filter((p) => /Ý kiến tiếp thu, giải|Tiếp thu/.test(p)).length;
    expect(withHeader).toBeGreaterThanOrEqual(Math.min(withRows, 2));
    // The comments table runs from its first page to the last comment's, its header on each of them.
    const first = text.findIndex((p) => /Nội dung góp ý/.test(p));
    const last = text.findIndex((p) => p.includes(END_MARK));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(last, "the comments table runs over a page").toBeGreaterThan(first);
    for (let i = first; i <= last; i++) expect(text[i], `page ${i + 1}`).toMatch(/Nội dung góp ý/);
  });

  it("is shown and exported in the language chosen next to the export links", async () => {
    await page.getByLabel("Ngôn ngữ của báo cáo").selectOption("en");
    await page.getByRole("button", { name: "Xem báo cáo" }).click();
    await page.waitForURL(/lang=en/);
    const report = page.getByTestId("report-page");
    await expect.poll(() => report.innerText()).toContain("SOCIALIST REPUBLIC OF VIET NAM");
    expect(await report.innerText()).not.toContain("CỘNG HÒA");
    // The interface stays Vietnamese; the links carry the report's language.
    expect(await page.getByRole("link", { name: "Tải báo cáo (.docx)" }).getAttribute("href")).toMatch(/\/export\/docx\?lang=en$/);
  });
});
