/**
 * The text of version N+1 from the working copy (issue 16, part 2): the base version's text with the
 * changed clauses' headings and bodies written in place of theirs, every other line kept as it was
 * (front matter, numbering marks, tables, back matter), and the base's outline corrections moved to
 * the paragraphs' new places. Checked by parsing it again: the new version must have the same clauses
 * (labels, kinds, numbers, nesting) with the texts the drafter sees, or it is refused, naming the
 * clause that would not read back.
 */
import { parseDocument } from "~/domain/clauses";
import type { OutlineCorrection } from "~/domain/clauses/corrections";
import { flattenClauses, type FlatClause } from "~/domain/clauses/flatten";
import { normaliseText } from "~/domain/clauses/normalise";
import { splitParagraphs } from "~/domain/clauses/paragraphs";
import type { Clause } from "~/domain/clauses/types";

/** The lines of the text (0-based, inclusive) each of the parser's paragraphs came from, in its order. */
export interface ParagraphSpan {
  first: number;
  last: number;
  /** The paragraph's text as the parser reads it. */
  text: string;
}

/**
 * The parser's paragraphs (app/domain/clauses/paragraphs.ts) with the lines they came from: the same
 * function, so the working copy writes a clause back exactly where the parser read it.
 */
export function paragraphSpans(text: string, language: "vi" | "ru"): ParagraphSpan[] {
  return splitParagraphs(text, language).map((p) => ({ first: p.first, last: p.last, text: p.text }));
}

/** A clause's text as the drafter types it, made regular the way the parser will read it back. */
export function tidyBody(body: string): string {
  return normaliseText(body)
    .split("\n")
    .map((l) => l.trim().replace(/ {2,}/g, " "))
    .filter((l) => l !== "")
    .join("\n");
}

export function tidyHeading(heading: string): string {
  return normaliseText(heading).replace(/\s+/g, " ").trim();
}

export interface ClauseText {
  heading: string;
  body: string;
}

export interface BaseVersion {
  text: string;
  language: "vi" | "ru";
  corrections: readonly OutlineCorrection[];
}

export type NextText =
  | { ok: true; text: string; corrections: OutlineCorrection[]; clauses: FlatClause[]; title: string | null; frontMatter: string[]; backMatter: string[] }
  /** The label of the clause the new text would not give back as typed (or as kept), and why. */
  | { ok: false; label: string; reason: "heading" | "body" | "structure" | "kind" };

/** Kinds whose text the parser composes (a table's columns, a row's cells): kept as in the base. */
export const FIXED_KINDS: ReadonlySet<string> = new Set(["table", "row"]);

interface Edit {
  /** Lines first..last replaced by `lines`. */
  first: number;
  last: number;
  lines: string[];
  /** The paragraphs replaced (first..last index) and how many the new lines make. */
  paraFirst: number;
  paraLast: number;
  paraCount: number;
}

function preorder(roots: Clause[]): Clause[] {
  const out: Clause[] = [];
  const walk = (list: Clause[]) => {
    for (const c of list) {
      out.push(c);
      walk(c.children);
    }
  };
  walk(roots);
  return out;
}

/**
 * Builds the next version's text: `changes` maps a clause label of the base to its new heading and
 * body (tidied as tidyHeading/tidyBody do). Everything else is the base's text, line for line.
 */
export function buildNextText(base: BaseVersion, changes: ReadonlyMap<string, ClauseText>): NextText {
  const text = normaliseText(base.text);
  const doc = parseDocument(text, { language: base.language, corrections: base.corrections });
  const spans = paragraphSpans(text, base.language);
  const rawLines = text.split("\n");
  const all = preorder(doc.clauses);
  const edits: Edit[] = [];
  const wanted = new Map<string, ClauseText>();
  for (const clause of all) {
    const change = changes.get(clause.label);
    if (!change) continue;
    const heading = tidyHeading(change.heading);
    const body = tidyBody(change.body);
    wanted.set(clause.label, { heading, body });
    if (FIXED_KINDS.has(clause.kind) && (heading !== clause.heading || body !== clause.body)) return { ok: false, label: clause.label, reason: "kind" };
    if (heading !== clause.heading) {
      const edit = headingEdit(clause, heading, spans, rawLines);
      if (!edit) return { ok: false, label: clause.label, reason: "heading" };
      edits.push(edit);
    }
    if (body !== clause.body) {
      const edit = bodyEdit(clause, body, spans);
      if (!edit) return { ok: false, label: clause.label, reason: "body" };
      edits.push(edit);
    }
  }
  // Later lines first, so earlier line numbers stay right.
  edits.sort((a, b) => b.first - a.first);
  for (let k = 1; k < edits.length; k++) if (edits[k]!.last >= edits[k - 1]!.first) return { ok: false, label: "", reason: "structure" };
  const lines = [...rawLines];
  for (const e of edits) lines.splice(e.first, e.last - e.first + 1, ...e.lines);
  const nextText = lines.join("\n");
  const corrections = moveCorrections(base.corrections, edits);

  // Read back: the same clauses, each with the text wanted.
  const reparsed = parseDocument(nextText, { language: base.language, corrections });
  const again = flattenClauses(reparsed);
  const before = flattenClauses(doc);
  for (let i = 0; i < Math.max(before.length, again.length); i++) {
    const b = before[i];
    const a = again[i];
    if (!b || !a || a.label !== b.label || a.kind !== b.kind || a.number !== b.number || a.parentLabel !== b.parentLabel || a.depth !== b.depth) {
      return { ok: false, label: firstChanged(before, i, changes), reason: "structure" };
    }
    const want = wanted.get(b.label) ?? { heading: b.heading, body: b.body };
    if (a.heading !== want.heading) return { ok: false, label: b.label, reason: "heading" };
    if (a.body !== want.body) return { ok: false, label: b.label, reason: "body" };
  }
  return { ok: true, text: nextText, corrections, clauses: again, title: reparsed.title, frontMatter: reparsed.frontMatter, backMatter: reparsed.backMatter };
}

/** The changed clause at or before position i: the one whose edit broke the structure. */
function firstChanged(list: FlatClause[], i: number, changes: ReadonlyMap<string, ClauseText>): string {
  for (let k = Math.min(i, list.length - 1); k >= 0; k--) if (changes.has(list[k]!.label)) return list[k]!.label;
  return list[Math.min(i, list.length - 1)]?.label ?? "";
}

/** The heading's words replaced in the line that prints it, the numbering mark and a Markdown level kept. */
function headingEdit(clause: Clause, heading: string, spans: ParagraphSpan[], rawLines: string[]): Edit | null {
  if (heading.includes("\n")) return null;
  // A mark printed alone ("Điều 3.") took its heading from the next paragraph.
  for (const p of [clause.para, clause.para + 1]) {
    const span = spans[p];
    if (!span) continue;
    const at = p === clause.para ? headingAt(span.text, clause.heading) : span.text.replace(/\s*:\s*$/u, "") === clause.heading ? 0 : -1;
    if (at < 0 || clause.bodyParas.includes(p)) continue;
    const md = /^#{1,6}\s+/.exec(rawLines[span.first]!.trimStart())?.[0] ?? "";
    const line = md + span.text.slice(0, at) + heading + span.text.slice(at + clause.heading.length);
    return { first: span.first, last: span.last, lines: [line], paraFirst: p, paraLast: p, paraCount: 1 };
  }
  return null;
}

/** Where the heading is in its paragraph: after the mark, before a trailing colon. */
function headingAt(paragraph: string, heading: string): number {
  if (heading === "") return -1;
  const trimmed = paragraph.replace(/\s*:\s*$/u, "");
  if (trimmed.endsWith(heading)) return trimmed.length - heading.length;
  return paragraph.lastIndexOf(heading);
}

/** The body's paragraphs replaced by the new lines, one paragraph a line. */
function bodyEdit(clause: Clause, body: string, spans: ParagraphSpan[]): Edit | null {
  const paras = clause.bodyParas;
  const newLines = body === "" ? [] : body.split("\n");
  // Paragraphs apart as the base had them: a blank line between them, or none.
  const blank = paras.length < 2 || spans[paras[1]!]!.first - spans[paras[0]!]!.last > 1;
  const spaced = newLines.flatMap((l, k) => (k === 0 || !blank ? [l] : ["", l]));
  if (paras.length === 0) {
    // A clause without a body gets one right after its heading's line.
    const head = spans[clause.para];
    if (!head || newLines.length === 0) return null;
    return { first: head.last + 1, last: head.last, lines: ["", ...spaced], paraFirst: clause.para + 1, paraLast: clause.para, paraCount: newLines.length };
  }
  for (let k = 1; k < paras.length; k++) if (paras[k] !== paras[k - 1]! + 1) return null;
  const first = spans[paras[0]!];
  const last = spans[paras[paras.length - 1]!];
  if (!first || !last) return null;
  return { first: first.first, last: last.last, lines: spaced, paraFirst: paras[0]!, paraLast: paras[paras.length - 1]!, paraCount: newLines.length };
}

/** The base's corrections moved to where their paragraphs are in the new text (dropped with a removed paragraph). */
function moveCorrections(list: readonly OutlineCorrection[], edits: readonly Edit[]): OutlineCorrection[] {
  const ordered = [...edits].sort((a, b) => a.paraFirst - b.paraFirst);
  const move = (para: number): number | null => {
    let shift = 0;
    for (const e of ordered) {
      const old = e.paraLast - e.paraFirst + 1;
      if (para > e.paraLast) shift += e.paraCount - old;
      else if (para >= e.paraFirst) return para - e.paraFirst < e.paraCount ? para + shift : null;
    }
    return para + shift;
  };
  const out: OutlineCorrection[] = [];
  for (const c of list) {
    const para = move(c.para);
    if (para !== null) out.push({ ...c, para });
  }
  return out;
}
