import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { backupDatabase, restoreDatabase } from "#db/backup";
import { getDatabase, getDb } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { useTempDatabase } from "./harness";

const { file } = useTempDatabase();

describe("backup and restore", () => {
  it("copies the database consistently while it is being written, and restores it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-backup-"));
    const db = getDb();
    for (let i = 0; i < 200; i++) insertAgency(db, { name: `Cơ quan ${i}`, shortName: "", emails: [] });
    // Keep writing while the backup runs.
    let writing = true;
    let n = 200;
    const writer = (async () => {
      while (writing) {
        insertAgency(db, { name: `Cơ quan ${n++}`, shortName: "", emails: [] });
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
    expect(getDatabase().sqlite.open).toBe(true);
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
