/**
 * The PostgreSQL pass checks its server once, before any test: an unreachable server or a user who may
 * not create databases is one clear message, not hundreds of failing tests.
 */
import pg from "pg";

export default async function setup() {
  const url = process.env.TEST_DATABASE_URL!;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL=${redacted(url)}: the PostgreSQL server cannot be reached (${(error as Error).message})`);
  }
  try {
    const { rows } = await client.query<{ may: boolean }>("select rolcreatedb or rolsuper as may from pg_roles where rolname = current_user");
    if (!rows[0]?.may) {
      throw new Error(`TEST_DATABASE_URL=${redacted(url)}: the user may not CREATE DATABASE, and every test file makes a database of its own (ALTER ROLE … CREATEDB)`);
    }
  } finally {
    await client.end();
  }
}

function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
