/**
 * The server secret: APP_SECRET, or a random key kept in a file beside the database (mode 0600),
 * created on first start. It is deliberately not in the database, so a copy of the database alone
 * (a backup, a leak) cannot re-create invitation links.
 *
 * On PostgreSQL there is no database file to keep it beside, and several app processes on several
 * machines must share one secret: APP_SECRET is required there, and the portal refuses to start
 * without it (app/entry.server.tsx asks for the secret before the first request).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseFileFromUrl } from "#db/client.server";
import { dialectOfUrl } from "#db/dialect";

export const MIN_SECRET_LENGTH = 32;

/** APP_SECRET written as a key file's key: this prefix, then the file's content (base64url). */
export const KEY_PREFIX = "base64url:";

let cached: Buffer | null = null;

export function serverSecret(): Buffer {
  if (cached) return cached;
  const fromEnv = process.env.APP_SECRET;
  // "base64url:" and a key file's content carry that file's key into APP_SECRET byte for byte (as
  // copy-to-postgres says to, moving a SQLite deployment up): the file holds random bytes, which no
  // plain string would give, and the links already printed were derived from them.
  if (fromEnv?.startsWith(KEY_PREFIX)) {
    const key = Buffer.from(fromEnv.slice(KEY_PREFIX.length).trim(), "base64url");
    if (key.length < 32) {
      throw new Error(`APP_SECRET is ${KEY_PREFIX} and ${key.length} bytes: a key file's key has 32 (copy the file's whole content after "${KEY_PREFIX}")`);
    }
    return (cached = key);
  }
  if (fromEnv && fromEnv.length >= MIN_SECRET_LENGTH) return (cached = Buffer.from(fromEnv, "utf8"));
  // Read from DATABASE_URL at each call, not at import: tests switch databases.
  if (dialectOfUrl(process.env.DATABASE_URL) === "pg") {
    throw new Error(
      `APP_SECRET ${fromEnv ? `is ${fromEnv.length} characters long` : "is not set"}: on PostgreSQL it must be set to at least ${MIN_SECRET_LENGTH} characters ` +
        "(the same on every app process; e.g. `openssl rand -base64 48`). It derives invitation links, so keep it with the database's backups.",
    );
  }
  const dbFile = databaseFileFromUrl(process.env.DATABASE_URL);
  const file = dbFile === ":memory:" ? path.resolve("data/secret.key") : `${dbFile}.secret`;
  try {
    cached = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64url");
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const key = crypto.randomBytes(32).toString("base64url");
    // "wx": if two processes race at first start, one wins and the other reads its key.
    try {
      fs.writeFileSync(file, key, { mode: 0o600, flag: "wx" });
      cached = Buffer.from(key, "base64url");
    } catch {
      cached = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64url");
    }
  }
  return cached;
}

/** For tests that switch databases. */
export function forgetServerSecret(): void {
  cached = null;
}
