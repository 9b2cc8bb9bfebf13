/**
 * What the comparison table (bảng so sánh, issue 16 part 3) reads: the clauses of the two versions
 * compared (one query) and the accepted answers behind the changes (one query). The links come from
 * consultationLinks (lineage.ts), one query too: a long law's table costs three queries, not one per row.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../client.server";
import { agencies, answers, bodies, bodyMembers, clauses, commentAnswers, comments, invitations, people } from "../schema";
import { authorColumns, bodyOfInvitation, byAuthor, membershipOfInvitation, personOfInvitation } from "./authors";

export interface TableClauseRow {
  id: number;
  versionId: number;
  label: string;
  citation: string;
  kind: string;
  heading: string;
  body: string;
  position: number;
  depth: number;
}

/** The clauses of both versions, each version's in document order. */
export async function clausesOfTwoVersions(db: Db, fromVersionId: number, toVersionId: number): Promise<TableClauseRow[]> {
  return db
    .select({
      id: clauses.id,
      versionId: clauses.versionId,
      label: clauses.label,
      citation: clauses.citation,
      kind: clauses.kind,
      heading: clauses.heading,
      body: clauses.body,
      position: clauses.position,
      depth: clauses.depth,
    })
    .from(clauses)
    .where(inArray(clauses.versionId, [fromVersionId, toVersionId]))
    .orderBy(asc(clauses.versionId), asc(clauses.position));
}

export interface AcceptedCommentRow {
  commentId: number;
  /** The clause commented on (any version); null for a general comment. */
  clauseId: number | null;
  anchorQuote: string | null;
  suggestion: string | null;
  answerId: number;
  decision: "accepted" | "partly";
  answerText: string;
  /** Where the answer says the comment was taken in. */
  answerNewClauseId: number | null;
  agencyName: string;
  personName: string | null;
  personPosition: string | null;
  bodyName: string | null;
}

/**
 * The current comments (each invitation's latest submission, not revoked) whose answer accepts them
 * in whole or in part, with their authors; by answer, then authors in byAuthor order.
 */
export async function acceptedComments(db: Db, consultationId: number): Promise<AcceptedCommentRow[]> {
  const found = await db
    .select({
      commentId: comments.id,
      clauseId: comments.clauseId,
      anchorQuote: comments.anchorQuote,
      suggestion: comments.suggestion,
      answerId: answers.id,
      decision: answers.decision,
      answerText: answers.text,
      answerNewClauseId: answers.newClauseId,
      agencyName: agencies.name,
      ...authorColumns,
    })
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(people, personOfInvitation)
    .leftJoin(bodies, bodyOfInvitation)
    .leftJoin(bodyMembers, membershipOfInvitation)
    .innerJoin(commentAnswers, eq(commentAnswers.commentId, comments.id))
    .innerJoin(answers, eq(answers.id, commentAnswers.answerId))
    .where(and(eq(comments.consultationId, consultationId), isNull(invitations.revokedAt), inArray(answers.decision, ["accepted", "partly"])))
    .orderBy(asc(answers.id), ...byAuthor, asc(comments.position), asc(comments.id));
  return found.map((r) => ({
    commentId: r.commentId,
    clauseId: r.clauseId,
    anchorQuote: r.anchorQuote,
    suggestion: r.suggestion,
    answerId: r.answerId,
    decision: r.decision as "accepted" | "partly",
    answerText: r.answerText,
    answerNewClauseId: r.answerNewClauseId,
    agencyName: r.agencyName,
    personName: r.personName,
    personPosition: r.personPosition,
    bodyName: r.bodyName,
  }));
}
