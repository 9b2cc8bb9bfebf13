/**
 * Issue 15: each page ships only the messages of its language and no server-only validation code.
 *
 * The catalogs (app/i18n/messages/*.ts) are never in the browser's JavaScript: the root loader sends the
 * active language's messages with the page (app/root.tsx), so a page carries one catalog, not three.
 * zod (the forms' validation, in .server modules) stays on the server. Read from the build the browser
 * suite makes (global-setup.ts), then checked on the invitee page as a browser loads it.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Page, Response } from "playwright-core";
import { describe, expect, it } from "vitest";
import { en } from "~/i18n/messages/en";
import { ru } from "~/i18n/messages/ru";
import { vi } from "~/i18n/messages/vi";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const CLIENT = path.resolve("build/client");
const INVITEE = "routes/i.$token._index";
const catalogs = { vi, en, ru } as Record<"vi" | "en" | "ru", Readonly<Record<string, string>>>;
type CatalogName = keyof typeof catalogs;

/**
 * Messages that identify a catalog: long, written the same way in source and in minified JavaScript or
 * JSON (no quotes, backslashes or line breaks), and different from the same key in the other two.
 */
const probes: Record<CatalogName, string[]> = Object.fromEntries(
  (Object.keys(catalogs) as CatalogName[]).map((lang) => [
    lang,
    Object.entries(catalogs[lang])
      .filter(([, text]) => text.length >= 30 && !/["'\\\n<>&{]/.test(text))
      .filter(([key, text]) => (Object.keys(catalogs) as CatalogName[]).every((other) => other === lang || catalogs[other][key] !== text))
      .map(([, text]) => text),
  ]),
) as Record<CatalogName, string[]>;

/** How many of each catalog's probe messages occur in `text`. */
function catalogHits(text: string): Record<CatalogName, number> {
  return Object.fromEntries(
    (Object.keys(probes) as CatalogName[]).map((lang) => [lang, probes[lang].filter((p) => text.includes(p)).length]),
  ) as Record<CatalogName, number>;
}

/** zod's own names, kept by the minifier (its error class and type names). */
const ZOD = /ZodError|ZodObject|ZodEffects|invalid_type_error/;

/** At most this many probe messages of a catalog may occur by chance (a component's own literal text). */
const STRAY = 3;

interface RemixManifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[] }>;
}

function readManifest(): RemixManifest {
  const assets = path.join(CLIENT, "assets");
  const name = fs.readdirSync(assets).find((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (!name) throw new Error("no build/client/assets/manifest-*.js: the browser suite's global setup builds the portal");
  const text = fs.readFileSync(path.join(assets, name), "utf8");
  return JSON.parse(text.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "")) as RemixManifest;
}

/** Every script a page of the route loads: the entry, the route and its parents, and all they import. */
function scriptsOf(manifest: RemixManifest, routeId: string): string[] {
  const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
  let route: RemixManifest["routes"][string] | undefined = manifest.routes[routeId];
  while (route) {
    files.add(route.module);
    for (const f of route.imports ?? []) files.add(f);
    route = route.parentId ? manifest.routes[route.parentId] : undefined;
  }
  // And what those import in turn (the manifest lists a route's imports, this makes sure of it).
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.pop()!;
    const text = fs.readFileSync(path.join(CLIENT, file), "utf8");
    for (const m of text.matchAll(/(?:import|from)\s*\(?\s*["']\.\/([^"']+\.js)["']/g)) {
      const next = `/assets/${m[1]}`;
      if (!files.has(next)) {
        files.add(next);
        queue.push(next);
      }
    }
  }
  return [...files].sort();
}

describe("the build's scripts", () => {
  it("the probes can tell the three catalogs apart", () => {
    for (const lang of Object.keys(probes) as CatalogName[]) expect(probes[lang].length, lang).toBeGreaterThan(100);
    // A catalog that is present is found: each catalog's own source holds all its probes.
    const source = fs.readFileSync(path.resolve("app/i18n/messages/ru.ts"), "utf8");
    expect(catalogHits(source)).toEqual({ vi: 0, en: 0, ru: probes.ru.length });
  });

  it("the invitee page loads no catalog and no zod", () => {
    const manifest = readManifest();
    expect(manifest.routes[INVITEE], "the invitee route is in the manifest").toBeDefined();
    const scripts = scriptsOf(manifest, INVITEE);
    const texts = scripts.map((f) => fs.readFileSync(path.join(CLIENT, f)));
    const all = texts.map((b) => b.toString("utf8")).join("\n");
    const raw = texts.reduce((sum, b) => sum + b.length, 0);
    const gzip = texts.reduce((sum, b) => sum + zlib.gzipSync(b, { level: 9 }).length, 0);
    console.log(`invitee page: ${scripts.length} scripts, ${raw} bytes (${gzip} gzipped)`);
    expect(scripts.filter((f, i) => ZOD.test(texts[i]!.toString("utf8"))), "scripts holding zod").toEqual([]);
    const hits = catalogHits(all);
    expect(Object.values(hits).every((n) => n <= STRAY), `catalog messages in the scripts: ${JSON.stringify(hits)}`).toBe(true);
  });

  it("no page's scripts hold a catalog or zod", () => {
    const manifest = readManifest();
    const offenders: string[] = [];
    for (const routeId of Object.keys(manifest.routes)) {
      const texts = scriptsOf(manifest, routeId).map((f) => [f, fs.readFileSync(path.join(CLIENT, f), "utf8")] as const);
      const zod = texts.filter(([, t]) => ZOD.test(t)).map(([f]) => f);
      if (zod.length > 0) offenders.push(`${routeId}: zod in ${zod.join(", ")}`);
      const hits = catalogHits(texts.map(([, t]) => t).join("\n"));
      if (Object.values(hits).some((n) => n > STRAY)) offenders.push(`${routeId}: catalog messages ${JSON.stringify(hits)}`);
    }
    expect(offenders).toEqual([]);
  });
});

describe("the invitee page in a browser", () => {
  const portal = usePortal();

  /** The link of one agency of the Sóc Trăng demo, as the drafter copies it from the board. */
  async function inviteeLink(): Promise<string> {
    const drafter = await newPage(portal.browser());
    await signIn(drafter, portal.baseURL(), ADMIN.email, ADMIN.password);
    await drafter.goto(`${portal.baseURL()}/staff`);
    await drafter.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" }).click();
    await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
    await drafter.goto(`${drafter.url()}/invitations`);
    const link = await drafter.locator(".copy-link input").first().inputValue();
    await drafter.context().close();
    return link;
  }

  /** The scripts and the document a page loads while `run` goes on. */
  async function loaded(page: Page, run: () => Promise<void>) {
    const responses: Response[] = [];
    const listener = (r: Response) => void responses.push(r);
    page.on("response", listener);
    await run();
    page.off("response", listener);
    const scripts: string[] = [];
    let html = "";
    for (const r of responses) {
      if (new URL(r.url()).pathname.endsWith(".js")) scripts.push(await r.text());
      if (r.request().resourceType() === "document" && r.status() === 200) html += await r.text();
    }
    return { scripts: scripts.join("\n"), html };
  }

  it("carries the messages of its language only, not again after a post, and the new language's after a switch", async () => {
    const link = await inviteeLink();
    const page = await newPage(portal.browser());

    // Every load of page data (single fetch: GET <path>.data), to see that a post does not reload the root.
    const dataLoads: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "GET" && new URL(r.url()).pathname.endsWith(".data")) dataLoads.push(r.url());
    });
    const first = await loaded(page, async () => {
      const beacon = page.waitForResponse((r) => r.request().method() === "POST" && (r.request().postData() ?? "").includes("intent=opened"));
      await page.goto(link);
      await page.locator("h1").first().waitFor();
      await beacon;
    });
    // The page's "opened" beacon is a post: the root's data (the messages) is not sent again after it.
    await page.waitForTimeout(1000);
    expect(dataLoads, "data loaded after the beacon").toEqual([]);
    expect(ZOD.test(first.scripts), "zod in the page's scripts").toBe(false);
    for (const [lang, n] of Object.entries(catalogHits(first.scripts))) expect(n, `${lang} messages in the scripts`).toBeLessThanOrEqual(STRAY);
    // The document brings the Vietnamese messages (the root loader's data), and no other language's.
    const htmlHits = catalogHits(first.html);
    expect(htmlHits.vi).toBeGreaterThan(probes.vi.length / 2);
    expect(htmlHits.en).toBeLessThanOrEqual(STRAY);
    expect(htmlHits.ru).toBeLessThanOrEqual(STRAY);

    // The switch (a form post that reloads the document): the page reads Russian, and the document that
    // came back carries the Russian messages, not the Vietnamese or English ones.
    const switched = await loaded(page, async () => {
      const reload = page.waitForResponse((r) => r.request().resourceType() === "document" && r.request().method() === "GET");
      await page.getByRole("button", { name: "RU" }).click();
      const body = await (await reload).text();
      const hits = catalogHits(body);
      expect(hits.ru).toBeGreaterThan(probes.ru.length / 2);
      expect(hits.vi).toBeLessThanOrEqual(STRAY);
      expect(hits.en).toBeLessThanOrEqual(STRAY);
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("ru");
      await page.locator(`form.lang-switch[aria-label="${ru["lang.choose"]}"]`).waitFor();
    });
    expect(ZOD.test(switched.scripts)).toBe(false);
    for (const [lang, n] of Object.entries(catalogHits(switched.scripts))) expect(n, `${lang} messages in the scripts`).toBeLessThanOrEqual(STRAY);
    await page.context().close();
  });
});
