import fs from "node:fs";
import { expect } from "vitest";
import { flattenClauses, parseDocument, type ParsedDocument } from "~/domain/clauses";

/** The real samples, copied into the repository so the tests do not depend on anything outside it. */
export function readSample(name: string): string {
  return fs.readFileSync(new URL(`../../../app/demo/samples/${name}`, import.meta.url), "utf8");
}

const ANCHOR_SAFE = /^[^\s#?/%"'<>`]+$/u;

/**
 * Invariants every parse must keep, whatever the input. Checked in plain code and reported in one
 * assertion: a per-clause expect() would dominate the time of the big-input tests.
 */
export function expectWellFormed(doc: ParsedDocument): void {
  const flat = flattenClauses(doc);
  const problems: string[] = [];
  const seen = new Set<string>();
  if (doc.count !== flat.length) problems.push(`count ${doc.count} but ${flat.length} clauses`);
  flat.forEach((c, i) => {
    if (seen.has(c.label)) problems.push(`${c.label}: label repeated`);
    seen.add(c.label);
    if (c.position !== i) problems.push(`${c.label}: position ${c.position}, expected ${i}`);
    if (c.heading.trim() === "" && c.body.trim() === "") problems.push(`${c.label}: no heading and no body`);
    if (c.heading.includes("**")) problems.push(`${c.label}: "**" in heading`);
    if (c.depth !== c.path.length - 1) problems.push(`${c.label}: depth ${c.depth}, path ${c.path.join(">")}`);
    if (!ANCHOR_SAFE.test(c.label)) problems.push(`${c.label}: not anchor-safe`);
    const unnumbered = c.kind === "paragraph" || c.kind === "heading" || c.kind === "table";
    if (unnumbered !== (c.number === null) && c.kind !== "appendix") problems.push(`${c.label}: kind ${c.kind} with number ${c.number}`);
    if (c.citation.trim() === "") problems.push(`${c.label}: no citation`);
  });
  expect(problems.slice(0, 20)).toEqual([]);
}

export function byLabel(doc: ParsedDocument) {
  return new Map(flattenClauses(doc).map((c) => [c.label, c]));
}

export function labelsOf(text: string, language?: "vi" | "ru"): string[] {
  return flattenClauses(parseDocument(text, { language })).map((c) => c.label);
}
