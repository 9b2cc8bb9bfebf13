/**
 * Killing the process in the middle of a stream of submissions leaves every submission whole or
 * absent: the database passes its integrity check, every stored submission has all its comments,
 * and every acknowledged submission is stored. On both databases: a SQLite file of its own, or on the
 * PostgreSQL pass a database of its own on TEST_DATABASE_URL's server (the child's connections die with
 * it, mid-transaction).
 */
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it, onTestFinished } from "vitest";
import { DIALECT } from "#db/dialect";
import { createTestDatabase, dropTestDatabase } from "../support/pg-database";

/** Runs the checks' queries on the database the writer wrote, whichever it is. */
async function openForChecks(url: string): Promise<{ all: <T>(query: string) => Promise<T[]>; close: () => Promise<void> }> {
  if (DIALECT === "pg") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return { all: async <T,>(query: string) => (await client.query(query)).rows as T[], close: () => client.end() };
  }
  const db = new Database(url);
  return { all: async <T,>(query: string) => db.prepare(query).all() as T[], close: async () => void db.close() };
}

describe("a crash during writes", () => {
  it("keeps each submission whole or absent, and keeps all that were acknowledged", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-crash-"));
    const url = DIALECT === "pg" ? await createTestDatabase() : path.join(dir, "crash.db");
    onTestFinished(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      if (DIALECT === "pg") await dropTestDatabase(url);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    // The writer itself is the child (not npx in front of it), so SIGKILL reaches the process writing.
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/crash-writer.ts"], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const acked: number[] = [];
    let buffer = "";
    let ready = false;
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === "ready") ready = true;
        else if (line.startsWith("ack ")) acked.push(Number(line.slice(4)));
      }
    });
    // Let it write for a while after setting up, then kill it without warning.
    const started = Date.now();
    while (acked.length < 200 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
    expect(ready).toBe(true);
    // Otherwise "every acknowledged submission is stored" would hold for an empty list: the kill must
    // land in the middle of a real stream of acknowledged writes.
    const ackedBeforeKill = acked.length;
    expect(ackedBeforeKill).toBeGreaterThanOrEqual(50);
    child.kill("SIGKILL");
    const signal = await new Promise((r) => child.once("exit", (_code, sig) => r(sig)));
    expect(signal).toBe("SIGKILL");
    expect(() => process.kill(child.pid!, 0)).toThrow(); // gone: nothing writes while we check

    const db = await openForChecks(url);
    try {
      // PostgreSQL has no counterpart to SQLite's integrity check: its write-ahead log makes the crash
      // of a client nothing to recover from; the checks below are what matters on both.
      if (DIALECT === "sqlite") expect((await db.all<{ integrity_check: string }>("pragma integrity_check"))[0]?.integrity_check).toBe("ok");
      // Counts as numbers: PostgreSQL's count() is a bigint, which pg gives as a string.
      const perSubmission = (await db.all<{ id: number; n: number | string }>("select s.id, count(c.id) as n from submissions s left join comments c on c.submission_id = s.id group by s.id")).map((r) => ({ id: Number(r.id), n: Number(r.n) }));
      expect(perSubmission.length).toBeGreaterThanOrEqual(acked.length);
      expect(perSubmission.every((s) => s.n === 50)).toBe(true);
      const stored = new Set(perSubmission.map((s) => s.id));
      expect(acked.length).toBeGreaterThanOrEqual(ackedBeforeKill);
      expect(acked.every((id) => stored.has(id))).toBe(true);
      // Each invitation points at a submission that exists, with the right comment count.
      const [dangling] = await db.all<{ n: number | string }>("select count(*) as n from invitations i left join submissions s on s.id = i.latest_submission_id where i.latest_submission_id is not null and s.id is null");
      expect(Number(dangling!.n)).toBe(0);
    } finally {
      await db.close();
    }
  }, 60_000);
});
