/**
 * Issue 17 in the browser: the administrator keeps a collective body's member list. From the top bar's
 * "Tập thể", a list with bad rows is refused with a focused error summary naming each row (the typed
 * name kept, nothing saved), a good one is imported with its counts, the body's members are shown in
 * order, one person is added, one edited and one taken out, and the template is a .csv with the header row.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
let page: Page;
const BODY = "Tổ biên tập Kế hoạch dân chủ ở cơ sở";

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's WCAG 2.1 A/AA rules and the 24 px targets, as tests/browser/12 runs them: the violations' rules and targets. */
async function axe(p: Page): Promise<string[]> {
  if (!(await p.evaluate(() => "axe" in window))) await p.evaluate(AXE_SOURCE);
  return p.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } };
    const result = await w.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      rules: { "target-size": { enabled: true } },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.map(String).join(" ")).join(", ")}`);
  });
}

const file = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });

beforeAll(async () => {
  page = await newPage(portal.browser());
  await signIn(page, portal.baseURL(), ADMIN.email, ADMIN.password);
  // The demo fills the agency directory (Sở Nội vụ, …).
  await page.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" }).click();
  await page.waitForURL(/\/staff\/consultations\/\d+$/);
});

describe("collective bodies, for the administrator", () => {
  it("refuses a list with bad rows: a focused summary naming each row, the name kept, nothing saved", async () => {
    await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Tập thể" }).click();
    await page.getByRole("heading", { level: 1, name: "Tập thể và thành viên" }).waitFor();
    expect(await page.title()).toBe("Tập thể và thành viên — Góp ý");
    const before = await page.getByTestId("bodies").innerText();
    expect(before).not.toContain(BODY);

    await page.getByLabel("Tên tập thể").fill(BODY);
    await page.getByLabel("Cơ quan của tập thể").selectOption({ label: "Sở Nội vụ tỉnh Sóc Trăng" });
    await page.getByLabel("Tệp danh sách (.csv, .xlsx)").setInputFiles(
      file("to-bien-tap.csv", "\uFEFFHọ tên;Chức vụ;Cơ quan;Thư điện tử\nTrần Văn An;Tổ trưởng;;an@example.vn\n;Tổ viên;;x@example.vn\nLê Thị Bình;Tổ viên;Sở X;abc\n"),
    );
    await page.getByRole("button", { name: "Nhập danh sách" }).click();
    const summary = page.getByTestId("error-summary");
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "error-summary");
    const items = await summary.locator("li").allInnerTexts();
    expect(items).toEqual([
      "Tệp danh sách (.csv, .xlsx): Dòng 3: thiếu họ tên",
      "Tệp danh sách (.csv, .xlsx): Dòng 4: không có cơ quan «Sở X» trong danh bạ",
      "Tệp danh sách (.csv, .xlsx): Dòng 4: thư điện tử «abc» không hợp lệ",
    ]);
    expect(await summary.locator("a").first().getAttribute("href")).toBe("#field-file");
    expect(await page.getByTestId("file-problems").innerText()).toContain("Dòng 3: thiếu họ tên");
    expect(await page.getByLabel("Tệp danh sách (.csv, .xlsx)").getAttribute("aria-describedby")).toContain("field-file-error");
    expect(await page.getByLabel("Tên tập thể").inputValue()).toBe(BODY);
    expect(await page.getByRole("status").filter({ hasText: "Danh sách chưa được lưu" }).count()).toBe(1);
    expect(await page.getByTestId("bodies").innerText()).not.toContain(BODY);
    expect(await axe(page)).toEqual([]);
  });

  it("imports a good list, with its counts, and shows the members in order", async () => {
    await page.getByLabel("Tệp danh sách (.csv, .xlsx)").setInputFiles(
      file("to-bien-tap.csv", "Họ tên,Chức vụ,Cơ quan,Thư điện tử\nTrần Văn An,Tổ trưởng,,an@example.vn\nLê Thị Bình,Tổ viên,,binh@example.vn\n"),
    );
    await page.getByRole("button", { name: "Nhập danh sách" }).click();
    const saved = page.getByTestId("import-saved");
    await saved.waitFor();
    expect(await saved.innerText()).toContain(`Đã lưu danh sách «${BODY}»:`);
    expect(await saved.innerText()).toContain("2 người mới được thêm vào danh bạ");
    // The list is loaded again after the import (it may land just after the notice).
    await page.getByTestId("bodies").getByRole("link", { name: BODY }).waitFor();
    await saved.getByRole("link").click();
    await page.getByRole("heading", { level: 2, name: BODY }).waitFor();
    expect(await page.title()).toBe(`Tập thể và thành viên — ${BODY} — Góp ý`);
    const rows = await page.getByTestId("member-row").allInnerTexts();
    expect(rows.map((r) => r.split("\t").slice(0, 4).join("|"))).toEqual(["1|Trần Văn An|Tổ trưởng|Sở Nội vụ tỉnh Sóc Trăng", "2|Lê Thị Bình|Tổ viên|Sở Nội vụ tỉnh Sóc Trăng"]);
  });

  it("adds one person at the end, edits one, takes one out", async () => {
    await page.getByLabel("Họ và tên").fill("Nguyễn Văn Cường");
    await page.getByLabel("Chức vụ").fill("Tổ viên");
    await page.getByLabel("Thư điện tử liên hệ").fill("cuong@example.vn");
    await page.getByRole("button", { name: "Thêm vào tập thể" }).click();
    await page.getByRole("status").filter({ hasText: "Đã thêm Nguyễn Văn Cường vào tập thể." }).waitFor();
    await page.getByTestId("member-row").nth(2).waitFor();
    expect(await page.getByTestId("member-row").nth(2).innerText()).toContain("Nguyễn Văn Cường");
    // The form is empty again for the next person.
    expect(await page.getByLabel("Họ và tên").inputValue()).toBe("");

    await page.getByTestId("member-row").nth(1).getByRole("link", { name: "Sửa" }).click();
    await page.getByRole("heading", { name: "Sửa thông tin của Lê Thị Bình" }).waitFor();
    expect(await page.getByLabel("Thư điện tử liên hệ").inputValue()).toBe("binh@example.vn");
    await page.getByLabel("Chức vụ").fill("Phó Tổ trưởng");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.getByRole("status").filter({ hasText: "Đã lưu thông tin của Lê Thị Bình." }).waitFor();
    await page.getByTestId("member-row").nth(1).filter({ hasText: "Phó Tổ trưởng" }).waitFor();
    expect(await axe(page)).toEqual([]);
    // A phone: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axe(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole("button", { name: "Bỏ khỏi tập thể: Nguyễn Văn Cường" }).click();
    await page.getByRole("status").filter({ hasText: "Đã bỏ Nguyễn Văn Cường khỏi tập thể; người này vẫn ở trong danh bạ." }).waitFor();
    await page.getByTestId("member-row").nth(2).waitFor({ state: "detached" });
    expect(await page.getByTestId("member-row").count()).toBe(2);
  });

  it("offers the template: a .csv with the header row", async () => {
    const href = await page.getByRole("link", { name: "Tải tệp mẫu (.csv)" }).getAttribute("href");
    const text = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(text.replace(/^\uFEFF/, "").trim()).toBe("Họ tên,Chức vụ,Cơ quan,Thư điện tử");
  });
});
