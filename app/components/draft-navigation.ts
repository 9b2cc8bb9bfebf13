/**
 * Ways through a long draft on the invitee page: its table of contents, a search over its clauses,
 * and the agency's comments not sent yet. Pure functions (no React), shared by the components and tests.
 */
import { canonicalPhrases, parsePhrases } from "~/domain/phrases/phrases";
import { foldMarks } from "~/domain/fold-marks";

/** A clause as the invitee page has it. */
export interface NavClause {
  id: number;
  label: string;
  /** As people cite it, first letter in capitals ("Điều 5", "Khoản 2 Điều 5"). */
  ref: string;
  kind: string;
  heading: string;
  body: string;
  depth: number;
}

export interface TocEntry {
  id: number;
  /** The card's anchor (without "#"). */
  anchor: string;
  ref: string;
  heading: string;
  /** 0 for the outermost entries, then 1, 2… */
  level: number;
}

/** The id of a clause card on the page; the general comment's card is "clause-general". */
export function clauseAnchor(label: string): string {
  return `clause-${label}`;
}

export const GENERAL_ANCHOR = "clause-general";

/** Kinds that structure a draft: its chapters, sections, articles and headed parts. */
const STRUCTURAL = new Set(["part", "chapter", "section", "subsection", "article", "roman", "heading", "appendix"]);

/**
 * The table of contents: the structural clauses (parts, chapters, sections, articles, Roman-numbered
 * and plain headings, appendices). A draft with none of them (a plan numbered 1., 2.…) lists its
 * outermost clauses instead.
 */
export function tocEntries(clauses: readonly NavClause[]): TocEntry[] {
  let picked = clauses.filter((c) => STRUCTURAL.has(c.kind));
  if (picked.length === 0 && clauses.length > 0) {
    const top = Math.min(...clauses.map((c) => c.depth));
    picked = clauses.filter((c) => c.depth === top);
  }
  const top = picked.length > 0 ? Math.min(...picked.map((c) => c.depth)) : 0;
  return picked.map((c) => ({ id: c.id, anchor: clauseAnchor(c.label), ref: c.ref, heading: c.heading, level: Math.min(c.depth - top, 3) }));
}

/**
 * Text as the search compares it: lower case, without Vietnamese or other diacritics ("Điều" → "dieu"),
 * whitespace collapsed. So "dieu 5" finds "Điều 5", as people type without a Vietnamese keyboard.
 */
export function searchKey(text: string): string {
  return foldMarks(text).replace(/\s+/g, " ").trim();
}

/**
 * The ids of the clauses whose citation, heading or text holds the query (as a whole, like a browser's
 * find: "điều 1" finds "Điều 1", "Điều 10" and "khoản 2 Điều 1"); null for an empty query (show all).
 */
export function matchClauses(clauses: readonly NavClause[], query: string): Set<number> | null {
  const needle = searchKey(query);
  if (needle === "") return null;
  const found = new Set<number>();
  for (const c of clauses) {
    if (searchKey(`${c.ref} ${c.heading} ${c.body}`).includes(needle)) found.add(c.id);
  }
  return found;
}

export interface Box {
  text: string;
  proposedWording: string;
  /** Suggestions on phrases of the clause, JSON (issue 16). */
  phrases?: string;
}

export interface UnsentDraft {
  /** "general" or the clause id, as in the form. */
  clauseKey: string;
  anchor: string;
  /** null for the general comment. */
  ref: string | null;
  heading: string;
  excerpt: string;
}

const blank = (b: Box) => b.text.trim() === "" && b.proposedWording.trim() === "" && parsePhrases(b.phrases).length === 0;

/**
 * The agency's comments not sent yet, in the draft's order: every written draft box that differs from
 * what the latest submission sent for that clause (all of them before a first submission).
 */
export function unsentDrafts(
  clauses: readonly NavClause[],
  drafts: Readonly<Record<string, Box>>,
  sent: readonly { clauseId: number | null; text: string; proposedWording: string; phrases?: string }[],
  general: string,
): UnsentDraft[] {
  const sentByKey = new Map(sent.map((s) => [s.clauseId === null ? general : String(s.clauseId), s]));
  const differs = (key: string, box: Box) => {
    const s = sentByKey.get(key);
    return !s || s.text.trim() !== box.text.trim() || s.proposedWording.trim() !== box.proposedWording.trim() || (s.phrases ?? "[]") !== canonicalPhrases(box.phrases);
  };
  const excerpt = (box: Box) => {
    const first = parsePhrases(box.phrases)[0];
    const phrase = first ? `“${first.quote}” → “${first.replacement}”` : "";
    const text = (box.text.trim() || box.proposedWording.trim() || phrase).replace(/\s+/g, " ");
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  };
  const out: UnsentDraft[] = [];
  const g = drafts[general];
  if (g && !blank(g) && differs(general, g)) out.push({ clauseKey: general, anchor: GENERAL_ANCHOR, ref: null, heading: "", excerpt: excerpt(g) });
  for (const c of clauses) {
    const box = drafts[String(c.id)];
    if (box && !blank(box) && differs(String(c.id), box)) out.push({ clauseKey: String(c.id), anchor: clauseAnchor(c.label), ref: c.ref, heading: c.heading, excerpt: excerpt(box) });
  }
  return out;
}
