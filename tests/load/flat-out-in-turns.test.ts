/**
 * The load bench's capacity in turns (bench/load/alternating.ts), the figure issue 14's target is
 * judged on: every server answers every burst of every round with a receipt, each on its own copy of
 * the seed (the same invitations submitted once per copy, never twice in one).
 */
import { describe, expect, it } from "vitest";
import { flatOutInTurns } from "../../bench/load/alternating";
import { countStored } from "../../bench/load/scenario";
import { loadSeeds } from "../support/load-seeds";

const seeds = loadSeeds("gopy-turns-test-");

describe("flat out in turns", () => {
  it("gives each server its rounds on its own copy; every burst acknowledged and stored", async () => {
    const [warmUp, rounds, amount] = [6, 2, 10];
    const fixture = await seeds.seed(warmUp + rounds * amount + 1);
    const copy = (name: string) => seeds.copy(fixture, name);
    const files = [await copy("portal"), await copy("ceiling"), await copy("lean")];
    const turns = await flatOutInTurns(
      fixture,
      [
        { label: "portal", kind: "portal", databaseFile: files[0]! },
        { label: "ceiling", kind: "ceiling", databaseFile: files[1]! },
        { label: "lean ceiling", kind: "ceiling", databaseFile: files[2]!, env: { CEILING_WRITES: "lean" } },
      ],
      { rounds, amount, warmUp, connections: 4 },
    );
    expect(turns.map((t) => t.label)).toEqual(["portal", "ceiling", "lean ceiling"]);
    for (const t of turns) {
      expect(t.errors, t.label).toBe(0);
      expect(t.rates, t.label).toHaveLength(rounds);
      expect(Math.min(...t.rates), t.label).toBeGreaterThan(0);
      expect(t.median).toBeGreaterThanOrEqual(Math.min(...t.rates));
      expect(t.median).toBeLessThanOrEqual(Math.max(...t.rates));
    }
    for (const file of files) {
      const stored = await countStored(file);
      expect(stored).toEqual({ storedSubmissions: warmUp + rounds * amount, storedComments: (warmUp + rounds * amount) * 3, incomplete: 0 });
    }
    // Too few invitations for the rounds asked: refused before any server starts.
    await expect(flatOutInTurns(fixture, [], { rounds: 10, amount, warmUp, connections: 4 })).rejects.toThrow(/not enough invitations/);
  }, 120_000);
});
