/**
 * Issue 16, part 4, in the browser: an agency on a phone (390 px) disagrees with one clause (the verdict
 * "Không đồng ý" and the clause's box "Không đồng ý với nội dung này"); without a box ticked it is asked
 * for one, its comment kept; the receipt shows the verdict. The drafter finds it on the disagreements
 * page with its objection, settles it with a note after consultation and downloads the .docx and .xlsx.
 * The verdict chosen and the boxes ticked are autosaved like the typed comments: a reload keeps them.
 */
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
const SAMPLES = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so");
const DRAFTER = "Sở Nội vụ (không đồng ý)";
const AGENCY = "Sở Tư pháp (không đồng ý)";
const PHONE = { width: 390, height: 844 };
const COMMENT = "Sở Tư pháp không đồng ý với nội dung này: cần giữ quy định hiện hành.";
const NOTE = "Đã trao đổi ngày 05/12/2026; hai bên thống nhất giữ nguyên dự thảo.";

/** A consultation with the agency invited; returns the agency's link and the consultation's address. */
async function setUp(): Promise<{ link: string; consultationUrl: string }> {
  const drafter = await newPage(portal.browser());
  const base = portal.baseURL();
  await signIn(drafter, base, ADMIN.email, ADMIN.password);
  for (const [name, email] of [[DRAFTER, "snv-kdy@soctrang.example"], [AGENCY, "stp-kdy@soctrang.example"]]) {
    await drafter.goto(`${base}/staff/admin/agencies`);
    if (await drafter.getByRole("cell", { name, exact: true }).count()) continue;
    await drafter.getByLabel("Tên cơ quan").fill(name);
    await drafter.getByLabel("Thư điện tử liên hệ").fill(email);
    await drafter.getByRole("button", { name: "Thêm", exact: true }).click();
    await drafter.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
  }
  await drafter.goto(`${base}/staff/consultations/new`);
  await drafter.getByLabel("Tên dự thảo").fill(`Kế hoạch thi hành Luật Thực hiện dân chủ ở cơ sở (không đồng ý ${Date.now()})`);
  await drafter.getByLabel("Cơ quan chủ trì soạn thảo").selectOption({ label: DRAFTER });
  await drafter.getByLabel("Hạn góp ý").fill("2099-07-06T00:00");
  await drafter.getByLabel("Nội dung văn bản đề nghị góp ý").fill(fs.readFileSync(path.join(SAMPLES, "invitation-letter.txt"), "utf8"));
  await drafter.getByRole("button", { name: "Tạo", exact: true }).click();
  await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
  const consultationUrl = drafter.url();
  await drafter.getByRole("link", { name: "Thêm dự thảo" }).first().click();
  await drafter.getByLabel("Tệp dự thảo").setInputFiles(path.join(SAMPLES, "draft-v1.txt"));
  await drafter.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
  await drafter.getByRole("button", { name: "Công bố lần dự thảo này" }).click();
  await drafter.waitForURL(consultationUrl);
  await drafter.goto(`${consultationUrl}/invitations`);
  await drafter.getByLabel(AGENCY).check();
  await drafter.getByRole("button", { name: "Mời và bắt đầu lấy ý kiến" }).click();
  const link = await drafter.locator(`tr[data-agency="${AGENCY}"] .copy-link input`).inputValue();
  await drafter.context().close();
  return { link, consultationUrl };
}

async function download(page: Page, label: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: label }).click()]);
  return fs.readFileSync((await file.path())!);
}

describe("an agency disagrees with a clause, the drafter settles it", () => {
  it("on a phone, then on the disagreements page, with the exports", { timeout: 240_000 }, async () => {
    const { link, consultationUrl } = await setUp();
    const agency = await newPage(portal.browser(), PHONE);
    await agency.goto(link);
    await agency.getByRole("searchbox", { name: "Tìm trong dự thảo" }).waitFor();
    // The first clause card after the general one: its comment box.
    const card = agency.locator("section.clause-card:not(.general)").nth(1);
    await card.locator("summary").first().click();
    await card.getByLabel("Nội dung góp ý", { exact: true }).fill(COMMENT);
    // The verdict: disagree. The clause's box shows only then (with the page's script).
    const objection = card.getByLabel("Không đồng ý với nội dung này");
    expect(await objection.isVisible()).toBe(false);
    await agency.getByLabel("Không đồng ý", { exact: true }).check();
    await objection.waitFor({ state: "visible" });
    await agency.getByLabel("Họ tên người ký / người gửi").fill("Nguyễn Văn A");
    await agency.getByLabel("Chức vụ").fill("Giám đốc");
    // No box ticked: asked for one, nothing lost.
    await agency.getByRole("button", { name: "Gửi góp ý" }).click();
    await agency.getByText("Quý cơ quan chọn «Không đồng ý» nhưng chưa đánh dấu điều, khoản nào.").first().waitFor();
    expect(await card.getByLabel("Nội dung góp ý", { exact: true }).inputValue()).toBe(COMMENT);
    expect(await agency.getByLabel("Không đồng ý", { exact: true }).isChecked()).toBe(true);
    // Nothing wider than the phone.
    expect(await agency.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await card.getByLabel("Không đồng ý với nội dung này").check();
    await agency.getByRole("button", { name: "Gửi góp ý" }).click();
    await agency.getByTestId("receipt-heading").waitFor();
    expect(await agency.getByTestId("receipt-verdict").innerText()).toContain("Không đồng ý");
    expect(await agency.getByTestId("objection").count()).toBe(1);
    await agency.context().close();

    const drafter = await newPage(portal.browser());
    await signIn(drafter, portal.baseURL(), ADMIN.email, ADMIN.password);
    await drafter.goto(`${consultationUrl}/invitations`);
    expect(await drafter.locator(`tr[data-agency="${AGENCY}"]`).getByTestId("verdict").innerText()).toBe("Không đồng ý");
    await drafter.goto(consultationUrl);
    await drafter.getByRole("link", { name: "Ý kiến không đồng ý" }).click();
    await drafter.getByRole("heading", { name: "Ý kiến không đồng ý", level: 1 }).waitFor();
    const item = drafter.getByTestId("disagreement").filter({ hasText: COMMENT });
    expect(await item.getByTestId("objection").count()).toBe(1);
    expect(await item.innerText()).toContain("Chưa trả lời");
    // An empty note is refused; then settled with the note.
    await item.getByRole("button", { name: "Đánh dấu đã thống nhất" }).click();
    await item.getByText("Hãy ghi kết quả trao đổi.").waitFor();
    await item.getByLabel("Kết quả trao đổi").fill(NOTE);
    await item.getByRole("button", { name: "Đánh dấu đã thống nhất" }).click();
    await item.getByTestId("settlement").waitFor();
    expect(await item.getByTestId("settlement").innerText()).toContain(NOTE);
    expect(await drafter.getByTestId("disagreements-totals").innerText()).toBe("0 ý kiến chưa thống nhất · 1 ý kiến đã thống nhất sau trao đổi");

    const docx = await download(drafter, "Văn bản .docx");
    const xml = (await (await JSZip.loadAsync(docx)).file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
    for (const text of ["BẢNG TỔNG HỢP Ý KIẾN KHÔNG ĐỒNG Ý", AGENCY, COMMENT, NOTE, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]) expect(xml, text).toContain(text);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(drafter, "Bảng tính .xlsx")) as unknown as ArrayBuffer);
    const values = workbook.worksheets[0]!.getColumn(5).values;
    expect(values).toContain(COMMENT);
    expect(workbook.worksheets[0]!.getColumn(9).values).toContain(NOTE);
    // Undo.
    await item.getByRole("button", { name: "Bỏ đánh dấu đã thống nhất" }).click();
    await item.getByLabel("Kết quả trao đổi").waitFor();
    await drafter.context().close();
  });

  it("on a phone, the verdict chosen and a clause ticked are autosaved and come back on reload", { timeout: 240_000 }, async () => {
    const { link } = await setUp();
    const agency = await newPage(portal.browser(), PHONE);
    await agency.goto(link);
    await agency.getByRole("searchbox", { name: "Tìm trong dự thảo" }).waitFor();
    const card = agency.locator("section.clause-card:not(.general)").nth(1);
    const status = agency.locator(".submit-box [aria-live=polite]");
    await agency.getByLabel("Không đồng ý", { exact: true }).check();
    await status.filter({ hasText: "Đã lưu nháp." }).waitFor();
    // The tick's own autosave (the clause's fields with its "o:" box): the page says it is saving, then saved.
    const ticked = agency.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/i/"));
    await card.getByLabel("Không đồng ý với nội dung này").check();
    expect((await ticked).status()).toBe(200);
    await status.filter({ hasText: "Đã lưu nháp." }).waitFor();
    await agency.reload();
    await agency.getByRole("searchbox", { name: "Tìm trong dự thảo" }).waitFor();
    expect(await agency.getByLabel("Không đồng ý", { exact: true }).isChecked()).toBe(true);
    const box = agency.locator("section.clause-card:not(.general)").nth(1).getByLabel("Không đồng ý với nội dung này");
    expect(await box.isVisible()).toBe(true);
    expect(await box.isChecked()).toBe(true);
    // Only that clause: the next one's box is not ticked.
    expect(await agency.locator("section.clause-card:not(.general)").nth(2).getByLabel("Không đồng ý với nội dung này").isChecked()).toBe(false);
    await agency.context().close();
  });

  it("without JavaScript: the verdict and every objection box are there, and the answer goes through", { timeout: 240_000 }, async () => {
    const { link } = await setUp();
    const context = await portal.browser().newContext({ javaScriptEnabled: false, viewport: PHONE, locale: "vi-VN" });
    const agency = await context.newPage();
    await agency.goto(link);
    const card = agency.locator("section.clause-card:not(.general)").nth(1);
    await card.locator("summary").first().click();
    await card.getByLabel("Nội dung góp ý", { exact: true }).fill(COMMENT);
    await agency.getByLabel("Không đồng ý", { exact: true }).check();
    await card.getByLabel("Không đồng ý với nội dung này").check();
    await agency.getByLabel("Họ tên người ký / người gửi").fill("Nguyễn Văn B");
    await agency.getByLabel("Chức vụ").fill("Phó Giám đốc");
    await agency.getByRole("button", { name: "Gửi góp ý" }).click();
    await agency.getByTestId("receipt-heading").waitFor();
    expect(await agency.getByTestId("receipt-verdict").innerText()).toContain("Không đồng ý");
    await context.close();
  });
});
