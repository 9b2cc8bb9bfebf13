/**
 * The data of the comparison view: two versions of a consultation, their clause links (the stored
 * ones, corrected by the drafter, when the two are consecutive; computed otherwise), the word
 * differences, and the comments that were written on each clause in any earlier version.
 */
import { getDb } from "#db/client.server";
import { listCommentsOnClauses } from "#db/queries/invitations";
import { consultationLinks, listLinks } from "#db/queries/lineage";
import { listClauses } from "#db/queries/versions";
import type { Link } from "~/domain/lineage/align";
import { inDraftWorker } from "./draft-pool.server";
import { compareVersions, type CompareClause } from "~/domain/diff/compare";
import { ancestorsOf, buildLineage, descendantsOf } from "~/domain/lineage/project";
import { fullText } from "~/domain/lineage/text";
import { wordDiff } from "~/domain/diff/word-diff";
import { clausesWithVersion } from "#db/queries/versions";

export interface CompareOptions {
  ignoreCase: boolean;
  /** Which rows to send: changed ones (default), those with comments, or all. */
  only: "changed" | "commented" | "all";
  /** Count changes of form as changes. */
  showForm: boolean;
  page: number;
}

/** Rows per page: a long law compared in full stays light in the browser. */
export const COMPARE_PAGE = 150;

function toCompare(rows: Awaited<ReturnType<typeof listClauses>>): CompareClause[] {
  return rows.map((c) => ({ id: c.id, label: c.label, citation: c.citation, kind: c.kind, heading: c.heading, body: c.body, position: c.position, depth: c.depth }));
}

export async function linksBetween(fromVersionId: number, toVersionId: number, oldClauses: CompareClause[], newClauses: CompareClause[]): Promise<Link[]> {
  const stored = await listLinks(await getDb(), toVersionId);
  if (stored.length > 0 && stored[0]!.fromVersionId === fromVersionId) {
    return stored.map((l) => ({ oldId: l.oldClauseId, newId: l.newClauseId, relation: l.relation, score: l.score / 100 }));
  }
  // Versions with no stored links between them (not next to each other): aligned on the draft worker,
  // since a long law takes seconds of CPU the thread serving requests cannot spare.
  return inDraftWorker("align", { oldClauses, newClauses });
}

export async function buildComparison(consultationId: number, fromVersionId: number, toVersionId: number, options: CompareOptions, pageSize = COMPARE_PAGE) {
  const db = await getDb();
  const oldClauses = toCompare(await listClauses(db, fromVersionId));
  const newClauses = toCompare(await listClauses(db, toVersionId));
  const links = await linksBetween(fromVersionId, toVersionId, oldClauses, newClauses);
  const { rows: allRows, summary } = compareVersions(oldClauses, newClauses, links, options);
  const isChange = (r: (typeof allRows)[number]) =>
    r.relation === "new" || r.relation === "removed" || r.relation === "moved" || (r.parts !== null && (options.showForm || !r.formOnly));

  // Comments on each new clause's whole ancestry (and on removed clauses), in one query.
  const lineage = buildLineage(await consultationLinks(db, consultationId));
  const ancestry = new Map<number, number[]>();
  const wanted = new Set<number>();
  for (const row of allRows) {
    const key = row.new?.id ?? row.old!.id;
    const ids = new Set<number>([key, ...(row.old ? ancestorsOf(row.old.id, lineage) : []), ...row.merged.flatMap((m) => ancestorsOf(m.id, lineage))]);
    if (row.new) for (const id of ancestorsOf(row.new.id, lineage)) ids.add(id);
    ancestry.set(key, [...ids]);
    for (const id of ids) wanted.add(id);
  }
  const comments = await listCommentsOnClauses(db, consultationId, [...wanted]);
  const byClause = new Map<number, typeof comments>();
  for (const c of comments) byClause.set(c.clauseId!, [...(byClause.get(c.clauseId!) ?? []), c]);
  const withComments = allRows.map((row) => ({
    ...row,
    comments: (ancestry.get(row.new?.id ?? row.old!.id) ?? []).flatMap((id) => byClause.get(id) ?? []),
  }));
  const chosen = withComments.filter((r) => (options.only === "changed" ? isChange(r) : options.only === "commented" ? r.comments.length > 0 : true));
  const start = (options.page - 1) * pageSize;
  return {
    summary,
    total: chosen.length,
    hasMore: chosen.length > start + pageSize,
    rows: chosen.slice(start, start + pageSize),
  };
}

/** One clause through every version: its text in each, and what changed from one to the next. */
export async function clauseHistory(consultationId: number, clauseId: number) {
  const db = await getDb();
  const lineage = buildLineage(await consultationLinks(db, consultationId));
  const family = new Set<number>([...ancestorsOf(clauseId, lineage), ...descendantsOf(clauseId, lineage)]);
  const steps = await clausesWithVersion(db, [...family]);
  return steps.map((step, i) => {
    const previous = i > 0 ? steps[i - 1]! : null;
    return {
      ...step,
      parts: previous && previous.versionId !== step.versionId ? wordDiff(fullText(previous), fullText(step)) : null,
    };
  });
}
