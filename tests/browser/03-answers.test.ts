/**
 * Issue 6's path in the browser on the Sóc Trăng demo: answer a comment, group two similar comments
 * under one answer, export the .docx, .xlsx and .csv and open each file, publish the answers and read
 * them through the agency's own link.
 *
 * The demo loads once per database ("loading twice changes nothing"), and the tests of a file share
 * one database, so the answering, the report and the publishing make one test: each of its steps
 * needs the answers of the one before on the same demo. `openDemo()` loads the demo or, when another
 * test of the file has loaded it already, opens it, so either test can run alone.
 */
import ExcelJS from "exceljs";
import fs from "node:fs";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
const DEMO_TITLE = "Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở";

/** Signs a drafter in and opens the Sóc Trăng demo, loading it with the home's button if it is not there yet. */
async function openDemo(): Promise<{ drafter: Page; consultationUrl: string }> {
  const drafter = await newPage(portal.browser());
  await signIn(drafter, portal.baseURL(), ADMIN.email, ADMIN.password);
  await drafter.getByRole("heading", { level: 1, name: "Dự thảo lấy ý kiến" }).waitFor();
  const load = drafter.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" });
  if (await load.count()) await load.click();
  else await drafter.getByRole("link", { name: DEMO_TITLE, exact: true }).click();
  await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
  return { drafter, consultationUrl: drafter.url() };
}

async function download(drafter: Page, label: string): Promise<Buffer> {
  const [file] = await Promise.all([drafter.waitForEvent("download"), drafter.getByRole("link", { name: label }).click()]);
  return fs.readFileSync((await file.path())!);
}

describe("answering the comments and exporting the report", () => {
  it("loads the demo and opens the answers board", async () => {
    const { drafter } = await openDemo();
    await drafter.getByRole("link", { name: "Trả lời góp ý" }).click();
    await drafter.getByRole("heading", { name: "Tiếp thu, giải trình ý kiến góp ý" }).waitFor();
    expect(await drafter.getByTestId("answer-progress").innerText()).toBe("Đã trả lời 5 trên 5 ý kiến");
  });

  it("answers one comment, groups two similar ones under one answer, exports the report with them and publishes the answers to the agency", async () => {
    const { drafter, consultationUrl } = await openDemo();
    await drafter.getByRole("link", { name: "Trả lời góp ý" }).click();
    await drafter.getByRole("heading", { name: "Tiếp thu, giải trình ý kiến góp ý" }).waitFor();

    // Answers one comment, and groups two similar ones under one answer.
    const card = drafter.locator("li.comment-card", { hasText: "Thống nhất giao Ủy ban MTTQ" });
    await card.getByLabel("Ý kiến xử lý").selectOption({ label: "Tiếp thu một phần" });
    await card.getByLabel("Nội dung tiếp thu, giải trình").fill("Tiếp thu một phần: bổ sung nguồn kinh phí tập huấn tại khoản 4 Mục III.");
    await card.getByRole("button", { name: "Lưu" }).click();
    await drafter.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
    await expect.poll(() => drafter.locator("li.comment-card", { hasText: "Thống nhất giao Ủy ban MTTQ" }).locator(".badge").first().innerText()).toBe("Tiếp thu một phần");

    await drafter.locator("li.comment-card", { hasText: "Tên cơ quan chưa đúng" }).getByLabel("Chọn", { exact: true }).check();
    await drafter.locator("li.comment-card", { hasText: "Các nội dung của mục đích" }).getByLabel("Chọn", { exact: true }).check();
    const group = drafter.locator("#group-form");
    await group.getByLabel("Nội dung tiếp thu, giải trình").fill("Tiếp thu chung: đã chỉnh sửa câu chữ theo góp ý.");
    await group.getByRole("button", { name: "Gộp các ý kiến đã chọn và trả lời chung" }).click();
    await drafter.getByText("Đã gộp và trả lời chung.").waitFor();
    await expect.poll(() => drafter.getByText("trả lời chung cho 2 ý kiến").count()).toBe(2);

    // Shows the report and exports .docx, .xlsx and .csv holding every comment, answer and agency.
    await drafter.getByRole("link", { name: "Báo cáo tiếp thu, giải trình" }).click();
    await drafter.getByRole("heading", { name: "BÁO CÁO" }).waitFor();
    const table = await drafter.getByTestId("report-table").innerText();
    // The grouped comments make one row naming both agencies.
    // (one agency a line in the cell)
    expect(table).toMatch(/Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng\s+Sở Tư pháp tỉnh Sóc Trăng|Sở Tư pháp tỉnh Sóc Trăng\s+Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng/);
    expect(table).toContain("Tiếp thu chung: đã chỉnh sửa câu chữ theo góp ý.");
    // Clauses by their citation: "Điểm d khoản 1 Mục II", never "Mục II.1.d".
    expect(table).toContain("Điểm d khoản 1 Mục II (Dự thảo lần 1)");
    expect(table).not.toContain("Mục II.1");

    const docx = await JSZip.loadAsync(await download(drafter, "Tải báo cáo (.docx)"));
    const xml = (await docx.file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
    for (const text of ["Tên cơ quan chưa đúng tên gọi hiện nay", "Tiếp thu một phần: bổ sung nguồn kinh phí", "Tiếp thu chung: đã chỉnh sửa câu chữ theo góp ý.", "Sở Tư pháp tỉnh Sóc Trăng", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng", "Đến nay, đã nhận được ý kiến của 3 cơ quan, đơn vị"]) {
      expect(xml, text).toContain(text);
    }

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(drafter, "Tải bảng ý kiến (.xlsx)")) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    // Title, seven summary rows (two for the People's Committee's members, issue 17; one for the
    // verdicts, issue 16) and a blank row above the header row (row 10), then the 5 comments.
    expect(sheet.getRow(10).getCell(1).value).toBeTruthy();
    expect(sheet.rowCount).toBe(15);
    expect(sheet.getColumn(4).values).toContain("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng");
    expect(sheet.getColumn(8).values).toContain("Tiếp thu một phần: bổ sung nguồn kinh phí tập huấn tại khoản 4 Mục III.");

    const csv = (await download(drafter, "Tải bảng ý kiến (.csv)")).toString("utf8");
    expect(csv.split("\n").filter((l) => l.trim()).length).toBe(6);
    expect(csv).toContain("Tiếp thu chung: đã chỉnh sửa câu chữ theo góp ý.");
    expect(csv).toContain("Điểm d khoản 1 Mục II");

    // Publishes the answers, and the agency reads them through its own link.
    await drafter.goto(`${consultationUrl}/answers`);
    await drafter.getByRole("button", { name: "Công bố câu trả lời cho các cơ quan" }).click();
    await drafter.getByText("Các cơ quan đã xem được câu trả lời").waitFor();
    await drafter.goto(`${consultationUrl}/invitations`);
    const link = await drafter.locator('tr[data-agency="Sở Tư pháp tỉnh Sóc Trăng"] .copy-link input').inputValue();
    const agency = await newPage(portal.browser(), { width: 414, height: 900 });
    await agency.goto(link);
    await agency.getByRole("link", { name: "Xem phiếu tiếp nhận" }).click();
    await agency.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
    expect(await agency.getByTestId("answer").allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining("Tiếp thu chung: đã chỉnh sửa câu chữ theo góp ý.")]),
    );
  });
});
