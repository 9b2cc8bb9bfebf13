/**
 * Comparing two versions of a 300-article law (about 1 MB each): parse both, align their clauses and
 * compute the word differences, against `git diff --no-index --word-diff` on the same two files,
 * measured in the same run. Target: ratio 1.0 or less. Then the comparison page itself, served by
 * the built portal (npm run build first), timed over HTTP: target under 300 ms.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { flattenClauses, parseDocument } from "~/domain/clauses";
import { compareVersions, type CompareClause } from "~/domain/diff/compare";
import { alignVersions } from "~/domain/lineage/align";
import { makeArticleLaw, redraft } from "./make-law";

const RUNS = 9;

function median(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, runs = RUNS): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

let ids = 1;
const clausesOf = (text: string): CompareClause[] =>
  flattenClauses(parseDocument(text)).map((c) => ({ id: ids++, label: c.label, kind: c.kind, heading: c.heading, body: c.body, position: c.position, depth: c.depth }));

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-compare-"));
  const articles = makeArticleLaw(300);
  const v1 = articles.join("\n");
  const v2 = redraft(articles);
  const f1 = path.join(dir, "v1.txt");
  const f2 = path.join(dir, "v2.txt");
  fs.writeFileSync(f1, v1);
  fs.writeFileSync(f2, v2);

  let summary = "";
  const ours = time(() => {
    const a = clausesOf(v1);
    const b = clausesOf(v2);
    const result = compareVersions(a, b, alignVersions(a, b), { ignoreCase: false });
    summary = JSON.stringify(result.summary);
  });
  const a = clausesOf(v1);
  const b = clausesOf(v2);
  const alignOnly = time(() => compareVersions(a, b, alignVersions(a, b), { ignoreCase: false }));
  // What a page view computes: the links were stored when the version was added.
  const stored = alignVersions(a, b);
  const view = time(() => compareVersions(a, b, stored, { ignoreCase: false }));
  const git = time(() => {
    const r = spawnSync("git", ["diff", "--no-index", "--word-diff", f1, f2], { maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 1) throw new Error(`git diff failed: ${r.stderr}`);
  });
  console.log(
    `compare: 300-article law, ${(Buffer.byteLength(v1) / 1e6).toFixed(2)} MB and ${(Buffer.byteLength(v2) / 1e6).toFixed(2)} MB, ${a.length} and ${b.length} clauses; ${summary}`,
  );
  console.log(`  parse both + align + word diff: median ${ours.toFixed(1)} ms (align + word diff alone: ${alignOnly.toFixed(1)} ms)`);
  console.log(`  per view, links stored at upload (word diff of every clause pair): median ${view.toFixed(1)} ms`);
  console.log(`  git diff --no-index --word-diff: median ${git.toFixed(1)} ms`);
  console.log(`  ratio from scratch / git: ${(ours / git).toFixed(2)} (target 1.0 or less: ${ours <= git ? "OK" : "FAIL"})`);
  console.log(`  ratio per view / git: ${(view / git).toFixed(2)} (target 1.0 or less: ${view <= git ? "OK" : "FAIL"})`);
  await timePage(dir, v1, v2);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The comparison page over HTTP from the built portal, on a database holding the two versions. */
async function timePage(dir: string, v1: string, v2: string): Promise<void> {
  if (!fs.existsSync("build/server/index.js")) {
    console.log("  page: skipped (run `npm run build` first)");
    return;
  }
  const dbFile = path.join(dir, "page.db");
  const seed = `
    const { storeVersion } = await import("~/versions/store-version.server");
    const { getDb, closeDb } = await import("#db/client.server");
    const { insertAgency } = await import("#db/queries/agencies");
    const { insertConsultation } = await import("#db/queries/consultations");
    const { insertUser } = await import("#db/queries/users");
    const { startSession } = await import("~/auth/session.server");
    const fs = await import("node:fs");
    const db = await getDb();
    const agency = await insertAgency(db, { name: "Bench", shortName: "", emails: [] });
    const userId = await insertUser(db, { email: "bench@x.test", name: "B", role: "admin", agencyId: null, passwordHash: "x" });
    const c = await insertConsultation(db, { title: "Bench", kind: "regulation", draftingAgencyId: agency, letterRef: "", letterText: "", cutoffAt: Date.now(), timeZone: "Asia/Ho_Chi_Minh", status: "open" }, userId);
    await storeVersion({ consultationId: c, text: fs.readFileSync(${JSON.stringify(path.join(dir, "v1.txt"))}, "utf8"), source: { kind: "paste" }, createdBy: userId, publish: true });
    await storeVersion({ consultationId: c, text: fs.readFileSync(${JSON.stringify(path.join(dir, "v2.txt"))}, "utf8"), source: { kind: "paste" }, createdBy: userId, publish: true });
    console.log(JSON.stringify({ consultation: c, cookie: (await startSession(userId, { ip: "", userAgent: "" })).split(";")[0] }));
    closeDb();`;
  const seeded = execFileSync("npx", ["tsx", "-e", `(async () => {${seed}})()`], { env: { ...process.env, DATABASE_URL: dbFile }, encoding: "utf8" });
  const { consultation, cookie } = JSON.parse(seeded.trim().split("\n").pop()!) as { consultation: number; cookie: string };
  const port = 3900 + Math.floor(Math.random() * 90);
  const server = spawn(process.execPath, ["server.js"], { env: { ...process.env, DATABASE_URL: dbFile, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" }, stdio: "ignore" });
  try {
    const url = `http://127.0.0.1:${port}/staff/consultations/${consultation}/compare`;
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/healthz`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const get = async (q: string) => {
      const t = performance.now();
      const res = await fetch(url + q, { headers: { Cookie: cookie } });
      const html = await res.text();
      if (!res.ok) throw new Error(`page answered ${res.status}`);
      return { ms: performance.now() - t, kb: html.length / 1024 };
    };
    for (const q of ["", "?mode=inline"]) {
      await get(q);
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await get(q));
      const m = median(runs.map((r) => r.ms));
      console.log(`  page /compare${q} (changed clauses, ${runs[0]!.kb.toFixed(0)} KB of HTML): median ${m.toFixed(0)} ms (target < 300 ms: ${m < 300 ? "OK" : "FAIL"})`);
    }
  } finally {
    server.kill();
  }
}
