/**
 * Issue "Real Word drafts in", its "Done when", in Debian's Chromium against the built portal: a
 * Word plan (automatic I. / 1. / a) numbering, the header and signature blocks, then "PHỤ LỤC" with
 * a task table after the signature, built by planWithTaskAppendix) is uploaded through the form; the
 * review outline names its clauses by citation ("Điểm a khoản 1 Mục I", "Phụ lục, dòng 1") and keeps
 * the front matter and the signature out; published, an agency on a phone comments on the first
 * table row; the comment list, the .csv, the .docx and the print view of the report cite that row.
 * Each test prepares its own agencies and consultation, so either runs alone.
 */
import { strFromU8, unzipSync } from "fflate";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { planWithTaskAppendix } from "../fixtures/docx/builders";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const TMP = path.resolve("tests/.tmp/word-draft");
const DOCX = path.join(TMP, "ke-hoach-trien-khai.docx");
const DOCS_SHOT = path.resolve("docs/screenshots/word-draft-review.png");
const ROW_1 = "PL.T1.R1";
const COMMENT = "Đề nghị ghi rõ thời gian tổ chức hội nghị quán triệt Luật trong Quý III/2023.";

/** Every clause of the plan in document order, by its anchor label, with the citation a reader sees. */
const OUTLINE: [label: string, citation: string][] = [
  ["I", "Mục I"],
  ["I.1", "Khoản 1 Mục I"],
  ["I.1.a", "Điểm a khoản 1 Mục I"],
  ["I.1.b", "Điểm b khoản 1 Mục I"],
  ["I.2", "Khoản 2 Mục I"],
  ["I.2.a", "Điểm a khoản 2 Mục I"],
  ["II", "Mục II"],
  ["II.1", "Khoản 1 Mục II"],
  ["II.2", "Khoản 2 Mục II"],
  ["III", "Mục III"],
  ["p1", "Đoạn kết"],
  // The Word heading under "PHỤ LỤC" names the appendix; the table under it reads as its columns.
  ["PL", "Phụ lục"],
  ["PL.T1", "Phụ lục, bảng"],
  [ROW_1, "Phụ lục, dòng 1"],
  ["PL.T1.R2", "Phụ lục, dòng 2"],
];
/** Lines of the header block, the preamble and the signature block: none may become a clause. */
const FRONT = ["ỦY BAN NHÂN DÂN", "TỈNH SÓC TRĂNG", "Số:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Sóc Trăng, ngày", "Căn cứ Luật Thực hiện dân chủ ở cơ sở"];
const BACK = ["Nơi nhận:", "- Như trên;", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lâm Hoàng Nghiệp"];

const portal = usePortal();
const baseURL = portal.baseURL;

beforeAll(async () => {
  fs.mkdirSync(TMP, { recursive: true });
  fs.writeFileSync(DOCX, await planWithTaskAppendix());
});

const clause = (page: Page, label: string) => page.locator(`[id="clause-${label}"]`);

/** A drafting and an invited agency, a consultation, and the .docx uploaded through the form; the page ends on the review page. */
async function prepare(page: Page, tag: string): Promise<{ consultationUrl: string; invited: string }> {
  await signIn(page, baseURL(), ADMIN.email, ADMIN.password);
  const drafting = `Sở Nội vụ (Word ${tag})`;
  const invited = `Sở Tư pháp (Word ${tag})`;
  for (const [name, email] of [
    [drafting, `snv-word-${tag}@example.test`],
    [invited, `stp-word-${tag}@example.test`],
  ] as const) {
    await page.goto(`${baseURL()}/staff/admin/agencies`);
    await page.getByLabel("Tên cơ quan").fill(name);
    await page.getByLabel("Thư điện tử liên hệ").fill(email);
    await page.getByRole("button", { name: "Thêm", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
  }
  await page.goto(`${baseURL()}/staff/consultations/new`);
  await page.getByLabel("Tên dự thảo").fill(`Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở (Word ${tag})`);
  await page.getByLabel("Cơ quan chủ trì soạn thảo").selectOption({ label: drafting });
  await page.getByLabel("Hạn góp ý").fill("2099-07-06T00:00");
  await page.getByLabel("Nội dung văn bản đề nghị góp ý").fill("Đề nghị các cơ quan góp ý dự thảo Kế hoạch.");
  await page.getByRole("button", { name: "Tạo", exact: true }).click();
  await page.waitForURL(/\/staff\/consultations\/\d+$/);
  const consultationUrl = page.url();
  await page.getByRole("link", { name: "Thêm dự thảo" }).first().click();
  await page.getByLabel("Tệp dự thảo").setInputFiles(DOCX);
  await page.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
  await page.waitForURL(/\/versions\/\d+$/);
  await page.getByRole("heading", { level: 1, name: "Dự thảo lần 1" }).waitFor();
  return { consultationUrl, invited };
}

describe("a Word draft with automatic numbering and an appendix table after the signature", () => {
  it("uploads through the form; the review outline shows Mục / khoản / điểm and the appendix rows by citation, no front matter or signature", async () => {
    const page = await newPage(portal.browser(), { width: 1280, height: 1600 });
    await prepare(page, "a");
    await page.getByText(`${OUTLINE.length} mục góp ý`).first().waitFor();
    // The title block was recognised as the title, not as a clause.
    expect(await page.locator(".page-head .muted").innerText()).toContain("KẾ HOẠCH Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở");

    // Exactly these clauses, in this order: every one addressable by its label, read by its citation.
    const outline = page.locator(".outline");
    expect(await outline.locator("li.clause").evaluateAll((items) => items.map((li) => li.id))).toEqual(OUTLINE.map(([label]) => `clause-${label}`));
    for (const [label, citation] of OUTLINE) {
      const link = clause(page, label).locator("a.clause-label").first();
      expect(await link.innerText(), label).toBe(citation);
      expect(await link.getAttribute("href"), label).toBe(`#clause-${label}`);
    }
    // The numbering nests as Word shows it: the điểm inside its khoản inside its Mục, the rows inside the appendix.
    await page.locator('[id="clause-I"] [id="clause-I.1"] [id="clause-I.1.a"]').waitFor();
    await page.locator('[id="clause-PL"] [id="clause-PL.T1"] [id="clause-PL.T1.R1"]').waitFor();
    expect(await clause(page, "I.1.a").locator(".clause-heading").first().innerText()).toBe("Xác định cụ thể nội dung công việc, thời hạn, tiến độ hoàn thành.");
    // Automatic numbers are not left in the text: the heading is the words after "a)".
    expect(await clause(page, "I").locator(".clause-heading").first().innerText()).toBe("MỤC ĐÍCH, YÊU CẦU");
    // A table row reads its cells under the column names.
    const row1 = clause(page, ROW_1);
    expect(await row1.locator(".clause-heading").innerText()).toBe("Tổ chức hội nghị quán triệt Luật");
    expect(await row1.locator(".clause-body").innerText()).toBe("Cơ quan chủ trì: Sở Nội vụ\nThời gian hoàn thành: Quý III/2023");

    // The header block, the preamble and the signature block are kept aside, not commented on.
    const outlineText = await outline.innerText();
    for (const line of [...FRONT, ...BACK]) expect(outlineText, line).not.toContain(line);
    const [front, back] = await page.locator("details.matter").all();
    expect(await front!.locator("summary").innerText()).toBe("Phần đầu văn bản (không lấy ý kiến)");
    expect(await back!.locator("summary").innerText()).toBe("Phần cuối văn bản (không lấy ý kiến)");
    const frontText = (await front!.locator(".prewrap").textContent()) ?? "";
    const backText = (await back!.locator(".prewrap").textContent()) ?? "";
    for (const line of FRONT) expect(frontText, line).toContain(line);
    for (const line of BACK) expect(backText, line).toContain(line);
    expect(backText).not.toContain("PHỤ LỤC");

    await page.screenshot({ path: path.join(TMP, "review-full.png"), fullPage: true });
    await page.screenshot({ path: DOCS_SHOT });
    expect(fs.statSync(DOCS_SHOT).size).toBeLessThan(300_000);
    await page.context().close();
  });

  it("an agency on a phone comments on the first appendix row; the comment list, the .csv, the .docx and the print view cite “Phụ lục, dòng 1”", async () => {
    const page = await newPage(portal.browser());
    const { consultationUrl, invited } = await prepare(page, "b");
    await page.getByRole("button", { name: "Công bố lần dự thảo này" }).click();
    await page.waitForURL(consultationUrl);
    await page.getByText("Đã công bố").first().waitFor();

    await page.goto(`${consultationUrl}/invitations`);
    await page.getByLabel(invited).check();
    await page.getByRole("button", { name: "Mời và bắt đầu lấy ý kiến" }).click();
    await page.getByText("Đã tạo 1 lời mời.").waitFor();
    const link = await page.locator(`tr[data-agency="${invited}"] .copy-link input`).inputValue();

    // The invitee: no account, a phone.
    const agency = await newPage(portal.browser(), { width: 390, height: 844 });
    await agency.goto(link);
    const cards = agency.locator("section.clause-card:not(.general)");
    await cards.first().waitFor();
    expect(await cards.count()).toBe(OUTLINE.length);
    expect(await agency.locator("main").innerText()).not.toContain("Lâm Hoàng Nghiệp");
    const card = cards.filter({ hasText: "Cơ quan chủ trì: Sở Nội vụ" });
    expect(await card.count()).toBe(1);
    expect(await card.getAttribute("id")).toBe(`clause-${ROW_1}`);
    expect(await card.locator(".clause-label").innerText()).toBe("Phụ lục, dòng 1");
    expect(await card.locator(".clause-heading").innerText()).toBe("Tổ chức hội nghị quán triệt Luật");
    expect(await card.locator(".clause-body").innerText()).toBe("Cơ quan chủ trì: Sở Nội vụ\nThời gian hoàn thành: Quý III/2023");
    expect(await agency.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    await card.locator("details.comment-box summary").click();
    await card.getByLabel("Nội dung góp ý").fill(COMMENT);
    await agency.screenshot({ path: path.join(TMP, "invitee-row-card.png") });
    await agency.getByLabel("Họ tên người ký / người gửi").fill("Nguyễn Văn Bình");
    await agency.getByLabel("Chức vụ").fill("Phó Giám đốc");
    await agency.getByRole("button", { name: "Gửi góp ý" }).click();
    await agency.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
    const receipt = await agency.locator(".receipt-comments").innerText();
    expect(receipt).toContain("Phụ lục, dòng 1");
    expect(receipt).toContain(COMMENT);
    expect(receipt).not.toContain(ROW_1);
    await agency.context().close();

    // The drafter: the board's comment list.
    await page.goto(`${consultationUrl}/invitations`);
    await page.getByRole("link", { name: "Xem các ý kiến" }).click();
    await page.getByRole("heading", { level: 1, name: "Tất cả ý kiến góp ý" }).waitFor();
    const comment = page.locator("li.comment-card").filter({ hasText: COMMENT });
    expect(await comment.locator(".comment-meta").innerText()).toContain(invited);
    expect(await comment.locator(".clause-ref").innerText()).toBe("Góp ý trên Dự thảo lần 1, Phụ lục, dòng 1 — Tổ chức hội nghị quán triệt Luật");
    // The outline counts it on the row.
    await page.goto(consultationUrl);
    expect(await clause(page, ROW_1).locator(".count-badge").innerText()).toBe("1 góp ý");

    // The report, its exports and its print view.
    await page.getByRole("link", { name: "Trả lời góp ý" }).click();
    await page.getByRole("link", { name: "Báo cáo tiếp thu, giải trình" }).click();
    await page.getByRole("heading", { name: "BÁO CÁO" }).waitFor();
    const table = await page.getByTestId("report-table").innerText();
    expect(table).toContain("Phụ lục, dòng 1 (Dự thảo lần 1)");
    expect(table).toContain(COMMENT);
    expect(table).not.toContain(ROW_1);

    const download = async (label: string): Promise<Buffer> => {
      const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: label }).click()]);
      return fs.readFileSync((await file.path())!);
    };
    const csv = (await download("Tải bảng ý kiến (.csv)")).toString("utf8");
    const csvRow = csv.split(/\r?\n/).find((line) => line.includes(COMMENT));
    expect(csvRow).toBeDefined();
    expect(csvRow!).toMatch(/phụ lục, dòng 1/i);
    expect(csvRow!).toContain(invited);
    expect(csv).not.toContain(ROW_1);

    const files = unzipSync(new Uint8Array(await download("Tải báo cáo (.docx)")));
    const xml = strFromU8(files["word/document.xml"]!);
    const words = xml.replace(/<[^>]+>/g, "");
    expect(words).toMatch(/phụ lục, dòng 1/i);
    expect(words).toContain(COMMENT);
    expect(words).not.toContain(ROW_1);

    await page.emulateMedia({ media: "print" });
    // Everything for the screen (the export links, the report's language) is hidden in print.
    for (const control of await page.locator(".report .no-print").all()) expect(await control.isVisible()).toBe(false);
    expect(await page.getByTestId("report-table").isVisible()).toBe(true);
    const printed = await page.locator(".report-page").innerText();
    expect(printed).toContain("Phụ lục, dòng 1 (Dự thảo lần 1)");
    expect(printed).toContain(COMMENT);
    await page.screenshot({ path: path.join(TMP, "report-print.png"), fullPage: true });
    await page.emulateMedia({ media: null });
    await page.context().close();
  });
});
