import type { Clause, ParsedDocument } from "./types";

export interface FlatClause extends Omit<Clause, "children"> {
  parentLabel: string | null;
  /** Labels of the ancestors and the clause itself, outermost first. */
  path: string[];
}

/** The tree in document order (preorder), each clause knowing its parent: the shape stored in the database. */
export function flattenClauses(doc: Pick<ParsedDocument, "clauses">): FlatClause[] {
  const out: FlatClause[] = [];
  const walk = (list: Clause[], parent: FlatClause | null) => {
    for (const { children, ...c } of list) {
      const flat: FlatClause = { ...c, parentLabel: parent?.label ?? null, path: [...(parent?.path ?? []), c.label] };
      out.push(flat);
      walk(children, flat);
    }
  };
  walk(doc.clauses, null);
  return out;
}
