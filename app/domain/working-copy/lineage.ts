/**
 * Where a whole-clause wording made on an older version goes in the working copy (issue 16, part 2).
 * A wording replaces a clause's whole text, so it may land only where the clause goes on one to one:
 * each step of the stored lineage from the comment's clause to the base carries it into exactly one
 * clause that continues nothing else. After a split or a merge there is no such clause, and taking one
 * of the candidates would put the words over a different clause's text.
 */
import type { Lineage } from "~/domain/lineage/project";

/** The base clause that continues `clauseId` one to one, or null after a split, a merge or no successor. */
export function soleSuccessorIn(clauseId: number, lineage: Lineage, target: Set<number>): number | null {
  const seen = new Set<number>();
  let id = clauseId;
  while (!target.has(id)) {
    if (seen.has(id)) return null;
    seen.add(id);
    const next = [...new Set(lineage.forward.get(id) ?? [])];
    if (next.length !== 1) return null;
    const nextId = next[0]!;
    if (new Set(lineage.backward.get(nextId) ?? []).size !== 1) return null;
    id = nextId;
  }
  return id;
}
