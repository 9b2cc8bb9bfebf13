/**
 * Sends what the outbox holds: over SMTP when configured, otherwise kept for the drafter to read.
 * A mail that fails is tried again by the scheduler after 1, 5, 15 and 60 minutes (app/mail/retry.ts),
 * then given up; the board shows it with its error and a "retry now" button. Every attempt is first
 * claimed in the database (claimMail), so the request that queued a mail, the scheduler and a
 * drafter's "retry now" never send it twice.
 */
import { getDb, transaction } from "#db/client.server";
import { recordAudit } from "#db/queries/audit";
import { claimMail, dueMails, findMail, finishMail, newMails, type OutboxMail } from "#db/queries/outbox";
import { IN_FLIGHT_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS } from "./retry";
import { getTransport, mailFrom } from "./transport.server";

export interface DeliveryResult {
  sent: number;
  kept: number;
  failed: number;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.trim() || "error").slice(0, 500);
}

/** One attempt at one mail, if this caller wins the claim. */
async function attempt(mail: OutboxMail, result: DeliveryResult): Promise<void> {
  const db = await getDb();
  if (!(await claimMail(db, mail, Date.now()))) return;
  const transport = getTransport();
  if (!transport) {
    await finishMail(db, mail.id, "kept", null, Date.now());
    result.kept++;
    return;
  }
  try {
    await transport.sendMail({ from: mailFrom(), to: mail.toAddresses, subject: mail.subject, text: mail.body });
    await finishMail(db, mail.id, "sent", null, Date.now());
    result.sent++;
  } catch (error) {
    const message = errorText(error);
    // The last failure and its "given up" event commit together.
    await transaction(db, async (tx) => {
      await finishMail(tx, mail.id, "failed", message, Date.now());
      if (mail.attempts + 1 === MAX_ATTEMPTS) {
        await recordAudit(tx, {
          actorUserId: null,
          actorLabel: "scheduler",
          action: "mail.given_up",
          subjectType: "consultation",
          subjectId: mail.consultationId ?? 0,
          details: { mailId: mail.id, invitationId: mail.invitationId, attempts: mail.attempts + 1, error: message },
        });
      }
    });
    result.failed++;
  }
}

/** Sends the mails just queued (their first attempt). */
export async function deliverQueued(ids: number[]): Promise<DeliveryResult> {
  const result = { sent: 0, kept: 0, failed: 0 };
  for (const mail of await newMails(await getDb(), ids)) await attempt(mail, result);
  return result;
}

/** The scheduler's part: every mail whose next attempt is due (failed ones after their delay). */
export async function deliverDue(now = Date.now(), batch = 200): Promise<DeliveryResult> {
  const result = { sent: 0, kept: 0, failed: 0 };
  for (const mail of await dueMails(await getDb(), now, RETRY_DELAYS_MS, IN_FLIGHT_MS, batch)) await attempt(mail, result);
  return result;
}

/** The drafter's "retry now": one attempt at a failed mail, given up or not. */
export async function retryMailNow(id: number): Promise<DeliveryResult & { status: OutboxMail["status"] | null }> {
  const result = { sent: 0, kept: 0, failed: 0 };
  const db = await getDb();
  const mail = await findMail(db, id);
  if (mail?.status === "failed") await attempt(mail, result);
  return { ...result, status: (await findMail(db, id))?.status ?? null };
}
