/**
 * The portal's clock, every minute (started by server.js): sends the scheduled reminders, then tries
 * again the mails whose next attempt is due (app/mail/deliver.server.ts). However many processes serve
 * the portal, one ticks at a time: the one holding the lease "scheduler" in the database.
 */
import crypto from "node:crypto";
import os from "node:os";
import { getDb } from "#db/client.server";
import { findConsultation } from "#db/queries/consultations";
import { releaseLease, takeLease } from "#db/queries/leases";
import { completeReminder, dueReminders } from "#db/queries/reminders";
import { deliverDue, deliverQueued } from "~/mail/deliver.server";
import { sweepExpiredRateLimits } from "~/security/rate-limit.server";
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
  const db = await getDb();
  let queued = 0;
  for (const reminder of await dueReminders(db, now)) {
    // One reminder that fails (its consultation's data, the database refusing it) must not hold up the
    // others nor the mail retries after them: it stays due and is tried again at the next tick.
    try {
      const found = await findConsultation(db, reminder.consultationId);
      const open = found !== null && found.consultation.status === "open" && found.consultation.cutoffAt > now;
      const base = process.env.PUBLIC_URL?.replace(/\/+$/, "") || reminder.baseUrl || scheduledBaseUrl();
      const built = open ? await buildInvitationMails(reminder.consultationId, "unanswered", "reminder", base) : null;
      const ids = await completeReminder(db, reminder.id, built?.mails ?? [], now);
      if (!ids || ids.length === 0) continue;
      queued += ids.length;
      await deliverQueued(ids);
    } catch (error) {
      console.error(`reminder ${reminder.id} of consultation ${reminder.consultationId} failed; tried again at the next tick:`, error);
    }
  }
  return queued;
}

/** One tick: the due reminders, then the due retries. */
export async function runScheduler(now = Date.now()): Promise<{ reminders: number; retried: number }> {
  const reminders = await runDueReminders(now);
  const due = await deliverDue(now);
  return { reminders, retried: due.sent + due.failed + due.kept };
}

/**
 * A minute; SCHEDULER_INTERVAL_MS shortens it for tests that watch several processes share the clock
 * (tests/load/two-processes.test.ts). The lease below scales with it.
 */
function tickMs(): number {
  const configured = Number(process.env.SCHEDULER_INTERVAL_MS);
  return Number.isInteger(configured) && configured >= 100 ? configured : 60_000;
}
const TICK_MS = tickMs();
/** The lease that makes the clock tick in one process at a time, however many serve the portal. */
export const SCHEDULER_LEASE = "scheduler";
/**
 * The holder renews at every tick, so a lease of three ticks survives a missed renewal (a slow database,
 * a pause) and passes to another process within four minutes of its holder's death. A clean shutdown
 * gives it up at once (stopScheduler).
 */
export const SCHEDULER_LEASE_MS = 3 * TICK_MS;

/** This process as a lease holder: unique across machines, processes and restarts. */
const thisProcess = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;

/** What the lease holder does at each tick: the scheduler, then forgetting expired rate-limit keys. */
async function tick(now: number): Promise<void> {
  await runScheduler(now);
  await sweepExpiredRateLimits(now);
}

/**
 * One tick in one process: takes or renews the scheduler's lease for `holder`, and runs `run` only
 * while it holds it; true when it ran. Every process calls this each minute; only the holder runs.
 */
export async function tickIfLeaseHolder(
  holder: string = thisProcess,
  now = Date.now(),
  run: (now: number) => Promise<unknown> = tick,
): Promise<boolean> {
  if (!(await takeLease(await getDb(), SCHEDULER_LEASE, holder, SCHEDULER_LEASE_MS, now))) return false;
  await run(now);
  return true;
}

let timer: ReturnType<typeof setInterval> | null = null;
let running = false;

export function startScheduler(): void {
  if (timer) return;
  timer = setInterval(() => {
    // A tick can outlast the minute (an SMTP server that does not answer): never two at once. The
    // lease is still renewed meanwhile, or another process would take over in the middle of the tick.
    if (running) {
      void getDb()
        .then((db) => takeLease(db, SCHEDULER_LEASE, thisProcess, SCHEDULER_LEASE_MS, Date.now()))
        .catch((error: unknown) => console.error("scheduler:", error));
      return;
    }
    running = true;
    tickIfLeaseHolder()
      .catch((error: unknown) => console.error("scheduler:", error))
      .finally(() => {
        running = false;
      });
  }, TICK_MS);
  timer.unref();
}

/**
 * Stops the clock and gives up the lease (server.js, on SIGTERM), so another process takes over at its
 * next tick rather than after the lease expires. A tick still running here is cut short by the exit;
 * a second process starting one meanwhile sends nothing twice: reminders and mails are claimed in the
 * database (completeReminder, claimMail) before they are sent.
 */
export async function stopScheduler(): Promise<void> {
  if (timer) clearInterval(timer);
  timer = null;
  await releaseLease(await getDb(), SCHEDULER_LEASE, thisProcess);
}
