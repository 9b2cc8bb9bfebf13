/**
 * Opens the database named by DATABASE_URL and brings its schema up to date: the embedded SQLite file
 * (default, one file, WAL) or a PostgreSQL server (postgres://…). Everything else asks `await getDb()`
 * and passes the handle to the query functions in db/queries, which are the same for both.
 *
 * Writes go through `transaction` or `write` below, never straight to the handle:
 * - SQLite has one writer per file. Its reads run on a read-only connection of their own (WAL lets them
 *   read beside the writer and never see a write half done); its writes run on a second connection,
 *   one at a time through an in-process queue, so a transaction that awaits between its statements is
 *   never joined by another request's statement. Across processes, BEGIN IMMEDIATE and the busy
 *   timeout order the writers.
 * - PostgreSQL has a pool; a transaction holds one of its clients (drizzle's own transaction), and a
 *   serializable one is retried when the server reports a conflict.
 */
import Database from "better-sqlite3";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { SQL } from "drizzle-orm";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { DIALECT, dialectOfUrl, type Dialect } from "./dialect";
import { keptStatements } from "./sqlite-statements";
import { BACKSTOP_PAGES, checkpointThreadWanted, startCheckpoints, type Checkpoints } from "./wal-checkpoints";

/**
 * A database handle as the query functions see it. It is typed as an asynchronous SQLite database: the
 * queries are written once, awaited, and only use what both drivers have (no .all()/.get()/.run() on
 * builders: tests/unit/db/query-style.test.ts). On PostgreSQL the object is drizzle's node-postgres
 * database over the PostgreSQL tables (db/schema.ts), which answers the same builders.
 */
export type Db = BaseSQLiteDatabase<"async", unknown>;

export { DIALECT };
export type { Dialect };

export const DEFAULT_DATABASE_FILE = "data/gopy.db";

/** Accepts a plain path or a `file:` URL, as DATABASE_URL is often written. */
export function databaseFileFromUrl(url: string | undefined): string {
  const raw = url && url.trim() !== "" ? url.trim() : DEFAULT_DATABASE_FILE;
  const file = raw.startsWith("file:") ? raw.slice("file:".length).replace(/^\/\/(?=\/)/, "") : raw;
  return file === ":memory:" ? file : path.resolve(file);
}

function migrationsFolder(dialect: Dialect): string {
  const base = process.env.MIGRATIONS_DIR ?? path.resolve("db/migrations");
  return dialect === "pg" ? `${base}-pg` : base;
}

// PostgreSQL returns bigint (count(*), sums, our millisecond times) and numeric as strings, since they
// may exceed 2^53. Ours never do (ids, counts and epoch milliseconds), so they are read as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** A queue of one: the SQLite writer's critical sections run one after another, in order of arrival. */
class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

interface SqliteBackend {
  dialect: "sqlite";
  url: string;
  file: string;
  /** Reads, outside transactions. */
  db: Db;
  reader: Database.Database;
  writer: Database.Database;
  /** The writer's handle, given only inside `write` and `transaction`, under the queue. */
  writeDb: Db;
  queue: WriteQueue;
  inTransaction: boolean;
  /** The thread that checkpoints the WAL (db/wal-checkpoints.ts), when it runs. */
  checkpoints: Checkpoints | null;
}

interface PgBackend {
  dialect: "pg";
  url: string;
  db: Db;
  pool: pg.Pool;
  /** The exports' own clients (pgExportPool): a slow download never holds one of `pool`'s. */
  exportPool: pg.Pool;
}

type Backend = SqliteBackend | PgBackend;

/** Every handle this module gave out, to the backend it belongs to. */
const backends = new WeakMap<object, Backend>();
/** PostgreSQL transaction handles (one per transaction): statements built on them are not cached. */
const pgTransactions = new WeakSet<object>();

/** `checkpointThread`: the WAL is checkpointed by a thread of its own (db/wal-checkpoints.ts); the shared handle only. */
export function openSqlite(file: string, options: { checkpointThread?: boolean } = {}): SqliteBackend {
  if (file === ":memory:") throw new Error("An in-memory SQLite database cannot be shared by a reader and a writer; use a file.");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const writer = new Database(file);
  writer.pragma("journal_mode = WAL");
  writer.pragma("foreign_keys = ON");
  writer.pragma("busy_timeout = 5000");
  // NORMAL is durable in WAL mode against application crashes; only a power cut may lose the last commit.
  writer.pragma("synchronous = NORMAL");
  // Drizzle gets the connections through keptStatements: statements compiled once, and the read-only
  // connection's reads run on the writer while it is between transactions (db/sqlite-statements.ts).
  const writeDb = drizzleSqlite(keptStatements(writer));
  migrateSqlite(writeDb, { migrationsFolder: migrationsFolder("sqlite") });
  const checkpoints = options.checkpointThread ? startCheckpoints(file) : null;
  if (checkpoints) writer.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  reader.pragma("busy_timeout = 5000");
  const backend: SqliteBackend = {
    dialect: "sqlite",
    url: file,
    file,
    db: drizzleSqlite(keptStatements(reader, writer)) as unknown as Db,
    reader,
    writer,
    writeDb: writeDb as unknown as Db,
    queue: new WriteQueue(),
    inTransaction: false,
    checkpoints,
  };
  backends.set(backend.db, backend);
  backends.set(backend.writeDb, backend);
  return backend;
}

/** U+0000 anywhere in a string parameter. */
const NUL = /\u0000/g;
const withoutNul = (values: unknown[]) => values.map((v) => (typeof v === "string" && v.includes("\u0000") ? v.replace(NUL, "") : v));

/**
 * PostgreSQL's text cannot hold U+0000 (SQLite's can), so a NUL typed or pasted into any field (or
 * written as "\u0000" inside a posted JSON list) made the insert fail: a 500 for the agency or the
 * drafter, and their text lost. A NUL means nothing in a comment, a name or a note, so it is dropped from
 * every string parameter on its way to the server, whichever form or query it came from. Streams
 * (objects with submit(), e.g. COPY) are passed through untouched.
 */
function dropNulInParameters(client: pg.PoolClient): void {
  // The prototype's query is looked up at each call, not bound once: whatever wraps Client.prototype.query
  // later (the statement counter of bench/load/statements.ts) still sees every query.
  const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
  const query = (...args: unknown[]) => proto.query.apply(client, args);
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [config, values] = args;
    if (Array.isArray(values)) args[1] = withoutNul(values);
    else if (config && typeof config === "object" && !("submit" in config) && Array.isArray((config as { values?: unknown }).values)) {
      args[0] = { ...(config as object), values: withoutNul((config as { values: unknown[] }).values) };
    }
    return query(...args);
  };
}

const MIGRATION_LOCK = 0x6770_79; // "gpy": held while one process migrates, so two starting at once do not race

function newPgPool(url: string, max: number, connectionTimeoutMillis: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis,
    // After a failover the old primary may vanish without closing its sockets: keepalive probes find
    // the dead connections instead of waiting for the kernel's two-hour TCP timeout.
    keepAlive: true,
  });
  // An idle client that loses its server (restart, failover) is dropped by the pool; without a listener
  // the 'error' event would end the process.
  pool.on("error", () => undefined);
  pool.on("connect", dropNulInParameters);
  return pool;
}

export async function openPg(url: string): Promise<PgBackend> {
  const pool = newPgPool(url, Number(process.env.PG_POOL_MAX ?? 10), 10_000);
  // A report's .csv or .xlsx holds its client for as long as the download lasts (one snapshot, a
  // cursor): from the shared pool, ten slow downloads would leave no client for anyone's submission.
  // The exports have a few of their own; one more waits PG_EXPORT_WAIT_MS for a free one, then is
  // refused as busy (db/queries/answers.ts).
  const exportPool = newPgPool(url, Number(process.env.PG_EXPORT_POOL_MAX ?? 2), Number(process.env.PG_EXPORT_WAIT_MS ?? 5_000));
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: migrationsFolder("pg") });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  const backend: PgBackend = { dialect: "pg", url, db: drizzlePg(pool) as unknown as Db, pool, exportPool };
  backends.set(backend.db, backend);
  return backend;
}

let current: Promise<Backend> | null = null;

function open(): Promise<Backend> {
  const url = process.env.DATABASE_URL;
  const dialect = dialectOfUrl(url);
  if (dialect !== DIALECT) {
    return Promise.reject(
      new Error(`DATABASE_URL names a ${dialect} database but this process started on ${DIALECT}: the tables were chosen at start.`),
    );
  }
  if (dialect === "pg") return openPg(url!.trim());
  try {
    return Promise.resolve(openSqlite(databaseFileFromUrl(url), { checkpointThread: checkpointThreadWanted() }));
  } catch (error) {
    return Promise.reject(error);
  }
}

async function backend(): Promise<Backend> {
  if (!current) {
    current = open();
    current.catch(() => (current = null));
  }
  return current;
}

/** The shared handle (opened and migrated on first use). */
export async function getDb(): Promise<Db> {
  return (await backend()).db;
}

function backendOf(db: Db): Backend {
  const found = backends.get(db);
  if (!found) throw new Error("Not a database handle from db/client.server.ts");
  return found;
}

/** True for a handle that lives only as long as one PostgreSQL transaction. */
export function isTransactionHandle(db: Db): boolean {
  return pgTransactions.has(db);
}

export interface TransactionOptions {
  /**
   * "serializable" on PostgreSQL (SQLite's write transactions always are): retried up to five times
   * when the server reports a serialization failure. Any transaction is retried after a deadlock.
   */
  isolation?: "serializable";
}


/**
 * Runs `fn` in one transaction: all of its statements commit together or none does. Inside, use only
 * the handle `fn` is given. Called with a transaction's handle, it joins that transaction.
 */
export async function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  if (pgTransactions.has(db)) return fn(db);
  const b = backendOf(db);
  if (b.dialect === "sqlite") {
    if (b.inTransaction && db === b.writeDb) return fn(db);
    return b.queue.run(async () => {
      b.writer.exec("BEGIN IMMEDIATE");
      b.inTransaction = true;
      try {
        const result = await fn(b.writeDb);
        b.writer.exec("COMMIT");
        return result;
      } catch (error) {
        if (b.writer.inTransaction) b.writer.exec("ROLLBACK");
        throw error;
      } finally {
        b.inTransaction = false;
      }
    });
  }
  const pool = b.db as unknown as ReturnType<typeof drizzlePg>;
  for (let attempt = 1; ; attempt++) {
    try {
      return await pool.transaction(
        async (tx) => {
          pgTransactions.add(tx);
          return fn(tx as unknown as Db);
        },
        options.isolation ? { isolationLevel: "serializable" } : undefined,
      );
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      // A deadlock (40P01) is retried whatever the isolation, a serialization failure (40001) only
      // where it was asked for; the bodies are database work only, so running one again is safe.
      const retry = code === "40P01" || (options.isolation !== undefined && code === "40001");
      if (!retry || attempt >= 5) throw error;
    }
  }
}

/**
 * Runs statements that need no transaction of their own (each one is whole by itself). On SQLite they
 * still wait their turn at the writer, so they never land inside another request's transaction.
 */
export async function write<T>(db: Db, fn: (w: Db) => Promise<T>): Promise<T> {
  if (pgTransactions.has(db)) return fn(db);
  const b = backendOf(db);
  if (b.dialect === "pg") return fn(b.db);
  if (b.inTransaction && db === b.writeDb) return fn(db);
  return b.queue.run(() => fn(b.writeDb));
}

/** The rows of a statement written in SQL (the few that drizzle's builders cannot say). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  if (DIALECT === "pg") {
    const result = await (db as unknown as ReturnType<typeof drizzlePg>).execute(query);
    return result.rows as T[];
  }
  return (db as unknown as ReturnType<typeof drizzleSqlite>).all<T>(query);
}

/** One round trip to the database: the health check. */
export async function ping(): Promise<void> {
  const b = await backend();
  if (b.dialect === "pg") await b.pool.query("select 1");
  else b.reader.prepare("select 1").get();
}

/** The SQLite file of the shared handle (backups, the secret beside it); null on PostgreSQL. */
export async function databaseFile(): Promise<string | null> {
  const b = await backend();
  return b.dialect === "sqlite" ? b.file : null;
}

/**
 * A read-only SQLite connection of its own on the database file, for a read that streams to a slow
 * reader (the report's .csv and .xlsx): it may keep a statement open across awaits without ever making
 * the shared connections busy. The caller closes it when done. Null on PostgreSQL (see snapshots there).
 */
export async function openReadConnection(): Promise<{ db: Db; sqlite: Database.Database } | null> {
  const b = await backend();
  if (b.dialect !== "sqlite") return null;
  const sqlite = new Database(b.file, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzleSqlite(sqlite) as unknown as Db;
  return { db, sqlite };
}

/** The PostgreSQL pool the exports' snapshots take their clients from (see openPg); null on SQLite. */
export async function pgExportPool(): Promise<pg.Pool | null> {
  const b = await backend();
  return b.dialect === "pg" ? b.exportPool : null;
}

/** A drizzle handle over one PostgreSQL client (a snapshot transaction held by the caller). */
export function pgClientDb(client: pg.PoolClient): Db {
  const db = drizzlePg(client) as unknown as Db;
  pgTransactions.add(db);
  return db;
}

/** Closes the shared handle (tests, backups, shutdown). The next getDb() reopens it. */
export async function closeDb(): Promise<void> {
  const opened = current;
  current = null;
  if (!opened) return;
  const b = await opened.catch(() => null);
  if (!b) return;
  if (b.dialect === "pg") await Promise.all([b.pool.end(), b.exportPool.end()]);
  else {
    // Waits for a write in progress, then closes (the writer last: it checkpoints the WAL).
    // The checkpoint thread first: once the queue is drained nothing may wait between it and the close.
    await b.checkpoints?.stop();
    await b.queue.run(async () => undefined);
    b.reader.close();
    b.writer.close();
  }
}
