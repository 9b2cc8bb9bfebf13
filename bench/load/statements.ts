/**
 * Counts the SQL statements this process runs (issue 13, finding 12): through better-sqlite3, every
 * run/get/all/iterate of any prepared statement, drizzle's included, and the BEGIN/COMMIT of
 * better-sqlite3's transactions (they are prepared statements too); through node-postgres, every
 * query a client sends (a pool's queries and drizzle's BEGIN/COMMIT go through Client.query too).
 * Patches the prototypes while counting, puts them back after.
 */
import { register } from "node:module";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { DIALECT } from "#db/dialect";
import { createTestDatabase, dropTestDatabase } from "../../tests/support/pg-database";
import { ANSWER_CONTENT_TYPE, answerBody } from "./drive";
import type { LoadFixture } from "./seed";

const METHODS = ["run", "get", "all", "iterate"] as const;
type Method = (typeof METHODS)[number];

/** Runs `fn` and tells how many statements it ran (with the SQL of each, for a failed assertion). */
export async function countStatements<T>(fn: () => Promise<T> | T): Promise<{ result: T; statements: number; sql: string[] }> {
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("select 1")) as Record<Method, (...args: unknown[]) => unknown> & { source?: string };
  probe.close();
  const original = Object.fromEntries(METHODS.map((m) => [m, proto[m]])) as Record<Method, (...args: unknown[]) => unknown>;
  const sql: string[] = [];
  for (const m of METHODS) {
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      sql.push(this.source);
      return original[m].apply(this, args);
    };
  }
  const pgProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const pgQuery = pgProto.query;
  pgProto.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    sql.push(typeof first === "string" ? first : String((first as { text?: string } | null)?.text ?? first));
    return pgQuery.apply(this, args);
  };
  try {
    const result = await fn();
    return { result, statements: sql.length, sql };
  } finally {
    for (const m of METHODS) proto[m] = original[m];
    pgProto.query = pgQuery;
  }
}

/**
 * Statements one submission runs through the portal's real invitee action, posted exactly as the
 * load test posts it (every box of the page, `comments` of them written), on the short draft and on
 * the long law. Measured in this process on a copy of the seeded database (the portal under load is
 * another process), after one warm-up submission per draft so the first-use work is not counted.
 */
export async function statementsPerSubmission(
  fixture: LoadFixture,
  dir: string,
  comments: number,
): Promise<{ small: number; large: number; smallClauses: number; largeClauses: number }> {
  // A copy of the seeded database: a file copy on SQLite, a database made from it as template on
  // PostgreSQL (the seed has closed its connections; the portal has not started yet).
  const pgCopy = DIALECT === "pg" ? await createTestDatabase(fixture.dbFile) : null;
  const file = pgCopy ?? path.join(dir, "statements.db");
  if (!pgCopy) fs.copyFileSync(fixture.dbFile, file);
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = file;
  const { closeDb, getDb } = await import("#db/client.server");
  const { csrfCookie } = await import("~/auth/csrf.server");
  // The route imports its stylesheet's URL the Vite way (`?url`): give Node a stand-in first.
  register(new URL("./vite-asset-urls.mjs", import.meta.url));
  const invitee = await import("~/routes/i.$token._index");
  await closeDb();
  await getDb();
  const csrf = "statements-csrf-token-0123456789abcdefghijkl";
  const cookie = (await csrfCookie.serialize(csrf)).split(";")[0]!;
  const submit = async (token: string, clauseIds: number[], n: number) => {
    const request = new Request(`http://127.0.0.1/i/${token}`, {
      method: "POST",
      headers: { "content-type": ANSWER_CONTENT_TYPE, cookie },
      body: answerBody(csrf, clauseIds, n, comments),
    });
    const response = await invitee.action({ request, params: { token }, context: { clientIp: "127.0.0.1" } });
    const status = response instanceof Response ? response.status : 200;
    if (status !== 302) throw new Error(`the measured submission was answered ${status}, not 302`);
  };
  const measure = async (draft: { tokens: string[]; clauseIds: number[] }) => {
    const [warm, measured] = draft.tokens.slice(-2);
    if (!warm || !measured) throw new Error("two invitations are needed to measure a submission");
    await submit(warm, draft.clauseIds, 1);
    return (await countStatements(() => submit(measured, draft.clauseIds, 2))).statements;
  };
  try {
    const small = await measure(fixture);
    const large = await measure(fixture.large);
    return { small, large, smallClauses: fixture.clauseIds.length, largeClauses: fixture.large.clauseIds.length };
  } finally {
    await closeDb();
    if (pgCopy) await dropTestDatabase(pgCopy);
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
}
