/**
 * From a draft's text to stored clauses: parse, flatten, align with the previous version, store in
 * one transaction. Used by the upload form, the demo loader and the CLI, so all three store the same thing.
 */
import { getDb } from "#db/client.server";
import { insertVersion, latestPublishedVersion, type VersionActor, type VersionToStore } from "#db/queries/versions";
import type { OutlineCorrection } from "~/domain/clauses/corrections";
import { inDraftWorker } from "./draft-pool.server";
import { lineageFrom } from "./lineage.server";

export interface NewVersion {
  consultationId: number;
  text: string;
  label?: string | null;
  source: VersionToStore["source"];
  createdBy: number | null;
  publish: boolean;
  /** Outline corrections to parse with and store with the version (see correct-outline.server.ts). */
  corrections?: OutlineCorrection[];
  /** Who added it, recorded as "version.added" with the version (none for seeds, benches and tests). */
  audit?: VersionActor;
}

/** A new version's predecessor changed under the store more often than it should: give up. */
const ATTEMPTS = 3;

export async function storeVersion(input: NewVersion): Promise<{ versionId: number; clauseCount: number }> {
  const corrections = input.corrections ?? [];
  // Normalised, parsed and flattened on the draft worker thread: no request waits for a long draft.
  const outline = await inDraftWorker("outline", { text: input.text, corrections });
  const db = await getDb();
  // The version, its clauses, their links to the previous version and the audit event land together
  // or not at all. The links are computed here, outside the write, against the version that is the
  // predecessor now; the store refuses them ("stale") if another version was published in between.
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const previous = await latestPublishedVersion(db, input.consultationId);
    const result = await insertVersion(db, {
      consultationId: input.consultationId,
      label: input.label ?? null,
      text: outline.text,
      title: outline.title,
      language: outline.language,
      frontMatter: outline.frontMatter,
      backMatter: outline.backMatter,
      clauses: outline.clauses,
      corrections,
      source: input.source,
      createdBy: input.createdBy,
      publish: input.publish,
      lineage: previous ? await lineageFrom(db, previous.id, outline.clauses) : null,
      audit: input.audit ?? null,
    });
    if (result.status === "ok") return { versionId: result.versionId, clauseCount: outline.clauses.length };
  }
  throw new Error(`Could not store the version of consultation ${input.consultationId}: its predecessor kept changing`);
}
