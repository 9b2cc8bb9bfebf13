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

/** Checks a backup and copies it over the database file. The portal must be stopped meanwhile. */
export async function restoreDatabase(backupFile: string, targetFile: string): Promise<{ pages: number }> {
  const backup = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    const check = backup.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`the backup is damaged: ${String(check)}`);
    const hasSchema = backup.prepare("select count(*) as n from sqlite_master where name = 'consultations'").get() as { n: number };
    if (hasSchema.n !== 1) throw new Error("this file is not a Góp ý database");
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(targetFile + suffix, { force: true });
    fs.mkdirSync(path.dirname(path.resolve(targetFile)), { recursive: true });
    const result = await backup.backup(targetFile);
    return { pages: result.totalPages };
  } finally {
    backup.close();
  }
}
