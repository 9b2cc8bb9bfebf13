/**
 * Issue 15, proved in the browser: axe-core (WCAG 2.1 A and AA, and the 24 px target size) on every page
 * of the portal, staff's and agencies', in Vietnamese, English and Russian, at desktop (1280×800) and
 * phone (390×844) sizes, on the Sóc Trăng demo so that the pages have content. Each violation is printed
 * with its page, language, size, rule and targets. At 390 px no page may be wider than the screen, and
 * every page has a title of its own and
 * starts with a link that skips to its main content.
 *
 * The Russian sweep (WCAG 3.1.2, language of parts): on every Russian page at desktop size, latinWords()
 * collects the words in Latin letters shown outside content marked with another `lang` (the draft, names,
 * comments and typed values carry lang="vi", app/components/content-lang.tsx); there must be none, so no
 * interface text is left in English or raw and no Vietnamese content is read with a Russian voice.
 *
 * axe-core is run as its own source through page.evaluate (the portal's Content-Security-Policy would
 * refuse an added <script> tag; evaluate is not subject to it).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SAMPLES = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so");
const LANGS = ["vi", "en", "ru"] as const;
type Lang = (typeof LANGS)[number];
const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;
/** The agency that answers during the sweep (the demo leaves it without an answer). */
const BDBP = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng";

const portal = usePortal();

interface Finding {
  page: string;
  lang: Lang;
  size: string;
}
interface Violation extends Finding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}
interface Sweep {
  visits: number;
  pages: Set<string>;
  violations: Violation[];
  tooWide: (Finding & { width: number })[];
  /** Pages without a skip link to their <main id="main">. */
  noSkipLink: Finding[];
  titles: (Finding & { title: string; url: string })[];
  /** Latin-script words shown in a Russian page outside content marked as another language. */
  latin: (Finding & { words: string[] })[];
}

/** The demo's addresses, found once: the consultation, its versions, the agency's link. */
interface Demo {
  consultation: string;
  firstVersion: string;
  reviewVersion: string;
  agencyLink: string;
}
let demo: Demo;

beforeAll(async () => {
  const drafter = await newPage(portal.browser());
  await signIn(drafter, portal.baseURL(), ADMIN.email, ADMIN.password);
  await drafter.goto(`${portal.baseURL()}/staff`);
  await drafter.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" }).click();
  await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
  const consultation = drafter.url();
  await drafter.locator(".versions a").first().waitFor();
  const versions = await drafter.locator(".versions a").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  // The demo's letter asked for answers by 6 July 2023: a cutoff ahead keeps the agency's page open.
  await drafter.goto(`${consultation}/edit`);
  await drafter.getByLabel("Hạn góp ý").fill("2099-07-06T00:00");
  await drafter.getByRole("button", { name: "Lưu" }).click();
  await drafter.waitForURL(consultation);
  // A third draft uploaded and not yet published: the page where the drafter reviews its outline.
  await drafter.goto(`${consultation}/versions/new`);
  await drafter.getByLabel("Tệp dự thảo").setInputFiles(path.join(SAMPLES, "draft-v2.txt"));
  await drafter.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
  await drafter.waitForURL(/\/versions\/\d+$/);
  const reviewVersion = drafter.url();
  await drafter.goto(`${consultation}/invitations`);
  const agencyLink = await drafter.locator(`tr[data-agency="${BDBP}"] .copy-link input`).inputValue();
  await drafter.context().close();
  demo = { consultation, firstVersion: versions[0]!, reviewVersion, agencyLink };
});

/** The interface language, as the switch sets it (app/i18n/lang.server.ts: a JSON string, base64). */
async function setLang(context: BrowserContext, lang: Lang) {
  await context.addCookies([{ name: "gopy_lang", value: Buffer.from(JSON.stringify(lang)).toString("base64"), url: portal.baseURL() }]);
}

async function axe(page: Page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } };
    const result = await w.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      // 2.5.8 (24×24 px targets) is WCAG 2.2's; issue 15 asks for it too.
      rules: { "target-size": { enabled: true } },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact ?? "", help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(" ")) }));
  });
}

/** Visits `url` at both sizes and records what axe finds, the page's width at 390 px and its title. */
async function check(sweep: Sweep, page: Page, name: string, url: string, lang: Lang) {
  sweep.pages.add(name);
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    const response = await page.goto(url);
    expect(response?.status(), `${name} ${lang}`).toBeLessThan(name === "bad link" ? 500 : 400);
    await page.waitForLoadState("networkidle");
    sweep.visits++;
    const at = { page: name, lang, size: `${size.name} ${size.width}×${size.height}` };
    for (const v of await axe(page)) sweep.violations.push({ ...at, ...v });
    if (size.width === 390) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) sweep.tooWide.push({ ...at, width });
    } else {
      sweep.titles.push({ ...at, title: await page.title(), url });
      const skips = await page.evaluate(() => {
        const first = document.querySelector("body a");
        return first?.classList.contains("skip-link") && first.getAttribute("href") === "#main" && document.querySelector("main#main") !== null;
      });
      if (!skips) sweep.noSkipLink.push(at);
      if (lang === "ru") {
        const words = await latinWords(page);
        if (words.length > 0) sweep.latin.push({ ...at, words });
      }
    }
  }
}

/**
 * What a Russian reader would see in Latin letters: the words of every rendered text, placeholder, title
 * and label whose language is Russian (the draft, names and comments carry lang="vi" and are left out),
 * less what is the same in every language (addresses, file names, the language buttons, acronyms).
 */
async function latinWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // File extensions as the hints write them (".docx, .txt или .md") are names of formats, not words; so is UTF-8.
    const SAME_IN_EVERY_LANGUAGE = new Set(["VI", "EN", "RU", "PDF", "CSV", "JSON", "DOCX", "XLSX", "QR", "IP", "URL", "SMTP", "ID", "UTC", "GMT", "docx", "txt", "md", "csv", "xlsx", "UTF"]);
    const found = new Set<string>();
    const ownLang = (el: Element) => el.closest("[lang]")?.getAttribute("lang") ?? "";
    const add = (text: string) => {
      // Receipt numbers ("GY-1-4-1", db/queries/invitations.ts) are codes, printed the same in every language.
      const cleaned = text.replace(/\S+@\S+|https?:\/\/\S+|\/\S*|\S+\.(docx|csv|xlsx|txt|md|pdf|json)\b|\b[A-Za-z0-9_-]{20,}\b|\bGY-\d+(?:-\d+)*\b/gi, " ");
      for (const m of cleaned.matchAll(/[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]{2,}/g)) if (!SAME_IN_EVERY_LANGUAGE.has(m[0])) found.add(m[0]);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement;
      if (!el || el.closest("script, style, noscript, template") || ownLang(el) !== "ru") continue;
      if (el.getClientRects().length === 0) continue;
      add(walker.currentNode.textContent ?? "");
    }
    for (const el of document.querySelectorAll("[placeholder], [title], [aria-label], input[type=submit][value]")) {
      if (ownLang(el) !== "ru") continue;
      for (const attr of ["placeholder", "title", "aria-label"]) add(el.getAttribute(attr) ?? "");
      if (el.matches("input[type=submit]")) add((el as HTMLInputElement).value);
    }
    return [...found].sort();
  });
}

function newSweep(): Sweep {
  return { visits: 0, pages: new Set(), violations: [], tooWide: [], noSkipLink: [], titles: [], latin: [] };
}

/** Every staff page in every language (signed in as the administrator, who sees them all). */
async function sweepStaff(): Promise<Sweep> {
  const sweep = newSweep();
  const c = demo.consultation;
  const staffPages: [string, string][] = [
    ["staff home", `${portal.baseURL()}/staff`],
    ["consultation", c],
    ["new consultation", `${portal.baseURL()}/staff/consultations/new`],
    ["edit consultation", `${c}/edit`],
    ["version", demo.firstVersion],
    ["new version", `${c}/versions/new`],
    ["version review", demo.reviewVersion],
    ["compare", `${c}/compare`],
    ["comparison table", `${c}/comparison-table`],
    ["invitations board", `${c}/invitations`],
    ["invitations print", `${c}/invitations/print`],
    ["comments", `${c}/comments`],
    ["answers", `${c}/answers`],
    ["similar comments", `${c}/answers/similar`],
    ["disagreements", `${c}/disagreements`],
    ["working copy", `${c}/working-copy`],
    ["report settings", `${c}/report-settings`],
    ["report print view", `${c}/report`],
    ["outbox", `${c}/outbox`],
    ["admin users", `${portal.baseURL()}/staff/admin/users`],
    ["admin agencies", `${portal.baseURL()}/staff/admin/agencies`],
    ["admin bodies", `${portal.baseURL()}/staff/admin/bodies`],
    ["admin audit", `${portal.baseURL()}/staff/admin/audit`],
    ["account", `${portal.baseURL()}/staff/account`],
  ];
  for (const lang of LANGS) {
    // Signed out: the sign-in page.
    const guest = await portal.browser().newContext({ locale: "vi-VN" });
    await setLang(guest, lang);
    await check(sweep, await guest.newPage(), "sign-in", `${portal.baseURL()}/signin`, lang);
    await guest.close();

    const page = await newPage(portal.browser());
    await signIn(page, portal.baseURL(), ADMIN.email, ADMIN.password);
    await setLang(page.context(), lang);
    for (const [name, url] of staffPages) await check(sweep, page, name, url, lang);
    await page.context().close();
  }
  return sweep;
}

/** The agency's pages: its link before and after it answers, the receipt, and a link that is not one. */
async function sweepAgency(): Promise<Sweep> {
  const sweep = newSweep();
  const pages = new Map<Lang, Page>();
  for (const lang of LANGS) {
    const context = await portal.browser().newContext({ locale: "vi-VN" });
    await setLang(context, lang);
    const page = await context.newPage();
    pages.set(lang, page);
    await check(sweep, page, "invitee page", demo.agencyLink, lang);
    await check(sweep, page, "bad link", `${portal.baseURL()}/i/not-a-link-of-ours`, lang);
  }
  // The agency answers (in Vietnamese, at desktop size), then the same pages are seen again.
  const vi = pages.get("vi")!;
  await vi.setViewportSize({ width: 1280, height: 800 });
  await vi.goto(demo.agencyLink);
  await vi.locator("section.clause-card.general textarea").first().fill("Đề nghị bổ sung Bộ Chỉ huy Bộ đội Biên phòng tỉnh vào cơ quan phối hợp.");
  await vi.getByLabel("Họ tên người ký / người gửi").fill("Phạm Văn Hùng");
  await vi.getByLabel("Chức vụ").fill("Phó Chỉ huy trưởng");
  await vi.getByRole("button", { name: "Gửi góp ý" }).click();
  await vi.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
  const receipt = vi.url();
  for (const lang of LANGS) {
    const page = pages.get(lang)!;
    await check(sweep, page, "receipt", receipt, lang);
    await check(sweep, page, "invitee page, answered", demo.agencyLink, lang);
    if (lang !== "vi") {
      // The draft and the names are Vietnamese inside an English or Russian page: marked so.
      const title = page.locator("h1").first();
      expect(await title.evaluate((h) => h.closest("[lang]")?.getAttribute("lang")), `the consultation's title, ${lang}`).toBe("vi");
      const clause = page.locator(".clause-card:not(.general) .clause-body").first();
      expect(await clause.evaluate((b) => b.closest("[lang]")?.getAttribute("lang")), `a clause of the draft, ${lang}`).toBe("vi");
    }
    await page.context().close();
  }
  return sweep;
}

function report(sweep: Sweep, who: string) {
  const byPage = new Map<string, number>();
  for (const v of sweep.violations) byPage.set(`${v.page} · ${v.lang}`, (byPage.get(`${v.page} · ${v.lang}`) ?? 0) + 1);
  console.log(
    `${who}: ${sweep.pages.size} pages × ${LANGS.length} languages × ${SIZES.length} sizes = ${sweep.visits} visits, ` +
      `${sweep.violations.length} axe violations, ${sweep.tooWide.length} too wide at 390 px` +
      [...byPage].map(([k, n]) => `\n  ${k}: ${n}`).join("") +
      sweep.tooWide.map((w) => `\n  too wide: ${w.page} [${w.lang}] ${w.width} px`).join(""),
  );
}

function lines(sweep: Sweep) {
  return {
    violations: sweep.violations.map((v) => `${v.page} [${v.lang}, ${v.size}] ${v.rule} (${v.impact}): ${v.help} — ${v.targets.join(" | ")}`),
    tooWide: sweep.tooWide.map((w) => `${w.page} [${w.lang}] is ${w.width} px wide at 390 px`),
    noSkipLink: sweep.noSkipLink.map((w) => `${w.page} [${w.lang}] has no skip link to its main content first`),
    latin: sweep.latin.map((w) => `${w.page} [ru] shows in Latin letters: ${w.words.join(" ")}`),
  };
}

/** Titles: none is just the portal's name, and no two pages of one language share one. */
function titleProblems(sweep: Sweep): string[] {
  const problems: string[] = [];
  for (const lang of LANGS) {
    const seen = new Map<string, { page: string; url: string }>();
    for (const t of sweep.titles.filter((x) => x.lang === lang)) {
      if (t.title.trim() === "" || t.title === "Góp ý") problems.push(`${t.page} [${lang}] is titled "${t.title}"`);
      // The agency's link before and after it answers is one page (one address): one title.
      const other = seen.get(t.title);
      if (other && other.url !== t.url) problems.push(`${t.page} and ${other.page} [${lang}] are both titled "${t.title}"`);
      seen.set(t.title, { page: t.page, url: t.url });
    }
  }
  return problems;
}

describe("every page in vi, en and ru at 1280 px and 390 px", () => {
  it("the staff's pages: no axe violation, none wider than a phone, each its own title", { timeout: 900_000 }, async () => {
    const sweep = await sweepStaff();
    report(sweep, "staff pages");
    const found = lines(sweep);
    expect(found.violations).toEqual([]);
    expect(found.tooWide).toEqual([]);
    expect(found.noSkipLink).toEqual([]);
    expect(found.latin).toEqual([]);
    expect(titleProblems(sweep)).toEqual([]);
    expect(sweep.visits).toBe(25 * LANGS.length * SIZES.length);
  });

  it("an agency's pages (its link before and after answering, the receipt, a bad link): the same", { timeout: 600_000 }, async () => {
    const sweep = await sweepAgency();
    report(sweep, "agency pages");
    const found = lines(sweep);
    expect(found.violations).toEqual([]);
    expect(found.tooWide).toEqual([]);
    expect(found.noSkipLink).toEqual([]);
    expect(found.latin).toEqual([]);
    expect(titleProblems(sweep)).toEqual([]);
    expect(sweep.visits).toBe(4 * LANGS.length * SIZES.length);
  });
});
