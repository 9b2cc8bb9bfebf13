/**
 * The working copy of the next version (issue 16, part 2): clauses of the base version as the drafter
 * changes them (working_clauses, one row per changed clause, its revision growing with every change)
 * and the comments' proposals accepted into it (working_accepts). Every write locks the base version's
 * row, checks the clause's revision the caller computed against, and commits with its audit event; a
 * different revision is "stale" and nothing is written. Publishing stores version N+1 with its declared
 * links and records in each accepted comment's answer the clause it landed in.
 */
import { and, asc, desc, eq, inArray, isNotNull, notExists, sql } from "drizzle-orm";
import { transaction, type Db } from "../client.server";
import { agencies, answers, clauses, commentAnswers, comments, invitations, versions, workingAccepts, workingClauses, type WorkingAcceptRow } from "../schema";
import { recordAudit, type AuditActor } from "./audit";
import { chunks } from "./batches";
import { lockRow } from "./locks";
import { insertVersion, type VersionToStore } from "./versions";

export type AcceptState = WorkingAcceptRow["state"];

/** The changed clauses of a base version's working copy. */
export async function listWorkingClauses(db: Db, baseVersionId: number) {
  return db.select().from(workingClauses).where(eq(workingClauses.baseVersionId, baseVersionId)).orderBy(asc(workingClauses.clauseId));
}

/** Columns of a comment as the working copy needs it: its proposal, anchor, clause and author. */
const proposalColumns = {
  commentId: comments.id,
  consultationId: comments.consultationId,
  versionId: comments.versionId,
  clauseId: comments.clauseId,
  clauseLabel: clauses.label,
  text: comments.text,
  proposedWording: comments.proposedWording,
  anchorQuote: comments.anchorQuote,
  anchorPrefix: comments.anchorPrefix,
  anchorSuffix: comments.anchorSuffix,
  anchorStart: comments.anchorStart,
  suggestion: comments.suggestion,
  agencyName: agencies.name,
  /** Still the agency's current answer (its latest submission, not revoked). */
  current: invitations.latestSubmissionId,
  submissionId: comments.submissionId,
  revokedAt: invitations.revokedAt,
};

export type ProposalRow = Awaited<ReturnType<typeof proposalRows>>[number];

/** The comments of a consultation with their proposals (ids from elsewhere are left out). */
export async function proposalRows(db: Db, consultationId: number, commentIds: number[]) {
  const out = [];
  for (const ids of chunks(commentIds, 500)) {
    out.push(
      ...(await db
        .select(proposalColumns)
        .from(comments)
        .innerJoin(invitations, eq(invitations.id, comments.invitationId))
        .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
        .leftJoin(clauses, eq(clauses.id, comments.clauseId))
        .where(and(eq(comments.consultationId, consultationId), inArray(comments.id, ids)))),
    );
  }
  return out;
}

/** The accepts of a base version's working copy with their comments' proposals, oldest first. */
export async function listAccepts(db: Db, baseVersionId: number) {
  return db
    .select({ accept: workingAccepts, proposal: proposalColumns })
    .from(workingAccepts)
    .innerJoin(comments, eq(comments.id, workingAccepts.commentId))
    .innerJoin(invitations, eq(invitations.id, comments.invitationId))
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(clauses, eq(clauses.id, comments.clauseId))
    .where(eq(workingAccepts.baseVersionId, baseVersionId))
    .orderBy(asc(workingAccepts.id));
}

/** The accept states of some comments in a base version's working copy (for the answers board). */
export async function acceptStates(db: Db, baseVersionId: number, commentIds: number[]): Promise<Map<number, { id: number; state: AcceptState }>> {
  const out = new Map<number, { id: number; state: AcceptState }>();
  for (const ids of chunks(commentIds, 500)) {
    const found = await db
      .select({ id: workingAccepts.id, commentId: workingAccepts.commentId, state: workingAccepts.state })
      .from(workingAccepts)
      .where(and(eq(workingAccepts.baseVersionId, baseVersionId), inArray(workingAccepts.commentId, ids)));
    for (const r of found) out.set(r.commentId, { id: r.id, state: r.state });
  }
  return out;
}

/** Comment ids among these that carry words to accept (a phrase suggestion or a proposed wording). */
export async function commentsWithProposals(db: Db, consultationId: number, commentIds: number[]): Promise<Set<number>> {
  const rows = await proposalRows(db, consultationId, commentIds);
  return new Set(rows.filter((r) => (r.anchorQuote !== null && r.suggestion !== null) || r.proposedWording.trim() !== "").map((r) => r.commentId));
}

/** The clause's text in the working copy as a write expects it to be (revision 0: never changed). */
export interface ClauseWrite {
  clauseId: number;
  expectedRevision: number;
  heading: string;
  body: string;
}

interface Scope {
  consultationId: number;
  baseVersionId: number;
  userId: number;
  now: number;
}

async function currentRevision(tx: Db, baseVersionId: number, clauseId: number): Promise<number> {
  const [row] = await tx
    .select({ revision: workingClauses.revision })
    .from(workingClauses)
    .where(and(eq(workingClauses.baseVersionId, baseVersionId), eq(workingClauses.clauseId, clauseId)))
    .limit(1);
  return row?.revision ?? 0;
}

/** Writes the clause's new text if its revision is still the one expected; false otherwise. */
async function writeClause(tx: Db, scope: Scope, w: ClauseWrite): Promise<boolean> {
  const revision = await currentRevision(tx, scope.baseVersionId, w.clauseId);
  if (revision !== w.expectedRevision) return false;
  if (revision === 0) {
    await tx.insert(workingClauses).values({
      consultationId: scope.consultationId,
      baseVersionId: scope.baseVersionId,
      clauseId: w.clauseId,
      heading: w.heading,
      body: w.body,
      revision: 1,
      updatedBy: scope.userId,
      updatedAt: scope.now,
    });
  } else {
    await tx
      .update(workingClauses)
      .set({ heading: w.heading, body: w.body, revision: revision + 1, updatedBy: scope.userId, updatedAt: scope.now })
      .where(and(eq(workingClauses.baseVersionId, scope.baseVersionId), eq(workingClauses.clauseId, w.clauseId)));
  }
  return true;
}

/** The comment's answer before an accept made it "accepted" (see working_accepts.answer_before). */
export type AnswerBefore = NonNullable<WorkingAcceptRow["answerBefore"]>;

/** The comment's answer made "accepted" (created if it has none; its text, group and clause kept); what it was before. */
async function markAccepted(tx: Db, scope: Scope, commentId: number): Promise<{ answerId: number; before: AnswerBefore }> {
  const [link] = await tx.select({ answerId: commentAnswers.answerId }).from(commentAnswers).where(eq(commentAnswers.commentId, commentId)).limit(1);
  if (link) {
    const [current] = await tx.select({ revision: answers.revision, decision: answers.decision }).from(answers).where(eq(answers.id, link.answerId)).limit(1);
    if (current && current.decision !== "accepted") {
      await tx.update(answers).set({ decision: "accepted", revision: current.revision + 1, authorUserId: scope.userId, updatedAt: scope.now }).where(eq(answers.id, link.answerId));
    }
    return { answerId: link.answerId, before: current?.decision ?? "accepted" };
  }
  const [inserted] = await tx
    .insert(answers)
    .values({ consultationId: scope.consultationId, decision: "accepted", text: "", authorUserId: scope.userId, updatedAt: scope.now })
    .returning({ id: answers.id });
  await tx.insert(commentAnswers).values({ commentId, answerId: inserted!.id });
  return { answerId: inserted!.id, before: "none" };
}

/**
 * The answers of accepts withdrawn (undone or set aside) put back as they were before the accept:
 * their decision again, or, for an answer the accept created and nobody has written in since, no
 * answer. An answer the drafter decided otherwise since is left as it is. A constant number of
 * statements whatever the number of accepts.
 */
async function restoreAnswers(tx: Db, scope: Scope, items: { commentId: number; before: AnswerBefore | null }[]): Promise<void> {
  const wanted = items.filter((i): i is { commentId: number; before: AnswerBefore } => i.before !== null && i.before !== "accepted");
  if (wanted.length === 0) return;
  const links = await tx.select({ commentId: commentAnswers.commentId, answerId: commentAnswers.answerId }).from(commentAnswers).where(inArray(commentAnswers.commentId, wanted.map((i) => i.commentId)));
  const answerOf = new Map(links.map((l) => [l.commentId, l.answerId]));
  const byBefore = new Map<AnswerBefore, { commentIds: number[]; answerIds: number[] }>();
  for (const i of wanted) {
    const answerId = answerOf.get(i.commentId);
    if (answerId === undefined) continue;
    const entry = byBefore.get(i.before) ?? byBefore.set(i.before, { commentIds: [], answerIds: [] }).get(i.before)!;
    entry.commentIds.push(i.commentId);
    entry.answerIds.push(answerId);
  }
  for (const [before, { commentIds, answerIds }] of byBefore) {
    if (before === "none") {
      const untouched = await tx.select({ id: answers.id }).from(answers).where(and(inArray(answers.id, answerIds), eq(answers.decision, "accepted"), eq(answers.text, "")));
      const ids = new Set(untouched.map((a) => a.id));
      const drop = commentIds.filter((_, k) => ids.has(answerIds[k]!));
      if (drop.length === 0) continue;
      await tx.delete(commentAnswers).where(inArray(commentAnswers.commentId, drop));
      await tx.delete(answers).where(and(inArray(answers.id, [...ids]), notExists(tx.select({ one: sql`1` }).from(commentAnswers).where(eq(commentAnswers.answerId, answers.id)))));
    } else {
      await tx
        .update(answers)
        .set({ decision: before, revision: sql`${answers.revision} + 1`, authorUserId: scope.userId, updatedAt: scope.now })
        .where(and(inArray(answers.id, answerIds), eq(answers.decision, "accepted")));
    }
  }
}

export type WriteOutcome = { ok: true; acceptId?: number } | { ok: false; reason: "stale" | "exists" };

/**
 * Records an accept: applied (the clause's new text written) or a conflict (nothing written but the
 * accept), the comment's answer made "accepted", and "working.accepted" with it.
 */
export async function recordAccept(
  db: Db,
  scope: Scope,
  input: { commentId: number; clauseId: number; state: "applied" | "conflict"; before: string; write: ClauseWrite | null; expectedRevision: number },
  actor: AuditActor,
): Promise<WriteOutcome> {
  return transaction(
    db,
    async (tx): Promise<WriteOutcome> => {
      await lockRow(tx, versions, versions.id, scope.baseVersionId);
      const [existing] = await tx
        .select({ id: workingAccepts.id })
        .from(workingAccepts)
        .where(and(eq(workingAccepts.baseVersionId, scope.baseVersionId), eq(workingAccepts.commentId, input.commentId)))
        .limit(1);
      if (existing) return { ok: false, reason: "exists" };
      if (input.write) {
        if (!(await writeClause(tx, scope, input.write))) return { ok: false, reason: "stale" };
      } else if ((await currentRevision(tx, scope.baseVersionId, input.clauseId)) !== input.expectedRevision) return { ok: false, reason: "stale" };
      const [row] = await tx
        .insert(workingAccepts)
        .values({
          consultationId: scope.consultationId,
          baseVersionId: scope.baseVersionId,
          commentId: input.commentId,
          clauseId: input.clauseId,
          state: input.state,
          before: input.before,
          acceptedBy: scope.userId,
          acceptedAt: scope.now,
        })
        .returning({ id: workingAccepts.id });
      // Only words applied accept the comment: a conflict waits for the drafter's choice.
      let answerId: number | null = null;
      if (input.state === "applied") {
        const marked = await markAccepted(tx, scope, input.commentId);
        answerId = marked.answerId;
        await tx.update(workingAccepts).set({ answerBefore: marked.before }).where(eq(workingAccepts.id, row!.id));
      }
      await recordAudit(tx, {
        ...actor,
        action: "working.accepted",
        subjectType: "consultation",
        subjectId: scope.consultationId,
        details: { baseVersionId: scope.baseVersionId, commentId: input.commentId, clauseId: input.clauseId, state: input.state, answerId },
      });
      return { ok: true, acceptId: row!.id };
    },
    { isolation: "serializable" },
  );
}

/** The drafter's own edit of a clause (heading and body), refused as "stale" if someone changed it meanwhile. */
export async function saveWorkingClause(db: Db, scope: Scope, write: ClauseWrite, actor: AuditActor): Promise<WriteOutcome> {
  return transaction(
    db,
    async (tx): Promise<WriteOutcome> => {
      await lockRow(tx, versions, versions.id, scope.baseVersionId);
      if (!(await writeClause(tx, scope, write))) return { ok: false, reason: "stale" };
      await recordAudit(tx, { ...actor, action: "working.edited", subjectType: "consultation", subjectId: scope.consultationId, details: { baseVersionId: scope.baseVersionId, clauseId: write.clauseId } });
      return { ok: true };
    },
    { isolation: "serializable" },
  );
}

/**
 * Undoes an accept: the clause's text written back (`write`, null when nothing is to be written: a
 * conflict or a set-aside accept withdrawn) and the accept removed, so the comment can be accepted again.
 */
export async function undoAccept(db: Db, scope: Scope, acceptId: number, write: ClauseWrite | null, actor: AuditActor): Promise<WriteOutcome> {
  return transaction(
    db,
    async (tx): Promise<WriteOutcome> => {
      await lockRow(tx, versions, versions.id, scope.baseVersionId);
      const [row] = await tx.select().from(workingAccepts).where(and(eq(workingAccepts.id, acceptId), eq(workingAccepts.baseVersionId, scope.baseVersionId))).limit(1);
      if (!row) return { ok: false, reason: "stale" };
      if (write && !(await writeClause(tx, scope, write))) return { ok: false, reason: "stale" };
      await tx.delete(workingAccepts).where(eq(workingAccepts.id, acceptId));
      await restoreAnswers(tx, scope, [{ commentId: row.commentId, before: row.answerBefore }]);
      await recordAudit(tx, {
        ...actor,
        action: "working.undone",
        subjectType: "consultation",
        subjectId: scope.consultationId,
        details: { baseVersionId: scope.baseVersionId, commentId: row.commentId, clauseId: row.clauseId, state: row.state },
      });
      return { ok: true };
    },
    { isolation: "serializable" },
  );
}

/**
 * Settles a conflict: "take" applies it (the clause's new text written, the accepts it replaces set
 * aside), "keep" sets it aside and leaves the clause as it is.
 */
export async function settleConflict(
  db: Db,
  scope: Scope,
  input: { acceptId: number; choice: "take" | "keep"; write: ClauseWrite | null; before: string | null; setAside: number[] },
  actor: AuditActor,
): Promise<WriteOutcome> {
  return transaction(
    db,
    async (tx): Promise<WriteOutcome> => {
      await lockRow(tx, versions, versions.id, scope.baseVersionId);
      const [row] = await tx.select().from(workingAccepts).where(and(eq(workingAccepts.id, input.acceptId), eq(workingAccepts.baseVersionId, scope.baseVersionId))).limit(1);
      if (!row || row.state !== "conflict") return { ok: false, reason: "stale" };
      if (input.choice === "take") {
        if (!input.write || !(await writeClause(tx, scope, input.write))) return { ok: false, reason: "stale" };
        const marked = await markAccepted(tx, scope, row.commentId);
        await tx.update(workingAccepts).set({ state: "applied", before: input.before, answerBefore: marked.before, acceptedBy: scope.userId, acceptedAt: scope.now }).where(eq(workingAccepts.id, row.id));
        if (input.setAside.length > 0) {
          const rivals = await tx
            .select({ commentId: workingAccepts.commentId, before: workingAccepts.answerBefore })
            .from(workingAccepts)
            .where(and(eq(workingAccepts.baseVersionId, scope.baseVersionId), inArray(workingAccepts.id, input.setAside)));
          await tx
            .update(workingAccepts)
            .set({ state: "set_aside", answerBefore: null })
            .where(and(eq(workingAccepts.baseVersionId, scope.baseVersionId), inArray(workingAccepts.id, input.setAside)));
          // The rivals' words left the text: their comments are no longer accepted.
          await restoreAnswers(tx, scope, rivals);
        }
      } else {
        await tx.update(workingAccepts).set({ state: "set_aside", answerBefore: null }).where(eq(workingAccepts.id, row.id));
        await restoreAnswers(tx, scope, [{ commentId: row.commentId, before: row.answerBefore }]);
      }
      await recordAudit(tx, {
        ...actor,
        action: input.choice === "take" ? "working.conflict_taken" : "working.conflict_kept",
        subjectType: "consultation",
        subjectId: scope.consultationId,
        details: { baseVersionId: scope.baseVersionId, commentId: row.commentId, clauseId: row.clauseId, setAside: input.setAside },
      });
      return { ok: true };
    },
    { isolation: "serializable" },
  );
}

/** A link of version N+1's clause (by its index in the list stored) to the base clause it continues. */
export interface DeclaredLink {
  oldId: number;
  newIndex: number;
  relation: "kept" | "changed";
}

export type PublishOutcome = { ok: true; versionId: number; number: number } | { ok: false; reason: "stale" };

/**
 * Publishes the working copy as version N+1 in one transaction: the version with its clauses, the
 * declared links (manual, never aligned), derived_from_version_id = the base, each applied accept's
 * answer pointed at the clause it landed in, and "working.published". Refused ("stale") when the base
 * is no longer the newest published version or the working copy changed since it was read
 * (`workingStamp`: the highest revision sum and accept count the caller built the text from).
 */
export async function publishWorkingCopy(
  db: Db,
  scope: Scope,
  input: { version: Omit<VersionToStore, "lineage" | "audit" | "publish">; links: DeclaredLink[]; landed: { commentId: number; newIndex: number }[]; workingStamp: string },
  actor: AuditActor,
): Promise<PublishOutcome> {
  return transaction(
    db,
    async (tx): Promise<PublishOutcome> => {
      await lockRow(tx, versions, versions.id, scope.baseVersionId);
      // Still the newest published version (a publish just made from it is not), and the working copy as read.
      const [newest] = await tx
        .select({ id: versions.id })
        .from(versions)
        .where(and(eq(versions.consultationId, scope.consultationId), isNotNull(versions.publishedAt)))
        .orderBy(desc(versions.number))
        .limit(1);
      if (newest?.id !== scope.baseVersionId) return { ok: false, reason: "stale" };
      if ((await workingStamp(tx, scope.baseVersionId)) !== input.workingStamp) return { ok: false, reason: "stale" };
      const stored = await insertVersion(tx, {
        ...input.version,
        publish: true,
        lineage: { fromVersionId: scope.baseVersionId, links: input.links.map((l) => ({ oldId: l.oldId, newIndex: l.newIndex, relation: l.relation, score: 1 })) },
        audit: null,
        derivedFromVersionId: scope.baseVersionId,
        manualLinks: true,
      });
      if (stored.status !== "ok") return { ok: false, reason: "stale" };
      const ids = await tx.select({ id: clauses.id, position: clauses.position }).from(clauses).where(eq(clauses.versionId, stored.versionId)).orderBy(asc(clauses.position));
      const idAt = (index: number) => ids[index]?.id ?? null;
      // Each accepted comment's answer: the clause it landed in. Per batch of 500 comments one select
      // of their answers and one update (CASE by answer), whatever the number of clauses changed.
      const clauseOf = new Map<number, number>();
      for (const l of input.landed) {
        const id = idAt(l.newIndex);
        if (id !== null) clauseOf.set(l.commentId, id);
      }
      for (const commentIds of chunks([...clauseOf.keys()], 500)) {
        const links = await tx.select({ commentId: commentAnswers.commentId, answerId: commentAnswers.answerId }).from(commentAnswers).where(inArray(commentAnswers.commentId, commentIds));
        const target = new Map(links.map((l) => [l.answerId, clauseOf.get(l.commentId)!]));
        if (target.size === 0) continue;
        const cases = sql.join(
          [...target].map(([answerId, clauseId]) => sql`when ${answerId} then cast(${clauseId} as integer)`),
          sql` `,
        );
        await tx
          .update(answers)
          .set({ newClauseId: sql`(case ${answers.id} ${cases} end)`, updatedAt: scope.now })
          .where(inArray(answers.id, [...target.keys()]));
      }
      const [v] = await tx.select({ number: versions.number }).from(versions).where(eq(versions.id, stored.versionId)).limit(1);
      await recordAudit(tx, {
        ...actor,
        action: "working.published",
        subjectType: "version",
        subjectId: stored.versionId,
        details: { consultationId: scope.consultationId, baseVersionId: scope.baseVersionId, changed: input.links.filter((l) => l.relation === "changed").length, accepted: input.landed.length },
      });
      return { ok: true, versionId: stored.versionId, number: v!.number };
    },
    { isolation: "serializable" },
  );
}

/** What the working copy is at: every clause's revision and every accept's state, as one string. */
export async function workingStamp(db: Db, baseVersionId: number): Promise<string> {
  const cl = await db.select({ id: workingClauses.clauseId, r: workingClauses.revision }).from(workingClauses).where(eq(workingClauses.baseVersionId, baseVersionId)).orderBy(asc(workingClauses.clauseId));
  const acc = await db.select({ id: workingAccepts.id, s: workingAccepts.state }).from(workingAccepts).where(eq(workingAccepts.baseVersionId, baseVersionId)).orderBy(asc(workingAccepts.id));
  return stampOf(cl, acc);
}

/** The stamp of rows already read (clauses by clause id, accepts by id), as workingStamp computes it. */
export function stampOf(cl: { id: number; r: number }[], acc: { id: number; s: string }[]): string {
  const byId = <T extends { id: number }>(xs: T[]) => [...xs].sort((a, b) => a.id - b.id);
  return `${byId(cl).map((c) => `${c.id}:${c.r}`).join(",")}|${byId(acc).map((a) => `${a.id}:${a.s}`).join(",")}`;
}
