/** Where a whole-clause wording from an older version goes: only one to one, never after a split or a merge. */
import { describe, expect, it } from "vitest";
import { buildLineage } from "~/domain/lineage/project";
import { soleSuccessorIn } from "~/domain/working-copy/lineage";

const link = (oldClauseId: number, newClauseId: number, relation = "changed") => ({ oldClauseId, newClauseId, relation });

describe("soleSuccessorIn", () => {
  it("follows a one-to-one chain into the base", () => {
    const lineage = buildLineage([link(1, 11, "kept"), link(11, 21)]);
    expect(soleSuccessorIn(1, lineage, new Set([21, 22]))).toBe(21);
    expect(soleSuccessorIn(21, lineage, new Set([21, 22]))).toBe(21);
  });
  it("refuses after a split, even a split in an intermediate version", () => {
    expect(soleSuccessorIn(1, buildLineage([link(1, 21, "split"), link(1, 22, "split")]), new Set([21, 22]))).toBeNull();
    expect(soleSuccessorIn(1, buildLineage([link(1, 11), link(11, 21, "split"), link(11, 22, "split")]), new Set([21, 22]))).toBeNull();
  });
  it("refuses after a merge (the base clause continues another clause too)", () => {
    expect(soleSuccessorIn(1, buildLineage([link(1, 21, "merged"), link(2, 21, "merged")]), new Set([21]))).toBeNull();
  });
  it("is null when the clause has no successor, and ends on a cycle", () => {
    expect(soleSuccessorIn(1, buildLineage([link(1, 11), { oldClauseId: 11, newClauseId: null, relation: "removed" }]), new Set([21]))).toBeNull();
    expect(soleSuccessorIn(1, buildLineage([link(1, 2), link(2, 1)]), new Set([21]))).toBeNull();
  });
});
