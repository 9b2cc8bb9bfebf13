/**
 * Where a submission's time goes: starts the built portal under `--cpu-prof` on a seeded database,
 * sends N submissions over C connections, then prints the share of CPU time by package and the
 * inclusive share of the functions that matter. `npx tsx bench/load/profile.ts` (N=3000 C=20 by default).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, waitFor } from "../../tests/browser/portal";
import { driveLoad, visitorCsrf } from "./drive";
import { seedLoadDatabase } from "./seed";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

const amount = Number(process.env.N ?? 3000);
const connections = Number(process.env.C ?? 20);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-profile-"));
const fixture = await seedLoadDatabase(dir, amount + 1);
const port = await freePort();
const child = spawn(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, "server.js"], {
  env: { ...process.env, NODE_ENV: "production", INSECURE_COOKIES: "1", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: fixture.dbFile, APP_SECRET: fixture.secret },
  stdio: "ignore",
});
const baseURL = `http://127.0.0.1:${port}`;
await waitFor(`${baseURL}/healthz`, child, 30_000);
const csrf = await visitorCsrf(baseURL, fixture.tokens[amount]!);
// A warm-up first (a tenth of the submissions), so the profile shows the steady state, not the JIT.
const warmUp = Math.floor(amount / 10);
await driveLoad({ baseURL, ...csrf }, { tokens: fixture.tokens, firstToken: 0, amount: warmUp, connections: 20, clauseIds: fixture.clauseIds, commentsPerSubmission: 3 }, null);
const result = await driveLoad(
  { baseURL, ...csrf },
  { tokens: fixture.tokens, firstToken: warmUp, amount: amount - warmUp, connections, clauseIds: fixture.clauseIds, commentsPerSubmission: 3 },
  null,
);
child.kill("SIGTERM");
await new Promise((r) => child.once("exit", r));
const s = result.submit;
console.log("slowest (sent at ms, took ms):", s.slowest.map(([at, ms]) => `${at.toFixed(0)}:${ms.toFixed(0)}`).join(" "));
console.log(`${s.requests} submissions, ${s.perSecond.toFixed(0)}/s, p50 ${s.p50} ms, p99 ${s.p99} ms, errors ${s.errors}`);

const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!;
const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

function packageOf(n: ProfileNode): string {
  const url = n.callFrame.url;
  if (url === "") return `(${n.callFrame.functionName || "native"})`;
  if (url.includes("node_modules/")) {
    const rest = url.split("node_modules/").pop()!.split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("build/server")) return "the portal's own code";
  return path.basename(url);
}
const byPackage = new Map<string, number>();
const inclusive = new Map<string, number>();
const watched = /^(action\$\d*|loadInvitee|submitAnswer|readPostedForm|parseMultipartFormData|verifyCsrf|matchRoutes|handleDocumentRequest|createRemixRequest|sendRemixResponse)$/;
for (const [id, t] of selfTime) {
  const n = byId.get(id)!;
  byPackage.set(packageOf(n), (byPackage.get(packageOf(n)) ?? 0) + t);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const name = byId.get(cur)!.callFrame.functionName;
    if (watched.test(name) && !seen.has(name)) {
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + t);
    }
  }
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
console.log("CPU by package (self time):");
for (const [k, t] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`  ${pct(t)} ${k}`);
console.log("Inclusive time of the steps:");
for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(t)} ${k}`);
if (process.env.KEEP) { fs.copyFileSync(path.join(dir, file), process.env.KEEP); } fs.rmSync(dir, { recursive: true, force: true });
