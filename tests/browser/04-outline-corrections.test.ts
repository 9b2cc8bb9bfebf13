/**
 * The drafter corrects how a pasted draft was split before publishing, in Debian's Chromium against
 * the built portal: the stray title line is made not commentable, a khoản is joined to the one
 * before it, the draft is published, and the invited agency's page shows the corrected clauses.
 * Each test prepares its own agency and consultation, so either runs alone.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const DRAFT = [
  "Dự thảo quy chế phối hợp trong công tác tiếp công dân",
  "Điều 1. Phạm vi điều chỉnh",
  "Quy chế này quy định việc phối hợp.",
  "Điều 2. Nguyên tắc phối hợp",
  "1. Bảo đảm sự lãnh đạo thống nhất.",
  "Việc phối hợp phải kịp thời.",
  "2. Công khai, minh bạch.",
  "Điều 3. Trách nhiệm thi hành",
  "Các sở chịu trách nhiệm thi hành.",
].join("\n");
const TITLE_LINE = "Dự thảo quy chế phối hợp trong công tác tiếp công dân";

const portal = usePortal();
const baseURL = portal.baseURL;

/** A drafting agency, an invited agency and a consultation with the draft pasted; the page is on the review page. */
async function prepare(page: Page, tag: string): Promise<{ consultationUrl: string; invited: string }> {
  await signIn(page, baseURL(), ADMIN.email, ADMIN.password);
  const drafting = `Sở Nội vụ (bố cục ${tag})`;
  const invited = `Sở Tư pháp (bố cục ${tag})`;
  for (const [name, email] of [
    [drafting, `snv-${tag}@example.test`],
    [invited, `stp-${tag}@example.test`],
  ]) {
    await page.goto(`${baseURL()}/staff/admin/agencies`);
    await page.getByLabel("Tên cơ quan").fill(name!);
    await page.getByLabel("Thư điện tử liên hệ").fill(email!);
    await page.getByRole("button", { name: "Thêm", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
  }
  await page.goto(`${baseURL()}/staff/consultations/new`);
  await page.getByLabel("Tên dự thảo").fill(`Quy chế phối hợp tiếp công dân (${tag})`);
  await page.getByLabel("Cơ quan chủ trì soạn thảo").selectOption({ label: drafting });
  await page.getByLabel("Hạn góp ý").fill("2099-07-06T00:00");
  await page.getByLabel("Nội dung văn bản đề nghị góp ý").fill("Đề nghị các cơ quan góp ý dự thảo quy chế.");
  await page.getByRole("button", { name: "Tạo", exact: true }).click();
  await page.waitForURL(/\/staff\/consultations\/\d+$/);
  const consultationUrl = page.url();
  await page.getByRole("link", { name: "Thêm dự thảo" }).first().click();
  await page.getByLabel("Dán nội dung dự thảo").fill(DRAFT);
  await page.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
  await page.waitForURL(/\/versions\/\d+$/);
  return { consultationUrl, invited };
}

/** Clicks a correction button and waits for the re-parsed outline with this many corrections. */
async function correct(page: Page, name: string | RegExp, corrections: number) {
  await page.getByRole("button", { name }).first().click();
  await page.getByRole("status").filter({ hasText: `Đã sửa ${corrections} lần` }).waitFor();
}

describe("correcting the outline before publishing", () => {
  it("marks the title line not commentable, joins a khoản, publishes; the invitee sees the corrected clauses", async () => {
    const page = await newPage(portal.browser());
    const { consultationUrl, invited } = await prepare(page, "a");
    // The parser took the title line for a clause: 6 clauses.
    await page.getByText("6 mục góp ý").first().waitFor();

    await page.getByRole("link", { name: "Sửa cách tách điều khoản" }).click();
    await page.getByRole("heading", { name: "Sửa cách tách điều khoản" }).waitFor();
    await page.getByRole("status").filter({ hasText: "Đã sửa 0 lần" }).waitFor();
    await page.screenshot({ path: "tests/.tmp/outline-fix.png", fullPage: true });

    await correct(page, /^Đánh dấu .+ là không lấy ý kiến/, 1);
    // The title line now sits in the front matter, with a button to bring it back.
    await page.locator(".fix-matter li").filter({ hasText: TITLE_LINE }).waitFor();
    await page.getByRole("button", { name: `Lấy ý kiến đối với dòng “${TITLE_LINE}” (chuyển thành một mục)` }).waitFor();
    expect(await page.locator(".fix-clause").count()).toBe(5);

    await correct(page, "Gộp vào mục trước: khoản 2 Điều 2 trở thành một phần của mục đứng trước nó", 2);
    expect(await page.locator(".fix-clause").count()).toBe(4);
    const k1 = page.locator(".fix-clause").filter({ hasText: "Bảo đảm sự lãnh đạo thống nhất." });
    expect(await k1.locator(".fix-body").innerText()).toContain("2. Công khai, minh bạch.");

    // Every correction button is at least 24×24 px.
    for (const box of await page.locator("button.fix-btn").evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect()).map((r) => [r.width, r.height]))) {
      expect(box[0]).toBeGreaterThanOrEqual(24);
      expect(box[1]).toBeGreaterThanOrEqual(24);
    }

    await page.getByRole("link", { name: "Xong, trở lại bố cục" }).click();
    await page.getByText("4 mục góp ý").first().waitFor();
    await page.getByRole("button", { name: "Công bố lần dự thảo này" }).click();
    await page.waitForURL(consultationUrl);

    await page.goto(`${consultationUrl}/invitations`);
    await page.getByLabel(invited).check();
    await page.getByRole("button", { name: "Mời và bắt đầu lấy ý kiến" }).click();
    await page.getByText("Đã tạo 1 lời mời.").waitFor();
    const link = await page.locator(`tr[data-agency="${invited}"] .copy-link input`).inputValue();

    const agency = await newPage(portal.browser(), { width: 414, height: 900 });
    await agency.goto(link);
    const cards = agency.locator("section.clause-card:not(.general)");
    await cards.first().waitFor();
    expect(await cards.count()).toBe(4);
    const text = await agency.locator("main").innerText();
    expect(await cards.locator(".clause-heading").allInnerTexts()).not.toContain(TITLE_LINE);
    expect(text).not.toContain("Khoản 2 Điều 2");
    const joined = cards.filter({ hasText: "Bảo đảm sự lãnh đạo thống nhất." });
    expect(await joined.locator(".clause-body").innerText()).toContain("2. Công khai, minh bạch.");
    await agency.context().close();
    await page.context().close();
  });

  it("undo and reset bring the parser's outline back; a published draft offers no corrections", async () => {
    const page = await newPage(portal.browser());
    await prepare(page, "b");
    await page.getByRole("link", { name: "Sửa cách tách điều khoản" }).click();
    await correct(page, /^Đánh dấu .+ là không lấy ý kiến/, 1);
    await correct(page, "Xuống một cấp: đưa Điều 3 vào trong mục đứng trước nó", 2);
    await correct(page, "Hoàn tác lần sửa cuối", 1);
    expect(await page.locator(".fix-clause").count()).toBe(5);
    await correct(page, "Trở về cách tách ban đầu", 0);
    expect(await page.locator(".fix-clause").count()).toBe(6);
    await page.getByRole("button", { name: "Hoàn tác lần sửa cuối" }).and(page.locator(":disabled")).waitFor();

    await page.getByRole("button", { name: "Công bố lần dự thảo này" }).click();
    await page.waitForURL(/\/staff\/consultations\/\d+$/);
    await page.goBack();
    await page.reload();
    await page.getByText("Đã công bố").first().waitFor();
    expect(await page.getByRole("link", { name: "Sửa cách tách điều khoản" }).count()).toBe(0);
    expect(await page.locator("button.fix-btn").count()).toBe(0);
    await page.context().close();
  });
});
