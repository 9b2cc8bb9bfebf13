import { and, asc, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "../client.server";
import { reminders } from "../schema";
import { queueInvitationMails, type MailToQueue } from "./outbox";

/** The drafter's chosen reminder times replace the pending ones; those already sent stay as history. */
export function replaceReminders(db: Db, consultationId: number, times: number[], baseUrl: string): void {
  db.transaction((tx) => {
    tx.delete(reminders).where(and(eq(reminders.consultationId, consultationId), isNull(reminders.doneAt))).run();
    if (times.length > 0) tx.insert(reminders).values(times.map((dueAt) => ({ consultationId, dueAt, baseUrl }))).run();
  });
}

export function pendingReminderTimes(db: Db, consultationId: number): number[] {
  return db
    .select({ dueAt: reminders.dueAt })
    .from(reminders)
    .where(and(eq(reminders.consultationId, consultationId), isNull(reminders.doneAt)))
    .all()
    .map((r) => r.dueAt);
}

/** The reminders that are due and not yet sent (read only: each is marked sent with its mails, see completeReminder). */
export function dueReminders(db: Db, now: number): { id: number; consultationId: number; baseUrl: string }[] {
  return db
    .select({ id: reminders.id, consultationId: reminders.consultationId, baseUrl: reminders.baseUrl })
    .from(reminders)
    .where(and(isNull(reminders.doneAt), lte(reminders.dueAt, now)))
    .orderBy(asc(reminders.dueAt))
    .all();
}

/**
 * Marks a reminder sent and queues its mails (marking their invitations sent) in one transaction:
 * a reminder is never done without its mails in the outbox, and a crash before leaves it due.
 * Null when it was already done (another runner took it); otherwise the queued mails' ids.
 */
export function completeReminder(db: Db, reminderId: number, mails: MailToQueue[], now: number): number[] | null {
  return queueInvitationMails(db, mails, now, () =>
    db.update(reminders).set({ doneAt: now }).where(and(eq(reminders.id, reminderId), isNull(reminders.doneAt))).run().changes === 1,
  );
}
