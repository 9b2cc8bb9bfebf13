/**
 * Killing the process in the middle of a stream of submissions leaves every submission whole or
 * absent: the database passes its integrity check, every stored submission has all its comments,
 * and every acknowledged submission is stored.
 */
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("a crash during writes", () => {
  it("keeps each submission whole or absent, and keeps all that were acknowledged", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-crash-"));
    const file = path.join(dir, "crash.db");
    // The writer itself is the child (not npx in front of it), so SIGKILL reaches the process writing.
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/crash-writer.ts"], {
      env: { ...process.env, DATABASE_URL: file },
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

    const db = new Database(file);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const perSubmission = db.prepare("select s.id, count(c.id) as n from submissions s left join comments c on c.submission_id = s.id group by s.id").all() as { id: number; n: number }[];
    expect(perSubmission.length).toBeGreaterThanOrEqual(acked.length);
    expect(perSubmission.every((s) => s.n === 50)).toBe(true);
    const stored = new Set(perSubmission.map((s) => s.id));
    expect(acked.length).toBeGreaterThanOrEqual(ackedBeforeKill);
    expect(acked.every((id) => stored.has(id))).toBe(true);
    // Each invitation points at a submission that exists, with the right comment count.
    const dangling = db.prepare("select count(*) as n from invitations i left join submissions s on s.id = i.latest_submission_id where i.latest_submission_id is not null and s.id is null").get() as { n: number };
    expect(dangling.n).toBe(0);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
