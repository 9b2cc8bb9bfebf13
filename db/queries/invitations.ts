import { and, asc, desc, eq, inArray, isNull, ne, notExists, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.server";
import {
  agencies,
  clauses,
  commentDrafts,
  comments,
  consultations,
  invitations,
  submissions,
  versions,
  type Invitation,
} from "../schema";
import { recordAudit, type AuditEntry } from "./audit";
import { preparedPerDatabase } from "./prepared";

/** A placeholder where drizzle's update types take only SQL; its value goes to SQLite as given. */
const slot = (name: string) => sql`${sql.placeholder(name)}`;
/** An agency's first save or submission also shows it opened the page (see markOpened). */
const firstOpened = sql`coalesce(${invitations.firstOpenedAt}, ${sql.placeholder("now")})`;

/** The statements of an agency's link: opened and posted to on every request under load. */
const hot = preparedPerDatabase((db) => ({
  byTokenHash: db
    .select({ invitation: invitations, consultation: consultations, agencyName: agencies.name })
    .from(invitations)
    .innerJoin(consultations, eq(consultations.id, invitations.consultationId))
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .where(eq(invitations.tokenHash, sql.placeholder("hash")))
    .prepare(),
  upsertDraft: db
    .insert(commentDrafts)
    .values({
      invitationId: sql.placeholder("invitationId"),
      clauseKey: sql.placeholder("clauseKey"),
      text: sql.placeholder("text"),
      proposedWording: sql.placeholder("proposedWording"),
      updatedAt: sql.placeholder("now"),
    })
    .onConflictDoUpdate({
      target: [commentDrafts.invitationId, commentDrafts.clauseKey],
      set: { text: sql`excluded.text`, proposedWording: sql`excluded.proposed_wording`, updatedAt: sql`excluded.updated_at` },
    })
    .prepare(),
  /** The boxes posted empty (a JSON array of clause keys, any length, one statement). */
  deleteDrafts: db
    .delete(commentDrafts)
    .where(
      and(
        eq(commentDrafts.invitationId, sql.placeholder("invitationId")),
        sql`${commentDrafts.clauseKey} in (select value from json_each(${sql.placeholder("keys")}))`,
      ),
    )
    .prepare(),
  /** All of an invitation's drafts: a submission replaces them with the boxes it was sent with. */
  clearDrafts: db
    .delete(commentDrafts)
    .where(eq(commentDrafts.invitationId, sql.placeholder("invitationId")))
    .prepare(),
  touchDraft: db
    .update(invitations)
    .set({ draftUpdatedAt: slot("now"), lastSeenAt: slot("now"), firstOpenedAt: firstOpened })
    .where(eq(invitations.id, sql.placeholder("id")))
    .prepare(),
  submissionByKey: db
    .select({ id: submissions.id, invitationId: submissions.invitationId, receiptRef: submissions.receiptRef })
    .from(submissions)
    .where(eq(submissions.requestKey, sql.placeholder("requestKey")))
    .prepare(),
  lastRevision: db
    .select({ n: sql<number>`coalesce(max(${submissions.revision}), 0)` })
    .from(submissions)
    .where(eq(submissions.invitationId, sql.placeholder("invitationId")))
    .prepare(),
  insertSubmission: db
    .insert(submissions)
    .values({
      invitationId: sql.placeholder("invitationId"),
      revision: sql.placeholder("revision"),
      versionId: sql.placeholder("versionId"),
      answerKind: sql.placeholder("answerKind"),
      signerName: sql.placeholder("signerName"),
      signerPosition: sql.placeholder("signerPosition"),
      submittedAt: sql.placeholder("submittedAt"),
      late: sql.placeholder("late"),
      receiptRef: sql.placeholder("receiptRef"),
      requestKey: sql.placeholder("requestKey"),
      replyLetterName: sql.placeholder("replyLetterName"),
      replyLetter: sql.placeholder("replyLetter"),
      ip: sql.placeholder("ip"),
    })
    .returning({ id: submissions.id })
    .prepare(),
  insertComment: db
    .insert(comments)
    .values({
      submissionId: sql.placeholder("submissionId"),
      invitationId: sql.placeholder("invitationId"),
      consultationId: sql.placeholder("consultationId"),
      versionId: sql.placeholder("versionId"),
      clauseId: sql.placeholder("clauseId"),
      text: sql.placeholder("text"),
      proposedWording: sql.placeholder("proposedWording"),
      position: sql.placeholder("position"),
    })
    .prepare(),
  pointInvitation: db
    .update(invitations)
    .set({
      latestSubmissionId: slot("submissionId"),
      submittedAt: slot("now"),
      answerKind: slot("answerKind"),
      late: slot("late"),
      commentCount: slot("commentCount"),
      lastSeenAt: slot("now"),
      firstOpenedAt: firstOpened,
    })
    .where(eq(invitations.id, sql.placeholder("id")))
    .prepare(),
}));

/** Creates one invitation per agency not yet invited; tokens are derived by the caller's function. */
export function inviteAgencies(
  db: Db,
  consultationId: number,
  agencyIds: number[],
  token: (invitationId: number, nonce: string) => { hash: string },
  nonce: () => string,
): number[] {
  return db.transaction((tx) => {
    const already = new Set(
      tx
        .select({ agencyId: invitations.agencyId })
        .from(invitations)
        .where(eq(invitations.consultationId, consultationId))
        .all()
        .map((r) => r.agencyId),
    );
    const created: number[] = [];
    for (const agencyId of new Set(agencyIds)) {
      if (already.has(agencyId)) continue;
      const n = nonce();
      const id = tx
        .insert(invitations)
        .values({ consultationId, agencyId, tokenNonce: n, tokenHash: `pending:${n}` })
        .returning({ id: invitations.id })
        .get().id;
      tx.update(invitations).set({ tokenHash: token(id, n).hash }).where(eq(invitations.id, id)).run();
      created.push(id);
    }
    return created;
  });
}

export function reissueInvitation(db: Db, id: number, nonce: string, hash: string): void {
  db.update(invitations).set({ tokenNonce: nonce, tokenHash: hash, revokedAt: null }).where(eq(invitations.id, id)).run();
}

export function revokeInvitation(db: Db, id: number, now: number): void {
  db.update(invitations).set({ revokedAt: now }).where(and(eq(invitations.id, id), isNull(invitations.revokedAt))).run();
}

export function findInvitation(db: Db, id: number): Invitation | null {
  return db.select().from(invitations).where(eq(invitations.id, id)).get() ?? null;
}

/** What an invitation link opens: the invitation, its consultation and its agency, in one query. */
export function findInvitationByTokenHash(db: Db, hash: string) {
  return hot(db).byTokenHash.get({ hash }) ?? null;
}

/**
 * The page of the link was shown: by its own script (the invitee route's intent "opened"), never by a
 * bare GET, which mail scanners make too. A first autosave or submission also sets first_opened_at.
 */
export function markOpened(db: Db, id: number, now: number): void {
  db.update(invitations)
    .set({ firstOpenedAt: sql`coalesce(${invitations.firstOpenedAt}, ${now})`, lastSeenAt: now })
    .where(eq(invitations.id, id))
    .run();
}

export function markSent(db: Db, ids: number[], now: number): void {
  if (ids.length === 0) return;
  db.update(invitations)
    .set({ sentAt: sql`coalesce(${invitations.sentAt}, ${now})` })
    .where(inArray(invitations.id, ids))
    .run();
}

export function setCutoffOverride(db: Db, id: number, cutoffAt: number | null): void {
  db.update(invitations).set({ cutoffOverrideAt: cutoffAt }).where(eq(invitations.id, id)).run();
}

export function setLateAllowed(db: Db, id: number, allowed: boolean): void {
  db.update(invitations).set({ lateAllowed: allowed }).where(eq(invitations.id, id)).run();
}

// ---- drafts (autosave) ------------------------------------------------------------------------

export interface DraftEntry {
  clauseKey: string;
  text: string;
  proposedWording: string;
}

/** A box with nothing written in it (blank as a submission sees it): stored as no draft row at all. */
const isBlank = (e: DraftEntry) => e.text.trim() === "" && e.proposedWording.trim() === "";

/**
 * Saves the posted boxes as drafts. The browser posts every box of the page, most of them empty, so
 * only the written ones are stored (one upsert each) and the emptied ones are deleted (one statement
 * for all of them): the cost follows what was written, not the size of the draft.
 */
export function saveDrafts(db: Db, invitationId: number, entries: DraftEntry[], now: number): void {
  if (entries.length === 0) return;
  db.transaction(
    () => {
      const { upsertDraft, deleteDrafts, touchDraft } = hot(db);
      const emptied: string[] = [];
      for (const e of entries) {
        if (isBlank(e)) emptied.push(e.clauseKey);
        else upsertDraft.run({ invitationId, clauseKey: e.clauseKey, text: e.text, proposedWording: e.proposedWording, now });
      }
      if (emptied.length > 0) deleteDrafts.run({ invitationId, keys: JSON.stringify(emptied) });
      touchDraft.run({ id: invitationId, now });
    },
    { behavior: "immediate" },
  );
}

export function listDrafts(db: Db, invitationId: number): DraftEntry[] {
  return db
    .select({ clauseKey: commentDrafts.clauseKey, text: commentDrafts.text, proposedWording: commentDrafts.proposedWording })
    .from(commentDrafts)
    .where(eq(commentDrafts.invitationId, invitationId))
    .all();
}

// ---- submissions ------------------------------------------------------------------------------

export interface SubmissionInput {
  invitationId: number;
  consultationId: number;
  versionId: number;
  answerKind: "comments" | "agree" | "decline";
  signerName: string;
  signerPosition: string;
  late: boolean;
  requestKey: string;
  receiptRef: (revision: number) => string;
  replyLetter: { name: string; bytes: Buffer } | null;
  ip: string;
  comments: { clauseId: number | null; text: string; proposedWording: string }[];
  now: number;
  /** The revision the submitter's page was built on; a later one means someone else submitted meanwhile. */
  baseRevision?: number;
  /**
   * The form's boxes: in the same transaction the agency's drafts become the written ones among them
   * (the others are deleted in one statement). Omitted: the drafts are left as they are.
   */
  drafts?: DraftEntry[];
  /** The audit event, given the new submission's id (not written for a duplicate or a stale form). */
  audit?: (submissionId: number) => AuditEntry;
}

export type SubmitOutcome =
  | { submissionId: number; receiptRef: string; duplicate: boolean; stale?: false }
  | { stale: true };

/**
 * Appends a submission and its comments, points the invitation at it, keeps the written boxes as
 * drafts and writes the audit event: one transaction, so a crash leaves all of it or none of it. Its
 * statements are a constant number plus two per comment (the comment and its draft), whatever the
 * number of clauses (tests/integration/submission-statements.test.ts).
 * The same request key twice (double click, retried request, a second tab posting the same form)
 * returns the first submission instead of creating another.
 */
export function submitAnswer(db: Db, input: SubmissionInput): SubmitOutcome {
  const q = hot(db);
  return db.transaction((): SubmitOutcome => {
    const existing = q.submissionByKey.get({ requestKey: input.requestKey });
    if (existing) {
      // A key is drawn per page view; another invitation's key here is a forged form, not a retry.
      if (existing.invitationId !== input.invitationId) return { stale: true };
      return { submissionId: existing.id, receiptRef: existing.receiptRef, duplicate: true };
    }
    const last = q.lastRevision.get({ invitationId: input.invitationId })?.n ?? 0;
    // Checked here, inside the write transaction, so two submissions cannot both pass it.
    if (input.baseRevision !== undefined && last !== input.baseRevision) return { stale: true };
    const revision = last + 1;
    const receiptRef = input.receiptRef(revision);
    const submissionId = q.insertSubmission.get({
      invitationId: input.invitationId,
      revision,
      versionId: input.versionId,
      answerKind: input.answerKind,
      signerName: input.signerName,
      signerPosition: input.signerPosition,
      submittedAt: input.now,
      late: input.late,
      receiptRef,
      requestKey: input.requestKey,
      replyLetterName: input.replyLetter?.name ?? null,
      replyLetter: input.replyLetter?.bytes ?? null,
      ip: input.ip,
    })!.id;
    input.comments.forEach((c, position) =>
      q.insertComment.run({
        submissionId,
        invitationId: input.invitationId,
        consultationId: input.consultationId,
        versionId: input.versionId,
        clauseId: c.clauseId,
        text: c.text,
        proposedWording: c.proposedWording,
        position,
      }),
    );
    q.pointInvitation.run({
      id: input.invitationId,
      submissionId,
      now: input.now,
      answerKind: input.answerKind,
      late: input.late ? 1 : 0,
      commentCount: input.comments.length,
    });
    if (input.drafts) {
      q.clearDrafts.run({ invitationId: input.invitationId });
      for (const e of input.drafts) {
        if (!isBlank(e)) q.upsertDraft.run({ invitationId: input.invitationId, clauseKey: e.clauseKey, text: e.text, proposedWording: e.proposedWording, now: input.now });
      }
      q.touchDraft.run({ id: input.invitationId, now: input.now });
    }
    if (input.audit) recordAudit(db, input.audit(submissionId));
    return { submissionId, receiptRef, duplicate: false };
    // IMMEDIATE: take the write lock before the first read, so another process writing meanwhile makes
    // this one wait (busy_timeout) instead of failing when it tries to write on a stale snapshot.
  }, { behavior: "immediate" });
}

export function findSubmission(db: Db, id: number) {
  return db.select().from(submissions).where(eq(submissions.id, id)).get() ?? null;
}

export function listSubmissions(db: Db, invitationId: number) {
  return db
    .select({
      id: submissions.id,
      revision: submissions.revision,
      answerKind: submissions.answerKind,
      signerName: submissions.signerName,
      signerPosition: submissions.signerPosition,
      submittedAt: submissions.submittedAt,
      late: submissions.late,
      receiptRef: submissions.receiptRef,
      replyLetterName: submissions.replyLetterName,
    })
    .from(submissions)
    .where(eq(submissions.invitationId, invitationId))
    .orderBy(desc(submissions.revision))
    .all();
}

/** The comments of one submission with their clause labels, in the order they were given. */
export function listSubmissionComments(db: Db, submissionId: number) {
  return db
    .select({
      id: comments.id,
      clauseId: comments.clauseId,
      clauseLabel: clauses.label,
      clauseCitation: clauses.citation,
      clauseHeading: clauses.heading,
      text: comments.text,
      proposedWording: comments.proposedWording,
    })
    .from(comments)
    .leftJoin(clauses, eq(clauses.id, comments.clauseId))
    .where(eq(comments.submissionId, submissionId))
    .orderBy(sql`coalesce(${clauses.position}, -1)`, asc(comments.position))
    .all();
}

// ---- the drafter's board --------------------------------------------------------------------------

export type BoardState = "notOpened" | "opened" | "drafting" | "submitted" | "agreed" | "declined" | "late" | "revoked";

/** The board's state of an invitation, as SQL so filters and counts run in the database. */
const stateSql: SQL<BoardState> = sql<BoardState>`case
  when ${invitations.revokedAt} is not null then 'revoked'
  when ${invitations.latestSubmissionId} is not null and ${invitations.late} = 1 then 'late'
  when ${invitations.answerKind} = 'agree' then 'agreed'
  when ${invitations.answerKind} = 'decline' then 'declined'
  when ${invitations.latestSubmissionId} is not null then 'submitted'
  when ${invitations.draftUpdatedAt} is not null then 'drafting'
  when ${invitations.firstOpenedAt} is not null then 'opened'
  else 'notOpened' end`;

export function boardRows(db: Db, consultationId: number, opts: { state?: BoardState; limit: number; offset: number }) {
  const where = and(eq(invitations.consultationId, consultationId), opts.state ? sql`${stateSql} = ${opts.state}` : undefined);
  return db
    .select({
      id: invitations.id,
      agencyId: invitations.agencyId,
      agencyName: agencies.name,
      agencyShortName: agencies.shortName,
      agencyEmails: agencies.emails,
      tokenNonce: invitations.tokenNonce,
      state: stateSql,
      sentAt: invitations.sentAt,
      firstOpenedAt: invitations.firstOpenedAt,
      lastSeenAt: invitations.lastSeenAt,
      submittedAt: invitations.submittedAt,
      answerKind: invitations.answerKind,
      commentCount: invitations.commentCount,
      cutoffOverrideAt: invitations.cutoffOverrideAt,
      lateAllowed: invitations.lateAllowed,
      revokedAt: invitations.revokedAt,
      late: invitations.late,
      latestSubmissionId: invitations.latestSubmissionId,
      signerName: submissions.signerName,
      signerPosition: submissions.signerPosition,
    })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(submissions, eq(submissions.id, invitations.latestSubmissionId))
    .where(where)
    .orderBy(asc(agencies.name))
    .limit(opts.limit)
    .offset(opts.offset)
    .all();
}

export function boardTotals(db: Db, consultationId: number) {
  const rows = db
    .select({ state: stateSql, n: sql<number>`count(*)`, comments: sql<number>`sum(${invitations.commentCount})` })
    .from(invitations)
    .where(eq(invitations.consultationId, consultationId))
    .groupBy(stateSql)
    .all();
  const byState = Object.fromEntries(rows.map((r) => [r.state, r.n])) as Partial<Record<BoardState, number>>;
  const invited = rows.reduce((s, r) => s + (r.state === "revoked" ? 0 : r.n), 0);
  const answered = (byState.submitted ?? 0) + (byState.agreed ?? 0) + (byState.declined ?? 0) + (byState.late ?? 0);
  const commentTotal = rows.reduce((s, r) => s + (r.state === "revoked" ? 0 : (r.comments ?? 0)), 0);
  return { invited, answered, agreed: byState.agreed ?? 0, comments: commentTotal, byState };
}

/** Count of current comments per clause of a version: one grouped query for the whole outline. */
export function commentCountsByClause(db: Db, consultationId: number): Map<number | null, number> {
  const rows = db
    .select({ clauseId: comments.clauseId, n: sql<number>`count(*)` })
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .where(and(eq(comments.consultationId, consultationId), isNull(invitations.revokedAt)))
    .groupBy(comments.clauseId)
    .all();
  return new Map(rows.map((r) => [r.clauseId, r.n]));
}

/** Current comments, filtered to one clause (null = general) or one agency, paginated. */
export function listCurrentComments(
  db: Db,
  consultationId: number,
  filter: { clauseId?: number | null; clauseIds?: number[]; invitationId?: number },
  page: { limit: number; offset: number },
) {
  const conditions = [eq(comments.consultationId, consultationId), isNull(invitations.revokedAt)];
  if (filter.clauseIds !== undefined) conditions.push(inArray(comments.clauseId, filter.clauseIds.slice(0, 900)));
  if (filter.clauseId !== undefined) {
    conditions.push(filter.clauseId === null ? isNull(comments.clauseId) : eq(comments.clauseId, filter.clauseId));
  }
  if (filter.invitationId !== undefined) conditions.push(eq(comments.invitationId, filter.invitationId));
  return db
    .select({
      id: comments.id,
      clauseId: comments.clauseId,
      clauseLabel: clauses.label,
      clauseCitation: clauses.citation,
      clauseHeading: clauses.heading,
      versionLabel: versions.label,
      text: comments.text,
      proposedWording: comments.proposedWording,
      agencyName: agencies.name,
      invitationId: comments.invitationId,
      submittedAt: submissions.submittedAt,
      late: submissions.late,
      revision: submissions.revision,
    })
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .innerJoin(submissions, eq(submissions.id, comments.submissionId))
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .innerJoin(versions, eq(versions.id, comments.versionId))
    .leftJoin(clauses, eq(clauses.id, comments.clauseId))
    .where(and(...conditions))
    .orderBy(sql`coalesce(${clauses.position}, -1)`, asc(agencies.name), asc(comments.position))
    .limit(page.limit)
    .offset(page.offset)
    .all();
}

/** Invitations to mail, with their agency's name and addresses; revoked ones are never mailed. */
function mailTargets(db: Db, consultationId: number, condition: SQL | undefined) {
  return db
    .select({ id: invitations.id, agencyName: agencies.name, emails: agencies.emails, tokenNonce: invitations.tokenNonce })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .where(and(eq(invitations.consultationId, consultationId), isNull(invitations.revokedAt), condition))
    .all();
}

/** Mail targets among the given invitations of a consultation. */
export function invitationTargets(db: Db, consultationId: number, ids: number[]) {
  return ids.length === 0 ? [] : mailTargets(db, consultationId, inArray(invitations.id, ids.slice(0, 900)));
}

/** Those who have not answered yet: the reminders' targets. */
export function invitationsWithoutAnswer(db: Db, consultationId: number) {
  return mailTargets(db, consultationId, isNull(invitations.latestSubmissionId));
}

/** Agencies of the directory that could still be invited (not yet invited, not the drafter itself). */
export function uninvitedAgencies(db: Db, consultationId: number, draftingAgencyId: number) {
  return db
    .select({ id: agencies.id, name: agencies.name, emails: agencies.emails })
    .from(agencies)
    .where(
      and(
        ne(agencies.id, draftingAgencyId),
        notExists(
          db
            .select({ one: sql`1` })
            .from(invitations)
            .where(and(eq(invitations.consultationId, consultationId), eq(invitations.agencyId, agencies.id))),
        ),
      ),
    )
    .orderBy(asc(agencies.name))
    .all();
}

export function invitationIdsByAgency(db: Db, consultationId: number): Map<number, number> {
  const rows = db
    .select({ id: invitations.id, agencyId: invitations.agencyId })
    .from(invitations)
    .where(eq(invitations.consultationId, consultationId))
    .all();
  return new Map(rows.map((r) => [r.agencyId, r.id]));
}

/** Current comments on any of the given clauses (of any version), for the comparison view. */
export function listCommentsOnClauses(db: Db, consultationId: number, clauseIds: number[]) {
  // Bound parameters are limited per statement: ask in slices.
  const out: ReturnType<typeof listCurrentComments> = [];
  for (let i = 0; i < clauseIds.length; i += 900) {
    out.push(...listCurrentComments(db, consultationId, { clauseIds: clauseIds.slice(i, i + 900) }, { limit: 1_000_000, offset: 0 }));
  }
  return out;
}
