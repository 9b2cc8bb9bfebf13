/**
 * Issue 16's "done when", in the browser: an agency selects "Đài Phát thanh - Truyền hình" in a clause
 * of the Sóc Trăng draft (version 2) and proposes "Đài Phát thanh và Truyền hình"; the drafter accepts
 * it on the answers board; the working copy shows the change; publishing it creates version 3, whose
 * comparison with version 2 shows exactly that change and whose lineage was declared, not guessed; the
 * bảng so sánh .docx holds the row with the reason (the answer and the agency behind it).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
const SAMPLES = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so");
const TITLE = "Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở (vòng soạn thảo)";
const LDLD = "Liên đoàn Lao động tỉnh Sóc Trăng";
const OLD = "Đài Phát thanh - Truyền hình";
const NEW = "Đài Phát thanh và Truyền hình";
const REASON = "Ghi đúng tên cơ quan theo quyết định thành lập.";
const ANSWER = "Tiếp thu, sửa tên Đài theo đúng quyết định thành lập.";

/** Adds a version from a text file and publishes it. */
async function publishDraft(drafter: Page, consultationUrl: string, file: string) {
  await drafter.goto(consultationUrl);
  await drafter.getByRole("link", { name: "Thêm dự thảo" }).first().click();
  await drafter.getByLabel("Tệp dự thảo").setInputFiles(file);
  await drafter.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
  await drafter.waitForURL(/\/versions\/\d+$/);
  await drafter.getByRole("button", { name: "Công bố lần dự thảo này" }).click();
  await drafter.waitForURL(consultationUrl);
}

/** Selects the words in the element's text as a person would with the mouse (a Range, then mouseup). */
async function selectWords(page: Page, selector: string, words: string) {
  const found = await page.locator(selector).evaluate((root, w) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(w);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      return true;
    }
    return false;
  }, words);
  expect(found).toBe(true);
}

describe("the drafting loop: a phrase suggestion becomes version 3", () => {
  it("select, propose, accept, working copy, publish v3 with declared lineage, comparison, bảng so sánh", async () => {
    const drafter = await newPage(portal.browser());
    await signIn(drafter, portal.baseURL(), ADMIN.email, ADMIN.password);
    await drafter.getByRole("heading", { level: 1, name: "Dự thảo lấy ý kiến" }).waitFor();
    const load = drafter.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" });
    if (await load.count()) {
      await load.click();
      await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
    }

    // A consultation of its own: version 1 is draft-v1.txt; version 2 is draft-v2.txt as a clerk might
    // have left it, with the radio station's old name.
    await drafter.goto(`${portal.baseURL()}/staff/consultations/new`);
    await drafter.getByLabel("Tên dự thảo").fill(TITLE);
    await drafter.getByLabel("Cơ quan chủ trì soạn thảo").selectOption({ label: "Sở Nội vụ tỉnh Sóc Trăng" });
    await drafter.getByLabel("Hạn góp ý").fill("2099-07-06T00:00");
    await drafter.getByLabel("Nội dung văn bản đề nghị góp ý").fill(fs.readFileSync(path.join(SAMPLES, "invitation-letter.txt"), "utf8"));
    await drafter.getByRole("button", { name: "Tạo", exact: true }).click();
    await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
    const consultationUrl = drafter.url();
    await publishDraft(drafter, consultationUrl, path.join(SAMPLES, "draft-v1.txt"));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-loop-"));
    const v2 = path.join(dir, "du-thao-lan-2.txt");
    const v2Text = fs.readFileSync(path.join(SAMPLES, "draft-v2.txt"), "utf8").replace(NEW, OLD);
    expect(v2Text).toContain(OLD);
    fs.writeFileSync(v2, v2Text);
    await publishDraft(drafter, consultationUrl, v2);

    // One agency is invited.
    await drafter.goto(`${consultationUrl}/invitations`);
    await drafter.getByLabel(LDLD, { exact: true }).check();
    await drafter.getByRole("button", { name: "Mời và bắt đầu lấy ý kiến" }).click();
    const link = await drafter.locator(`tr[data-agency="${LDLD}"] .copy-link input`).first().inputValue();

    // The agency, on a phone, selects the old name in its clause and proposes the new one.
    const agency = await newPage(portal.browser(), { width: 390, height: 844 });
    await agency.goto(link);
    const phrases = agency.locator('[data-testid="phrase-suggestions"]').filter({ hasText: OLD });
    expect(await phrases.count()).toBe(1);
    const clauseKey = await phrases.getAttribute("data-clause");
    await selectWords(agency, `[data-testid="phrase-suggestions"][data-clause="${clauseKey}"] [data-testid="clause-body"]`, OLD);
    const editor = phrases.getByTestId("phrase-editor");
    await editor.waitFor();
    await editor.getByLabel("Sửa thành").fill(NEW);
    await editor.getByLabel("Lý do (không bắt buộc)").fill(REASON);
    await editor.getByRole("button", { name: "Lưu đề xuất" }).click();
    const item = phrases.getByTestId("phrase-item");
    await item.waitFor();
    expect(await item.getByTestId("phrase-diff").getAttribute("data-quote")).toBe(OLD);
    expect(await item.getByTestId("phrase-diff").getAttribute("data-suggestion")).toBe(NEW);
    await agency.getByLabel("Họ tên người ký / người gửi").fill("Lê Minh Tâm");
    await agency.getByLabel("Chức vụ").fill("Phó Chủ tịch");
    await agency.getByRole("button", { name: "Gửi góp ý" }).click();
    await agency.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
    await agency.screenshot({ path: path.join(dir, "receipt.png"), fullPage: true });

    // The drafter accepts it on the answers board and writes the answer.
    await drafter.goto(`${consultationUrl}/answers`);
    const card = drafter.locator("li.comment-card").filter({ hasText: NEW }).first();
    await card.waitFor();
    await card.getByRole("button", { name: "Tiếp thu vào dự thảo mới" }).click();
    await card.getByTestId("accept-box").getByText("Đã tiếp thu vào dự thảo mới").waitFor();
    expect(await card.locator('select[name="decision"]').inputValue()).toBe("accepted");
    await card.locator('textarea[name="text"]').fill(ANSWER);
    await Promise.all([drafter.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/answers")), card.getByRole("button", { name: "Lưu", exact: true }).click()]);
    await drafter.reload();
    expect(await drafter.locator("li.comment-card").filter({ hasText: NEW }).first().locator('textarea[name="text"]').inputValue()).toBe(ANSWER);

    // The working copy shows the change, and nothing else changed.
    await drafter.goto(`${consultationUrl}/working-copy`);
    await drafter.getByRole("heading", { level: 1, name: "Bản làm việc của dự thảo mới" }).waitFor();
    const changed = drafter.locator('[data-testid="working-clause"].changed');
    expect(await changed.count()).toBe(1);
    expect(await changed.locator("del").allInnerTexts()).toEqual(["-"]);
    expect(await changed.locator("ins").allInnerTexts()).toEqual(["và"]);
    await drafter.screenshot({ path: path.join(dir, "working-copy.png"), fullPage: true });

    // Published: version 3.
    await drafter.getByRole("button", { name: "Công bố dự thảo mới" }).click();
    await drafter.getByText("Đã công bố Dự thảo lần 3").first().waitFor();

    // The comparison of versions 2 and 3 shows exactly that change.
    await drafter.goto(`${consultationUrl}/compare`);
    const summary = await drafter.getByTestId("compare-summary").innerText();
    expect(summary).toMatch(/^Thêm mới 0 mục, bỏ 0 mục, sửa đổi 1 mục, giữ nguyên \d+ mục\.$/);
    expect(await drafter.locator(".diff-text del").allInnerTexts()).toEqual(["-"]);
    expect(await drafter.locator(".diff-text ins").allInnerTexts()).toEqual(["và"]);

    // Version 3's page says its lineage was declared by the working copy, not found by alignment.
    await drafter.goto(consultationUrl);
    await drafter.getByRole("link", { name: "Dự thảo lần 3" }).first().click();
    await drafter.waitForURL(/\/versions\/\d+$/);
    expect(await drafter.getByTestId("lineage-declared").innerText()).toContain("không dựa vào so khớp tự động");

    // The bảng so sánh .docx holds the row with the old and new wording and the reason.
    await drafter.goto(`${consultationUrl}/comparison-table`);
    const [file] = await Promise.all([drafter.waitForEvent("download"), drafter.getByRole("link", { name: "Tải bảng so sánh (.docx)" }).click()]);
    const zip = await JSZip.loadAsync(fs.readFileSync((await file.path())!));
    const xml = (await zip.file("word/document.xml")!.async("string")).replace(/<w:p[ >]/g, "\n$&").replace(/<[^>]+>/g, "");
    expect(xml).toContain(`${OLD} tỉnh, Báo Sóc Trăng`);
    expect(xml).toContain(LDLD);
    await agency.context().close();
    await drafter.context().close();
  });
});
