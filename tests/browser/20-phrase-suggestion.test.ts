/**
 * Issue 16, part 1 on a phone: the agency selects "Đài Phát thanh - Truyền hình" in point b of khoản 1
 * Mục II of the Sóc Trăng plan (a Range and a mouseup, as a finger or a mouse leaves it), proposes
 * "Đài Phát thanh và Truyền hình" with a reason, sees it listed as a word diff, submits, finds it on the
 * receipt, and the drafter finds it on the comments page. The keyboard path ("Đề xuất sửa cụm từ")
 * adds a deletion by typing the words.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
const SAMPLES = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so");
const DRAFTER = "Sở Nội vụ (cụm từ)";
const AGENCY = "Sở Tư pháp (cụm từ)";
const PHONE = { width: 390, height: 844 };
const DAI = "Đài Phát thanh - Truyền hình";
const NEW = "Đài Phát thanh và Truyền hình";

/** A consultation of its own with the agency invited: the agency's link and the consultation's page. */
async function agencyLink(): Promise<{ link: string; consultationUrl: string }> {
  const drafter = await newPage(portal.browser());
  const base = portal.baseURL();
  await signIn(drafter, base, ADMIN.email, ADMIN.password);
  for (const [name, email] of [[DRAFTER, "snv-phrase@soctrang.example"], [AGENCY, "stp-phrase@soctrang.example"]]) {
    await drafter.goto(`${base}/staff/admin/agencies`);
    if (await drafter.getByRole("cell", { name, exact: true }).count()) continue;
    await drafter.getByLabel("Tên cơ quan").fill(name);
    await drafter.getByLabel("Thư điện tử liên hệ").fill(email);
    await drafter.getByRole("button", { name: "Thêm", exact: true }).click();
    await drafter.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
  }
  await drafter.goto(`${base}/staff/consultations/new`);
  await drafter.getByLabel("Tên dự thảo").fill(`Kế hoạch thi hành Luật Thực hiện dân chủ ở cơ sở (cụm từ ${Date.now()})`);
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

/** Selects `words` in a clause card's text as a mouse or a finger would, and lets go. */
async function selectWords(page: Page, cardSelector: string, words: string) {
  await page.locator(cardSelector).getByTestId("clause-body").evaluate((el, w) => {
    const node = el.firstChild!;
    const at = node.textContent!.indexOf(w);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + w.length);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    el.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
  }, words);
}

describe("a suggestion on a phrase", () => {
  it("selected on a phone, proposed, submitted: on the receipt and on the drafter's comments page", async () => {
    const { link, consultationUrl } = await agencyLink();
    const page = await newPage(portal.browser(), PHONE);
    await page.goto(link);
    await page.getByRole("searchbox", { name: "Tìm trong dự thảo" }).waitFor();
    const card = "#clause-II\\.1\\.b";
    await selectWords(page, card, DAI);
    const editor = page.locator(card).getByTestId("phrase-editor");
    await editor.waitFor();
    expect(await editor.getByTestId("phrase-diff").getAttribute("data-quote")).toBe(DAI);
    await editor.getByLabel("Sửa thành").fill(NEW);
    await editor.getByLabel("Lý do (không bắt buộc)").fill("Ghi đúng tên cơ quan.");
    await editor.getByRole("button", { name: "Lưu đề xuất" }).click();
    const item = page.locator(card).getByTestId("phrase-item");
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.locator("del").allInnerTexts()).toEqual(["-"]);
    expect(await item.locator("ins").allInnerTexts()).toEqual(["và"]);
    expect(await item.getByTestId("phrase-diff").getAttribute("data-suggestion")).toBe(NEW);
    // Autosaved: the list is a draft, back after a reload.
    await page.getByText("Đã lưu nháp.").waitFor();
    await page.reload();
    await page.getByRole("searchbox", { name: "Tìm trong dự thảo" }).waitFor();
    await expect.poll(() => page.locator(card).getByTestId("phrase-item").count()).toBe(1);

    // The keyboard path: the words typed as in the clause, nothing instead (a deletion).
    await page.locator(card).getByText("Đề xuất sửa cụm từ", { exact: true }).click();
    await page.locator(card).getByLabel("Cụm từ như trong văn bản").fill("Báo Sóc Trăng và ");
    await page.locator(card).getByRole("button", { name: "Thêm đề xuất" }).click();
    await expect.poll(() => page.locator(card).getByTestId("phrase-item").count()).toBe(2);
    expect(await page.locator(card).getByTestId("phrase-item").nth(1).locator("del").innerText()).toBe("Báo Sóc Trăng và");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await page.locator("#signerName").fill("Nguyễn Văn Bình");
    await page.locator("#signerPosition").fill("Phó Giám đốc");
    await page.getByRole("button", { name: "Gửi góp ý" }).click();
    await page.getByRole("heading", { level: 1, name: "Phiếu tiếp nhận góp ý" }).waitFor();
    const onReceipt = page.locator(".receipt-comments").getByTestId("phrase-suggestion");
    expect(await onReceipt.count()).toBe(2);
    expect(await onReceipt.first().getByTestId("phrase-diff").getAttribute("data-quote")).toBe(DAI);
    expect(await page.locator(".receipt-comments").innerText()).toContain("Ghi đúng tên cơ quan.");
    await page.context().close();

    const drafter = await newPage(portal.browser());
    await signIn(drafter, portal.baseURL(), ADMIN.email, ADMIN.password);
    await drafter.goto(`${consultationUrl}/comments`);
    const shown = drafter.getByTestId("phrase-suggestion");
    expect(await shown.count()).toBe(2);
    const diff = shown.first().getByTestId("phrase-diff");
    expect(await diff.getAttribute("data-quote")).toBe(DAI);
    expect(await diff.getAttribute("data-suggestion")).toBe(NEW);
    expect(await diff.innerText()).toContain("Sở Thông tin và Truyền thông;");
    await drafter.context().close();
  });

  it("words typed in the editor but not saved with its button are sent with the answer, not lost", async () => {
    const { link, consultationUrl } = await agencyLink();
    const page = await newPage(portal.browser(), PHONE);
    await page.goto(link);
    await page.getByRole("searchbox", { name: "Tìm trong dự thảo" }).waitFor();
    const card = "#clause-II\\.1\\.b";
    await selectWords(page, card, DAI);
    const editor = page.locator(card).getByTestId("phrase-editor");
    await editor.waitFor();
    await editor.getByLabel("Sửa thành").fill(DAI);
    await page.locator("#signerName").fill("Nguyễn Văn Bình");
    await page.locator("#signerPosition").fill("Phó Giám đốc");
    // The same words as the quote: nothing to propose; the form waits and says why.
    await page.getByRole("button", { name: "Gửi góp ý" }).click();
    await editor.getByText("Từ ngữ đề nghị sửa giống với cụm từ hiện có.").waitFor();
    expect(page.url()).toBe(link);
    await editor.getByLabel("Sửa thành").fill(NEW);
    await page.getByRole("button", { name: "Gửi góp ý" }).click();
    await page.getByRole("heading", { level: 1, name: "Phiếu tiếp nhận góp ý" }).waitFor();
    const onReceipt = page.locator(".receipt-comments").getByTestId("phrase-suggestion");
    expect(await onReceipt.count()).toBe(1);
    expect(await onReceipt.getByTestId("phrase-diff").getAttribute("data-suggestion")).toBe(NEW);
    await page.context().close();
    expect(consultationUrl).toMatch(/\/staff\/consultations\/\d+$/);
  });
});
