/**
 * Similar comments proposed as groups for one answer (issue 16, part 5): the comments not answered yet
 * are compared (app/domain/similar/suggest-groups.ts) on the draft worker thread, so a consultation with
 * tens of thousands of comments never holds up the requests this process serves. Grouping stays the
 * drafter's decision: the page only offers the groups, each posted to the answers board's "group"
 * action with the comments the drafter keeps ticked.
 */
import { createHash } from "node:crypto";
import { getDb } from "#db/client.server";
import { triageRows } from "#db/queries/answers";
import type { Consultation } from "#db/schema";
import { commentClauseRef } from "~/domain/clause-ref";
import { inDraftWorker } from "~/versions/draft-pool.server";
import { SIMILAR_MAX_COMMENTS } from "./similar-rules";


export interface SimilarComment {
  commentId: number;
  authorName: string;
  /** Null for a comment on the whole draft. */
  clauseRef: string | null;
  versionLabel: string;
  text: string;
  proposedWording: string;
  /** How close it is to its closest other member, in percent. */
  closestPct: number;
}

export interface SimilarGroup {
  /** The weakest link of the group, in percent. */
  similarityPct: number;
  comments: SimilarComment[];
}

type Groups = { ids: number[]; similarity: number; closest: Map<number, { similarity: number }> }[];

/**
 * The last groups computed per consultation and threshold, with the comments they were computed from.
 * A comment is never edited in place (a new revision is a new row), so the same ids mean the same texts
 * and the same groups: reloading the page, or coming back after answering elsewhere, costs one read.
 */
const computed = new Map<string, { fingerprint: string; groups: Groups }>();
const COMPUTED_KEPT = 50;

async function groupsOf(consultationId: number, thresholdPct: number, considered: { commentId: number; text: string; proposedWording: string }[]): Promise<Groups> {
  const key = `${consultationId}:${thresholdPct}`;
  const fingerprint = createHash("sha1").update(considered.map((r) => r.commentId).join(",")).digest("hex");
  const hit = computed.get(key);
  if (hit?.fingerprint === fingerprint) return hit.groups;
  const groups = await inDraftWorker("similarGroups", {
    // A proposed wording says as much as the comment's text about what the agency wants.
    comments: considered.map((r) => ({ id: r.commentId, text: [r.text, r.proposedWording].filter(Boolean).join("\n") })),
    threshold: thresholdPct / 100,
  });
  computed.delete(key);
  computed.set(key, { fingerprint, groups });
  // Oldest first out: a Map iterates in insertion order.
  if (computed.size > COMPUTED_KEPT) computed.delete(computed.keys().next().value!);
  return groups;
}

export async function similarComments(consultation: Pick<Consultation, "id">, thresholdPct: number) {
  const db = await getDb();
  const rows = await triageRows(db, consultation.id, { answered: false }, { limit: SIMILAR_MAX_COMMENTS + 1, offset: 0 });
  const considered = rows.slice(0, SIMILAR_MAX_COMMENTS);
  const groups = await groupsOf(consultation.id, thresholdPct, considered);
  const byId = new Map(considered.map((r) => [r.commentId, r]));
  const out: SimilarGroup[] = groups.map((g) => ({
    similarityPct: Math.floor(g.similarity * 100),
    comments: g.ids.map((id) => {
      const r = byId.get(id)!;
      return {
        commentId: id,
        authorName: r.authorName,
        clauseRef: commentClauseRef(r),
        versionLabel: r.versionLabel,
        text: r.text,
        proposedWording: r.proposedWording,
        closestPct: Math.floor((g.closest.get(id)?.similarity ?? 0) * 100),
      };
    }),
  }));
  return { groups: out, considered: considered.length, capped: rows.length > SIMILAR_MAX_COMMENTS };
}
