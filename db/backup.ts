/**
 * Online backup and restore of the embedded database with SQLite's backup API: a consistent copy
 * even while the portal is writing (WAL mode lets readers and the writer go on side by side).
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";

export async function backupDatabase(sourceFile: string, targetFile: string): Promise<{ pages: number }> {
  if (!fs.existsSync(sourceFile)) throw new Error(`no database at ${sourceFile}`);
  fs.mkdirSync(path.dirname(path.resolve(targetFile)), { recursive: true });
  const source = new Database(sourceFile, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    const result = await source.backup(targetFile);
    return { pages: result.totalPages };
  } finally {
    source.close();
  }
}

/** The restore was refused because another process has the database open (the portal, a backup…). */
export class DatabaseInUseError extends Error {
  constructor(readonly file: string) {
    super(
      `${file} is open in another process (is the portal running, or a backup?). ` +
        "Stop it and run restore again; nothing was changed.",
    );
    this.name = "DatabaseInUseError";
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/**
 * Checks a backup and puts its content into the database file, refusing while any other process has
 * the database open.
 *
 * How that is detected: SQLite's own file locks. Every connection to a WAL database holds a SHARED
 * lock on the database file from its first read until it closes (the portal reads at start, when it
 * migrates), so the restore opens the target in `locking_mode = EXCLUSIVE` with a busy timeout of 0 and
 * asks for `BEGIN EXCLUSIVE`: SQLITE_BUSY means someone else has it open, and the restore stops with
 * DatabaseInUseError before touching anything. This needs nothing from the portal (no lock file to
 * forget or leave stale after a crash) and also sees a running backup or an sqlite3 shell.
 *
 * The content is then copied through that same connection, inside the same exclusive transaction
 * (every table dropped and re-created from the backup's schema, rows, sqlite_sequence and
 * user_version copied), so the lock is never let go between the check and the write: a portal started
 * meanwhile waits on the lock (then fails to start if it waits longer than its busy timeout) and sees
 * the restored data, never a file replaced under an open connection.
 */
export async function restoreDatabase(backupFile: string, targetFile: string): Promise<{ pages: number }> {
  const backup = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    const check = backup.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`the backup is damaged: ${String(check)}`);
    const hasSchema = backup.prepare("select count(*) as n from sqlite_master where name = 'consultations'").get() as { n: number };
    if (hasSchema.n !== 1) throw new Error("this file is not a Góp ý database");
  } finally {
    backup.close();
  }
  if (path.resolve(backupFile) === path.resolve(targetFile)) throw new Error("the backup is the database itself");
  fs.mkdirSync(path.dirname(path.resolve(targetFile)), { recursive: true });
  const target = new Database(targetFile, { timeout: 0 });
  try {
    target.pragma("busy_timeout = 0");
    target.pragma("locking_mode = EXCLUSIVE");
    target.pragma("foreign_keys = OFF");
    try {
      target.exec("BEGIN EXCLUSIVE");
    } catch (error) {
      if (isBusy(error)) throw new DatabaseInUseError(targetFile);
      throw error;
    }
    try {
      copyInto(target, backupFile);
      target.exec("COMMIT");
    } catch (error) {
      if (target.inTransaction) target.exec("ROLLBACK");
      throw error;
    }
    if ((target.pragma("journal_mode", { simple: true }) as string) === "wal") target.pragma("wal_checkpoint(TRUNCATE)");
    const pages = target.pragma("page_count", { simple: true }) as number;
    return { pages };
  } finally {
    target.close();
  }
}

type SchemaRow = { type: string; name: string; tbl_name: string; sql: string | null };

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Replaces everything in the target's main schema with the backup's, inside the caller's transaction. */
function copyInto(target: Database.Database, backupFile: string): void {
  // The backup is read through its own read-only connection (ATTACH is refused inside a transaction).
  const source = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    const existing = target.prepare("select type, name from main.sqlite_master where name not like 'sqlite_%'").all() as SchemaRow[];
    for (const type of ["view", "trigger", "table"]) {
      for (const o of existing.filter((x) => x.type === type)) target.exec(`DROP ${type.toUpperCase()} IF EXISTS main.${quote(o.name)}`);
    }
    const objects = source.prepare("select type, name, tbl_name, sql from sqlite_master where sql is not null and name not like 'sqlite_%' order by rowid").all() as SchemaRow[];
    for (const table of objects.filter((o) => o.type === "table")) {
      target.exec(table.sql!);
      const columns = (source.prepare(`select name from pragma_table_xinfo(?) where hidden = 0`).all(table.name) as { name: string }[]).map((c) => quote(c.name));
      if (columns.length === 0) continue;
      const insert = target.prepare(`INSERT INTO main.${quote(table.name)} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
      const rows = source.prepare(`SELECT ${columns.join(", ")} FROM ${quote(table.name)}`).raw(true);
      for (const row of rows.iterate()) insert.run(row as unknown[]);
    }
    for (const type of ["index", "trigger", "view"]) {
      for (const o of objects.filter((x) => x.type === type)) target.exec(o.sql!);
    }
    const hasSequence = source.prepare("select count(*) as n from sqlite_master where name = 'sqlite_sequence'").get() as { n: number };
    const targetSequence = target.prepare("select count(*) as n from main.sqlite_master where name = 'sqlite_sequence'").get() as { n: number };
    if (targetSequence.n === 1) target.exec("DELETE FROM main.sqlite_sequence");
    if (hasSequence.n === 1 && targetSequence.n === 1) {
      const put = target.prepare("INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)");
      for (const row of source.prepare("select name, seq from sqlite_sequence").raw(true).iterate()) put.run(row as unknown[]);
    }
    target.pragma(`user_version = ${Number(source.pragma("user_version", { simple: true })) | 0}`);
  } finally {
    source.close();
  }
}
