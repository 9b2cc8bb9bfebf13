/**
 * One load scenario against one server: seed (or reuse) a database, start the server on loopback, run
 * the phases in turn on fresh invitations, stop the server and count what was stored. Used by
 * `npm run bench` (long form, with figures) and by `npm test` (short form, correctness only).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { dialectOfUrl } from "#db/dialect";
import { freePort, startPortal, waitFor } from "../../tests/browser/portal";
import { driveLoad, readPages, visitorCsrf, type LoadResult, type ReadFigures } from "./drive";
import type { LoadFixture } from "./seed";

export interface Phase {
  name: string;
  /** A number of submissions, or (with a rate) a time in seconds: rate × seconds submissions. */
  amount?: number;
  seconds?: number;
  connections: number;
  rate?: number;
  /** Offer this fraction of the rate the "flat out" phase reached (the server's own capacity). */
  rateOfFlatOut?: number;
  /** Drafters reading the board, the comments and the consultation page meanwhile. */
  readers?: number;
  /** Submissions on the long law (fixture.large) instead of the Sóc Trăng plan. */
  large?: boolean;
  /**
   * No submissions: the drafters' pages read this many times each, one at a time, as the reference for
   * their latency under load (portal only; the result has `idle` instead of submission figures).
   */
  idleReads?: number;
}

export type PhaseResult = LoadResult & {
  name: string;
  /** Statements the ceiling server ran per acknowledged submission in this phase (its /stats). */
  statementsPerSubmission?: number;
};

export interface ScenarioResult {
  phases: PhaseResult[];
  /** The drafters' pages read with no load (an idleReads phase), when the plan has one. */
  idle: ReadFigures | null;
  acknowledged: number;
  storedSubmissions: number;
  storedComments: number;
  /** Acknowledged submissions whose comments are not all there (must be 0). */
  incomplete: number;
}

export const COMMENTS_PER_SUBMISSION = 3;

export interface Server {
  baseURL: string;
  stop: () => Promise<void>;
}

export async function startCeiling(databaseFile: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const script = dialectOfUrl(databaseFile) === "pg" ? "bench/load/ceiling-server-pg.ts" : "bench/load/ceiling-server.ts";
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(script)], {
    env: { ...process.env, DATABASE_URL: databaseFile, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  await waitFor(`${baseURL}/healthz`, child, 30_000);
  return {
    baseURL,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    },
  };
}

/**
 * Invitations the phases may use at most (a timed phase needs rate × seconds; flat out is bounded by
 * amount), on the Sóc Trăng plan or (large) on the long law.
 */
export function invitationsNeeded(phases: Phase[], maxRate: number, large = false): number {
  return phases.filter((p) => Boolean(p.large) === large && !p.idleReads).reduce((n, p) => n + (p.amount ?? Math.ceil((p.rate ?? maxRate) * (p.seconds ?? 0) * 1.05)), 0);
}

/**
 * Runs the phases against the portal ("portal") or the bare ceiling server ("ceiling"). `env` is added
 * to the server's (WEB_CONCURRENCY for several processes of the portal, CEILING_WRITES for the ceiling).
 */
export async function runScenario(
  kind: "portal" | "ceiling",
  fixture: LoadFixture,
  databaseFile: string,
  phases: Phase[],
  env: Record<string, string> = {},
): Promise<ScenarioResult> {
  const server: Server =
    kind === "portal" ? await startPortal({ databaseFile, env: { APP_SECRET: fixture.secret, ...env } }) : await startCeiling(databaseFile, env);
  const results: PhaseResult[] = [];
  let idle: ReadFigures | null = null;
  try {
    // The last token is kept for the visit that hands out the CSRF pair; phases use the others in order.
    const visitor = fixture.tokens[fixture.tokens.length - 1]!;
    const csrf = kind === "portal" ? await visitorCsrf(server.baseURL, visitor) : await portalStyleCsrf();
    const target = { baseURL: server.baseURL, ...csrf };
    const id = fixture.consultationId;
    const readPaths = [`/staff/consultations/${id}/invitations`, `/staff/consultations/${id}/comments`, `/staff/consultations/${id}`, "/staff"];
    let first = 0;
    let firstLarge = 0;
    for (const phase of phases) {
      if (phase.idleReads) {
        if (kind === "portal") idle = await readPages(server.baseURL, { cookie: fixture.drafterCookie, paths: readPaths, connections: 1 }, phase.idleReads * readPaths.length);
        continue;
      }
      const before = kind === "ceiling" ? await ceilingStats(server.baseURL) : null;
      const draft = phase.large ? fixture.large : { tokens: fixture.tokens.slice(0, -1), clauseIds: fixture.clauseIds };
      const rate = phase.rateOfFlatOut ? Math.max(1, Math.round(phase.rateOfFlatOut * flatOut(results))) : phase.rate;
      // Always a number of requests, never a duration: autocannon then waits for every answer, so no
      // submission is left in flight uncounted when a phase ends.
      const amount = phase.amount ?? Math.round((rate ?? 0) * (phase.seconds ?? 0));
      const result = await driveLoad(
        target,
        {
          tokens: draft.tokens,
          firstToken: phase.large ? firstLarge : first,
          amount,
          connections: phase.connections,
          rate,
          clauseIds: draft.clauseIds,
          commentsPerSubmission: COMMENTS_PER_SUBMISSION,
        },
        phase.readers && kind === "portal" ? { cookie: fixture.drafterCookie, paths: readPaths, connections: phase.readers } : null,
      );
      const after = before ? await ceilingStats(server.baseURL) : null;
      const statementsPerSubmission = before && after && after.submissions > before.submissions ? (after.statements - before.statements) / (after.submissions - before.submissions) : undefined;
      results.push({ name: phase.name, ...result, statementsPerSubmission });
      if (phase.large) firstLarge += result.submit.tokensUsed;
      else first += result.submit.tokensUsed;
    }
  } finally {
    await server.stop();
  }
  return { phases: results, idle, acknowledged: results.reduce((n, r) => n + r.submit.acknowledged, 0), ...(await countStored(databaseFile)) };
}

/**
 * What the database holds after the server stopped, read through a connection of its own: the SQLite
 * file, or a PostgreSQL database's URL.
 */
export async function countStored(databaseFile: string): Promise<{ storedSubmissions: number; storedComments: number; incomplete: number }> {
  return countRows(databaseFile, {
    storedSubmissions: "select count(*) as n from submissions where request_key like 'load-%'",
    storedComments: "select count(*) as n from comments c join submissions s on s.id = c.submission_id where s.request_key like 'load-%'",
    incomplete: `select count(*) as n from submissions s where s.request_key like 'load-%'
           and (select count(*) from comments c where c.submission_id = s.id) <> ${COMMENTS_PER_SUBMISSION}`,
  });
}

/** Each query's count (a `select count(*) as n …`), on a SQLite file or a PostgreSQL database's URL. */
export async function countRows<K extends string>(databaseFile: string, queries: Record<K, string>): Promise<Record<K, number>> {
  const counts = {} as Record<K, number>;
  if (dialectOfUrl(databaseFile) === "pg") {
    const client = new pg.Client({ connectionString: databaseFile });
    await client.connect();
    try {
      // count(*) is a bigint, which node-postgres gives as a string.
      for (const [k, sql] of Object.entries<string>(queries)) counts[k as K] = Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
    } finally {
      await client.end();
    }
    return counts;
  }
  const db = new Database(databaseFile, { readonly: true });
  try {
    for (const [k, sql] of Object.entries<string>(queries)) counts[k as K] = (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
  return counts;
}

/** The statements the ceiling server has run and the submissions it has stored so far. */
async function ceilingStats(baseURL: string): Promise<{ statements: number; submissions: number }> {
  return (await (await fetch(`${baseURL}/stats`)).json()) as { statements: number; submissions: number };
}

/** The ceiling renders no page: make a CSRF pair in the portal's cookie format (base64 of JSON). */
export async function portalStyleCsrf(): Promise<{ csrfCookie: string; csrfToken: string }> {
  const token = (await import("node:crypto")).randomBytes(32).toString("base64url");
  return { csrfCookie: `gopy_csrf=${encodeURIComponent(Buffer.from(JSON.stringify(token)).toString("base64"))}`, csrfToken: token };
}

export function flatOut(results: { name: string; submit: { perSecond: number } }[]): number {
  const found = results.find((r) => r.name === "flat out");
  if (!found) throw new Error("a phase relative to flat out needs a flat-out phase before it");
  return found.submit.perSecond;
}

export function copyDatabase(from: string, to: string): void {
  fs.copyFileSync(from, to);
}
