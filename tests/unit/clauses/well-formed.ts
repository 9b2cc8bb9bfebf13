import { expect } from "vitest";
import { flattenClauses, type ParsedDocument } from "~/domain/clauses";

/** Invariants every parse must keep. */
export function expectWellFormed(doc: ParsedDocument) {
  const flat = flattenClauses(doc);
  expect(new Set(flat.map((c) => c.label)).size).toBe(flat.length);
  expect(flat.map((c) => c.position)).toEqual(flat.map((_, i) => i));
  expect(doc.count).toBe(flat.length);
  for (const c of flat) {
    expect(c.heading.trim() !== "" || c.body.trim() !== "").toBe(true);
    expect(c.heading).not.toContain("**");
    expect(c.depth).toBe(c.path.length - 1);
  }
}
