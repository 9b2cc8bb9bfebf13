/** The lineage of a version for its review page, and the drafter's correction of it. */
import { getDb } from "#db/client.server";
import { listLinks, predecessorVersion, replaceLinks } from "#db/queries/lineage";
import { findVersion, listClauses } from "#db/queries/versions";
import { capitalizeFirst, clauseRef } from "~/domain/clause-ref";
import { linksFromMapping, type Link, type Relation } from "~/domain/lineage/align";

export function versionLineage(versionId: number) {
  const db = getDb();
  const version = findVersion(db, versionId);
  if (!version) return null;
  const previous = predecessorVersion(db, version.consultationId, version.number);
  if (!previous) return null;
  const oldClauses = listClauses(db, previous.id);
  const newClauses = listClauses(db, versionId);
  const links = listLinks(db, versionId);
  // Labels are what the drafter types to correct a match; citations are what they read.
  const oldById = new Map(oldClauses.map((c) => [c.id, c]));
  const primary = new Map<number, { oldLabel: string; oldRef: string; relation: Relation }>();
  const merged = new Map<number, string[]>();
  for (const l of links) {
    if (l.newClauseId === null || l.oldClauseId === null) continue;
    const old = oldById.get(l.oldClauseId)!;
    if (l.relation === "merged") merged.set(l.newClauseId, [...(merged.get(l.newClauseId) ?? []), clauseRef(old)]);
    else if (!primary.has(l.newClauseId)) primary.set(l.newClauseId, { oldLabel: old.label, oldRef: clauseRef(old), relation: l.relation });
  }
  const removed = links.filter((l) => l.relation === "removed" && l.oldClauseId !== null).map((l) => l.oldClauseId!);
  const counts: Record<string, number> = {};
  for (const l of links) counts[l.relation] = (counts[l.relation] ?? 0) + 1;
  return {
    previous,
    manual: links.some((l) => l.manual),
    counts,
    rows: newClauses.map((c) => ({
      id: c.id,
      label: c.label,
      ref: clauseRef(c),
      heading: c.heading,
      depth: c.depth,
      oldLabel: primary.get(c.id)?.oldLabel ?? "",
      oldRef: primary.get(c.id)?.oldRef ?? "",
      relation: primary.get(c.id)?.relation ?? ("new" as Relation),
      /** Citations of the old clauses merged into this one. */
      merged: merged.get(c.id) ?? [],
    })),
    removed: oldClauses.filter((c) => removed.includes(c.id)).map((c) => ({ label: c.label, ref: clauseRef(c), heading: c.heading })),
    // The value typed is the label; the text offered is the citation and the heading.
    oldOptions: oldClauses.map((c) => ({ label: c.label, text: [capitalizeFirst(clauseRef(c)), c.heading.slice(0, 80)].filter(Boolean).join(" — ") })),
  };
}

/**
 * Applies the drafter's choice of predecessors ("m:<newClauseId>" = old label, empty for new).
 * Returns the labels that do not exist in the previous version, if any, and changes nothing then.
 */
export function correctLineage(versionId: number, fields: Iterable<[string, string]>): { unknown: string[] } {
  const db = getDb();
  const version = findVersion(db, versionId);
  if (!version) return { unknown: [] };
  const previous = predecessorVersion(db, version.consultationId, version.number);
  if (!previous) return { unknown: [] };
  const oldClauses = listClauses(db, previous.id);
  const newClauses = listClauses(db, versionId);
  const oldByLabel = new Map(oldClauses.map((c) => [c.label, c.id]));
  const newIds = new Set(newClauses.map((c) => c.id));
  const mapping = new Map<number, number | null>();
  const unknown: string[] = [];
  for (const [name, value] of fields) {
    const m = /^m:(\d+)$/.exec(name);
    if (!m || !newIds.has(Number(m[1]))) continue;
    const label = value.trim();
    if (label === "") mapping.set(Number(m[1]), null);
    else if (oldByLabel.has(label)) mapping.set(Number(m[1]), oldByLabel.get(label)!);
    else unknown.push(label);
  }
  if (unknown.length > 0) return { unknown };
  const proposed: Link[] = listLinks(db, versionId).map((l) => ({ oldId: l.oldClauseId, newId: l.newClauseId, relation: l.relation, score: l.score / 100 }));
  replaceLinks(db, previous.id, versionId, linksFromMapping(oldClauses, newClauses, mapping, proposed), true);
  return { unknown: [] };
}
