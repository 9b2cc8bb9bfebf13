/**
 * The comments on a phrase of a page, re-anchored on the newest published version (issue 16): one
 * query for the versions, one for the consultation's links and the newest version's clauses (from the
 * process's cache), whatever the number of comments; none when no comment of the page is on a phrase
 * of an older version.
 */
import { anchorsNow, type AnchoredComment, type AnchorView } from "~/domain/anchors/anchors-now";
import { capitalizeFirst, clauseRef } from "~/domain/clause-ref";
import { phraseContext } from "~/domain/phrases/phrases";
import type { Db } from "#db/client.server";
import { consultationLinks, versionsInOrder } from "#db/queries/lineage";
import { publishedVersionClauses } from "#db/queries/versions";

export type { AnchorView };

export async function anchorViews(db: Db, consultationId: number, rows: readonly AnchoredComment[]): Promise<Record<number, AnchorView>> {
  if (!rows.some((r) => r.anchorQuote !== null)) return {};
  const newest = (await versionsInOrder(db, consultationId)).filter((v) => v.publishedAt !== null).at(-1);
  if (!newest || !rows.some((r) => r.anchorQuote !== null && r.versionId !== newest.id)) return {};
  const [links, clauseRows] = await Promise.all([consultationLinks(db, consultationId), publishedVersionClauses(db, newest.id)]);
  const clauses = clauseRows.map((c) => ({ id: c.id, label: c.label, text: c.body }));
  const byId = new Map(clauseRows.map((c) => [c.id, c]));
  const out: Record<number, AnchorView> = {};
  for (const [id, now] of anchorsNow(rows, links, { id: newest.id, label: newest.label, clauses })) {
    const clause = now.clauseId !== null ? byId.get(now.clauseId) : undefined;
    const around = clause && now.start !== null && now.nowText !== null ? phraseContext(clause.body, now.start, now.nowText.length) : { before: "", after: "" };
    out[id] = { ...now, clauseRef: clause ? capitalizeFirst(clauseRef(clause)) : null, ...around };
  }
  return out;
}
