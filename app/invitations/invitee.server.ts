/**
 * What an invitation link opens. An unknown, malformed or revoked token gets a clear page (a thrown
 * 404/410 rendered by the route's error boundary), never a stack trace, and no hint of what exists.
 */
import crypto from "node:crypto";
import { getDb } from "#db/client.server";
import { triageRows } from "#db/queries/answers";
import { findInvitationByTokenHash, markOpened } from "#db/queries/invitations";
import { consultationLinks } from "#db/queries/lineage";
import { findVersion, publishedVersionSummary } from "#db/queries/versions";
import { countsOf, type DecisionCounts } from "~/answers/answer-counts";
import { capitalizeFirst, clauseRef, commentClauseRef } from "~/domain/clause-ref";
import { answerWindow, arrivalWindow, CUTOFF_GRACE_MS, type AnswerWindowInput, type Arrival } from "~/domain/cutoff";
import { buildLineage, descendantsIn } from "~/domain/lineage/project";
import { hashToken, isWellFormedToken } from "./token.server";
import { linkGuesses } from "~/security/rate-limit.server";

export function linkProblem(kind: "unknown" | "revoked"): Response {
  return new Response(kind, { status: kind === "revoked" ? 410 : 404 });
}

export async function loadInvitee(token: string | undefined, now: number, opts: { touch: boolean; ip?: string }) {
  const ip = opts.ip ?? "";
  // An address that keeps trying unknown links is guessing: its unknown links get 429 for a while.
  // Only unknown links count and only they are refused: a real link always opens, whatever others
  // behind the same address (a NAT, a proxy without TRUST_PROXY) have tried. Links are 256-bit HMACs,
  // so the limit is about the noise and the work, not about making a guess possible.
  const unknown = async () => {
    if (ip && !(await linkGuesses.take(`ip:${ip}`, now))) return new Response("Too many requests", { status: 429 });
    return linkProblem("unknown");
  };
  if (!isWellFormedToken(token)) throw await unknown();
  const db = await getDb();
  const found = await findInvitationByTokenHash(db, hashToken(token));
  if (!found) throw await unknown();
  if (found.invitation.revokedAt !== null) throw linkProblem("revoked");
  if (opts.touch) await markOpened(db, found.invitation.id, now);
  const version = found.latestVersionId === null ? null : await publishedVersionSummary(db, found.latestVersionId);
  const window = answerWindow(windowInput(found), now);
  return { ...found, version, window };
}

type FoundInvitation = NonNullable<Awaited<ReturnType<typeof findInvitationByTokenHash>>>;

function windowInput(found: FoundInvitation): AnswerWindowInput {
  return {
    status: found.consultation.status,
    cutoffAt: found.consultation.cutoffAt,
    cutoffOverrideAt: found.invitation.cutoffOverrideAt,
    lateAllowed: found.invitation.lateAllowed,
    revokedAt: found.invitation.revokedAt,
  };
}

/** The grace after the cutoff for an upload begun before it (GOPY_CUTOFF_GRACE_MS only for tests). */
export function cutoffGraceMs(): number {
  const raw = process.env.GOPY_CUTOFF_GRACE_MS;
  const configured = raw ? Number(raw) : Number.NaN;
  return Number.isFinite(configured) && configured >= 0 ? configured : CUTOFF_GRACE_MS;
}

/** The window for a posted answer, decided on when its whole body arrived (see arrivalWindow). */
export function windowAtArrival(found: FoundInvitation, arrival: Arrival) {
  return arrivalWindow(windowInput(found), arrival, cutoffGraceMs());
}

/** A one-time key for a page's answer form (see submitAnswer: the same key is stored once). */
export function newRequestKey(): string {
  return crypto.randomBytes(18).toString("base64url");
}

/** Where a commented clause is in the newest published version. */
export type ClauseNow =
  | { kind: "at"; refs: string[] }
  | { kind: "removed" }
  /** A general comment, or no links to tell (the newest version was never matched to it). */
  | { kind: "none" };

export interface PublishedAnswer {
  commentId: number;
  /** "Khoản 3 Điều 2", capitalised, in the version commented on; null for a general comment. */
  clauseRef: string | null;
  clauseHeading: string | null;
  versionLabel: string;
  text: string;
  proposedWording: string;
  decision: "accepted" | "partly" | "explained" | "noted" | null;
  answerText: string | null;
  now: ClauseNow;
}

export interface PublishedAnswers {
  items: PublishedAnswer[];
  /** Comments per decision, for "3 ý kiến: 2 tiếp thu, 1 giải trình" (countLine). */
  counts: DecisionCounts;
  newestLabel: string;
  /** The document's language, for the quoted clauses and texts. */
  language: string;
}

/**
 * The drafter's answers to this agency's current comments, once published (null before): one query
 * for the comments with their answers, one for the clause links, and the newest version's clauses the
 * page already has, to tell where each clause is now.
 */
export async function publishedAnswersFor(
  found: { consultation: { id: number; answersPublishedAt: number | null }; invitation: { id: number }; version: { id: number; label: string } | null },
  newestClauses: readonly { id: number; label: string; citation: string | null }[],
): Promise<PublishedAnswers | null> {
  if (found.consultation.answersPublishedAt === null) return null;
  const db = await getDb();
  const rows = await triageRows(db, found.consultation.id, { invitationId: found.invitation.id }, { limit: 100_000, offset: 0 });
  if (rows.length === 0) return null;
  const newest = new Map(newestClauses.map((c, position) => [c.id, { ...c, position }]));
  const newestIds = new Set(newest.keys());
  const links = found.version ? await consultationLinks(db, found.consultation.id) : [];
  const lineage = buildLineage(links);
  const newestIsLinked = found.version !== null && links.some((l) => l.toVersionId === found.version!.id);
  const whereNow = (clauseId: number | null, answerClauseId: number | null): ClauseNow => {
    if (clauseId === null || !found.version) return { kind: "none" };
    let ids = descendantsIn(clauseId, lineage, newestIds);
    // The drafter named the clause of the new version in the answer: it counts when links say nothing.
    if (ids.length === 0 && answerClauseId !== null && newestIds.has(answerClauseId)) ids = [answerClauseId];
    if (ids.length > 0) {
      const refs = ids.map((id) => newest.get(id)!).sort((a, b) => a.position - b.position).map((c) => clauseRef(c));
      return { kind: "at", refs };
    }
    return newestIsLinked ? { kind: "removed" } : { kind: "none" };
  };
  const items = rows.map((r) => {
    const ref = commentClauseRef(r);
    return {
      commentId: r.commentId,
      clauseRef: ref === null ? null : capitalizeFirst(ref),
      clauseHeading: r.clauseHeading,
      versionLabel: r.versionLabel,
      text: r.text,
      proposedWording: r.proposedWording,
      decision: r.decision,
      answerText: r.answerText,
      now: whereNow(r.clauseId, r.answerNewClauseId),
    };
  });
  return {
    items,
    counts: countsOf(items.map((i) => i.decision)),
    newestLabel: found.version?.label ?? "",
    language: found.version ? ((await findVersion(db, found.version.id))?.language ?? "vi") : "vi",
  };
}
