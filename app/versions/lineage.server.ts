/** The lineage of a version for its review page, and the drafter's correction of it. */
import { getDb, type Db } from "#db/client.server";
import type { AuditEntry } from "#db/queries/audit";
import { listLinks, predecessorVersion, replaceLinks } from "#db/queries/lineage";
import { findVersion, listClauses, type ClauseToStore, type PendingLineage } from "#db/queries/versions";
import { capitalizeFirst, clauseRef } from "~/domain/clause-ref";
import { linksFromMapping, type Link, type Relation } from "~/domain/lineage/align";
import { isLowConfidence, REVIEW_FILTERS, rowFilters, type ReviewFilter } from "~/domain/lineage/review";
import { inDraftWorker } from "./draft-pool.server";

export async function versionLineage(versionId: number, filter: ReviewFilter = "all") {
  const db = await getDb();
  const version = await findVersion(db, versionId);
  if (!version) return null;
  const previous = await predecessorVersion(db, version.consultationId, version.number);
  if (!previous) return null;
  const [oldClauses, newClauses, links] = await Promise.all([listClauses(db, previous.id), listClauses(db, versionId), listLinks(db, versionId)]);
  // Labels are what the drafter types to correct a match; citations are what they read.
  const oldById = new Map(oldClauses.map((c) => [c.id, c]));
  const primary = new Map<number, { oldLabel: string; oldRef: string; relation: Relation; score: number }>();
  const merged = new Map<number, { oldId: number; ref: string; confidence: number }[]>();
  for (const l of links) {
    if (l.newClauseId === null || l.oldClauseId === null) continue;
    const old = oldById.get(l.oldClauseId)!;
    if (l.relation === "merged") merged.set(l.newClauseId, [...(merged.get(l.newClauseId) ?? []), { oldId: old.id, ref: clauseRef(old), confidence: l.score }]);
    else if (!primary.has(l.newClauseId)) primary.set(l.newClauseId, { oldLabel: old.label, oldRef: clauseRef(old), relation: l.relation, score: l.score });
  }
  const removed = new Set(links.filter((l) => l.relation === "removed" && l.oldClauseId !== null).map((l) => l.oldClauseId!));
  const counts: Record<string, number> = {};
  for (const l of links) counts[l.relation] = (counts[l.relation] ?? 0) + 1;
  const allRows = newClauses.map((c) => {
    const p = primary.get(c.id);
    const from = merged.get(c.id) ?? [];
    const scores = [...(p ? [p.score] : []), ...from.map((m) => m.confidence)];
    const facts = { relation: p?.relation ?? ("new" as Relation), merged: from.length, confidence: scores.length > 0 ? Math.min(...scores) : null };
    return {
      id: c.id,
      label: c.label,
      ref: clauseRef(c),
      heading: c.heading,
      depth: c.depth,
      oldLabel: p?.oldLabel ?? "",
      oldRef: p?.oldRef ?? "",
      relation: facts.relation,
      /** The lowest confidence (0..100) of the links into this clause; null for a new one. */
      confidence: facts.confidence,
      low: isLowConfidence(facts),
      /** The old clauses merged into this one: id (to undo the merge), citation and confidence. */
      merged: from,
      filters: rowFilters(facts),
    };
  });
  const filterCounts = Object.fromEntries(REVIEW_FILTERS.map((f) => [f, f === "all" ? allRows.length : allRows.filter((r) => r.filters.includes(f)).length])) as Record<ReviewFilter, number>;
  return {
    previous,
    manual: links.some((l) => l.manual),
    // Published from the working copy of the previous version: every link was known, none guessed.
    declared: version.derivedFromVersionId !== null && version.derivedFromVersionId === previous.id,
    counts,
    filter,
    filterCounts,
    rows: filter === "all" ? allRows : allRows.filter((r) => r.filters.includes(filter)),
    removed: oldClauses.filter((c) => removed.has(c.id)).map((c) => ({ label: c.label, ref: clauseRef(c), heading: c.heading })),
    // The value typed is the label; the text offered is the citation and the heading.
    oldOptions: oldClauses.map((c) => ({ label: c.label, text: [capitalizeFirst(clauseRef(c)), c.heading.slice(0, 80)].filter(Boolean).join(" — ") })),
  };
}

/**
 * Applies the drafter's choice of predecessors ("m:<newClauseId>" = old label, empty for new; a
 * clause without a field, hidden by the review's filter, keeps its predecessor) and the merges they
 * undo ("unmerge" = old clause id: that clause is then removed).
 * Returns the labels that do not exist in the previous version, if any, and changes nothing then.
 * The links and `audit` (e.g. "version.lineage_corrected") are written in one transaction.
 */
export async function correctLineage(versionId: number, fields: Iterable<[string, string]>, audit: AuditEntry | null = null): Promise<{ unknown: string[] }> {
  const db = await getDb();
  const version = await findVersion(db, versionId);
  if (!version) return { unknown: [] };
  const previous = await predecessorVersion(db, version.consultationId, version.number);
  if (!previous) return { unknown: [] };
  const [oldClauses, newClauses, stored] = await Promise.all([listClauses(db, previous.id), listClauses(db, versionId), listLinks(db, versionId)]);
  const oldByLabel = new Map(oldClauses.map((c) => [c.label, c.id]));
  const newIds = new Set(newClauses.map((c) => c.id));
  // What is not in the form stays as it is.
  const mapping = new Map<number, number | null>();
  for (const l of stored) {
    if (l.newClauseId !== null && l.oldClauseId !== null && l.relation !== "merged" && !mapping.has(l.newClauseId)) mapping.set(l.newClauseId, l.oldClauseId);
  }
  const unmerged = new Set<number>();
  const unknown: string[] = [];
  for (const [name, value] of fields) {
    if (name === "unmerge" && /^\d+$/.test(value)) unmerged.add(Number(value));
    const m = /^m:(\d+)$/.exec(name);
    if (!m || !newIds.has(Number(m[1]))) continue;
    const label = value.trim();
    if (label === "") mapping.set(Number(m[1]), null);
    else if (oldByLabel.has(label)) mapping.set(Number(m[1]), oldByLabel.get(label)!);
    else unknown.push(label);
  }
  if (unknown.length > 0) return { unknown };
  const proposed: Link[] = stored.map((l) => ({ oldId: l.oldClauseId, newId: l.newClauseId, relation: l.relation, score: l.score / 100 }));
  await replaceLinks(db, previous.id, versionId, linksFromMapping(oldClauses, newClauses, mapping, proposed, unmerged), true, audit);
  return { unknown: [] };
}

/**
 * How clauses not stored yet continue those of version `fromVersionId` (draft-work.ts, pendingLineage):
 * the alignment of two long laws is seconds of CPU, so it runs on the draft worker thread.
 */
export async function lineageFrom(db: Db, fromVersionId: number, list: readonly ClauseToStore[]): Promise<PendingLineage> {
  return inDraftWorker("lineage", { fromVersionId, oldClauses: await listClauses(db, fromVersionId), list });
}

