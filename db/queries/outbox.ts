import { and, asc, count, desc, eq, gt, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { transaction, write, type Db } from "../client.server";
import { agencies, bodies, invitations, outbox, people } from "../schema";
import { bodyOfInvitation, personOfInvitation } from "./authors";
import { chunks } from "./batches";
import { recordAudit, withAudit, type AuditEntry } from "./audit";
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

/** Queues the mails (a statement per 500); given a transaction's handle, part of that transaction. */
export async function queueMails(db: Db, mails: MailToQueue[]): Promise<number[]> {
  if (mails.length === 0) return [];
  return transaction(db, async (tx) => {
    const ids: number[] = [];
    for (const batch of chunks(mails)) {
      const rows = await tx
        .insert(outbox)
        .values(
          batch.map((m) => ({
            consultationId: m.consultationId,
            invitationId: m.invitationId,
            kind: m.kind,
            toAddresses: m.to.join(", "),
            subject: m.subject,
            body: m.body,
          })),
        )
        .returning({ id: outbox.id });
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  });
}

/**
 * Retry bookkeeping: `attempts` counts the attempts begun, `error` holds the last error and
 * `last_attempt_at` when the last attempt began; the next attempt is last_attempt_at + the delay for
 * `attempts` (app/mail/retry.ts). `sent_at` is set only when the mail is sent.
 */
export type OutboxMail = typeof outbox.$inferSelect;

/**
 * The delay before the next attempt after `attempts` failed attempts, as SQL (null once given up). The
 * delays are the program's own integers, written into the statement: as bound parameters PostgreSQL
 * would type the CASE's results as text and refuse to add them to a bigint.
 */
function delaySql(delaysMs: readonly number[]): SQL<number | null> {
  const int = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new Error(`Not an integer delay: ${n}`);
    return sql.raw(String(n));
  };
  const arms = delaysMs.map((ms, i) => sql`when ${int(i + 1)} then ${int(ms)}`);
  return sql<number | null>`(case ${outbox.attempts} ${sql.join(arms, sql` `)} else null end)`;
}

/**
 * Queues invitation or reminder mails and marks their invitations sent, in one transaction (so an
 * invitation is never "sent" without its mail in the outbox). Given a transaction's handle it joins
 * it (completeReminder marks its reminder done in the same one).
 */
export async function queueInvitationMails(db: Db, mails: MailToQueue[], now: number): Promise<number[]> {
  return transaction(db, async (tx) => {
    const ids = await queueMails(tx, mails);
    await markSent(tx, mails.flatMap((m) => (m.invitationId === null ? [] : [m.invitationId])), now);
    return ids;
  });
}

/**
 * An invitation or reminder round: its mails queued and their invitations marked sent, with the event
 * (`audit`, its details the number queued) when a drafter sent it, in one transaction.
 */
export async function queueInvitationMailRound(db: Db, mails: MailToQueue[], now: number, audit: Omit<AuditEntry, "details"> | null): Promise<number[]> {
  return transaction(db, async (tx) => {
    const queued = await queueInvitationMails(tx, mails, now);
    if (audit) await recordAudit(tx, { ...audit, details: { count: queued.length } });
    return queued;
  });
}

/** Mails just queued (the given ids) that nobody has tried yet. */
export async function newMails(db: Db, ids: number[]): Promise<OutboxMail[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(outbox)
    .where(and(inArray(outbox.id, ids.slice(0, 900)), eq(outbox.status, "pending"), eq(outbox.attempts, 0)));
}

/**
 * Mails whose next attempt is due, oldest first, `limit` at a time: failed ones once their delay has
 * passed, pending ones never tried, and pending ones whose attempt began `inFlightMs` ago and never
 * finished (the process stopped while sending).
 */
export async function dueMails(db: Db, now: number, delaysMs: readonly number[], inFlightMs: number, limit: number): Promise<OutboxMail[]> {
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
    .limit(limit);
}

/**
 * Takes a mail for one attempt: counts the attempt, stamps its time and marks it pending (in flight)
 * until finishMail, only if nobody else took it since it was read (same attempt count, still unsent).
 * False when another runner has it.
 */
export async function claimMail(db: Db, mail: { id: number; attempts: number }, now: number): Promise<boolean> {
  const claimed = await write(db, (w) =>
    w
      .update(outbox)
      .set({ status: "pending", attempts: sql`${outbox.attempts} + 1`, lastAttemptAt: now })
      .where(and(eq(outbox.id, mail.id), eq(outbox.attempts, mail.attempts), inArray(outbox.status, ["pending", "failed"])))
      .returning({ id: outbox.id }),
  );
  return claimed.length === 1;
}

/**
 * The outcome of a claimed attempt: sent (sent_at the sending time), failed (the error kept) or kept,
 * with the audit events it gives (a mail given up, a drafter's retry) in the same transaction.
 */
export async function finishMail(
  db: Db,
  id: number,
  status: "sent" | "failed" | "kept",
  error: string | null,
  now: number,
  audit: readonly AuditEntry[] = [],
): Promise<void> {
  await withAudit(db, audit, (tx) =>
    write(tx, (w) =>
      w
        .update(outbox)
        .set({ status, error, sentAt: status === "sent" ? now : null })
        .where(eq(outbox.id, id)),
    ),
  );
}

export async function findMail(db: Db, id: number): Promise<OutboxMail | null> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id)).limit(1);
  return row ?? null;
}

/** How many mails of the consultation are failed (being retried or given up). */
export async function countFailedMails(db: Db, consultationId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.consultationId, consultationId), eq(outbox.status, "failed")));
  return row?.n ?? 0;
}

/** The failed mails of the given invitations of a consultation (the board's page and its bodies' members), newest first. */
export async function failedMailsOf(db: Db, consultationId: number, invitationIds: number[]) {
  const select = (ids: number[]) =>
    db
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
      .where(and(eq(outbox.consultationId, consultationId), eq(outbox.status, "failed"), inArray(outbox.invitationId, ids)));
  const out: Awaited<ReturnType<typeof select>> = [];
  for (const slice of chunks(invitationIds)) out.push(...(await select(slice)));
  return out.sort((a, b) => b.id - a.id);
}

export async function listOutbox(db: Db, consultationId: number, page: { limit: number; offset: number }) {
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
      // A member's mail is named by the member, not by their agency (issue 17).
      personName: people.name,
      personPosition: people.position,
      bodyName: bodies.name,
    })
    .from(outbox)
    .leftJoin(invitations, eq(invitations.id, outbox.invitationId))
    .leftJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(people, personOfInvitation)
    .leftJoin(bodies, bodyOfInvitation)
    .where(eq(outbox.consultationId, consultationId))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(page.limit)
    .offset(page.offset);
}
