/**
 * The rows of the comparison table (bảng so sánh, issue 16 part 3): every clause that changed from
 * version N to version N+1 (changed, moved, split, merged, new, removed, as the stored clause links
 * say; unchanged clauses and changes of form only are not rows), its wording in both versions with
 * the new one marked word by word, and the reason: the answers that accepted (in whole or in part)
 * the comments behind the change. A comment is behind a change when
 * - its answer says it was taken in this row's new clause (answers.new_clause_id), or else
 * - it was written on the row's old clause, or on a clause of an earlier version that the old clause
 *   continues unchanged (comments on older versions follow the links forward, through versions that
 *   kept the clause as it was: a comment whose clause changed in between was taken in by that earlier
 *   change, and is a reason in that table, not in this one).
 * A change no comment is behind is the drafting agency's own edit. Plain data: no database here.
 */
import { compareVersions, type CompareClause, type CompareRow } from "~/domain/diff/compare";
import { wordDiff, type DiffPart } from "~/domain/diff/word-diff";
import type { Link, Relation } from "~/domain/lineage/align";
import { ancestorsOf, buildLineage, descendantsIn, type LinkEdge } from "~/domain/lineage/project";
import { fullText } from "~/domain/lineage/text";

/** A stored clause link with the versions it joins (consultationLinks). */
export interface VersionLinkEdge extends LinkEdge {
  relation: Relation;
  fromVersionId: number;
  toVersionId: number;
}

/** An accepted (or partly accepted) comment with its answer and its author as shown (authorLabel). */
export interface ReasonComment {
  clauseId: number | null;
  anchorQuote: string | null;
  suggestion: string | null;
  answerId: number;
  decision: "accepted" | "partly";
  answerText: string;
  answerNewClauseId: number | null;
  author: string;
}

/** A phrase suggestion quoted in a reason: the words quoted ("" = an insertion point) and those proposed ("" = deleted). */
export interface QuotedSuggestion {
  author: string;
  quote: string;
  suggestion: string;
}

export interface RowReason {
  answerId: number;
  decision: "accepted" | "partly";
  /** The agencies and people whose comments the answer accepts, in the query's order, each once. */
  authors: string[];
  text: string;
  suggestions: QuotedSuggestion[];
}

export interface ComparisonRowData {
  relation: Relation;
  /** The new clause's citation (the old one's for a removed clause). */
  citation: string;
  oldText: string;
  newText: string;
  /** The new wording against the old one: "added" bold and underlined, "removed" struck through. */
  changes: DiffPart[];
  /** Empty: no comment is behind the change, the drafting agency's own edit. */
  reasons: RowReason[];
}

/**
 * The links from version `fromVersionId` to `toVersionId`: the stored ones when they join exactly
 * these two versions; otherwise the stored links composed through the versions between (a clause of
 * N+k continues the clauses of N it descends from). Never guessed by alignment.
 */
export function pairLinks(edges: VersionLinkEdge[], fromVersionId: number, toVersionId: number, oldClauses: CompareClause[], newClauses: CompareClause[]): Link[] {
  const direct = edges.filter((e) => e.toVersionId === toVersionId && e.fromVersionId === fromVersionId);
  if (direct.length > 0) return direct.map((e) => ({ oldId: e.oldClauseId, newId: e.newClauseId, relation: e.relation, score: 0 }));
  const lineage = buildLineage(edges);
  const newIds = new Set(newClauses.map((c) => c.id));
  const oldById = new Map(oldClauses.map((c) => [c.id, c]));
  const successors = new Map<number, number[]>();
  const sources = new Map<number, number[]>();
  for (const o of oldClauses) {
    const next = descendantsIn(o.id, lineage, newIds);
    successors.set(o.id, next);
    for (const n of next) sources.set(n, [...(sources.get(n) ?? []), o.id]);
  }
  const links: Link[] = [];
  for (const n of newClauses) {
    const from = (sources.get(n.id) ?? []).sort((a, b) => oldById.get(a)!.position - oldById.get(b)!.position);
    if (from.length === 0) {
      links.push({ oldId: null, newId: n.id, relation: "new", score: 0 });
      continue;
    }
    const [first, ...rest] = from as [number, ...number[]];
    const old = oldById.get(first)!;
    const relation: Relation = successors.get(first)!.length > 1 ? "split" : fullText(old) === fullText(n) ? "kept" : "changed";
    links.push({ oldId: first, newId: n.id, relation, score: 0 });
    for (const m of rest) links.push({ oldId: m, newId: n.id, relation: "merged", score: 0 });
  }
  for (const o of oldClauses) if (successors.get(o.id)!.length === 0) links.push({ oldId: o.id, newId: null, relation: "removed", score: 0 });
  return links;
}

/** A change the table lists: structure (new, removed, moved, split, merged) or words, not form alone. */
function isChange(r: CompareRow): boolean {
  return r.relation === "new" || r.relation === "removed" || r.relation === "moved" || r.relation === "split" || r.merged.length > 0 || (r.parts !== null && !r.formOnly);
}

/** The clause's words as the table prints them: heading and body, each when present. */
const wording = (c: CompareClause) => [c.heading, c.body].filter(Boolean).join("\n");

const citationOf = (c: CompareClause) => c.citation?.trim() || c.label;

export interface RowsInput {
  oldClauses: CompareClause[];
  newClauses: CompareClause[];
  /** The links from the old version to the new one (pairLinks). */
  links: Link[];
  /** Every link of the consultation, to follow comments on earlier versions forward. */
  edges: LinkEdge[];
  comments: ReasonComment[];
}

export function buildComparisonRows(input: RowsInput): ComparisonRowData[] {
  const compared = compareVersions(input.oldClauses, input.newClauses, input.links, { ignoreCase: false }).rows.filter(isChange);
  // Back from each old clause through the versions that kept it word for word.
  const unchanged = buildLineage(input.edges.filter((e) => e.relation === "kept"));
  const newIds = new Set(input.newClauses.map((c) => c.id));

  // Which rows each clause of an earlier (or the old) version stands behind; which row each new clause is.
  const rowsOfClause = new Map<number, number[]>();
  const rowOfNew = new Map<number, number>();
  compared.forEach((r, i) => {
    if (r.new) rowOfNew.set(r.new.id, i);
    const ids = new Set<number>();
    for (const c of [...(r.old ? [r.old] : []), ...r.merged]) for (const id of ancestorsOf(c.id, unchanged)) ids.add(id);
    for (const id of ids) rowsOfClause.set(id, [...(rowsOfClause.get(id) ?? []), i]);
  });

  const reasons = compared.map(() => new Map<number, RowReason>());
  for (const c of input.comments) {
    const landed = c.answerNewClauseId !== null && newIds.has(c.answerNewClauseId);
    const targets = landed ? (rowOfNew.has(c.answerNewClauseId!) ? [rowOfNew.get(c.answerNewClauseId!)!] : []) : c.clauseId !== null ? (rowsOfClause.get(c.clauseId) ?? []) : [];
    for (const i of targets) {
      const byAnswer = reasons[i]!;
      let reason = byAnswer.get(c.answerId);
      if (!reason) byAnswer.set(c.answerId, (reason = { answerId: c.answerId, decision: c.decision, authors: [], text: c.answerText.trim(), suggestions: [] }));
      if (!reason.authors.includes(c.author)) reason.authors.push(c.author);
      if (c.anchorQuote !== null && c.suggestion !== null && c.anchorQuote !== c.suggestion) {
        const s = { author: c.author, quote: c.anchorQuote, suggestion: c.suggestion };
        if (!reason.suggestions.some((x) => x.author === s.author && x.quote === s.quote && x.suggestion === s.suggestion)) reason.suggestions.push(s);
      }
    }
  }

  return compared.map((r, i) => {
    const oldText = r.old ? [r.old, ...r.merged].map(wording).join("\n") : "";
    const newText = r.new ? wording(r.new) : "";
    return {
      relation: r.relation,
      citation: citationOf(r.new ?? r.old!),
      oldText,
      newText,
      // A removed clause: its old wording struck through; a new one: all of it inserted.
      changes: wordDiff(oldText, newText),
      reasons: [...reasons[i]!.values()],
    };
  });
}
