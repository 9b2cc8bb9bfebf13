/**
 * From a draft's text to stored clauses: parse, flatten, store in one transaction.
 * Used by the upload form, the demo loader and the CLI, so all three store the same thing.
 */
import { getDb } from "#db/client.server";
import { predecessorVersion, replaceLinks } from "#db/queries/lineage";
import { findVersion, insertVersion, listClauses, type VersionToStore } from "#db/queries/versions";
import { alignVersions } from "~/domain/lineage/align";
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
  const db = getDb();
  // The version, its clauses and their links to the previous version land together or not at all.
  return db.transaction(() => {
    const versionId = insertVersion(db, {
      consultationId: input.consultationId,
      label: input.label ?? null,
      text,
      title: doc.title,
      language: doc.language,
      frontMatter: doc.frontMatter,
      backMatter: doc.backMatter,
      clauses: flat,
      source: input.source,
      createdBy: input.createdBy,
      publish: input.publish,
    });
    linkToPredecessor(versionId);
    return { versionId, clauseCount: flat.length };
  });
}

/** Proposes how the version's clauses continue those of the previous published version. */
export function linkToPredecessor(versionId: number): void {
  const db = getDb();
  const version = findVersion(db, versionId);
  if (!version) return;
  const previous = predecessorVersion(db, version.consultationId, version.number);
  if (!previous) return;
  const links = alignVersions(listClauses(db, previous.id), listClauses(db, versionId));
  replaceLinks(db, previous.id, versionId, links, false);
}
