/**
 * Following clauses across versions through their links, so that a comment written on a clause of
 * "Dự thảo lần 1" shows on the clause that continues it in "Dự thảo lần 3".
 */
export interface LinkEdge {
  oldClauseId: number | null;
  newClauseId: number | null;
  relation: string;
}

/** Relations by which a new clause carries on an old one's content. */
const CARRIES = new Set(["kept", "changed", "moved", "split", "merged"]);

export interface Lineage {
  forward: Map<number, number[]>;
  backward: Map<number, number[]>;
}

export function buildLineage(links: LinkEdge[]): Lineage {
  const forward = new Map<number, number[]>();
  const backward = new Map<number, number[]>();
  for (const l of links) {
    if (l.oldClauseId === null || l.newClauseId === null || !CARRIES.has(l.relation)) continue;
    (forward.get(l.oldClauseId) ?? forward.set(l.oldClauseId, []).get(l.oldClauseId)!).push(l.newClauseId);
    (backward.get(l.newClauseId) ?? backward.set(l.newClauseId, []).get(l.newClauseId)!).push(l.oldClauseId);
  }
  return { forward, backward };
}

function walk(start: number, edges: Map<number, number[]>): Set<number> {
  const seen = new Set<number>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of edges.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** The clause ids in `target` (a version's clause ids) that a clause became, directly or through versions. */
export function descendantsIn(clauseId: number, lineage: Lineage, target: Set<number>): number[] {
  return [...walk(clauseId, lineage.forward)].filter((id) => target.has(id));
}

/** The clause itself and every clause of later versions that continues it. */
export function descendantsOf(clauseId: number, lineage: Lineage): number[] {
  return [...walk(clauseId, lineage.forward)];
}

/** The clause itself and every clause of earlier versions it continues. */
export function ancestorsOf(clauseId: number, lineage: Lineage): number[] {
  return [...walk(clauseId, lineage.backward)];
}

/** Comment counts per clause (any version) -> counts per clause of the target version. */
export function projectCounts(counts: Map<number | null, number>, lineage: Lineage, target: Set<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [clauseId, n] of counts) {
    if (clauseId === null) continue;
    for (const id of descendantsIn(clauseId, lineage, target)) out.set(id, (out.get(id) ?? 0) + n);
  }
  return out;
}
