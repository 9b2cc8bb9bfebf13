/**
 * Verdicts and disagreements (issue 16, part 4): the verdict totals of a consultation, every current
 * comment of an invitation whose latest verdict is "disagree" that was not accepted (no answer, or a
 * decision other than "accepted"), and the drafter's settlements of them ("settled after consultation").
 */
import { and, asc, count, eq, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { transaction, type Db } from "../client.server";
import { agencies, answers, bodies, bodyMembers, clauses, commentAnswers, comments, invitations, people, settlements, staffUsers, versions } from "../schema";
import { recordAudit, type AuditActor } from "./audit";
import { authorColumns, bodyOfInvitation, byAuthor, membershipOfInvitation, personOfInvitation, withAuthorName } from "./authors";

/** The answers (not revoked) grouped by kind and verdict, to count them (app/domain/verdict.ts countVerdicts). */
export async function verdictTotals(db: Db, consultationId: number) {
  return db
    .select({ answerKind: invitations.answerKind, verdict: invitations.verdict, n: count() })
    .from(invitations)
    .where(and(eq(invitations.consultationId, consultationId), isNull(invitations.revokedAt), isNotNull(invitations.latestSubmissionId)))
    .groupBy(invitations.answerKind, invitations.verdict);
}

/** Where the disagreements are: the current comments of disagreeing invitations, not accepted. */
function disagreementWhere(consultationId: number) {
  return and(
    eq(comments.consultationId, consultationId),
    isNull(invitations.revokedAt),
    eq(invitations.verdict, "disagree"),
    or(isNull(answers.id), ne(answers.decision, "accepted")),
  );
}

/**
 * Every disagreement of the consultation, by author (agencies by name, a body's members in its list's
 * order) then in document order, each with its clause, answer and settlement. One query.
 */
export async function disagreementRows(db: Db, consultationId: number) {
  const found = await db
    .select({
      commentId: comments.id,
      invitationId: comments.invitationId,
      clauseId: comments.clauseId,
      clauseLabel: clauses.label,
      clauseCitation: clauses.citation,
      clauseHeading: clauses.heading,
      versionLabel: versions.label,
      text: comments.text,
      proposedWording: comments.proposedWording,
      objection: comments.objection,
      // On a phrase (issue 16): the anchor, the words proposed, the clause's text to show them on.
      anchorQuote: comments.anchorQuote,
      anchorPrefix: comments.anchorPrefix,
      anchorSuffix: comments.anchorSuffix,
      anchorStart: comments.anchorStart,
      suggestion: comments.suggestion,
      clauseBody: clauses.body,
      agencyName: agencies.name,
      ...authorColumns,
      answerId: answers.id,
      decision: answers.decision,
      answerText: answers.text,
      settledAt: settlements.settledAt,
      settlementNote: settlements.note,
      settledByName: staffUsers.name,
    })
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(people, personOfInvitation)
    .leftJoin(bodies, bodyOfInvitation)
    .leftJoin(bodyMembers, membershipOfInvitation)
    .innerJoin(versions, eq(versions.id, comments.versionId))
    .leftJoin(clauses, eq(clauses.id, comments.clauseId))
    .leftJoin(commentAnswers, eq(commentAnswers.commentId, comments.id))
    .leftJoin(answers, eq(answers.id, commentAnswers.answerId))
    .leftJoin(settlements, eq(settlements.commentId, comments.id))
    .leftJoin(staffUsers, eq(staffUsers.id, settlements.settledBy))
    .where(disagreementWhere(consultationId))
    .orderBy(...byAuthor, asc(comments.invitationId), sql`coalesce(${versions.number}, 0)`, sql`coalesce(${clauses.position}, -1)`, asc(comments.position));
  return found.map((r) => withAuthorName({ ...r, objection: Boolean(r.objection) }));
}

export type DisagreementRow = Awaited<ReturnType<typeof disagreementRows>>[number];

/** Whether the comment is one of the consultation's disagreements now (only those can be settled). */
export async function isDisagreement(db: Db, consultationId: number, commentId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: comments.id })
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .leftJoin(commentAnswers, eq(commentAnswers.commentId, comments.id))
    .leftJoin(answers, eq(answers.id, commentAnswers.answerId))
    .where(and(eq(comments.id, commentId), disagreementWhere(consultationId)))
    .limit(1);
  return row !== undefined;
}

/** Marks a disagreement settled with its note (again: the note and time are replaced), with its audit event. */
export async function settleDisagreement(db: Db, input: { consultationId: number; commentId: number; note: string; userId: number; now: number }, audit: AuditActor): Promise<void> {
  await transaction(db, async (tx) => {
    await tx
      .insert(settlements)
      .values({ commentId: input.commentId, note: input.note, settledBy: input.userId, settledAt: input.now })
      .onConflictDoUpdate({ target: settlements.commentId, set: { note: input.note, settledBy: input.userId, settledAt: input.now } });
    await recordAudit(tx, { ...audit, action: "disagreement.settled", subjectType: "consultation", subjectId: input.consultationId, details: { commentId: input.commentId } });
  });
}

/** Undoes a settlement (the disagreement is open again), with its audit event. */
export async function unsettleDisagreement(db: Db, input: { consultationId: number; commentId: number }, audit: AuditActor): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.delete(settlements).where(eq(settlements.commentId, input.commentId));
    await recordAudit(tx, { ...audit, action: "disagreement.unsettled", subjectType: "consultation", subjectId: input.consultationId, details: { commentId: input.commentId } });
  });
}
