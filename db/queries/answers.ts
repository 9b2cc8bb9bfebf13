import { and, asc, count, eq, inArray, isNotNull, isNull, notExists, sql, type SQL } from "drizzle-orm";
import type pg from "pg";
import { DIALECT, openReadConnection, pgClientDb, pgExportPool, transaction, type Db } from "../client.server";
import { agencies, answers, bodies, bodyMembers, clauses, commentAnswers, comments, consultations, invitations, outbox, people, versions, type AnswerRow } from "../schema";
import { recordAudit, type AuditActor, type AuditEntry } from "./audit";
import { personLabel } from "../../app/domain/author";
import { authorColumns, bodyOfInvitation, byAuthor, membershipOfInvitation, personOfInvitation, withAuthorName } from "./authors";
import { chunks } from "./batches";
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
  // On a phrase (issue 16): the anchor (quote, context, offset in the clause's body) and the words proposed.
  versionId: comments.versionId,
  anchorQuote: comments.anchorQuote,
  anchorPrefix: comments.anchorPrefix,
  anchorSuffix: comments.anchorSuffix,
  anchorStart: comments.anchorStart,
  suggestion: comments.suggestion,
  invitationId: comments.invitationId,
  agencyName: agencies.name,
  agencyShortName: agencies.shortName,
  // The author's answer and its verdict on the draft (issue 16): the .csv gives it on each row.
  answerKind: invitations.answerKind,
  verdict: invitations.verdict,
  // A person's comments (issue 17): their name, position, body and place in the body's list.
  ...authorColumns,
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
    .leftJoin(people, personOfInvitation)
    .leftJoin(bodies, bodyOfInvitation)
    .leftJoin(bodyMembers, membershipOfInvitation)
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

/**
 * Within a clause, authors in the same order on both databases (byAuthor: agencies by their stored
 * Vietnamese sort key, a body's members in its list's order under the body's name).
 */
const ORDER = [sql`coalesce(${versions.number}, 0)`, sql`coalesce(${clauses.position}, -1)`, ...byAuthor, asc(comments.position)] as const;

/** Current comments with their answers; authorName is the agency, or the member "name, position (body)". */
export async function triageRows(db: Db, consultationId: number, filter: TriageFilter, page: { limit: number; offset: number }) {
  const found = await currentComments(db)
    .where(triageWhere(consultationId, filter))
    .orderBy(...ORDER)
    .limit(page.limit)
    .offset(page.offset);
  return found.map(withAuthorName);
}

export type ReportComment = Awaited<ReturnType<typeof triageRows>>[number];

/** A report read at one moment: its counts and its rows agree, whatever is submitted meanwhile. */
export interface ReportSnapshot {
  /** Reads through the snapshot (the counts above the table); valid until close(). */
  db: Db;
  /** Every current comment with its answer, in document order, streamed (read in batches). */
  comments(): AsyncIterable<ReportComment>;
  /** Ends the snapshot and gives its connection back; safe to call twice, and must be called (finally). */
  close(): Promise<void>;
}

/**
 * Every client of the exports' pool is held by a download and none came free in time
 * (db/client.server.ts, openPg): the export is refused as busy, to be tried again shortly.
 */
export class ExportsBusyError extends Error {
  constructor() {
    super("every export connection is in use");
    this.name = "ExportsBusyError";
  }
}

/** Rows fetched from the PostgreSQL cursor at a time: few enough to stay small, enough to save round trips. */
const FETCH_ROWS = 500;
let cursorCount = 0;

/**
 * Opens the report's comments for an export that streams them to a slow reader (720,000 comments
 * fit in no memory, and the download may take minutes).
 *
 * SQLite: read from a read-only connection of its own, in one read transaction, rather than paged on
 * the shared connection: the shared connection serves every request and a better-sqlite3 statement
 * kept open across awaits makes it refuse every other statement ("busy"), so agencies' submissions
 * failed while a report downloaded. Keyset pages on the shared connection would free it between
 * pages, but this order (version, clause position, agency name, comment) spans four joined tables
 * and no index gives it: each page would sort every current comment again (360 sorts of 720,000
 * rows), and pages read at different moments could show an agency's amendment half (some of its old
 * comments, some of its new). One snapshot reads the rows once, in order, exactly as they were when
 * the export began, with the counts read in the same snapshot. Its cost: while it is open SQLite
 * cannot checkpoint past it and the WAL grows with what is written meanwhile, until the stream ends
 * or is abandoned and close() runs (the exports do so in a finally).
 *
 * PostgreSQL: the same contract on a client held by the export, from the exports' own pool (a slow
 * download must not hold one of the clients submissions need; ExportsBusyError when all are held):
 * one REPEATABLE READ READ ONLY transaction (one snapshot for the counts and the rows), the rows read
 * through a server-side cursor FETCH_ROWS at a time, so neither side holds them all. The client is out
 * of the pool until close() (COMMIT, or ROLLBACK if that fails, then release), and the transaction
 * holds back VACUUM of the rows changed meanwhile for as long as the download lasts.
 */
export async function openReportSnapshot(consultationId: number): Promise<ReportSnapshot> {
  const query = (db: Db) => currentComments(db).where(triageWhere(consultationId, {})).orderBy(...ORDER);
  const columns = Object.keys(reportColumns);
  const toComment = (values: unknown[]) => withAuthorName(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as Omit<ReportComment, "authorName">);
  return DIALECT === "pg" ? openPgSnapshot(query, toComment) : openSqliteSnapshot(query, toComment);
}

type SnapshotQuery = (db: Db) => { toSQL(): { sql: string; params: unknown[] } };

async function openSqliteSnapshot(query: SnapshotQuery, toComment: (values: unknown[]) => ReportComment): Promise<ReportSnapshot> {
  const reader = await openReadConnection();
  if (!reader) throw new Error("openReadConnection gave no SQLite connection");
  const { sql: text, params } = query(reader.db).toSQL();
  let open: AsyncGenerator<ReportComment> | null = null;
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
      open = (async function* () {
        for (const raw of reader.sqlite.prepare(text).raw().iterate(...params)) yield toComment(raw as unknown[]);
      })();
      return open;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await open?.return(undefined); // closes the statement's cursor if the loop left it suspended
      } finally {
        reader.sqlite.close(); // ends the read transaction with it
      }
    },
  };
}

async function openPgSnapshot(query: SnapshotQuery, toComment: (values: unknown[]) => ReportComment): Promise<ReportSnapshot> {
  const pool = await pgExportPool();
  if (!pool) throw new Error("pgExportPool gave no PostgreSQL pool");
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    // All of the pool's clients held (by downloads) and none freed within its wait: busy, not broken.
    if (pool.totalCount >= (pool.options.max ?? Infinity)) throw new ExportsBusyError();
    throw error;
  }
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
  const db = pgClientDb(client);
  let open: AsyncGenerator<ReportComment> | null = null;
  let closed = false;
  return {
    db,
    comments() {
      const { sql: text, params } = query(db).toSQL();
      // A name of its own per call (the cursors end with the transaction, at close()).
      const cursor = `report_rows_${++cursorCount}`;
      open = (async function* () {
        await client.query({ text: `declare ${cursor} no scroll cursor for ${text}`, values: params });
        for (;;) {
          const batch = await client.query<unknown[]>({ text: `fetch ${FETCH_ROWS} from ${cursor}`, rowMode: "array" });
          for (const values of batch.rows) yield toComment(values);
          if (batch.rows.length < FETCH_ROWS) return;
        }
      })();
      return open;
    },
    async close() {
      if (closed) return;
      closed = true;
      let broken: Error | undefined;
      try {
        await open?.return(undefined);
        await client.query("COMMIT");
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
        await client.query("ROLLBACK").catch(() => undefined);
      } finally {
        // A client whose transaction could not be ended is discarded, not handed to the next request.
        client.release(broken);
      }
    },
  };
}

export async function answerProgress(db: Db, consultationId: number): Promise<{ total: number; answered: number }> {
  const [row] = await db
    .select({ total: count(), answered: count(commentAnswers.answerId) })
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .leftJoin(commentAnswers, eq(commentAnswers.commentId, comments.id))
    .where(and(eq(comments.consultationId, consultationId), isNull(invitations.revokedAt)));
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
 * same answer since the drafter opened it, nothing is written and their version is returned. With
 * `audit` (its action "answers.saved" or "answers.grouped"), a save is recorded in the same transaction.
 *
 * Serializable: on PostgreSQL two drafters saving the same revision (or answering the same unanswered
 * comment) at once would otherwise both pass the check; the second is run again and gets the conflict.
 */
export async function saveAnswer(db: Db, input: AnswerInput, audit?: AuditActor & Pick<AuditEntry, "action">): Promise<SaveOutcome> {
  return transaction(
    db,
    async (tx): Promise<SaveOutcome> => {
      let answerId = input.answerId;
      if (answerId === null && input.commentIds.length === 1) {
        // Two people answering the same unanswered comment: the second sees the first's answer.
        const [existing] = await tx.select({ answerId: commentAnswers.answerId }).from(commentAnswers).where(eq(commentAnswers.commentId, input.commentIds[0]!)).limit(1);
        if (existing) {
          const [current] = await tx.select().from(answers).where(eq(answers.id, existing.answerId)).limit(1);
          return { ok: false, conflict: current! };
        }
      }
      if (answerId !== null) {
        const [current] = await tx.select().from(answers).where(and(eq(answers.id, answerId), eq(answers.consultationId, input.consultationId))).limit(1);
        if (!current) answerId = null;
        else if (current.revision !== input.expectedRevision) return { ok: false, conflict: current };
        else {
          await tx
            .update(answers)
            .set({ decision: input.decision, text: input.text, newClauseId: input.newClauseId, revision: current.revision + 1, authorUserId: input.userId, updatedAt: input.now })
            .where(eq(answers.id, answerId));
        }
      }
      if (answerId === null) {
        const [inserted] = await tx
          .insert(answers)
          .values({ consultationId: input.consultationId, decision: input.decision, text: input.text, newClauseId: input.newClauseId, authorUserId: input.userId, updatedAt: input.now })
          .returning({ id: answers.id });
        answerId = inserted!.id;
      }
      if (input.commentIds.length > 0) {
        const saved = answerId;
        await tx
          .insert(commentAnswers)
          .values(input.commentIds.map((commentId) => ({ commentId, answerId: saved })))
          .onConflictDoUpdate({ target: commentAnswers.commentId, set: { answerId: sql`excluded.answer_id` } });
      }
      if (audit) {
        await recordAudit(tx, { ...audit, subjectType: "consultation", subjectId: input.consultationId, details: { answerId, commentIds: input.commentIds } });
      }
      return { ok: true, answerId };
    },
    { isolation: "serializable" },
  );
}

/**
 * Takes a comment of the consultation out of its group (it becomes unanswered); the group's answer
 * stays for the others. With `audit`, records "answers.ungrouped" in the same transaction.
 */
export async function detachComment(db: Db, consultationId: number, commentId: number, audit?: AuditActor): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.delete(commentAnswers).where(eq(commentAnswers.commentId, commentId));
    if (audit) await recordAudit(tx, { ...audit, action: "answers.ungrouped", subjectType: "consultation", subjectId: consultationId, details: { commentId } });
  });
}

/** Comment ids that belong to the consultation (to refuse ids from elsewhere). */
export async function commentIdsOf(db: Db, consultationId: number, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.consultationId, consultationId), inArray(comments.id, ids.slice(0, 900))));
  return found.map((r) => r.id);
}

export async function groupSizes(db: Db, answerIds: number[]): Promise<Map<number, number>> {
  if (answerIds.length === 0) return new Map();
  const sizes = await db
    .select({ answerId: commentAnswers.answerId, n: count() })
    .from(commentAnswers)
    .where(inArray(commentAnswers.answerId, answerIds.slice(0, 900)))
    .groupBy(commentAnswers.answerId);
  return new Map(sizes.map((r) => [r.answerId, r.n]));
}

/**
 * Sets (or, with null, clears) the answers' publication. With `audit`, records "answers.published"
 * or "answers.unpublished" in the same transaction. Publishing with its mails: publishAnswers.
 */
export async function setAnswersPublished(db: Db, consultationId: number, at: number | null, audit?: AuditActor): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.update(consultations).set({ answersPublishedAt: at }).where(eq(consultations.id, consultationId));
    if (audit) await recordAudit(tx, { ...audit, action: at === null ? "answers.unpublished" : "answers.published", subjectType: "consultation", subjectId: consultationId });
  });
}

/** An agency whose current comments the published answers concern, with the count per decision. */
export interface AnsweredAgency {
  invitationId: number;
  tokenNonce: string;
  agencyName: string;
  /** Who is written to: the agency's name, or the person's "name, position" (issue 17). */
  authorName: string;
  /** The person invited in their own name, or null for an agency. */
  personName: string | null;
  /** The agency's contact addresses, or the person's, one a line (as stored). */
  emails: string;
  total: number;
  /** Comments per decision; "unanswered" for those still without an answer. */
  counts: Partial<Record<Decision | "unanswered", number>>;
}

/** The invitation has been sent the "answers" mail already. */
const answersMailed = (db: Db) =>
  db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.invitationId, invitations.id), eq(outbox.kind, "answers" as (typeof outbox.$inferSelect)["kind"])));

/**
 * The agencies to tell that the answers are published: those with current comments (latest
 * submission, link not revoked) that were not sent that mail before, each with its counts per
 * decision. The caller builds their mails (texts, links: outside db/) and passes them to publishAnswers.
 */
export async function answeredAgencies(db: Db, consultationId: number): Promise<AnsweredAgency[]> {
  const counted = await db
    .select({
      invitationId: invitations.id,
      tokenNonce: invitations.tokenNonce,
      agencyName: agencies.name,
      emails: agencies.emails,
      ...authorColumns,
      personEmails: people.emails,
      decision: answers.decision,
      n: count(),
    })
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(people, personOfInvitation)
    .leftJoin(bodies, bodyOfInvitation)
    .leftJoin(bodyMembers, membershipOfInvitation)
    .leftJoin(commentAnswers, eq(commentAnswers.commentId, comments.id))
    .leftJoin(answers, eq(answers.id, commentAnswers.answerId))
    .where(and(eq(comments.consultationId, consultationId), isNull(invitations.revokedAt), notExists(answersMailed(db))))
    // agencies.id, people.id, bodies.id and the membership too: PostgreSQL takes their columns only from grouped keys.
    .groupBy(invitations.id, agencies.id, people.id, bodies.id, bodyMembers.position, answers.decision)
    .orderBy(...byAuthor, asc(invitations.id));
  const byInvitation = new Map<number, AnsweredAgency>();
  for (const r of counted) {
    let agency = byInvitation.get(r.invitationId);
    if (!agency) {
      // A member is written to in their own name, at their own addresses.
      agency = {
        invitationId: r.invitationId,
        tokenNonce: r.tokenNonce,
        agencyName: r.agencyName,
        authorName: personLabel(r),
        personName: r.personName,
        emails: r.personId !== null ? (r.personEmails ?? "") : r.emails,
        total: 0,
        counts: {},
      };
      byInvitation.set(r.invitationId, agency);
    }
    agency.total += r.n;
    agency.counts[r.decision ?? "unanswered"] = (agency.counts[r.decision ?? "unanswered"] ?? 0) + r.n;
  }
  return [...byInvitation.values()];
}

/**
 * Publishes the answers and, in the same transaction, queues the given "answers" mails (built from
 * answeredAgencies) except to an invitation that has had one since, so publishing again, or twice at
 * once, never mails twice; with `audit`, records "answers.published" (its details plus the number of
 * mails queued). Serializable, so on PostgreSQL two publications at once cannot both find an agency
 * unmailed: the second runs again and finds the first's mail.
 */
export async function publishAnswers(
  db: Db,
  consultationId: number,
  at: number,
  mails: MailToQueue[],
  audit?: AuditActor & Pick<AuditEntry, "details">,
): Promise<{ mailIds: number[] }> {
  return transaction(
    db,
    async (tx) => {
      await tx.update(consultations).set({ answersPublishedAt: at }).where(eq(consultations.id, consultationId));
      const invitationIds = mails.flatMap((m) => (m.invitationId === null ? [] : [m.invitationId]));
      const mailed = new Set<number>();
      if (invitationIds.length > 0) {
        for (const batch of chunks(invitationIds)) {
          const found = await tx
            .select({ invitationId: outbox.invitationId })
            .from(outbox)
            .where(and(inArray(outbox.invitationId, batch), eq(outbox.kind, "answers" as (typeof outbox.$inferSelect)["kind"])));
          for (const r of found) if (r.invitationId !== null) mailed.add(r.invitationId);
        }
      }
      const mailIds = await queueMails(tx, mails.filter((m) => m.invitationId === null || !mailed.has(m.invitationId)));
      if (audit) {
        await recordAudit(tx, { ...audit, action: "answers.published", subjectType: "consultation", subjectId: consultationId, details: { mails: mailIds.length, ...audit.details } });
      }
      return { mailIds };
    },
    { isolation: "serializable" },
  );
}

/** The answers to one submission's comments, for the agency's own view once published. */
export async function answersToSubmission(db: Db, submissionId: number) {
  return db
    .select({ commentId: comments.id, decision: answers.decision, text: answers.text })
    .from(comments)
    .innerJoin(commentAnswers, eq(commentAnswers.commentId, comments.id))
    .innerJoin(answers, eq(answers.id, commentAnswers.answerId))
    .where(eq(comments.submissionId, submissionId));
}
