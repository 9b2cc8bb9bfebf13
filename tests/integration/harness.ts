/**
 * Integration tests call route loaders and actions directly, on a real database made fresh for each
 * test file (a SQLite file, or a PostgreSQL database on the PostgreSQL pass), with real cookies
 * (session, CSRF) as the browser would send them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { sql } from "drizzle-orm";
import { closeDb, DIALECT, getDb, write, type Db } from "#db/client.server";
import { csrfCookie } from "~/auth/csrf.server";
import { hashPassword } from "~/auth/password.server";
import { startSession } from "~/auth/session.server";
import { insertAgency } from "#db/queries/agencies";
import { insertUser } from "#db/queries/users";
import { createTestDatabase, dropTestDatabase } from "../support/pg-database";

export const CSRF = "test-csrf-token-0123456789abcdefghijklmnop";

/**
 * A fresh database for this test file, opened (and migrated) before its tests: a SQLite file in a
 * temporary directory, or on the PostgreSQL pass (TEST_DATABASE_URL, see vitest.config.ts) a database of
 * its own on that server, dropped after. `file()` is the DATABASE_URL it was given.
 */
export function useTempDatabase(): { file: () => string } {
  let dir = "";
  let pgUrl = "";
  beforeAll(async () => {
    if (DIALECT === "pg") {
      pgUrl = await createTestDatabase();
      process.env.DATABASE_URL = pgUrl;
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-int-"));
      process.env.DATABASE_URL = path.join(dir, "test.db");
    }
    await closeDb();
    await getDb();
  });
  afterAll(async () => {
    await closeDb();
    if (pgUrl) await dropTestDatabase(pgUrl);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return { file: () => process.env.DATABASE_URL! };
}

/** "name=value" pairs from Set-Cookie headers, ready for a Cookie header. */
export function cookiePairs(setCookies: string[]): string[] {
  return setCookies.map((c) => c.split(";")[0]!);
}

export async function csrfCookiePair(): Promise<string> {
  return cookiePairs([await csrfCookie.serialize(CSRF)])[0]!;
}

export async function makeStaff(opts: { role: "admin" | "drafter"; agencyName?: string; email?: string; password?: string }) {
  const db = await getDb();
  const agencyId = opts.agencyName ? await insertAgency(db, { name: opts.agencyName, shortName: "", emails: [] }) : null;
  const email = opts.email ?? `${opts.role}-${Math.random().toString(36).slice(2)}@example.test`;
  const password = opts.password ?? "correct horse battery";
  const id = await insertUser(db, { email, name: `${opts.role} user`, role: opts.role, agencyId, passwordHash: await hashPassword(password) });
  const session = cookiePairs([await startSession(id, { ip: "127.0.0.1", userAgent: "vitest" })])[0]!;
  const cookie = [session, await csrfCookiePair()].join("; ");
  return { id, email, password, agencyId, cookie };
}

export function getRequest(url: string, cookie?: string): Request {
  return new Request(new URL(url, "http://localhost").toString(), { headers: cookie ? { Cookie: cookie } : {} });
}

export function postForm(url: string, fields: Record<string, string | Blob>, cookie?: string, withCsrf = true): Request {
  const body = new FormData();
  if (withCsrf) body.set("csrf", CSRF);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request(new URL(url, "http://localhost").toString(), {
    method: "POST",
    body,
    headers: cookie ? { Cookie: cookie } : {},
  });
}

/** Runs a loader/action and gives back a Response whether it returned or threw one. */
export async function run(fn: () => Promise<unknown> | unknown): Promise<{ status: number; location: string | null; data: unknown; headers: Headers }> {
  try {
    const result = await fn();
    return fromResult(result);
  } catch (thrown) {
    if (thrown instanceof Response) return fromResult(thrown);
    throw thrown;
  }
}

function fromResult(result: unknown) {
  if (result instanceof Response) {
    return { status: result.status, location: result.headers.get("Location"), data: null as unknown, headers: result.headers };
  }
  // Remix's data() helper: { type: "DataWithResponseInit", data, init }
  if (result && typeof result === "object" && "type" in result && (result as { type: string }).type === "DataWithResponseInit") {
    const r = result as unknown as { data: unknown; init: ResponseInit | null };
    return { status: r.init?.status ?? 200, location: null, data: r.data, headers: new Headers(r.init?.headers) };
  }
  return { status: 200, location: null, data: result, headers: new Headers() };
}

export const ctx = { clientIp: "127.0.0.1" };

/** Runs one DDL statement as is (a trigger, a function), on either database. */
export function execRaw(w: Db, statement: string): Promise<unknown> {
  return DIALECT === "pg"
    ? (w as unknown as { execute(q: unknown): Promise<unknown> }).execute(sql.raw(statement))
    : (w as unknown as { run(q: unknown): Promise<unknown> }).run(sql.raw(statement));
}

/**
 * A trigger on this test's database that refuses audit events of `action` ("refused by the test"), to
 * prove a change commits with its event; returns what drops it again.
 */
export async function refuseAuditEvent(action: string): Promise<() => Promise<void>> {
  const db = await getDb();
  const name = `refuse_${action.replace(/[^a-z]/g, "_")}`;
  const quoted = action.replace(/'/g, "''");
  const refuse =
    DIALECT === "pg"
      ? [
          `create function ${name}() returns trigger language plpgsql as $$ begin if new.action = '${quoted}' then raise exception 'refused by the test'; end if; return new; end $$`,
          `create trigger ${name} before insert on audit_events for each row execute function ${name}()`,
        ]
      : [`create trigger ${name} before insert on audit_events when new.action = '${quoted}' begin select raise(abort, 'refused by the test'); end`];
  const allow = DIALECT === "pg" ? [`drop trigger ${name} on audit_events`, `drop function ${name}()`] : [`drop trigger ${name}`];
  for (const statement of refuse) await write(db, (w) => execRaw(w, statement));
  return async () => {
    for (const statement of allow) await write(db, (w) => execRaw(w, statement));
  };
}
