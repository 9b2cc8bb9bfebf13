import { describe, expect, it } from "vitest";
import { ancestorsOf, buildLineage, descendantsIn, descendantsOf, projectCounts, type LinkEdge } from "~/domain/lineage/project";

// Version 1: clauses 1–5. Version 2: 11–16. Version 3: 21–24.
//   1 kept→11 changed→21      2 split→12,13; 12 kept→22, 13 removed
//   3,4 merged→14 moved→23    5 removed; 15 new; 16 new; 24 new
const links: LinkEdge[] = [
  { oldClauseId: 1, newClauseId: 11, relation: "kept" },
  { oldClauseId: 2, newClauseId: 12, relation: "split" },
  { oldClauseId: 2, newClauseId: 13, relation: "split" },
  { oldClauseId: 3, newClauseId: 14, relation: "merged" },
  { oldClauseId: 4, newClauseId: 14, relation: "merged" },
  { oldClauseId: 5, newClauseId: null, relation: "removed" },
  { oldClauseId: null, newClauseId: 15, relation: "new" },
  { oldClauseId: null, newClauseId: 16, relation: "new" },
  { oldClauseId: 11, newClauseId: 21, relation: "changed" },
  { oldClauseId: 12, newClauseId: 22, relation: "kept" },
  { oldClauseId: 13, newClauseId: null, relation: "removed" },
  { oldClauseId: 14, newClauseId: 23, relation: "moved" },
  { oldClauseId: null, newClauseId: 24, relation: "new" },
];
const lineage = buildLineage(links);
const v2 = new Set([11, 12, 13, 14, 15, 16]);
const v3 = new Set([21, 22, 23, 24]);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe("following clauses across versions", () => {
  it("a clause's continuation in a later version, through one or two steps", () => {
    expect(descendantsIn(1, lineage, v2)).toEqual([11]);
    expect(descendantsIn(1, lineage, v3)).toEqual([21]);
    expect(sorted(descendantsIn(2, lineage, v2))).toEqual([12, 13]);
    expect(descendantsIn(2, lineage, v3)).toEqual([22]); // 13 was removed in version 3
    expect(descendantsIn(3, lineage, v3)).toEqual([23]);
    expect(descendantsIn(4, lineage, v3)).toEqual([23]);
  });

  it("a removed clause continues nowhere; a new clause continues nothing", () => {
    expect(descendantsIn(5, lineage, v2)).toEqual([]);
    expect(descendantsIn(5, lineage, v3)).toEqual([]);
    expect(ancestorsOf(24, lineage)).toEqual([24]);
    expect(ancestorsOf(15, lineage)).toEqual([15]);
    expect(lineage.backward.has(15)).toBe(false);
    expect(lineage.forward.has(5)).toBe(false);
  });

  it("descendants and ancestors include the clause itself", () => {
    expect(sorted(descendantsOf(2, lineage))).toEqual([2, 12, 13, 22]);
    expect(sorted(ancestorsOf(23, lineage))).toEqual([3, 4, 14, 23]);
    expect(sorted(ancestorsOf(21, lineage))).toEqual([1, 11, 21]);
    expect(descendantsIn(21, lineage, v3)).toEqual([21]); // a clause of the target is its own continuation
  });

  it("only relations that carry content are followed", () => {
    const odd = buildLineage([
      { oldClauseId: 1, newClauseId: 2, relation: "removed" },
      { oldClauseId: 1, newClauseId: 3, relation: "something else" },
      { oldClauseId: 1, newClauseId: 4, relation: "moved" },
    ]);
    expect(descendantsOf(1, odd)).toEqual([1, 4]);
  });

  it("stops on a cycle instead of looping", () => {
    const cyclic = buildLineage([
      { oldClauseId: 1, newClauseId: 2, relation: "kept" },
      { oldClauseId: 2, newClauseId: 1, relation: "kept" },
    ]);
    expect(sorted(descendantsOf(1, cyclic))).toEqual([1, 2]);
  });
});

describe("projectCounts", () => {
  it("comments of any version show on the clauses that continue theirs", () => {
    const counts = new Map<number | null, number>([
      [1, 2], // → 21
      [11, 1], // → 21
      [2, 4], // split: shows on 22 (13 is gone)
      [3, 1], // merged with 4 into 23
      [4, 2],
      [5, 7], // removed: shows nowhere
      [24, 1], // on the target itself
      [null, 9], // general comments: not on a clause
    ]);
    expect(Object.fromEntries(projectCounts(counts, lineage, v3))).toEqual({ 21: 3, 22: 4, 23: 3, 24: 1 });
  });

  it("a split shows the comment on each part", () => {
    expect(Object.fromEntries(projectCounts(new Map([[2, 4]]), lineage, v2))).toEqual({ 12: 4, 13: 4 });
  });
});
