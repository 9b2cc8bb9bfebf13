/**
 * The capacity in turns (bench/load/alternating.ts) counts receipts only: a server answering posts with
 * a quick error (here a ceiling whose consultation is past its cutoff: every post a 409) has no
 * capacity, however fast it answers, or the issue 14 ratio would count refusals as submissions.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { flatOutInTurns } from "../../bench/load/alternating";
import { dialectOfUrl } from "#db/dialect";
import { loadSeeds } from "../support/load-seeds";

const seeds = loadSeeds("gopy-turns-receipts-");

async function run(databaseFile: string, statement: string): Promise<void> {
  if (dialectOfUrl(databaseFile) === "pg") {
    const client = new pg.Client({ connectionString: databaseFile });
    await client.connect();
    await client.query(statement).finally(() => client.end());
    return;
  }
  const db = new Database(databaseFile);
  db.exec(statement);
  db.close();
}

describe("flat out in turns", () => {
  it("counts only the posts answered with a receipt", async () => {
    const [warmUp, rounds, amount] = [2, 2, 8];
    const fixture = await seeds.seed(warmUp + rounds * amount + 1);
    const copy = (name: string) => seeds.copy(fixture, name);
    const [open, closed] = [await copy("open"), await copy("closed")];
    await run(closed, "update consultations set cutoff_at = 0");
    const [answering, refusing] = await flatOutInTurns(
      fixture,
      [
        { label: "answering", kind: "ceiling", databaseFile: open },
        { label: "refusing", kind: "ceiling", databaseFile: closed },
      ],
      { rounds, amount, warmUp, connections: 2 },
    );
    expect(answering!.errors).toBe(0);
    expect(Math.min(...answering!.rates)).toBeGreaterThan(0);
    expect(refusing!.errors).toBe(rounds * amount);
    expect(refusing!.rates).toEqual([0, 0]);
    expect(refusing!.median).toBe(0);
  }, 120_000);
});
