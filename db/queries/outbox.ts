import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.server";
import { agencies, invitations, outbox } from "../schema";
import { markSent } from "./invitations";

/**
 * "answers": the notice that the drafter's answers are published. The column is plain TEXT (no CHECK
 * in the migration); db/schema.ts lists only the first two in its enum, so the value is widened here.
 */
export type MailKind = (typeof outbox.$inferInsert)["kind"];

export interface MailToQueue {
  consultationId: number;
  invitationId: number | null;
  kind: MailKind;
  to: string[];
  subject: string;
  body: string;
}

export function queueMails(db: Db, mails: MailToQueue[]): number[] {
  if (mails.length === 0) return [];
  return db
    .insert(outbox)
    .values(
      mails.map((m) => ({
        consultationId: m.consultationId,
        invitationId: m.invitationId,
        kind: m.kind,
        toAddresses: m.to.join(", "),
        subject: m.subject,
        body: m.body,
      })),
    )
    .returning({ id: outbox.id })
    .all()
    .map((r) => r.id);
}

/**
 * Retry bookkeeping: `attempts` counts the attempts begun, `error` holds the last error and
 * `last_attempt_at` when the last attempt began; the next attempt is last_attempt_at + the delay for
 * `attempts` (app/mail/retry.ts). `sent_at` is set only when the mail is sent.
 */
export type OutboxMail = typeof outbox.$inferSelect;

/** The delay before the next attempt after `attempts` failed attempts, as SQL (null once given up). */
function delaySql(delaysMs: readonly number[]): SQL<number | null> {
  const arms = delaysMs.map((ms, i) => sql`when ${i + 1} then ${ms}`);
  return sql<number | null>`(case ${outbox.attempts} ${sql.join(arms, sql` `)} else null end)`;
}

/**
 * Queues invitation or reminder mails and marks their invitations sent, in one transaction (so an
 * invitation is never "sent" without its mail in the outbox). `claim`, when given, runs first in the
 * same transaction and nothing is queued when it returns false (a reminder another runner took).
 */
export function queueInvitationMails(db: Db, mails: MailToQueue[], now: number, claim?: () => boolean): number[] | null {
  return db.transaction(() => {
    if (claim && !claim()) return null;
    const ids = queueMails(db, mails);
    markSent(db, mails.flatMap((m) => (m.invitationId === null ? [] : [m.invitationId])), now);
    return ids;
  }, { behavior: "immediate" });
}

/** Mails just queued (the given ids) that nobody has tried yet. */
export function newMails(db: Db, ids: number[]): OutboxMail[] {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(outbox)
    .where(and(inArray(outbox.id, ids.slice(0, 900)), eq(outbox.status, "pending"), eq(outbox.attempts, 0)))
    .all();
}

/**
 * Mails whose next attempt is due, oldest first, `limit` at a time: failed ones once their delay has
 * passed, pending ones never tried, and pending ones whose attempt began `inFlightMs` ago and never
 * finished (the process stopped while sending).
 */
export function dueMails(db: Db, now: number, delaysMs: readonly number[], inFlightMs: number, limit: number): OutboxMail[] {
  const delay = delaySql(delaysMs);
  return db
    .select()
    .from(outbox)
    .where(
      or(
        and(
          eq(outbox.status, "failed"),
          lt(outbox.attempts, delaysMs.length + 1),
          sql`${delay} is not null and coalesce(${outbox.lastAttemptAt}, ${outbox.createdAt}) + ${delay} <= ${now}`,
        ),
        and(eq(outbox.status, "pending"), eq(outbox.attempts, 0)),
        and(eq(outbox.status, "pending"), gt(outbox.attempts, 0), sql`coalesce(${outbox.lastAttemptAt}, ${outbox.createdAt}) + ${inFlightMs} <= ${now}`),
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(limit)
    .all();
}

/**
 * Takes a mail for one attempt: counts the attempt, stamps its time and marks it pending (in flight)
 * until finishMail, only if nobody else took it since it was read (same attempt count, still unsent).
 * False when another runner has it.
 */
export function claimMail(db: Db, mail: { id: number; attempts: number }, now: number): boolean {
  const result = db
    .update(outbox)
    .set({ status: "pending", attempts: sql`${outbox.attempts} + 1`, lastAttemptAt: now })
    .where(and(eq(outbox.id, mail.id), eq(outbox.attempts, mail.attempts), inArray(outbox.status, ["pending", "failed"])))
    .run();
  return result.changes === 1;
}

/** The outcome of a claimed attempt: sent (sent_at the sending time), failed (the error kept) or kept. */
export function finishMail(db: Db, id: number, status: "sent" | "failed" | "kept", error: string | null, now: number): void {
  db.update(outbox)
    .set({ status, error, sentAt: status === "sent" ? now : null })
    .where(eq(outbox.id, id))
    .run();
}

export function findMail(db: Db, id: number): OutboxMail | null {
  return db.select().from(outbox).where(eq(outbox.id, id)).get() ?? null;
}

/** How many mails of the consultation are failed (being retried or given up). */
export function countFailedMails(db: Db, consultationId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(outbox)
      .where(and(eq(outbox.consultationId, consultationId), eq(outbox.status, "failed")))
      .get()?.n ?? 0
  );
}

/** The failed mails of the given invitations of a consultation (the board's page), newest first. */
export function failedMailsOf(db: Db, consultationId: number, invitationIds: number[]) {
  if (invitationIds.length === 0) return [];
  return db
    .select({
      id: outbox.id,
      invitationId: outbox.invitationId,
      kind: outbox.kind,
      toAddresses: outbox.toAddresses,
      attempts: outbox.attempts,
      error: outbox.error,
      lastAttemptAt: outbox.lastAttemptAt,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(and(eq(outbox.consultationId, consultationId), eq(outbox.status, "failed"), inArray(outbox.invitationId, invitationIds.slice(0, 900))))
    .orderBy(desc(outbox.id))
    .all();
}

export function listOutbox(db: Db, consultationId: number, page: { limit: number; offset: number }) {
  return db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      toAddresses: outbox.toAddresses,
      subject: outbox.subject,
      body: outbox.body,
      status: outbox.status,
      attempts: outbox.attempts,
      error: outbox.error,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      lastAttemptAt: outbox.lastAttemptAt,
      agencyName: agencies.name,
    })
    .from(outbox)
    .leftJoin(invitations, eq(invitations.id, outbox.invitationId))
    .leftJoin(agencies, eq(agencies.id, invitations.agencyId))
    .where(eq(outbox.consultationId, consultationId))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(page.limit)
    .offset(page.offset)
    .all();
}
