/**
 * Flat-out capacity measured in turns: every server is started at once (each on its own copy of the
 * seed), warmed up, then given one burst after another in rounds (A B C, C B A, A B C…), so a slow
 * minute of a shared machine falls on all of them alike. Each server's capacity is the median of its
 * rounds, and the ratio between two servers is taken from those medians. Measured in sequence (all of
 * one server's phases, then the next server's), the same ratio moved from 0.34 to 0.46 between runs
 * of unchanged code, because the machine's speed drifted between the two servers' turns.
 */
import { startPortal } from "../../tests/browser/portal";
import { driveLoad, visitorCsrf } from "./drive";
import { COMMENTS_PER_SUBMISSION, portalStyleCsrf, startCeiling, type Server } from "./scenario";
import type { LoadFixture } from "./seed";

export interface Contender {
  label: string;
  kind: "portal" | "ceiling";
  /** Its own copy of the seed (a SQLite file or a PostgreSQL database's URL). */
  databaseFile: string;
  env?: Record<string, string>;
}

export interface TurnsResult {
  label: string;
  /** Submissions acknowledged (a 302 to a receipt) per second in each round, in round order. */
  rates: number[];
  median: number;
  /** Errors and answers other than a 302 to a receipt, over all rounds (must be 0). */
  errors: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * `warmUp` submissions on 50 connections per server first, then `rounds` bursts of `amount` on
 * `connections` each. Uses the seed's invitations from the first on, the same ones on every copy.
 */
export async function flatOutInTurns(
  fixture: LoadFixture,
  contenders: Contender[],
  options: { rounds: number; amount: number; warmUp: number; connections: number },
): Promise<TurnsResult[]> {
  const tokens = fixture.tokens.slice(0, -1);
  if (options.warmUp + options.rounds * options.amount > tokens.length) throw new Error("not enough invitations seeded for the rounds");
  const servers: (Server & { csrfCookie: string; csrfToken: string })[] = [];
  try {
    for (const c of contenders) {
      const server: Server =
        c.kind === "portal" ? await startPortal({ databaseFile: c.databaseFile, env: { APP_SECRET: fixture.secret, ...c.env } }) : await startCeiling(c.databaseFile, c.env ?? {});
      servers.push({ ...server, ...(c.kind === "portal" ? await visitorCsrf(server.baseURL, fixture.tokens[fixture.tokens.length - 1]!) : await portalStyleCsrf()) });
    }
    const burst = (i: number, firstToken: number, amount: number, connections: number) =>
      driveLoad(
        { baseURL: servers[i]!.baseURL, csrfCookie: servers[i]!.csrfCookie, csrfToken: servers[i]!.csrfToken },
        { tokens, firstToken, amount, connections, clauseIds: fixture.clauseIds, commentsPerSubmission: COMMENTS_PER_SUBMISSION },
        null,
      );
    const results: TurnsResult[] = contenders.map((c) => ({ label: c.label, rates: [], median: 0, errors: 0 }));
    for (let i = 0; i < servers.length; i++) await burst(i, 0, options.warmUp, Math.min(50, options.warmUp));
    for (let round = 0; round < options.rounds; round++) {
      const order = servers.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const i of order) {
        const { submit } = await burst(i, options.warmUp + round * options.amount, options.amount, options.connections);
        // Only receipts count: a server answering some posts with a quick error (a 503, a 500) must not
        // have those answers counted as capacity.
        results[i]!.rates.push(submit.acknowledged / submit.seconds);
        results[i]!.errors += options.amount - submit.acknowledged;
      }
    }
    for (const r of results) r.median = median(r.rates);
    return results;
  } finally {
    for (const s of servers) await s.stop();
  }
}
