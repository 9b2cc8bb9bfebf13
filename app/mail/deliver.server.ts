/** Sends what the outbox holds: over SMTP when configured, otherwise kept for the drafter to read. */
import { getDb } from "#db/client.server";
import { mailsToSend, markMail } from "#db/queries/outbox";
import { getTransport, mailFrom } from "./transport.server";

const MAX_ATTEMPTS = 5;

export async function deliverQueued(ids: number[] | null = null): Promise<{ sent: number; kept: number; failed: number }> {
  const db = getDb();
  const transport = getTransport();
  const result = { sent: 0, kept: 0, failed: 0 };
  for (const mail of mailsToSend(db, ids, MAX_ATTEMPTS)) {
    if (!transport) {
      markMail(db, mail.id, "kept", null, Date.now());
      result.kept++;
      continue;
    }
    try {
      await transport.sendMail({ from: mailFrom(), to: mail.toAddresses, subject: mail.subject, text: mail.body });
      markMail(db, mail.id, "sent", null, Date.now());
      result.sent++;
    } catch (error) {
      markMail(db, mail.id, "failed", error instanceof Error ? error.message.slice(0, 500) : String(error), Date.now());
      result.failed++;
    }
  }
  return result;
}
