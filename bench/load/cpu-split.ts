/**
 * Who is busy during a flat-out burst: the server's main thread and its other threads (garbage
 * collector helpers, the WAL checkpoint thread), sampled from /proc, against this process (the client)
 * — to tell a server at the end of its CPU from one waiting on its client or on itself. Also prints the
 * main thread's use every 200 ms (the ramp at the start, the tail at the end). Linux only.
 * `npx tsx bench/load/cpu-split.ts` against the built portal; CEILING=1 against bench/load/ceiling-server.ts.
 * N (submissions, default 3000) and C (connections, default 200).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, waitFor } from "../../tests/browser/portal";
import { driveLoad, visitorCsrf } from "./drive";
import { seedLoadDatabase } from "./seed";
const amount = Number(process.env.N ?? 3000);
const connections = Number(process.env.C ?? 200);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-cpu-"));
const fixture = await seedLoadDatabase(dir, amount + 1);
const port = await freePort();
const script = process.env.CEILING ? ["--import", "tsx", "bench/load/ceiling-server.ts"] : ["server.js"];
const child = spawn(process.execPath, script, {
  env: { ...process.env, NODE_ENV: "production", INSECURE_COOKIES: "1", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: fixture.dbFile, APP_SECRET: fixture.secret },
  stdio: "ignore",
});
const baseURL = `http://127.0.0.1:${port}`;
await waitFor(`${baseURL}/healthz`, child, 30_000);
const csrf = process.env.CEILING ? (() => { const token = "x".repeat(43); return { csrfCookie: `gopy_csrf=${encodeURIComponent(Buffer.from(JSON.stringify(token)).toString("base64"))}`, csrfToken: token }; })() : await visitorCsrf(baseURL, fixture.tokens[amount]!);
const warmUp = Math.floor(amount / 10);
await driveLoad({ baseURL, ...csrf }, { tokens: fixture.tokens, firstToken: 0, amount: warmUp, connections: 20, clauseIds: fixture.clauseIds, commentsPerSubmission: 3 }, null);
const threads = () => {
  const out: Record<string, number> = {};
  for (const t of fs.readdirSync(`/proc/${child.pid}/task`)) {
    try {
      const st = fs.readFileSync(`/proc/${child.pid}/task/${t}/stat`, "utf8");
      const name = st.slice(st.indexOf("(") + 1, st.lastIndexOf(")"));
      const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
      out[`${name}#${t}`] = (Number(f[11]) + Number(f[12])) * 10; // ms
    } catch {}
  }
  return out;
};
const before = threads();
const mainKey = Object.keys(before).find((k) => k.endsWith(`#${child.pid}`))!;
const timeline: string[] = [];
let last = before[mainKey]!;
const sampler = setInterval(() => { const now = threads()[mainKey]!; timeline.push(String(Math.round((now - last) / 2))); last = now; }, 200);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await driveLoad({ baseURL, ...csrf }, { tokens: fixture.tokens, firstToken: warmUp, amount: amount - warmUp, connections, clauseIds: fixture.clauseIds, commentsPerSubmission: 3 }, null);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const after = threads();
clearInterval(sampler);
console.log("main thread % per 200 ms:", timeline.join(" "));
child.kill("SIGTERM");
console.log(`${result.submit.requests} submissions, ${result.submit.perSecond.toFixed(0)}/s, wall ${wall.toFixed(0)} ms`);
console.log(`client: ${((cpu.user + cpu.system) / 1000 / wall * 100).toFixed(0)}% of a core`);
for (const [k, v] of Object.entries(after)) { const d = v - (before[k] ?? 0); if (d > 0) console.log(`server ${k}: ${(d / wall * 100).toFixed(0)}% of a core`); }
