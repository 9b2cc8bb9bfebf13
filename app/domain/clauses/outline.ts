import { flattenClauses } from "./flatten";
import type { ParsedDocument } from "./types";

const MAX_HEADING = 100;

/** A plain-text outline for the command line: one line per clause, indented by depth. */
export function formatOutline(doc: ParsedDocument): string {
  const width = flattenClauses(doc).reduce((w, c) => Math.max(w, c.label.length + c.depth * 2), 0);
  return flattenClauses(doc)
    .map((c) => {
      const head = `${"  ".repeat(c.depth)}${c.label}`.padEnd(width + 2);
      const heading = c.heading.length > MAX_HEADING ? `${c.heading.slice(0, MAX_HEADING - 1)}…` : c.heading;
      return `${head}${heading}`;
    })
    .join("\n");
}
