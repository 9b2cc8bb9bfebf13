/** Debian's Chromium through playwright-core (never a downloaded browser), and a portal per file. */
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startPortal, type Portal } from "./portal";

export { ADMIN } from "./portal";

let portal: Portal | null = null;
let browser: Browser | null = null;

/** Call once at the top of a test file: a fresh portal and a browser for its tests. */
export function usePortal() {
  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launch()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });
  return {
    baseURL: () => portal!.baseURL,
    mails: () => portal!.mails(),
    browser: () => browser!,
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

export async function newPage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: "vi-VN" });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

export async function signIn(page: Page, baseURL: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseURL}/signin`);
  await page.getByLabel(/Thư điện tử|E-mail/).fill(email);
  await page.getByLabel(/^(Mật khẩu|Password)$/).fill(password);
  await page.getByRole("button", { name: /Đăng nhập|Sign in/ }).click();
  await page.waitForURL(/\/staff/);
}
