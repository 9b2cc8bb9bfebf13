import { and, asc, eq, isNull, lte } from "drizzle-orm";
import { transaction, type Db } from "../client.server";
import { consultations, reminders } from "../schema";
import { recordAudit, type AuditEntry } from "./audit";
import { lockRow } from "./locks";
import { queueInvitationMails, type MailToQueue } from "./outbox";

/**
 * The drafter's chosen reminder times replace the pending ones; those already sent stay as history. The
 * drafter's event (`audit`, "reminders.scheduled") commits in the same transaction when given.
 */
export async function replaceReminders(db: Db, consultationId: number, times: number[], baseUrl: string, audit?: AuditEntry): Promise<void> {
  await transaction(db, async (tx) => {
    // Two saves at once (a double click) would each delete only what was committed and both insert.
    await lockRow(tx, consultations, consultations.id, consultationId);
    await tx.delete(reminders).where(and(eq(reminders.consultationId, consultationId), isNull(reminders.doneAt)));
    if (times.length > 0) await tx.insert(reminders).values(times.map((dueAt) => ({ consultationId, dueAt, baseUrl })));
    if (audit) await recordAudit(tx, audit);
  });
}

export async function pendingReminderTimes(db: Db, consultationId: number): Promise<number[]> {
  const rows = await db
    .select({ dueAt: reminders.dueAt })
    .from(reminders)
    .where(and(eq(reminders.consultationId, consultationId), isNull(reminders.doneAt)));
  return rows.map((r) => r.dueAt);
}

/** The reminders that are due and not yet sent (read only: each is marked sent with its mails, see completeReminder). */
export async function dueReminders(db: Db, now: number): Promise<{ id: number; consultationId: number; baseUrl: string }[]> {
  return db
    .select({ id: reminders.id, consultationId: reminders.consultationId, baseUrl: reminders.baseUrl })
    .from(reminders)
    .where(and(isNull(reminders.doneAt), lte(reminders.dueAt, now)))
    .orderBy(asc(reminders.dueAt));
}

/**
 * Marks a reminder sent and queues its mails (marking their invitations sent) in one transaction:
 * a reminder is never done without its mails in the outbox, and a crash before leaves it due.
 * Null when it was already done (another runner took it); otherwise the queued mails' ids.
 */
export async function completeReminder(db: Db, reminderId: number, mails: MailToQueue[], now: number): Promise<number[] | null> {
  return transaction(db, async (tx) => {
    // The claim comes first: on PostgreSQL its row lock makes a second runner wait, then find it done.
    const claimed = await tx
      .update(reminders)
      .set({ doneAt: now })
      .where(and(eq(reminders.id, reminderId), isNull(reminders.doneAt)))
      .returning({ id: reminders.id });
    if (claimed.length === 0) return null;
    return queueInvitationMails(tx, mails, now);
  });
}
