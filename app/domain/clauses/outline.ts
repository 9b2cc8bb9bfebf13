import { flattenClauses } from "./flatten";
import type { ParsedDocument } from "./types";

const MAX_HEADING = 100;

/**
 * A plain-text outline for the command line and for eyeballing a parse: one line per clause,
 * indented two spaces per level, headings aligned in one column ("  II.1.a  Tổ chức quán triệt…").
 */
export function formatOutline(doc: ParsedDocument): string {
  const flat = flattenClauses(doc);
  const width = flat.reduce((w, c) => Math.max(w, c.label.length + c.depth * 2), 0);
  return flat
    .map((c) => {
      const head = `${"  ".repeat(c.depth)}${c.label}`.padEnd(width + 2);
      const text = c.heading || c.body.split("\n", 1)[0]!;
      const heading = text.length > MAX_HEADING ? `${text.slice(0, MAX_HEADING - 1)}…` : text;
      return `${head}${heading}`;
    })
    .join("\n");
}
