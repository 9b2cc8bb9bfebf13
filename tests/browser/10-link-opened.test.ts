/**
 * Issue 13, finding 11 in the browser, on the Sóc Trăng demo: fetching an agency's link as a mail
 * scanner does (a plain GET, or a browser running no script) leaves it "Chưa mở" on the board; the
 * page shown in a real browser (its script's beacon, no cookie of the portal's) makes it "Đã mở".
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
const BDBP = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng";
const TITLE = "Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở";

let drafter: Page;
let boardUrl = "";

beforeAll(async () => {
  drafter = await newPage(portal.browser());
  await signIn(drafter, portal.baseURL(), ADMIN.email, ADMIN.password);
  await drafter.goto(`${portal.baseURL()}/staff`);
  await drafter.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" }).click();
  await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
  boardUrl = `${drafter.url()}/invitations`;
});

async function stateOf(agency: string): Promise<string> {
  await drafter.goto(boardUrl);
  return drafter.locator(`tr[data-agency="${agency}"] .badge`).innerText();
}

describe("an agency's link counts as opened when its page is shown", () => {
  it("a scanner's GET and a browser without script leave it not opened; the page in a browser opens it", async () => {
    expect(await stateOf(BDBP)).toBe("Chưa mở");
    const link = await drafter.locator(`tr[data-agency="${BDBP}"] .copy-link input`).inputValue();

    // A scanner: the HTML fetched, nothing run.
    const fetched = await fetch(link);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toContain(TITLE);
    // A browser with JavaScript off: the page renders, no beacon.
    const noScript = await portal.browser().newContext({ javaScriptEnabled: false, locale: "vi-VN" });
    const bare = await noScript.newPage();
    await bare.goto(link);
    await bare.getByRole("heading", { name: TITLE }).waitFor();
    await bare.waitForTimeout(500);
    await noScript.close();
    expect(await stateOf(BDBP)).toBe("Chưa mở");

    // A person: a fresh browser (none of the portal's cookies) showing the page.
    const person = await portal.browser().newContext({ locale: "vi-VN" });
    const page = await person.newPage();
    const beacon = page.waitForRequest((r) => r.method() === "POST" && r.url().startsWith(link));
    await page.goto(link);
    await page.getByRole("heading", { name: TITLE }).waitFor();
    const request = await beacon;
    expect(request.postData() ?? "").toContain("intent=opened");
    expect((await request.response())?.status()).toBe(200);
    await person.close();
    await expect.poll(() => stateOf(BDBP), { timeout: 10_000 }).toBe("Đã mở");
  });
});
