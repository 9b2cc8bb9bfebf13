/**
 * db/sqlite-statements.ts (kept statements, reads on the idle writer) and db/wal-checkpoints.ts (the
 * checkpoint thread), on real SQLite files.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { keptStatements } from "#db/sqlite-statements";
import { BACKSTOP_PAGES, startCheckpoints } from "#db/wal-checkpoints";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function files() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-stmts-"));
  dirs.push(dir);
  const file = path.join(dir, "t.db");
  const writer = new Database(file);
  writer.pragma("journal_mode = WAL");
  writer.exec("create table t (id integer primary key, v text not null)");
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  return { file, writer, reader };
}

describe("kept statements", () => {
  it("gives each prepare its own raw mode over one compiled statement", () => {
    const { writer } = files();
    writer.exec("insert into t (v) values ('a'), ('b')");
    const conn = keptStatements(writer);
    const rawOne = conn.prepare("select id, v from t order by id").raw(true);
    const objects = conn.prepare("select id, v from t order by id");
    expect(rawOne.all()).toEqual([
      [1, "a"],
      [2, "b"],
    ]);
    expect(objects.all()).toEqual([
      { id: 1, v: "a" },
      { id: 2, v: "b" },
    ]);
    expect(rawOne.get()).toEqual([1, "a"]);
    expect(objects.get()).toEqual({ id: 1, v: "a" });
  });

  it("lets a query run while the same text is being iterated", () => {
    const { writer } = files();
    writer.exec("insert into t (v) values ('a'), ('b'), ('c')");
    const conn = keptStatements(writer);
    const seen: unknown[] = [];
    for (const row of conn.prepare("select v from t order by id").iterate() as IterableIterator<{ v: string }>) {
      seen.push(row.v, conn.prepare("select v from t order by id").all().length);
    }
    expect(seen).toEqual(["a", 3, "b", 3, "c", 3]);
  });

  it("runs reads of the read-only handle on the writer only between transactions, never seeing a write not committed", () => {
    const { writer, reader } = files();
    const reads = keptStatements(reader, writer);
    const writes = keptStatements(writer);
    const count = () => (reads.prepare("select count(*) as n from t").get() as { n: number }).n;
    writes.prepare("insert into t (v) values (?)").run("committed");
    expect(count()).toBe(1);
    writer.exec("BEGIN IMMEDIATE");
    writes.prepare("insert into t (v) values (?)").run("not yet");
    expect(count()).toBe(1); // on the reader: the open transaction's row is not seen
    writer.exec("COMMIT");
    expect(count()).toBe(2);
    writer.exec("BEGIN IMMEDIATE");
    writes.prepare("insert into t (v) values (?)").run("rolled back");
    expect(count()).toBe(2);
    writer.exec("ROLLBACK");
    expect(count()).toBe(2);
  });

  it("runs them on the writer indeed (its data_version does not change with its own commits, the reader's does)", () => {
    const { writer, reader } = files();
    const reads = keptStatements(reader, writer);
    const version = () => (reads.prepare("select data_version from pragma_data_version()").get() as { data_version: number }).data_version;
    const readerVersion = () => (reader.prepare("pragma data_version").get() as { data_version: number }).data_version;
    const [v1, r1] = [version(), readerVersion()];
    writer.prepare("insert into t (v) values ('a')").run();
    expect(readerVersion()).not.toBe(r1);
    expect(version()).toBe(v1);
  });

  it("keeps transaction statements and a read transaction's reads on their own connection (review)", () => {
    const { writer, reader } = files();
    const reads = keptStatements(reader, writer);
    const count = () => (reads.prepare("select count(*) as n from t").get() as { n: number }).n;
    reads.prepare("BEGIN").run();
    expect(reader.inTransaction).toBe(true);
    expect(writer.inTransaction).toBe(false);
    const before = count();
    writer.prepare("insert into t (v) values ('during the snapshot')").run();
    expect(count()).toBe(before); // a snapshot stays one
    reads.prepare("COMMIT").run();
    expect(reader.inTransaction).toBe(false);
    expect(count()).toBe(before + 1);
  });

  it("still refuses a write sent through the read-only handle", () => {
    const { writer, reader } = files();
    const reads = keptStatements(reader, writer);
    expect(() => reads.prepare("insert into t (v) values ('x')").run()).toThrow(/readonly/i);
    expect((writer.prepare("select count(*) as n from t").get() as { n: number }).n).toBe(0);
  });
});

describe("the WAL checkpoint thread", () => {
  const mainFileSize = (file: string) => fs.statSync(file).size;

  async function grows(file: string, writer: Database.Database): Promise<{ before: number; after: number }> {
    const before = mainFileSize(file);
    const insert = writer.prepare("insert into t (v) values (?)");
    // About 200 pages of rows, committed one transaction at a time: far under the writer's own threshold.
    for (let i = 0; i < 200; i++) writer.transaction(() => insert.run("x".repeat(4000)))();
    await new Promise((r) => setTimeout(r, 1200));
    return { before, after: mainFileSize(file) };
  }

  it("copies committed pages into the database file without a commit waiting for it", async () => {
    const { file, writer, reader } = files();
    reader.close();
    writer.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    const checkpoints = startCheckpoints(file);
    try {
      const { before, after } = await grows(file, writer);
      expect(after - before).toBeGreaterThan(150 * 4096);
    } finally {
      await checkpoints.stop();
    }
    // Stopped: its connection is closed, so the file can be taken alone.
    writer.close();
    const alone = new Database(file, { timeout: 0 });
    alone.pragma("locking_mode = EXCLUSIVE");
    expect(() => alone.exec("BEGIN EXCLUSIVE; COMMIT")).not.toThrow();
    alone.close();
  });

  it("without it, the same commits stay in the log (the control for the test above)", async () => {
    const { file, writer, reader } = files();
    reader.close();
    writer.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    const { before, after } = await grows(file, writer);
    expect(after - before).toBeLessThan(10 * 4096);
    writer.close();
  });
});
