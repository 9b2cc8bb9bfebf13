/**
 * Two versions side by side, clause by clause: rows in the new version's order, removed clauses
 * where they stood, each changed clause with its word-level differences. Changes of form only
 * (spacing, line breaks, emphasis marks, bullets, and letter case when asked) are told apart so the
 * view can hide them.
 */
import type { Link, Relation } from "../lineage/align";
import { formless, fullText } from "../lineage/text";
import { wordDiff, type DiffPart } from "./word-diff";

export interface CompareClause {
  id: number;
  label: string;
  /** How people cite it ("khoản 3 Điều 2"); "" or absent for clauses stored before citations. */
  citation?: string;
  kind: string;
  heading: string;
  body: string;
  position: number;
  depth: number;
}

export interface CompareRow {
  relation: Relation;
  old: CompareClause | null;
  new: CompareClause | null;
  /** Old clauses merged into this row's new clause. */
  merged: CompareClause[];
  /** True when the texts differ only in form; such rows count as unchanged. */
  formOnly: boolean;
  /** Word differences from the old text(s) to the new one; null when identical or one side is missing. */
  parts: DiffPart[] | null;
}

export interface CompareSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  moved: number;
  formOnly: number;
}

export function compareVersions(
  oldClauses: CompareClause[],
  newClauses: CompareClause[],
  links: Link[],
  options: { ignoreCase: boolean },
): { rows: CompareRow[]; summary: CompareSummary } {
  const oldById = new Map(oldClauses.map((c) => [c.id, c]));
  const primary = new Map<number, Link>();
  const mergedInto = new Map<number, CompareClause[]>();
  const removed = new Set<number>();
  for (const l of links) {
    if (l.relation === "removed" && l.oldId !== null) removed.add(l.oldId);
    else if (l.relation === "merged" && l.oldId !== null && l.newId !== null) {
      mergedInto.set(l.newId, [...(mergedInto.get(l.newId) ?? []), oldById.get(l.oldId)!].filter(Boolean));
    } else if (l.newId !== null && !primary.has(l.newId)) primary.set(l.newId, l);
  }

  const rows: CompareRow[] = [];
  const summary: CompareSummary = { added: 0, removed: 0, changed: 0, unchanged: 0, moved: 0, formOnly: 0 };
  const removedInOrder = oldClauses.filter((c) => removed.has(c.id));
  let nextRemoved = 0;
  const flushRemovedBefore = (position: number) => {
    while (nextRemoved < removedInOrder.length && removedInOrder[nextRemoved]!.position < position) {
      rows.push({ relation: "removed", old: removedInOrder[nextRemoved]!, new: null, merged: [], formOnly: false, parts: null });
      summary.removed++;
      nextRemoved++;
    }
  };

  for (const n of newClauses) {
    const link = primary.get(n.id);
    const old = link?.oldId != null ? (oldById.get(link.oldId) ?? null) : null;
    const merged = mergedInto.get(n.id) ?? [];
    if (old && link?.relation !== "moved") flushRemovedBefore(old.position);
    if (!old) {
      rows.push({ relation: "new", old: null, new: n, merged, formOnly: false, parts: null });
      summary.added++;
      continue;
    }
    const oldText = [fullText(old), ...merged.map(fullText)].join("\n");
    const newText = fullText(n);
    const same = oldText === newText;
    const formOnly = !same && formless(oldText, options.ignoreCase) === formless(newText, options.ignoreCase);
    const relation: Relation = link!.relation === "kept" && merged.length > 0 ? "changed" : link!.relation;
    rows.push({ relation, old, new: n, merged, formOnly, parts: same ? null : wordDiff(oldText, newText) });
    if (relation === "moved") summary.moved++;
    if (same || formOnly) {
      summary.unchanged++;
      if (formOnly) summary.formOnly++;
    } else summary.changed++;
  }
  flushRemovedBefore(Number.POSITIVE_INFINITY);
  return { rows, summary };
}
