/**
 * The pure part of correcting how a draft was split into clauses (correct-outline.server.ts stores
 * the result): whether a correction fits the outline, the outline it gives, and the outline as the
 * correction mode shows it. Each parses the whole text, so the portal runs them on the draft worker.
 */
import type { ParsedDocument } from "~/domain/clauses";
import { MAX_CORRECTIONS, type OutlineCorrection } from "~/domain/clauses/corrections";
import { outlineToStore, parseVersionText, type StoredOutline } from "./outline";

export type CorrectionStep = OutlineCorrection | "undo" | "reset";

interface Placed {
  para: number;
  bodyParas: number[];
  depth: number;
  position: number;
  /** 0 for the first clause among its siblings. */
  sibling: number;
}

function placed(doc: ParsedDocument): Placed[] {
  const out: Placed[] = [];
  const walk = (list: ParsedDocument["clauses"]) =>
    list.forEach((c, sibling) => {
      out.push({ para: c.para, bodyParas: c.bodyParas ?? [], depth: c.depth, position: c.position, sibling });
      walk(c.children);
    });
  walk(doc.clauses);
  return out;
}

/** Whether the correction points at a paragraph that plays the part it needs in the current outline. */
export function correctionFits(doc: ParsedDocument, c: OutlineCorrection): boolean {
  const flat = placed(doc);
  const opener = flat.find((clause) => clause.para === c.para);
  switch (c.op) {
    case "matter":
      return opener !== undefined;
    case "join":
      return opener !== undefined && opener.position > 0;
    case "level":
      // Out needs a clause around it; in needs one before it at its own level to go under.
      return opener !== undefined && (c.delta === 1 ? opener.sibling > 0 : opener.depth > 0);
    case "split":
      return flat.some((clause) => clause.bodyParas.includes(c.para));
    case "commentable":
      return (doc.frontParas ?? []).includes(c.para) || (doc.backParas ?? []).includes(c.para);
  }
}

/** What the stored outline looks like, to tell a correction that changes nothing. */
function fingerprint(doc: ParsedDocument): string {
  const outline = outlineToStore(doc);
  return JSON.stringify([outline.title, outline.frontMatter, outline.backMatter, outline.clauses]);
}

/** A step tried on the text with the current corrections: the new list and outline, or why not. */
export type CorrectedOutline =
  | { ok: true; next: OutlineCorrection[]; outline: StoredOutline }
  | { ok: false; reason: "notApplicable" | "unchanged" | "tooMany" };

export function correctedOutline(text: string, current: readonly OutlineCorrection[], step: CorrectionStep): CorrectedOutline {
  if (step === "undo" || step === "reset") {
    if (current.length === 0) return { ok: false, reason: "unchanged" };
    const next = step === "undo" ? current.slice(0, -1) : [];
    return { ok: true, next, outline: outlineToStore(parseVersionText(text, next)) };
  }
  if (current.length >= MAX_CORRECTIONS) return { ok: false, reason: "tooMany" };
  const before = parseVersionText(text, current);
  if (!correctionFits(before, step)) return { ok: false, reason: "notApplicable" };
  const next = [...current, step];
  const doc = parseVersionText(text, next);
  if (fingerprint(doc) === fingerprint(before)) return { ok: false, reason: "unchanged" };
  return { ok: true, next, outline: outlineToStore(doc) };
}

/** One clause of the outline being corrected: what the drafter reads and the paragraphs the buttons point at. */
export interface OutlineFixClause {
  /** The stored row with the same label (null if the stored outline predates the current parser). */
  id: number | null;
  label: string;
  citation: string;
  kind: string;
  heading: string;
  depth: number;
  position: number;
  para: number;
  /** The body's lines, each with the paragraph it came from (null where the two do not line up). */
  body: { text: string; para: number | null }[];
  canJoin: boolean;
  canLevelOut: boolean;
  canLevelIn: boolean;
}

export interface OutlineFix {
  corrections: number;
  clauses: OutlineFixClause[];
  frontMatter: { text: string; para: number | null }[];
  backMatter: { text: string; para: number | null }[];
  /** The stored clauses differ from a parse of the text now (a version stored by an older parser). */
  stale: boolean;
}

function lines(texts: string[], paras: number[] | undefined): { text: string; para: number | null }[] {
  return texts.map((text, i) => ({ text, para: paras && paras.length === texts.length ? paras[i]! : null }));
}

/** The parsed outline for the correction mode, without the stored rows' ids (the caller adds them). */
export function outlineFixOf(text: string, corrections: readonly OutlineCorrection[]): Pick<OutlineFix, "frontMatter" | "backMatter"> & { clauses: Omit<OutlineFixClause, "id">[] } {
  const doc = parseVersionText(text, corrections);
  const clauses: Omit<OutlineFixClause, "id">[] = [];
  const walk = (list: ParsedDocument["clauses"]) => {
    list.forEach((c, i) => {
      const bodyLines = c.body === "" ? [] : c.body.split("\n");
      clauses.push({
        label: c.label,
        citation: c.citation ?? "",
        kind: c.kind,
        heading: c.heading,
        depth: c.depth,
        position: c.position,
        para: c.para,
        body: lines(bodyLines, c.bodyParas),
        canJoin: c.position > 0,
        canLevelOut: c.depth > 0,
        // In means under the clause before it at this level: there must be one.
        canLevelIn: i > 0,
      });
      walk(c.children);
    });
  };
  walk(doc.clauses);
  return { clauses, frontMatter: lines(doc.frontMatter, doc.frontParas), backMatter: lines(doc.backMatter, doc.backParas) };
}
