/**
 * The load test (issue 7): invited agencies submit their answers at once while drafters read their
 * pages, against the built portal on 127.0.0.1, then the same submissions against a bare Node http +
 * better-sqlite3 server (the ceiling). Bounded in requests; BENCH_QUICK=1 makes every phase smaller.
 *
 * Phases, each on fresh invitations (one submission of 3 comments per invitation):
 *   warm-up     — lets V8 and SQLite's cache settle; not reported against the target
 *   flat out    — 200 agencies posting as fast as answers come back: the maximum rate, for the ratio
 *   1,100/s     — the target rate from issue 7, offered at a fixed rate by 200 connections, with
 *                 4 drafters reading the board, the comments and the consultation page meanwhile
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { copyDatabase, runScenario, totalAmount, type Phase, type ScenarioResult } from "./load/scenario";
import { seedLoadDatabase } from "./load/seed";

const TARGET_RATE = 1100;

function phases(quick: boolean): Phase[] {
  const scale = quick ? 0.25 : 1;
  return [
    { name: "warm-up", amount: Math.round(2000 * scale), connections: 50 },
    { name: "flat out", amount: Math.round(12_000 * scale), connections: 200 },
    { name: `${TARGET_RATE}/s with readers`, amount: Math.round(TARGET_RATE * 15 * scale), connections: 200, rate: TARGET_RATE, readers: 4 },
  ];
}

function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 1 : 0)} ms`;
}

function report(kind: string, r: ScenarioResult): void {
  console.log(`  ${kind}:`);
  for (const p of r.phases) {
    const s = p.submit;
    console.log(
      `    ${p.name.padEnd(20)} ${s.requests} submissions in ${s.seconds.toFixed(1)} s = ${s.perSecond.toFixed(0)}/s, ` +
        `p50 ${ms(s.p50)}, p90 ${ms(s.p90)}, p99 ${ms(s.p99)}, max ${ms(s.max)}, errors ${s.errors} ${JSON.stringify(s.statuses)}`,
    );
    if (p.read) {
      console.log(
        `      drafters' pages: ${p.read.requests} reads = ${p.read.perSecond.toFixed(0)}/s, p50 ${ms(p.read.p50)}, p99 ${ms(p.read.p99)}, errors ${p.read.errors}`,
      );
    }
  }
  const ok = r.storedSubmissions === r.acknowledged && r.incomplete === 0;
  console.log(
    `    acknowledged ${r.acknowledged}, stored ${r.storedSubmissions} submissions / ${r.storedComments} comments, incomplete ${r.incomplete} → ${ok ? "OK" : "MISMATCH"}`,
  );
}

export async function run(): Promise<void> {
  const quick = process.env.BENCH_QUICK === "1";
  const plan = phases(quick);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-load-"));
  try {
    const fixture = await seedLoadDatabase(dir, totalAmount(plan) + 1);
    const ceilingFile = path.join(dir, "ceiling.db");
    copyDatabase(fixture.dbFile, ceilingFile);
    console.log(`load: ${fixture.tokens.length - 1} invited agencies, ${fixture.clauseIds.length} clauses, ${os.cpus().length} cores (client and server share them)`);
    const portal = await runScenario("portal", fixture, fixture.dbFile, plan);
    const ceiling = await runScenario("ceiling", fixture, ceilingFile, plan.map((p) => ({ ...p, readers: 0 })));
    report("portal (built, node server.js)", portal);
    report("ceiling (bare http + better-sqlite3)", ceiling);
    const flat = (r: ScenarioResult) => r.phases.find((p) => p.name === "flat out")!.submit.perSecond;
    const target = portal.phases[2]!.submit;
    console.log(`  ratio portal/ceiling, flat out: ${(flat(portal) / flat(ceiling)).toFixed(2)} (${flat(portal).toFixed(0)}/s vs ${flat(ceiling).toFixed(0)}/s)`);
    console.log(
      `  target ${TARGET_RATE}/s, zero errors, p99 < 100 ms, ≥ half the ceiling: ` +
        `${target.perSecond >= TARGET_RATE * 0.95 && target.errors === 0 && target.p99 < 100 && flat(portal) >= flat(ceiling) / 2 ? "met" : "NOT met"}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
