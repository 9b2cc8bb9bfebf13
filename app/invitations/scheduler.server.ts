/**
 * The portal's clock, every minute inside the portal process (started by server.js): sends the
 * scheduled reminders, then tries again the mails whose next attempt is due (app/mail/deliver.server.ts).
 */
import { getDb } from "#db/client.server";
import { findConsultation } from "#db/queries/consultations";
import { completeReminder, dueReminders } from "#db/queries/reminders";
import { deliverDue, deliverQueued } from "~/mail/deliver.server";
import { buildInvitationMails } from "./invitations.server";

/** Last resort only: reminders keep the address the drafter used when scheduling them. */
function scheduledBaseUrl(): string {
  return `http://localhost:${process.env.PORT ?? 3000}`;
}

/**
 * Queues the mails of each due reminder and marks it sent in the same transaction, then tries to send
 * them: with SMTP down they fail and stay in the outbox for the retries, the reminder is not lost.
 * A reminder of a consultation no longer open (or past its cutoff) is marked done without mail.
 */
export async function runDueReminders(now = Date.now()): Promise<number> {
  const db = getDb();
  let queued = 0;
  for (const reminder of dueReminders(db, now)) {
    const found = findConsultation(db, reminder.consultationId);
    const open = found !== null && found.consultation.status === "open" && found.consultation.cutoffAt > now;
    const base = process.env.PUBLIC_URL?.replace(/\/+$/, "") || reminder.baseUrl || scheduledBaseUrl();
    const built = open ? buildInvitationMails(reminder.consultationId, "unanswered", "reminder", base) : null;
    const ids = completeReminder(db, reminder.id, built?.mails ?? [], now);
    if (!ids || ids.length === 0) continue;
    queued += ids.length;
    await deliverQueued(ids);
  }
  return queued;
}

/** One tick: the due reminders, then the due retries. */
export async function runScheduler(now = Date.now()): Promise<{ reminders: number; retried: number }> {
  const reminders = await runDueReminders(now);
  const due = await deliverDue(now);
  return { reminders, retried: due.sent + due.failed + due.kept };
}

let timer: ReturnType<typeof setInterval> | null = null;
let running = false;

export function startScheduler(): void {
  if (timer) return;
  timer = setInterval(() => {
    // A tick can outlast the minute (an SMTP server that does not answer): never two at once.
    if (running) return;
    running = true;
    runScheduler()
      .catch((error) => console.error("scheduler:", error))
      .finally(() => {
        running = false;
      });
  }, 60_000);
  timer.unref();
}
