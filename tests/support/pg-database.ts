/**
 * Databases of their own for tests on PostgreSQL (issue 14). TEST_DATABASE_URL names a server where the
 * test user may CREATE DATABASE; each test file, each portal a browser test starts and each child process
 * a test spawns gets a fresh database there (gopy_t_<random>), so files running side by side never see
 * each other's rows, and drops it when done.
 */
import crypto from "node:crypto";
import pg from "pg";

/** The server of the PostgreSQL pass, or undefined on the SQLite pass. */
export function testDatabaseServer(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? url : undefined;
}

function requireServer(): string {
  const server = testDatabaseServer();
  if (!server) throw new Error("TEST_DATABASE_URL is not set: PostgreSQL test databases need a server to create them on");
  return server;
}

/** The URL of `database` on the same server, user and options as `url`. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: requireServer(), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database (or a copy of `template`, whose connections must all be closed) and gives
 * its URL. The portal migrates it when it opens it.
 */
export async function createTestDatabase(template?: string): Promise<string> {
  const name = `gopy_t_${crypto.randomBytes(6).toString("hex")}`;
  const from = template ? ` TEMPLATE "${databaseName(template)}"` : "";
  await onServer((c) => c.query(`CREATE DATABASE "${name}"${from}`));
  return databaseUrl(requireServer(), name);
}

/** Drops a database made by createTestDatabase, closing whatever connections it still has. */
export async function dropTestDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  // Only ours: a wrong URL here must never drop someone's real database.
  if (!/^gopy_t_[0-9a-f]+$/.test(name)) throw new Error(`Not a test database: ${name}`);
  await onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unexpected database name in ${url}`);
  return name;
}
