/**
 * From a draft's text to stored clauses: parse, flatten, store in one transaction.
 * Used by the upload form, the demo loader and the CLI, so all three store the same thing.
 */
import { getDb } from "#db/client.server";
import { insertVersion, type VersionToStore } from "#db/queries/versions";
import { flattenClauses, normaliseText, parseDocument } from "~/domain/clauses";

export interface NewVersion {
  consultationId: number;
  text: string;
  label?: string | null;
  source: VersionToStore["source"];
  createdBy: number | null;
  publish: boolean;
}

export function storeVersion(input: NewVersion): { versionId: number; clauseCount: number } {
  const text = normaliseText(input.text);
  const doc = parseDocument(text);
  const flat = flattenClauses(doc);
  const versionId = insertVersion(getDb(), {
    consultationId: input.consultationId,
    label: input.label ?? null,
    text,
    title: doc.title,
    language: doc.language,
    frontMatter: doc.frontMatter,
    backMatter: doc.backMatter,
    clauses: flat.map((c) => ({
      label: c.label,
      parentLabel: c.parentLabel,
      kind: c.kind,
      number: c.number,
      heading: c.heading,
      body: c.body,
      position: c.position,
      depth: c.depth,
    })),
    source: input.source,
    createdBy: input.createdBy,
    publish: input.publish,
  });
  return { versionId, clauseCount: flat.length };
}
