/**
 * The pure work of taking in a draft: reading the uploaded file, parsing the text into clauses and
 * aligning them with the previous version's. A 1 MB law costs seconds of CPU here, so the portal runs
 * it in a worker thread (draft-pool.server.ts), never on the thread that serves requests: each job takes
 * plain data and gives plain data back. Nothing here may touch the database or module state.
 */
import type { ClauseToStore, PendingLineage } from "#db/queries/versions";
import { readUploadBytes } from "~/documents/read-upload.server";
import { normaliseText, type ParsedDocument } from "~/domain/clauses";
import type { OutlineCorrection } from "~/domain/clauses/corrections";
import { alignVersions, type AlignClause } from "~/domain/lineage/align";
import { suggestGroups, type CommentText } from "~/domain/similar/suggest-groups";
import { outlineToStore, parseVersionText, type StoredOutline } from "./outline";
import { correctedOutline, outlineFixOf, type CorrectionStep } from "./outline-correction";

export { outlineToStore, parseVersionText, type StoredOutline };

/** A new draft's text as stored (normalised) and its outline. */
export interface DraftOutline extends StoredOutline {
  text: string;
  language: ParsedDocument["language"];
}

export function draftOutline(rawText: string, corrections: readonly OutlineCorrection[]): DraftOutline {
  const text = normaliseText(rawText);
  const doc = parseVersionText(text, corrections);
  return { text, language: doc.language, ...outlineToStore(doc) };
}

/**
 * How clauses not stored yet continue those of version `fromVersionId` (`oldClauses`, as stored): the
 * alignment runs on them with stand-in ids (negative, so never an old clause's id), which become their
 * index in the list.
 */
export function pendingLineage(fromVersionId: number, oldClauses: AlignClause[], list: readonly ClauseToStore[]): PendingLineage {
  const indexByLabel = new Map(list.map((c, i) => [c.label, i]));
  const standIn = (index: number) => -(index + 1);
  const newClauses: AlignClause[] = list.map((c, i) => {
    const parent = c.parentLabel === null ? undefined : indexByLabel.get(c.parentLabel);
    return { ...c, id: standIn(i), parentId: parent === undefined ? null : standIn(parent) };
  });
  const links = alignVersions(oldClauses, newClauses);
  return {
    fromVersionId,
    links: links.map((l) => ({ oldId: l.oldId, newIndex: l.newId === null ? null : -l.newId - 1, relation: l.relation, score: l.score })),
  };
}

/** The jobs the draft worker runs, by name; arguments and results are plain data (structured clone). */
export const draftJobs = {
  readUpload: (a: { bytes: Uint8Array; filename: string }) =>
    readUploadBytes(Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength), a.filename),
  outline: (a: { text: string; corrections: OutlineCorrection[] }) => draftOutline(a.text, a.corrections),
  lineage: (a: { fromVersionId: number; oldClauses: AlignClause[]; list: readonly ClauseToStore[] }) =>
    pendingLineage(a.fromVersionId, a.oldClauses, a.list),
  /** An outline correction tried on an unpublished version's text (two or three parses of it). */
  correctOutline: (a: { text: string; current: OutlineCorrection[]; step: CorrectionStep }) => correctedOutline(a.text, a.current, a.step),
  /** The outline as the correction mode shows it (a parse of the text). */
  outlineFix: (a: { text: string; corrections: OutlineCorrection[] }) => outlineFixOf(a.text, a.corrections),
  /** Clauses of two versions aligned, for a comparison with no stored links between them (a long law: seconds). */
  align: (a: { oldClauses: AlignClause[]; newClauses: AlignClause[] }) => alignVersions(a.oldClauses, a.newClauses),
  /** Similar comments for the answers board (issue 16): seconds of CPU at tens of thousands of comments. */
  similarGroups: (a: { comments: CommentText[]; threshold: number }) => suggestGroups(a.comments, { threshold: a.threshold }),
};

export type DraftJobs = typeof draftJobs;
export type DraftJobName = keyof DraftJobs;
export type DraftJobArgs<K extends DraftJobName> = Parameters<DraftJobs[K]>[0];
export type DraftJobResult<K extends DraftJobName> = Awaited<ReturnType<DraftJobs[K]>>;

export async function runDraftJob<K extends DraftJobName>(name: K, args: DraftJobArgs<K>): Promise<DraftJobResult<K>> {
  const job = draftJobs[name] as (a: DraftJobArgs<K>) => DraftJobResult<K> | Promise<DraftJobResult<K>>;
  return job(args);
}
