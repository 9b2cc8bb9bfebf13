import Database from "better-sqlite3";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { backupDatabase, DatabaseInUseError, restoreDatabase } from "#db/backup";
import { getDb, openSqlite, ping } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { DIALECT } from "#db/dialect";
import { useTempDatabase } from "./harness";

const { file } = useTempDatabase();

// Backup and restore of the SQLite file are SQLite's own: on PostgreSQL backups are pg_dump's job and the
// server's (documented in docs/deploy.md), and moving a SQLite database there is copy-to-postgres's
// (tests/integration/copy-to-postgres.test.ts). The PostgreSQL pass skips this file.
describe.skipIf(DIALECT === "pg")("backup and restore", () => {
  it("copies the database consistently while it is being written, and restores it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-backup-"));
    const db = await getDb();
    for (let i = 0; i < 200; i++) await insertAgency(db, { name: `Cơ quan ${i}`, shortName: "", emails: [] });
    // Keep writing while the backup runs.
    let writing = true;
    let n = 200;
    const writer = (async () => {
      while (writing) {
        await insertAgency(db, { name: `Cơ quan ${n++}`, shortName: "", emails: [] });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const target = path.join(dir, "copy.db");
    await backupDatabase(file(), target);
    writing = false;
    await writer;
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    const count = (copy.prepare("select count(*) as n from agencies").get() as { n: number }).n;
    copy.close();
    expect(count).toBeGreaterThanOrEqual(200);

    const restoredFile = path.join(dir, "restored.db");
    await restoreDatabase(target, restoredFile);
    const restored = new Database(restoredFile, { readonly: true });
    expect((restored.prepare("select count(*) as n from agencies").get() as { n: number }).n).toBe(count);
    restored.close();
    await expect(ping()).resolves.toBeUndefined(); // the portal's own handle still works
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses to restore a file that is not a Góp ý database", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-backup-"));
    const other = path.join(dir, "other.db");
    new Database(other).exec("create table t(x)");
    await expect(restoreDatabase(other, path.join(dir, "target.db"))).rejects.toThrow("not a Góp ý database");
    fs.writeFileSync(path.join(dir, "junk.db"), "not sqlite at all, just text");
    await expect(restoreDatabase(path.join(dir, "junk.db"), path.join(dir, "target.db"))).rejects.toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** Closes a database opened with openSqlite: the reader first, the writer last (it checkpoints the WAL). */
function closeSqlite(opened: ReturnType<typeof openSqlite>): void {
  opened.reader.close();
  opened.writer.close();
}

/** A process that opens the database as the portal does and keeps it open (tests/support/db-holder.ts). */
function startHolder(databaseFile: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/db-holder.ts"], {
    env: { ...process.env, DATABASE_URL: databaseFile },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const seen: string[] = [];
  const waiters: { line: string; resolve: () => void }[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const line of lines) {
      seen.push(line);
      for (const w of waiters.filter((x) => x.line === line)) w.resolve();
    }
  });
  const waitFor = (line: string) =>
    seen.includes(line) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ line, resolve }));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    ready: waitFor("ready"),
    async store(name: string) {
      child.stdin.write(`${name}\n`);
      await waitFor(`ack ${name}`);
    },
    async quit() {
      child.stdin.write("quit\n");
      child.stdin.end();
      return exited;
    },
  };
}

function cliRestore(databaseFile: string, backupFile: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", "restore", backupFile], {
    env: { ...process.env, DATABASE_URL: databaseFile },
    encoding: "utf8",
    timeout: 60_000,
  });
}

function agencyNames(databaseFile: string): string[] {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return (db.prepare("select name from agencies order by id").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe.skipIf(DIALECT === "pg")("restore while the portal runs", () => {
  it("is refused, leaving the database untouched, and works once the portal has stopped", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-restore-"));
    const portalFile = path.join(dir, "portal.db");
    const backupFile = path.join(dir, "backup.db");
    // The backup: three agencies, the last two deleted, so its sequence is ahead of its rows.
    const old = openSqlite(path.join(dir, "old.db"));
    for (const name of ["Sao lưu 1", "Sao lưu 2", "Sao lưu 3"]) await insertAgency(old.db, { name, shortName: "", emails: [] });
    old.writer.exec("delete from agencies where name <> 'Sao lưu 1'");
    closeSqlite(old);
    await backupDatabase(path.join(dir, "old.db"), backupFile);

    const portal = startHolder(portalFile);
    await portal.ready;
    await portal.store("Trước khi khôi phục");
    const refused = cliRestore(portalFile, backupFile);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("Not restored");
    expect(refused.stderr).toContain("open in another process");
    // The portal keeps working on the same, untouched database, and what it acknowledges is kept.
    await portal.store("Sau khi từ chối");
    expect(await portal.quit()).toBe(0);
    expect(agencyNames(portalFile)).toEqual(["Trước khi khôi phục", "Sau khi từ chối"]);

    const done = cliRestore(portalFile, backupFile);
    expect(done.stderr).toBe("");
    expect(done.status).toBe(0);
    expect(done.stdout).toContain("Restored");
    expect(agencyNames(portalFile)).toEqual(["Sao lưu 1"]);
    // Opened again as the portal opens it: migrations are up to date, the integrity check passes and
    // ids are not reissued (the backup's sequence came with it).
    const reopened = openSqlite(portalFile);
    expect(reopened.writer.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(await insertAgency(reopened.db, { name: "Mới", shortName: "", emails: [] })).toBe(4);
    closeSqlite(reopened);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 90_000);

  it("restoreDatabase itself refuses while another connection has the database open", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-restore-"));
    const backupFile = path.join(dir, "backup.db");
    await backupDatabase(file(), backupFile);
    const other = openSqlite(path.join(dir, "live.db"));
    await insertAgency(other.db, { name: "Đang mở", shortName: "", emails: [] });
    await expect(restoreDatabase(backupFile, path.join(dir, "live.db"))).rejects.toBeInstanceOf(DatabaseInUseError);
    closeSqlite(other);
    await restoreDatabase(backupFile, path.join(dir, "live.db"));
    expect(agencyNames(path.join(dir, "live.db"))).not.toContain("Đang mở");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
