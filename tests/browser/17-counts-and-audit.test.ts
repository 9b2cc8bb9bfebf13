/**
 * Issue 15 in the browser: count phrases agree with their number in Russian and English (the comment
 * badges of the Sóc Trăng demo's outline), and the audit log reads in local time with the zone,
 * translated actions and readable details, its address column not cut off.
 */
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
let consultationUrl = "";

async function pageIn(browser: Browser, lang: "vi" | "en" | "ru"): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, portal.baseURL(), ADMIN.email, ADMIN.password);
  await page.context().addCookies([{ name: "gopy_lang", value: Buffer.from(JSON.stringify(lang)).toString("base64"), url: portal.baseURL() }]);
  return page;
}

beforeAll(async () => {
  const page = await newPage(portal.browser());
  await signIn(page, portal.baseURL(), ADMIN.email, ADMIN.password);
  await page.goto(`${portal.baseURL()}/staff`);
  await page.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" }).click();
  await page.waitForURL(/\/staff\/consultations\/\d+$/);
  consultationUrl = page.url();
  await page.context().close();
});

/** The comment badges of the consultation's outline: [text, title]. */
async function badges(page: Page): Promise<[string, string][]> {
  await page.goto(consultationUrl);
  return page.locator(".count-badge").evaluateAll((links) => links.map((a) => [(a as HTMLElement).innerText.trim(), a.getAttribute("title") ?? ""] as [string, string]));
}

describe("count phrases", () => {
  it("Russian: 1 and 21 замечание, 2–4 замечания, 5–20 замечаний", async () => {
    const page = await pageIn(portal.browser(), "ru");
    const found = await badges(page);
    expect(found.length).toBeGreaterThan(0);
    const rules = new Intl.PluralRules("ru");
    const word = { one: "замечание", few: "замечания", many: "замечаний" } as Record<string, string>;
    for (const [text, title] of found) {
      const n = Number(/^\d+/.exec(text)?.[0]);
      expect(text).toBe(`${n} ${word[rules.select(n)]}`);
      expect(title).toBe(`Просмотреть ${n} ${word[rules.select(n)]} к этому пункту`);
    }
    await page.context().close();
  });

  it("English: 1 comment, 2 comments", async () => {
    const page = await pageIn(portal.browser(), "en");
    const found = await badges(page);
    expect(found.length).toBeGreaterThan(0);
    for (const [text, title] of found) {
      const n = Number(/^\d+/.exec(text)?.[0]);
      expect(text).toBe(n === 1 ? "1 comment" : `${n} comments`);
      expect(title).toBe(n === 1 ? "See the 1 comment on this clause" : `See the ${n} comments on this clause`);
    }
    await page.context().close();
  });
});

describe("the audit log", () => {
  it("shows local times with the zone, translated actions and readable details; the CSV stays raw", async () => {
    const page = await pageIn(portal.browser(), "ru");
    await page.goto(`${portal.baseURL()}/staff/admin/audit`);
    // The zone by its name in the page's language (Intl's, on the server: "Индокитай"), not its IANA id.
    await page.getByRole("columnheader", { name: /^Время \([А-Яа-яЁё ,-]+\)$/ }).waitFor();
    const demo = page.locator("tbody tr", { hasText: "Загружены демонстрационные данные" }).first();
    await demo.waitFor();
    expect(await demo.locator("td").first().innerText()).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d \(GMT\+7\)$/);
    expect(await demo.innerText()).toContain("Обсуждение #");
    expect(await page.locator("tbody").innerText()).not.toMatch(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d/);
    await page.getByText("Файл .csv содержит исходные данные").waitFor();
    // No address cell is cut off.
    const cells = await page.locator("tbody td:last-child").evaluateAll((tds) => tds.map((td) => ({ text: (td as HTMLElement).innerText, scroll: td.scrollWidth, client: td.clientWidth })));
    for (const cell of cells) expect(cell.scroll, cell.text).toBeLessThanOrEqual(cell.client);
    // …and the table fits its frame: the address column is in view without scrolling sideways.
    const frame = await page.locator(".table-wrap").evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(frame.scroll).toBeLessThanOrEqual(frame.client);
    const csv = await page.evaluate(async () => (await fetch("/staff/admin/audit.csv")).text());
    expect(csv).toContain("demo.loaded");
    await page.context().close();
  });
});
