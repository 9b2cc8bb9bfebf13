/**
 * The foundation journey in a real browser against the built portal: sign in, create a consultation,
 * upload draft-v1.txt from the samples, see the outline with II.1.a, publish; plus the language
 * switch, a failed submit that keeps the typed text, the demo button and a phone-sized screen.
 */
import http from "node:http";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, newPage as openPage, signIn as signInAt, usePortal } from "./browser";

const SAMPLES = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so");
const TITLE = "Kế hoạch thử nghiệm: tải lên dự thảo lần 1";
const portal = usePortal();
const baseURL = portal.baseURL;
const newPage = (viewport?: { width: number; height: number }) => openPage(portal.browser(), viewport);
const signIn = (page: Page, email: string, password: string) => signInAt(page, baseURL(), email, password);

/**
 * Picks the drafting agency on the consultation form. With one agency in the directory (a test run
 * alone) the form has already chosen it and disables the list: then it must show that agency.
 */
async function chooseAgency(page: Page, agency: string): Promise<void> {
  const select = page.getByLabel("Cơ quan chủ trì soạn thảo");
  if (await select.isEnabled()) await select.selectOption({ label: agency });
  else expect(await select.locator("option:checked").innerText()).toBe(agency);
}

/**
 * Each test makes what it needs (the tests of this file share one database): a drafting agency named
 * after `tag` and a consultation titled `title`, with draft-v1.txt published when `withDraft`.
 */
async function freshConsultation(tag: string, title: string, withDraft: boolean): Promise<void> {
  const page = await newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  const agency = `Sở Nội vụ (${tag})`;
  await page.goto(`${baseURL()}/staff/admin/agencies`);
  await page.getByLabel("Tên cơ quan").fill(agency);
  await page.getByLabel("Thư điện tử liên hệ").fill(`snv-${tag.normalize("NFD").replace(/[^a-z0-9]+/gi, "-")}@soctrang.example`);
  await page.getByRole("button", { name: "Thêm", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
  await page.goto(`${baseURL()}/staff/consultations/new`);
  await page.getByLabel("Tên dự thảo").fill(title);
  await chooseAgency(page, agency);
  await page.getByLabel("Hạn góp ý").fill("2099-07-05T17:00");
  await page.getByLabel("Nội dung văn bản đề nghị góp ý").fill("Đề nghị các đồng chí nghiên cứu, đóng góp ý kiến.");
  await page.getByRole("button", { name: "Tạo", exact: true }).click();
  await page.waitForURL(/\/staff\/consultations\/\d+$/);
  if (withDraft) {
    await page.getByRole("link", { name: "Thêm dự thảo" }).first().click();
    await page.getByLabel("Tệp dự thảo").setInputFiles(path.join(SAMPLES, "draft-v1.txt"));
    await page.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
    await page.waitForURL(/\/versions\/\d+$/);
    await page.getByRole("button", { name: "Công bố lần dự thảo này" }).click();
    await page.waitForURL(/\/staff\/consultations\/\d+$/);
    await page.getByText("Đã công bố").first().waitFor();
  }
  await page.context().close();
}

describe("the demo button", () => {
  it("the empty staff home offers the Sóc Trăng example and loads it", async () => {
    const page = await newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole("heading", { name: "Chưa có dự thảo nào" }).waitFor();
    await page.screenshot({ path: "tests/.tmp/empty-home.png" });
    await page.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" }).click();
    await page.waitForURL(/\/staff\/consultations\/\d+$/);
    await page.getByRole("heading", { level: 1, name: "Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở" }).waitFor();
    await page.getByRole("heading", { name: "Bố cục: Dự thảo lần 2" }).waitFor();
    expect(await page.locator(".versions li").count()).toBe(2);
    expect(await page.locator(".letter").textContent()).toContain("Văn phòng Ủy ban nhân dân tỉnh gửi lấy ý kiến");
    await page.locator('[id="clause-II.1.a"]').waitFor();
    await page.screenshot({ path: "tests/.tmp/consultation.png", fullPage: false });
    await page.context().close();
  });
});

describe("foundation journey", () => {
  it("set-up is closed once the administrator exists (from ADMIN_EMAIL)", async () => {
    const page = await newPage();
    await page.goto(`${baseURL()}/setup`);
    expect(new URL(page.url()).pathname).toBe("/signin");
    await page.context().close();
  });

  it("a wrong password gives one generic, translated message and keeps the e-mail", async () => {
    const page = await newPage();
    await page.goto(`${baseURL()}/signin`);
    await page.getByLabel("Thư điện tử").fill(ADMIN.email);
    await page.getByLabel("Mật khẩu").fill("wrong password");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("alert").filter({ hasText: "Thư điện tử hoặc mật khẩu không đúng." }).waitFor();
    expect(await page.getByLabel("Thư điện tử").inputValue()).toBe(ADMIN.email);
    await page.context().close();
  });

  it("creates an agency, a consultation, uploads draft-v1.txt and sees II.1.a in the outline", async () => {
    const page = await newPage();
    await signIn(page, ADMIN.email, ADMIN.password);

    await page.goto(`${baseURL()}/staff/admin/agencies`);
    await page.getByLabel("Tên cơ quan").fill("Sở Nội vụ (thử nghiệm)");
    await page.getByLabel("Tên viết tắt").fill("SNV");
    await page.getByLabel("Thư điện tử liên hệ").fill("snv@soctrang.example");
    await page.getByRole("button", { name: "Thêm", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();

    await page.goto(`${baseURL()}/staff/consultations/new`);
    // A failed submit names the field and keeps what was typed.
    await page.getByLabel("Nội dung văn bản đề nghị góp ý").fill("Đề nghị các đồng chí nghiên cứu, đóng góp ý kiến.");
    await page.getByRole("button", { name: "Tạo", exact: true }).click();
    await page.getByText("Vui lòng nhập thông tin này.").first().waitFor();
    expect(await page.getByLabel("Nội dung văn bản đề nghị góp ý").inputValue()).toBe("Đề nghị các đồng chí nghiên cứu, đóng góp ý kiến.");

    await page.getByLabel("Tên dự thảo").fill(TITLE);
    await chooseAgency(page, "Sở Nội vụ (thử nghiệm)");
    await page.getByLabel("Số, ký hiệu văn bản đề nghị góp ý").fill("3593/VP-VX");
    await page.getByLabel("Hạn góp ý").fill("2023-07-05T17:00");
    await page.getByRole("button", { name: "Tạo", exact: true }).click();
    await page.waitForURL(/\/staff\/consultations\/\d+$/);
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    expect(await page.locator("dl.facts").innerText()).toContain("17:00 05/07/2023 (GMT+7)");

    await page.getByRole("link", { name: "Thêm dự thảo" }).first().click();
    await page.getByLabel("Tệp dự thảo").setInputFiles(path.join(SAMPLES, "draft-v1.txt"));
    await page.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
    await page.waitForURL(/\/versions\/\d+$/);
    await page.getByRole("heading", { level: 1, name: "Dự thảo lần 1" }).waitFor();

    const clause = page.locator('[id="clause-II.1.a"]');
    await clause.waitFor();
    expect(await clause.innerText()).toContain("Tổ chức quán triệt, phổ biến Luật");
    // The clause can be addressed by its link (by label); readers see its citation.
    expect(await clause.locator("a.clause-label").first().getAttribute("href")).toBe("#clause-II.1.a");
    expect(await clause.locator("a.clause-label").first().innerText()).toBe("Điểm a khoản 1 Mục II");

    await page.getByRole("button", { name: "Công bố lần dự thảo này" }).click();
    await page.waitForURL(/\/staff\/consultations\/\d+$/);
    await page.getByText("Đã công bố").first().waitFor();
    expect(await page.locator('[id="clause-II.1.a"]').innerText()).toContain("Tổ chức quán triệt, phổ biến Luật");

    // Collapse to the first level: II.1.a is hidden inside a closed <details>.
    await page.getByRole("button", { name: "Mức 1" }).click();
    expect(await page.locator('[id="clause-II.1.a"]').isVisible()).toBe(false);
    await page.getByRole("button", { name: "Tất cả" }).click();
    expect(await page.locator('[id="clause-II.1.a"]').isVisible()).toBe(true);
    await page.context().close();
  });

  it("refuses a file that is not a draft, with a clear message", async () => {
    const title = "Kế hoạch thử nghiệm: tệp không phải dự thảo";
    await freshConsultation("tệp sai", title, false);
    const page = await newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole("link", { name: title, exact: true }).click();
    await page.getByRole("link", { name: "Thêm dự thảo" }).first().click();
    await page.getByLabel("Tệp dự thảo").setInputFiles({ name: "scan.docx", mimeType: "application/octet-stream", buffer: Buffer.from("not a zip") });
    await page.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
    await page.getByText("Chỉ nhận tệp .docx, .txt hoặc .md đúng định dạng.").waitFor();
    await page.context().close();
  });

  it("switches the interface to English and back", async () => {
    const page = await newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole("button", { name: "EN" }).click();
    await page.getByRole("heading", { level: 1, name: "Consultations" }).waitFor();
    await page.getByRole("button", { name: "VI" }).click();
    await page.getByRole("heading", { level: 1, name: "Dự thảo lấy ý kiến" }).waitFor();
    await page.context().close();
  });

  it("works on a phone-sized screen", async () => {
    const title = "Kế hoạch thử nghiệm: màn hình điện thoại";
    await freshConsultation("điện thoại", title, true);
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole("link", { name: title, exact: true }).click();
    await page.locator('[id="clause-II.1.a"]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.context().close();
  });

  it("every page carries the security headers, and cookies are httpOnly and SameSite", async () => {
    const res = await fetch(`${baseURL()}/signin`);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    // No inline scripts but those carrying this response's nonce.
    const scriptSrc = res.headers.get("content-security-policy")!.split(";").find((d) => d.trim().startsWith("script-src"))!;
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-powered-by")).toBeNull();
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/gopy_csrf=.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("pages and scripts are sent compressed (compression is put on a response once it has a body)", async () => {
    // fetch() would decode the body and hide the encoding: a raw request shows what was sent.
    const get = (path: string, method = "GET") =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request(`${baseURL()}${path}`, { method, headers: { "Accept-Encoding": "gzip" } }, (res) => {
          res.resume();
          resolve(res);
        });
        req.on("error", reject);
        req.end();
      });
    const page = await get("/signin");
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-encoding"]).toBe("gzip");
    const html = await (await fetch(`${baseURL()}/signin`)).text();
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? /href="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await get(script);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-encoding"]).toBe("gzip");
    // The sign-out page, opened rather than posted: a redirect, with no body to compress.
    const redirect = await get("/signout");
    expect([302, 303]).toContain(redirect.statusCode);
    expect(redirect.headers["content-encoding"]).toBeUndefined();
    expect(redirect.headers["vary"] ?? "").not.toMatch(/accept-encoding/i);
  });
});
