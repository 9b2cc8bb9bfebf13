/**
 * From a draft's text to stored clauses: parse, flatten, store in one transaction.
 * Used by the upload form, the demo loader and the CLI, so all three store the same thing.
 */
import { getDb } from "#db/client.server";
import { predecessorVersion, replaceLinks } from "#db/queries/lineage";
import { findVersion, insertVersion, listClauses, type VersionToStore } from "#db/queries/versions";
import { alignVersions } from "~/domain/lineage/align";
import { normaliseText } from "~/domain/clauses";
import type { OutlineCorrection } from "~/domain/clauses/corrections";
import { outlineToStore, parseVersionText } from "./correct-outline.server";

export interface NewVersion {
  consultationId: number;
  text: string;
  label?: string | null;
  source: VersionToStore["source"];
  createdBy: number | null;
  publish: boolean;
  /** Outline corrections to parse with and store with the version (see correct-outline.server.ts). */
  corrections?: OutlineCorrection[];
}

export function storeVersion(input: NewVersion): { versionId: number; clauseCount: number } {
  const text = normaliseText(input.text);
  const corrections = input.corrections ?? [];
  const doc = parseVersionText(text, corrections);
  const outline = outlineToStore(doc);
  const db = getDb();
  // The version, its clauses and their links to the previous version land together or not at all.
  return db.transaction(() => {
    const versionId = insertVersion(db, {
      consultationId: input.consultationId,
      label: input.label ?? null,
      text,
      title: outline.title,
      language: doc.language,
      frontMatter: outline.frontMatter,
      backMatter: outline.backMatter,
      clauses: outline.clauses,
      corrections,
      source: input.source,
      createdBy: input.createdBy,
      publish: input.publish,
    });
    linkToPredecessor(versionId);
    return { versionId, clauseCount: outline.clauses.length };
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
