/**
 * Opens the embedded SQLite database (one file, WAL) and brings its schema up to date.
 * Every other module asks `getDb()`; tests point DATABASE_URL at a temporary file first.
 */
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;
export interface OpenDatabase {
  db: Db;
  sqlite: Database.Database;
  file: string;
}

export const DEFAULT_DATABASE_FILE = "data/gopy.db";

/** Accepts a plain path or a `file:` URL, as DATABASE_URL is often written. */
export function databaseFileFromUrl(url: string | undefined): string {
  const raw = url && url.trim() !== "" ? url.trim() : DEFAULT_DATABASE_FILE;
  const file = raw.startsWith("file:") ? raw.slice("file:".length).replace(/^\/\/(?=\/)/, "") : raw;
  return file === ":memory:" ? file : path.resolve(file);
}

function migrationsFolder(): string {
  return process.env.MIGRATIONS_DIR ?? path.resolve("db/migrations");
}

export function openDatabase(file: string): OpenDatabase {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // NORMAL is durable in WAL mode against application crashes; only a power cut may lose the last commit.
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder() });
  return { db, sqlite, file };
}

let current: OpenDatabase | null = null;

export function getDatabase(): OpenDatabase {
  if (!current) current = openDatabase(databaseFileFromUrl(process.env.DATABASE_URL));
  return current;
}

export function getDb(): Db {
  return getDatabase().db;
}

/**
 * A read-only connection of its own on the database file, for a read that streams to a slow reader
 * (the report's .csv and .xlsx): it may keep a statement open across awaits without ever making the
 * shared connection busy. WAL lets it read alongside the writer. The caller closes it when done.
 * Null for an in-memory database, which no second connection can see.
 */
export function openReadConnection(): OpenDatabase | null {
  const { file } = getDatabase();
  if (file === ":memory:") return null;
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  return { db: drizzle(sqlite, { schema }), sqlite, file };
}

/** Closes the shared connection (tests, backups, shutdown). The next getDb() reopens it. */
export function closeDb(): void {
  current?.sqlite.close();
  current = null;
}
