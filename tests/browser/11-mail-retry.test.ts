/**
 * Issue 13, finding 9 in the browser, on the Sóc Trăng demo: the mail server is down when the drafter
 * sends reminders; the board says how many failed and shows each under its agency with the error and
 * the next attempt; the server comes back and "Gửi lại ngay" sends the mail at once.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtp } from "../support/smtp";
import { ADMIN, launch, newPage, signIn } from "./browser";
import { freePort, startPortal, type Portal } from "./portal";
import type { Browser } from "playwright-core";

const BDBP = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng";

let portal: Portal;
let browser: Browser;
let drafter: Page;
let smtpPort = 0;
let smtp: Awaited<ReturnType<typeof startSmtp>> | null = null;

beforeAll(async () => {
  // The portal's mail server is a port where nothing listens yet: connections are refused.
  smtpPort = await freePort();
  [portal, browser] = await Promise.all([startPortal({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } }), launch()]);
  drafter = await newPage(browser);
  await signIn(drafter, portal.baseURL, ADMIN.email, ADMIN.password);
  await drafter.goto(`${portal.baseURL}/staff`);
  await drafter.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" }).click();
  await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  await smtp?.close();
});

describe("a mail that could not be sent", () => {
  it("is shown on the board with its error and next attempt, and 'Gửi lại ngay' sends it once the server is back", async () => {
    await drafter.goto(`${drafter.url().replace(/\/invitations$/, "")}/invitations`);
    await drafter.getByRole("button", { name: "Gửi thư nhắc ngay" }).click();
    // Those that have not answered (Biên phòng and 11 of the 13 members of the People's Committee,
    // each in their own name since issue 17): all failed.
    await drafter.getByRole("status").filter({ hasText: "12 thư chưa gửi được" }).first().waitFor();
    expect(await drafter.getByTestId("failed-mail-count").innerText()).toContain("12 thư chưa gửi được");
    const row = drafter.locator(`tr[data-agency="${BDBP}"]`);
    const failed = row.getByTestId("failed-mail");
    expect(await failed.innerText()).toContain("Thư nhắc chưa gửi được");
    expect(await failed.innerText()).toContain("ECONNREFUSED");
    expect(await failed.innerText()).toContain("Đã thử 1 lần; tự gửi lại lúc");
    // The state badge is still one badge (the failed mail is not another).
    expect(await row.locator(".badge").innerText()).toBe("Chưa mở");

    // The mail server is back where the portal expects it.
    smtp = await startSmtp(undefined, smtpPort);
    await failed.getByRole("button", { name: "Gửi lại ngay" }).click();
    await drafter.getByRole("status").filter({ hasText: "Đã gửi lại thư." }).first().waitFor();
    // The board's data follows the action's notice (revalidation): polled, not read once.
    await expect.poll(() => row.getByTestId("failed-mail").count()).toBe(0);
    await expect.poll(() => drafter.getByTestId("failed-mail-count").innerText()).toContain("11 thư chưa gửi được");
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(["bdbp@soctrang.example"]);
    expect(smtp.mails[0]!.subject).toMatch(/^Nhắc góp ý: /);
  });
});
