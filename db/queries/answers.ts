import { and, asc, eq, inArray, isNotNull, isNull, notExists, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.server";
import { getDatabase, openReadConnection } from "../client.server";
import { agencies, answers, clauses, commentAnswers, comments, consultations, invitations, outbox, submissions, versions, type AnswerRow } from "../schema";
import { queueMails, type MailToQueue } from "./outbox";

export type Decision = AnswerRow["decision"];

/** The columns of a comment with its answer (kept in one object so the streamed rows get the same keys). */
const reportColumns = {
  commentId: comments.id,
  clauseId: comments.clauseId,
  clauseLabel: clauses.label,
  clauseCitation: clauses.citation,
  clauseHeading: clauses.heading,
  clausePosition: clauses.position,
  versionLabel: versions.label,
  text: comments.text,
  proposedWording: comments.proposedWording,
  invitationId: comments.invitationId,
  agencyName: agencies.name,
  agencyShortName: agencies.shortName,
  answerId: answers.id,
  decision: answers.decision,
  answerText: answers.text,
  answerRevision: answers.revision,
  answerNewClauseId: answers.newClauseId,
  answerUpdatedAt: answers.updatedAt,
};

/** Current comments (each agency's latest submission) with their answer, in document order. */
function currentComments(db: Db) {
  return db
    .select(reportColumns)
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .innerJoin(versions, eq(versions.id, comments.versionId))
    .leftJoin(clauses, eq(clauses.id, comments.clauseId))
    .leftJoin(commentAnswers, eq(commentAnswers.commentId, comments.id))
    .leftJoin(answers, eq(answers.id, commentAnswers.answerId));
}

export interface TriageFilter {
  invitationId?: number;
  decision?: Decision;
  answered?: boolean;
}

function triageWhere(consultationId: number, f: TriageFilter): SQL | undefined {
  return and(
    eq(comments.consultationId, consultationId),
    isNull(invitations.revokedAt),
    f.invitationId !== undefined ? eq(comments.invitationId, f.invitationId) : undefined,
    f.decision !== undefined ? eq(answers.decision, f.decision) : undefined,
    f.answered === true ? isNotNull(answers.id) : f.answered === false ? isNull(answers.id) : undefined,
  );
}

const ORDER = [sql`coalesce(${versions.number}, 0)`, sql`coalesce(${clauses.position}, -1)`, asc(agencies.name), asc(comments.position)] as const;

export function triageRows(db: Db, consultationId: number, filter: TriageFilter, page: { limit: number; offset: number }) {
  return currentComments(db)
    .where(triageWhere(consultationId, filter))
    .orderBy(...ORDER)
    .limit(page.limit)
    .offset(page.offset)
    .all();
}

export type ReportComment = ReturnType<typeof triageRows>[number];

/** A report read at one moment: its counts and its rows agree, whatever is submitted meanwhile. */
export interface ReportSnapshot {
  /** Reads through the snapshot (the counts above the table); valid until close(). */
  db: Db;
  /** Every current comment with its answer, in document order, streamed row by row. */
  comments(): Generator<ReportComment>;
  /** Ends the snapshot and closes its connection; safe to call twice. */
  close(): void;
}

/**
 * Opens the report's comments for an export that streams them to a slow reader (720,000 comments
 * fit in no memory, and the download may take minutes).
 *
 * Read from a read-only connection of its own, in one read transaction, rather than paged on the
 * shared connection: the shared connection serves every request and a better-sqlite3 statement kept
 * open across awaits makes it refuse every other statement ("busy"), so agencies' submissions
 * failed while a report downloaded. Keyset pages on the shared connection would free it between
 * pages, but this order (version, clause position, agency name, comment) spans four joined tables
 * and no index gives it: each page would sort every current comment again (360 sorts of 720,000
 * rows), and pages read at different moments could show an agency's amendment half (some of its old
 * comments, some of its new). One snapshot reads the rows once, in order, exactly as they were when
 * the export began, with the counts read in the same snapshot. Its cost: while it is open SQLite
 * cannot checkpoint past it and the WAL grows with what is written meanwhile, until the stream ends
 * or is abandoned and close() runs (the exports do so in a finally).
 */
export function openReportSnapshot(consultationId: number): ReportSnapshot {
  const query = (db: Db) => currentComments(db).where(triageWhere(consultationId, {})).orderBy(...ORDER);
  const reader = openReadConnection();
  if (!reader) {
    // An in-memory database (no second connection can open it): small by nature, read at once.
    const db = getDatabase().db;
    const rows = query(db).all();
    return {
      db,
      comments: function* () {
        yield* rows;
      },
      close: () => {},
    };
  }
  const { sql: text, params } = query(reader.db).toSQL();
  const columns = Object.keys(reportColumns);
  let open: Generator<ReportComment> | null = null;
  let closed = false;
  try {
    // The snapshot starts with the first read (the counts, or the rows) and lasts until close().
    reader.sqlite.exec("BEGIN");
  } catch (error) {
    reader.sqlite.close();
    throw error;
  }
  return {
    db: reader.db,
    comments() {
      open = (function* () {
        for (const raw of reader.sqlite.prepare(text).raw().iterate(...(params as unknown[]))) {
          const values = raw as unknown[];
          yield Object.fromEntries(columns.map((c, i) => [c, values[i]])) as ReportComment;
        }
      })();
      return open;
    },
    close() {
      if (closed) return;
      closed = true;
      open?.return(undefined); // closes the statement's cursor if the loop left it suspended
      reader.sqlite.close(); // ends the read transaction with it
    },
  };
}

export function answerProgress(db: Db, consultationId: number): { total: number; answered: number } {
  const row = db
    .select({ total: sql<number>`count(*)`, answered: sql<number>`count(${commentAnswers.answerId})` })
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .leftJoin(commentAnswers, eq(commentAnswers.commentId, comments.id))
    .where(and(eq(comments.consultationId, consultationId), isNull(invitations.revokedAt)))
    .get();
  return { total: row?.total ?? 0, answered: row?.answered ?? 0 };
}

export interface AnswerInput {
  consultationId: number;
  commentIds: number[];
  /** The answer being edited, with the revision the drafter saw; null to start a new one. */
  answerId: number | null;
  expectedRevision: number;
  decision: Decision;
  text: string;
  newClauseId: number | null;
  userId: number | null;
  now: number;
}

export type SaveOutcome = { ok: true; answerId: number } | { ok: false; conflict: AnswerRow };

/**
 * Saves an answer and attaches the comments to it, in one transaction. When somebody else saved the
 * same answer since the drafter opened it, nothing is written and their version is returned.
 */
export function saveAnswer(db: Db, input: AnswerInput): SaveOutcome {
  return db.transaction((tx) => {
    let answerId = input.answerId;
    if (answerId === null && input.commentIds.length === 1) {
      // Two people answering the same unanswered comment: the second sees the first's answer.
      const existing = tx.select({ answerId: commentAnswers.answerId }).from(commentAnswers).where(eq(commentAnswers.commentId, input.commentIds[0]!)).get();
      if (existing) {
        const current = tx.select().from(answers).where(eq(answers.id, existing.answerId)).get()!;
        return { ok: false as const, conflict: current };
      }
    }
    if (answerId !== null) {
      const current = tx.select().from(answers).where(and(eq(answers.id, answerId), eq(answers.consultationId, input.consultationId))).get();
      if (!current) answerId = null;
      else if (current.revision !== input.expectedRevision) return { ok: false as const, conflict: current };
      else {
        tx.update(answers)
          .set({ decision: input.decision, text: input.text, newClauseId: input.newClauseId, revision: current.revision + 1, authorUserId: input.userId, updatedAt: input.now })
          .where(eq(answers.id, answerId))
          .run();
      }
    }
    if (answerId === null) {
      answerId = tx
        .insert(answers)
        .values({ consultationId: input.consultationId, decision: input.decision, text: input.text, newClauseId: input.newClauseId, authorUserId: input.userId, updatedAt: input.now })
        .returning({ id: answers.id })
        .get().id;
    }
    if (input.commentIds.length > 0) {
      tx.insert(commentAnswers)
        .values(input.commentIds.map((commentId) => ({ commentId, answerId: answerId! })))
        .onConflictDoUpdate({ target: commentAnswers.commentId, set: { answerId: sql`excluded.answer_id` } })
        .run();
    }
    return { ok: true as const, answerId };
  });
}

/** Takes a comment out of its group (it becomes unanswered); the group's answer stays for the others. */
export function detachComment(db: Db, commentId: number): void {
  db.delete(commentAnswers).where(eq(commentAnswers.commentId, commentId)).run();
}

/** Comment ids that belong to the consultation (to refuse ids from elsewhere). */
export function commentIdsOf(db: Db, consultationId: number, ids: number[]): number[] {
  if (ids.length === 0) return [];
  return db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.consultationId, consultationId), inArray(comments.id, ids.slice(0, 900))))
    .all()
    .map((r) => r.id);
}

export function groupSizes(db: Db, answerIds: number[]): Map<number, number> {
  if (answerIds.length === 0) return new Map();
  const rows = db
    .select({ answerId: commentAnswers.answerId, n: sql<number>`count(*)` })
    .from(commentAnswers)
    .where(inArray(commentAnswers.answerId, answerIds.slice(0, 900)))
    .groupBy(commentAnswers.answerId)
    .all();
  return new Map(rows.map((r) => [r.answerId, r.n]));
}

export function setAnswersPublished(db: Db, consultationId: number, at: number | null): void {
  db.update(consultations).set({ answersPublishedAt: at }).where(eq(consultations.id, consultationId)).run();
}

/** An agency whose current comments the published answers concern, with the count per decision. */
export interface AnsweredAgency {
  invitationId: number;
  tokenNonce: string;
  agencyName: string;
  /** The agency's contact addresses, one a line (as stored). */
  emails: string;
  total: number;
  /** Comments per decision; "unanswered" for those still without an answer. */
  counts: Partial<Record<Decision | "unanswered", number>>;
}

/**
 * Publishes the answers and, in the same transaction, queues one "answers" mail per agency that has
 * current comments (latest submission, link not revoked) and was not sent that mail before, so
 * publishing again never mails twice. `mailsFor` builds the mails (texts, links) outside db/.
 */
export function publishAnswers(db: Db, consultationId: number, at: number, mailsFor: (agencies: AnsweredAgency[]) => MailToQueue[]): { mailIds: number[]; agencies: AnsweredAgency[] } {
  return db.transaction(
    () => {
      db.update(consultations).set({ answersPublishedAt: at }).where(eq(consultations.id, consultationId)).run();
      const mailed = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.invitationId, invitations.id), eq(outbox.kind, "answers" as (typeof outbox.$inferSelect)["kind"])));
      const rows = db
        .select({
          invitationId: invitations.id,
          tokenNonce: invitations.tokenNonce,
          agencyName: agencies.name,
          emails: agencies.emails,
          decision: answers.decision,
          n: sql<number>`count(*)`,
        })
        .from(comments)
        .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
        .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
        .leftJoin(commentAnswers, eq(commentAnswers.commentId, comments.id))
        .leftJoin(answers, eq(answers.id, commentAnswers.answerId))
        .where(and(eq(comments.consultationId, consultationId), isNull(invitations.revokedAt), notExists(mailed)))
        .groupBy(invitations.id, answers.decision)
        .orderBy(asc(agencies.name), asc(invitations.id))
        .all();
      const byInvitation = new Map<number, AnsweredAgency>();
      for (const r of rows) {
        let agency = byInvitation.get(r.invitationId);
        if (!agency) {
          agency = { invitationId: r.invitationId, tokenNonce: r.tokenNonce, agencyName: r.agencyName, emails: r.emails, total: 0, counts: {} };
          byInvitation.set(r.invitationId, agency);
        }
        agency.total += r.n;
        agency.counts[r.decision ?? "unanswered"] = (agency.counts[r.decision ?? "unanswered"] ?? 0) + r.n;
      }
      const answered = [...byInvitation.values()];
      return { mailIds: queueMails(db, mailsFor(answered)), agencies: answered };
    },
    { behavior: "immediate" },
  );
}

/** The answers to one submission's comments, for the agency's own view once published. */
export function answersToSubmission(db: Db, submissionId: number) {
  return db
    .select({ commentId: comments.id, decision: answers.decision, text: answers.text })
    .from(comments)
    .innerJoin(commentAnswers, eq(commentAnswers.commentId, comments.id))
    .innerJoin(answers, eq(answers.id, commentAnswers.answerId))
    .where(eq(comments.submissionId, submissionId))
    .all();
}
