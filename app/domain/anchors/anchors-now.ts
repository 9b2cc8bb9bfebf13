/**
 * Where each comment on a phrase stands in the newest version (issue 16): its anchor re-anchored with
 * reanchor() on the clause that continues its own (the stored lineage, followed through every version
 * in between), with the honest state. Pure: the caller loads the links and the newest version's clauses
 * once for all the comments (app/anchors/anchors-now.server.ts).
 */
import { buildLineage, descendantsIn, type LinkEdge } from "~/domain/lineage/project";
import { reanchor, type AnchorClause, type AnchorState, type Reanchored } from "./reanchor";

export interface AnchoredComment {
  id: number;
  clauseId: number | null;
  clauseLabel: string | null;
  versionId: number;
  anchorQuote: string | null;
  anchorPrefix: string;
  anchorSuffix: string;
  anchorStart: number | null;
}

/** A comment's phrase in the newest version, ready to show. */
export interface AnchorNow {
  state: AnchorState;
  /** The newest version's label. */
  versionLabel: string;
  /** The clause it is in now (exact, moved, changed, notFound: the clause that continues it). */
  clauseId: number | null;
  /** The words now at its place: the same as the quote (exact, moved), the rewritten words (changed). */
  nowText: string | null;
  /** A little of the new text around them, for showing the change. */
  start: number | null;
}

/** What a page shows of a phrase in the newest version (app/anchors/anchors-now.server.ts fills it). */
export interface AnchorView extends AnchorNow {
  /** The clause it is in now, cited ("Điểm b khoản 1 Mục II"). */
  clauseRef: string | null;
  /** Some of the new text around the words, for showing them in place. */
  before: string;
  after: string;
}

const RANK: Record<AnchorState, number> = { exact: 0, moved: 1, changed: 2, notFound: 3, removed: 4 };

/**
 * The state of each anchored comment made on an older version than `newest`; comments on the newest
 * version itself, and comments on a whole clause, are left out.
 */
export function anchorsNow(
  commentsWithAnchors: readonly AnchoredComment[],
  links: readonly LinkEdge[],
  newest: { id: number; label: string; clauses: readonly AnchorClause[] },
): Map<number, AnchorNow> {
  const out = new Map<number, AnchorNow>();
  const todo = commentsWithAnchors.filter((c) => c.anchorQuote !== null && c.anchorStart !== null && c.clauseId !== null && c.versionId !== newest.id);
  if (todo.length === 0) return out;
  const lineage = buildLineage([...links]);
  const inNewest = new Set(newest.clauses.map((c) => c.id));
  for (const c of todo) {
    const anchor = { clauseId: c.clauseId!, clauseLabel: c.clauseLabel ?? "", quote: c.anchorQuote!, prefix: c.anchorPrefix, suffix: c.anchorSuffix, start: c.anchorStart! };
    // The clauses of the newest version that continue this one (several after a split): the best state wins.
    const successors = descendantsIn(c.clauseId!, lineage, inNewest);
    const tries: Reanchored[] = (successors.length > 0 ? successors : [null]).map((s) => reanchor(anchor, newest.clauses, new Map([[anchor.clauseId, s]])));
    const best = tries.sort((a, b) => RANK[a.state] - RANK[b.state])[0]!;
    const clause = best.clauseId !== undefined ? newest.clauses.find((x) => x.id === best.clauseId) : undefined;
    out.set(c.id, {
      state: best.state,
      versionLabel: newest.label,
      clauseId: best.clauseId ?? null,
      nowText: clause && best.start !== undefined && best.end !== undefined ? clause.text.slice(best.start, best.end) : null,
      start: best.start ?? null,
    });
  }
  return out;
}
