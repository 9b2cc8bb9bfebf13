/** Sends scheduled reminders. Runs every minute inside the portal process (started by server.js). */
import { getDb } from "#db/client.server";
import { findConsultation } from "#db/queries/consultations";
import { claimDueReminders } from "#db/queries/reminders";
import { mailInvitations } from "./invitations.server";

/** Last resort only: reminders keep the address the drafter used when scheduling them. */
function scheduledBaseUrl(): string {
  return `http://localhost:${process.env.PORT ?? 3000}`;
}

export async function runDueReminders(now = Date.now()): Promise<number> {
  const db = getDb();
  let sent = 0;
  for (const reminder of claimDueReminders(db, now)) {
    const found = findConsultation(db, reminder.consultationId);
    if (!found || found.consultation.status !== "open" || found.consultation.cutoffAt <= now) continue;
    const base = process.env.PUBLIC_URL?.replace(/\/+$/, "") || reminder.baseUrl || scheduledBaseUrl();
    const result = await mailInvitations(reminder.consultationId, "unanswered", "reminder", base, null);
    sent += result.queued;
  }
  return sent;
}

let timer: ReturnType<typeof setInterval> | null = null;

export function startScheduler(): void {
  if (timer) return;
  timer = setInterval(() => {
    runDueReminders().catch((error) => console.error("reminders:", error));
  }, 60_000);
  timer.unref();
}
