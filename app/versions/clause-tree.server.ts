/** A stored version's clauses as the parser's JSON tree, built from the rows in one pass. */
import type { findVersion } from "#db/queries/versions";
import { listClauses } from "#db/queries/versions";
import { getDb } from "#db/client.server";

interface TreeClause {
  label: string;
  kind: string;
  number: string | null;
  heading: string;
  body: string;
  /** How people cite it ("khoản 3 Điều 2"), as stored: "" for versions stored before citations. */
  citation: string;
  position: number;
  depth: number;
  children: TreeClause[];
}

export async function versionClauseTree(version: NonNullable<Awaited<ReturnType<typeof findVersion>>>) {
  const byId = new Map<number, TreeClause>();
  const roots: TreeClause[] = [];
  const rows = await listClauses(await getDb(), version.id);
  for (const row of rows) {
    const node: TreeClause = {
      label: row.label,
      kind: row.kind,
      number: row.number,
      heading: row.heading,
      body: row.body,
      citation: row.citation,
      position: row.position,
      depth: row.depth,
      children: [],
    };
    byId.set(row.id, node);
    const parent = row.parentId === null ? undefined : byId.get(row.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return {
    version: { id: version.id, number: version.number, label: version.label, publishedAt: version.publishedAt },
    language: version.language,
    title: version.title,
    frontMatter: JSON.parse(version.frontMatter) as string[],
    clauses: roots,
    backMatter: JSON.parse(version.backMatter) as string[],
    count: rows.length,
  };
}
