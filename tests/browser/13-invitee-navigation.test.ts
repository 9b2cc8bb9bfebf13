/**
 * Issue 15 on the agency's page, by keyboard only: Tab to the search over the clauses, find one, write
 * a comment on it, fill in the signer and submit with Enter, landing on the receipt's heading; a
 * missing signer is named in a summary that takes the focus (no browser alert, the text kept); the
 * table of contents jumps to its clause on a wide screen and, as a jump list, on a phone; the
 * comments not sent yet link to their cards; a click on EN while the page hydrates is not lost.
 *
 * Each test prepares a consultation of its own (the Sóc Trăng plan, draft-v1.txt) with one invited
 * agency, so any one runs alone.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
const SAMPLES = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so");
const DRAFTER = "Sở Nội vụ (điều hướng)";
const AGENCY = "Sở Tư pháp (điều hướng)";
const PHONE = { width: 390, height: 844 };

let made = 0;

/** A consultation of its own with the agency invited; returns the agency's link. */
async function agencyLink(): Promise<string> {
  const drafter = await newPage(portal.browser());
  const base = portal.baseURL();
  await signIn(drafter, base, ADMIN.email, ADMIN.password);
  for (const [name, email] of [[DRAFTER, "snv-nav@soctrang.example"], [AGENCY, "stp-nav@soctrang.example"]]) {
    await drafter.goto(`${base}/staff/admin/agencies`);
    if (await drafter.getByRole("cell", { name, exact: true }).count()) continue;
    await drafter.getByLabel("Tên cơ quan").fill(name);
    await drafter.getByLabel("Thư điện tử liên hệ").fill(email);
    await drafter.getByRole("button", { name: "Thêm", exact: true }).click();
    await drafter.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
  }
  await drafter.goto(`${base}/staff/consultations/new`);
  await drafter.getByLabel("Tên dự thảo").fill(`Kế hoạch thi hành Luật Thực hiện dân chủ ở cơ sở (điều hướng ${++made} ${Date.now()})`);
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
  return link;
}

/** What has the keyboard focus: its tag, id, type and text (short). */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? "", id: el?.id ?? "", type: el?.getAttribute("type") ?? "", text: (el?.textContent ?? "").trim().slice(0, 120) };
  });
}

/** Presses Tab until `wanted` has the focus (at most `max` presses); fails otherwise. */
async function tabTo(page: Page, wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean, what: string, max = 40, key = "Tab") {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (wanted(await focused(page))) return;
  }
  throw new Error(`${what}: not reached with ${max} × ${key}; focus on ${JSON.stringify(await focused(page))}`);
}

/** The agency's page shown and its script running (the search box appears only with it). */
async function open(page: Page, link: string) {
  await page.goto(link);
  await page.getByRole("searchbox", { name: "Tìm trong dự thảo" }).waitFor();
}

const visibleCards = (page: Page) => page.locator("section.clause-card:not(.general):not([hidden])");

describe("the agency's page by keyboard", () => {
  it("Tab to the search, find a clause, comment on it, sign and submit with Enter: the focus lands on the receipt", async () => {
    const page = await newPage(portal.browser());
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await open(page, await agencyLink());

    await page.locator("body").focus();
    await tabTo(page, (f) => f.type === "search", "the search box");
    // Typed without Vietnamese accents, as on a keyboard without them.
    await page.keyboard.type("luat thanh nien");
    await expect.poll(() => page.getByTestId("search-count").innerText()).toBe("Số điều khoản tìm thấy: 1");
    expect(await page.getByTestId("search-count").getAttribute("aria-live")).toBe("polite");
    await expect.poll(() => visibleCards(page).count()).toBe(1);
    expect(await visibleCards(page).getAttribute("id")).toBe("clause-III.3");

    // The result's link, then into its card: "Góp ý mục này", then the comment box.
    await tabTo(page, (f) => f.tag === "a" && f.text.startsWith("Khoản 3 Mục III"), "the result's link", 3);
    await page.keyboard.press("Enter");
    await expect.poll(() => new URL(page.url()).hash).toBe("#clause-III.3");
    await tabTo(page, (f) => f.tag === "summary", "the card's 'Góp ý mục này'", 3);
    await page.keyboard.press("Enter");
    await tabTo(page, (f) => f.tag === "textarea" && f.id.startsWith("c-"), "the comment box", 3);
    const comment = "Sửa \"Luật Thanh niên\" thành \"Luật Thực hiện dân chủ ở cơ sở\".";
    await page.keyboard.type(comment);
    expect(await page.locator("#clause-III\\.3 textarea").first().inputValue()).toBe(comment);

    // On to the signer: only the matching card is shown, so a few Tabs reach the submit box.
    await tabTo(page, (f) => f.id === "signerName", "the signer's name", 12);
    await page.keyboard.type("Nguyễn Văn Bình");
    await tabTo(page, (f) => f.id === "signerPosition", "the signer's position", 2);
    await page.keyboard.type("Phó Giám đốc");
    await page.keyboard.press("Enter");

    await page.getByRole("heading", { level: 1, name: "Phiếu tiếp nhận góp ý" }).waitFor();
    await expect.poll(async () => (await focused(page)).tag).toBe("h1");
    expect((await focused(page)).text).toBe("Phiếu tiếp nhận góp ý");
    expect(await page.locator(".receipt-comments").innerText()).toContain(comment);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it("a missing signer: a summary names the field and takes the focus, the field points to its error, no alert, the text stays", async () => {
    const page = await newPage(portal.browser());
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await open(page, await agencyLink());
    const card = page.locator("#clause-III\\.3");
    await card.locator("summary").first().focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Đề nghị bổ sung nguồn kinh phí.");
    await page.locator("#signerPosition").focus();
    await page.keyboard.type("Phó Giám đốc");
    await page.keyboard.press("Enter");

    const summary = page.getByTestId("error-summary");
    await summary.waitFor();
    await expect.poll(async () => (await focused(page)).tag).toBe("section");
    expect(await summary.innerText()).toContain("Họ tên người ký / người gửi: Vui lòng nhập thông tin này.");
    const name = page.locator("#signerName");
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    const described = (await name.getAttribute("aria-describedby")) ?? "";
    expect(await page.locator(`[id="${described}"]`).innerText()).toBe("Vui lòng nhập thông tin này.");
    // One announcement (the focused summary), not one alert per field.
    expect(await page.locator("[role=alert]").count()).toBe(0);
    // The summary's link takes the keyboard to the field.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => new URL(page.url()).hash).toBe("#signerName");
    // What was typed is all there, and the browser showed no bubble or alert of its own.
    expect(await card.locator("textarea").first().inputValue()).toBe("Đề nghị bổ sung nguồn kinh phí.");
    expect(await page.locator("#signerPosition").inputValue()).toBe("Phó Giám đốc");
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it("the table of contents jumps to its clause: a column at the side on a wide screen, a jump list on a phone", async () => {
    const link = await agencyLink();
    const wide = await newPage(portal.browser());
    await open(wide, link);
    const side = wide.getByTestId("toc-side");
    expect(await side.isVisible()).toBe(true);
    expect(await wide.getByTestId("toc-phone").isVisible()).toBe(false);
    expect(await side.getByRole("link").allInnerTexts()).toEqual(["Góp ý chung cho cả dự thảo", "Mục I MỤC ĐÍCH, YÊU CẦU", "Mục II NỘI DUNG", "Mục III TỔ CHỨC THỰC HIỆN"]);
    await side.getByRole("link", { name: /^Mục III/ }).focus();
    await wide.keyboard.press("Enter");
    await expect.poll(() => new URL(wide.url()).hash).toBe("#clause-III");
    expect(await wide.locator("#clause-III").isVisible()).toBe(true);
    // A search hides Mục I's card; its entry in the contents shows every card again and jumps there.
    await wide.getByRole("searchbox", { name: "Tìm trong dự thảo" }).fill("luat thanh nien");
    await expect.poll(() => visibleCards(wide).count()).toBe(1);
    await side.getByRole("link", { name: /^Mục I / }).focus();
    await wide.keyboard.press("Enter");
    await expect.poll(() => new URL(wide.url()).hash).toBe("#clause-I");
    expect(await wide.getByRole("searchbox", { name: "Tìm trong dự thảo" }).inputValue()).toBe("");
    expect(await wide.locator("#clause-I").isVisible()).toBe(true);
    expect(await visibleCards(wide).count()).toBeGreaterThan(30);
    // Sticky: scrolled to the end of the draft, the contents are still in view.
    await wide.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const box = await side.boundingBox();
    expect(box && box.y >= -1 && box.y < 900).toBe(true);
    await wide.context().close();

    const phone = await newPage(portal.browser(), PHONE);
    await open(phone, link);
    expect(await phone.getByTestId("toc-side").isVisible()).toBe(false);
    const jump = phone.getByTestId("toc-phone");
    await jump.locator("summary").focus();
    await phone.keyboard.press("Enter");
    await jump.getByRole("link", { name: /^Mục II / }).focus();
    await phone.keyboard.press("Enter");
    await expect.poll(() => new URL(phone.url()).hash).toBe("#clause-II");
    // Nothing wider than the phone's screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await phone.context().close();
  });

  it("the comments not sent yet are listed with links to their cards; once sent, the list is gone", async () => {
    const link = await agencyLink();
    const page = await newPage(portal.browser());
    await open(page, link);
    expect(await page.getByTestId("unsent-drafts").count()).toBe(0);
    const card = page.locator("#clause-II\\.1\\.b");
    await card.locator("summary").first().click();
    await card.locator("textarea").first().fill("Đề nghị sửa tên Đài.");
    await card.locator("textarea").first().blur();
    await page.getByText("Đã lưu nháp.").waitFor();
    await page.reload();
    await page.getByTestId("unsent-drafts").waitFor();
    const item = page.getByTestId("unsent-drafts").getByRole("link", { name: "Điểm b khoản 1 Mục II" });
    expect(await page.getByTestId("unsent-drafts").innerText()).toContain("Đề nghị sửa tên Đài.");
    await item.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => new URL(page.url()).hash).toBe("#clause-II.1.b");

    await page.locator("#signerName").fill("Nguyễn Văn Bình");
    await page.locator("#signerPosition").fill("Phó Giám đốc");
    await page.getByRole("button", { name: "Gửi góp ý" }).click();
    await page.getByRole("heading", { level: 1, name: "Phiếu tiếp nhận góp ý" }).waitFor();
    await open(page, link);
    expect(await page.getByTestId("unsent-drafts").count()).toBe(0);
    await page.context().close();
  });

  // A slow phone: the CPU throttled 4 to 12 times, so the click falls inside hydration in some rounds.
  // Before app/entry.client.tsx waited for the page's data, such a click made React throw "Root did
  // not complete" (a page error, which newPage turns into a failure) in about one round in four.
  it("a click on EN while the page hydrates and sends its beacon lands in English", { timeout: 180_000 }, async () => {
    const link = await agencyLink();
    for (let i = 0; i < 6; i++) {
      const page = await newPage(portal.browser(), PHONE);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: [4, 8, 12][i % 3] });
      await page.goto(link, { waitUntil: "commit" });
      // As soon as the button exists: before, during or just after hydration and the beacon.
      await page.getByRole("button", { name: "EN", exact: true }).click();
      await page.getByRole("searchbox", { name: "Search the draft" }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      expect(new URL(page.url()).pathname).toBe(new URL(link).pathname);
      // Back to Vietnamese for the next round (the language lives in a cookie of this context only).
      await page.context().close();
    }
  });
});
