/**
 * Sends what the outbox holds: over SMTP when configured, otherwise kept for the drafter to read.
 * A mail that fails is tried again by the scheduler after 1, 5, 15 and 60 minutes (app/mail/retry.ts),
 * then given up; the board shows it with its error and a "retry now" button. Every attempt is first
 * claimed in the database (claimMail), so the request that queued a mail, the scheduler and a
 * drafter's "retry now" never send it twice.
 */
import { getDb } from "#db/client.server";
import { recordAudit, type AuditEntry } from "#db/queries/audit";
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

/** A drafter's "retry now" event, without its details (the mail and how the attempt ended, added here). */
export type RetryEvent = Omit<AuditEntry, "details">;

const retried = (event: RetryEvent | undefined, mail: OutboxMail, status: OutboxMail["status"] | null): AuditEntry[] =>
  event ? [{ ...event, details: { mailId: mail.id, invitationId: mail.invitationId, status } }] : [];

/**
 * One attempt at one mail, if this caller wins the claim; `retry`, the drafter's event, commits with the
 * attempt's outcome. Returns whether this caller made the attempt.
 */
async function attempt(mail: OutboxMail, result: DeliveryResult, retry?: RetryEvent): Promise<boolean> {
  const db = await getDb();
  if (!(await claimMail(db, mail, Date.now()))) return false;
  const transport = getTransport();
  if (!transport) {
    await finishMail(db, mail.id, "kept", null, Date.now(), retried(retry, mail, "kept"));
    result.kept++;
    return true;
  }
  try {
    await transport.sendMail({ from: mailFrom(), to: mail.toAddresses, subject: mail.subject, text: mail.body });
    await finishMail(db, mail.id, "sent", null, Date.now(), retried(retry, mail, "sent"));
    result.sent++;
  } catch (error) {
    const message = errorText(error);
    // The last failure and its "given up" event commit together (and a drafter's retry with them).
    const givenUp: AuditEntry[] =
      mail.attempts + 1 === MAX_ATTEMPTS
        ? [
            {
              actorUserId: null,
              actorLabel: "scheduler",
              action: "mail.given_up",
              subjectType: "consultation",
              subjectId: mail.consultationId ?? 0,
              details: { mailId: mail.id, invitationId: mail.invitationId, attempts: mail.attempts + 1, error: message },
            },
          ]
        : [];
    await finishMail(db, mail.id, "failed", message, Date.now(), [...givenUp, ...retried(retry, mail, "failed")]);
    result.failed++;
  }
  return true;
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

/**
 * The drafter's "retry now": one attempt at a failed mail, given up or not. `event` ("mail.retried")
 * commits with the attempt's outcome; when no attempt was made (the mail was no longer failed, or
 * another runner had claimed it), it is recorded alone with the status the mail has.
 */
export async function retryMailNow(id: number, event?: RetryEvent): Promise<DeliveryResult & { status: OutboxMail["status"] | null }> {
  const result = { sent: 0, kept: 0, failed: 0 };
  const db = await getDb();
  const mail = await findMail(db, id);
  const attempted = mail?.status === "failed" ? await attempt(mail, result, event) : false;
  const status = (await findMail(db, id))?.status ?? null;
  if (event && !attempted) {
    await recordAudit(db, { ...event, details: { mailId: id, invitationId: mail?.invitationId ?? null, status } });
  }
  return { ...result, status };
}
