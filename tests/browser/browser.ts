/** Debian's Chromium through playwright-core: never a downloaded browser. */
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";

export const baseURL = () => inject("baseURL");

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

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseURL()}/signin`);
  await page.getByLabel(/Thư điện tử|E-mail/).fill(email);
  await page.getByLabel(/^(Mật khẩu|Password)$/).fill(password);
  await page.getByRole("button", { name: /Đăng nhập|Sign in/ }).click();
  await page.waitForURL(/\/staff/);
}
