import { and, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "../client.server";
import { reminders } from "../schema";

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

/** Claims the reminders that are due (marks them done first, so two runners never send twice). */
export function claimDueReminders(db: Db, now: number): { id: number; consultationId: number; baseUrl: string }[] {
  return db.transaction((tx) => {
    const due = tx
      .select({ id: reminders.id, consultationId: reminders.consultationId, baseUrl: reminders.baseUrl })
      .from(reminders)
      .where(and(isNull(reminders.doneAt), lte(reminders.dueAt, now)))
      .all();
    for (const r of due) tx.update(reminders).set({ doneAt: now }).where(eq(reminders.id, r.id)).run();
    return due;
  });
}
