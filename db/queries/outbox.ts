import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../client.server";
import { agencies, invitations, outbox } from "../schema";

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

export function queueMails(db: Db, mails: MailToQueue[]): number[] {
  if (mails.length === 0) return [];
  return db
    .insert(outbox)
    .values(
      mails.map((m) => ({
        consultationId: m.consultationId,
        invitationId: m.invitationId,
        kind: m.kind,
        toAddresses: m.to.join(", "),
        subject: m.subject,
        body: m.body,
      })),
    )
    .returning({ id: outbox.id })
    .all()
    .map((r) => r.id);
}

/** Mails to try now: new ones, and failed ones with attempts left. */
export function mailsToSend(db: Db, ids: number[] | null, maxAttempts: number) {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        ids ? inArray(outbox.id, ids) : undefined,
        inArray(outbox.status, ["pending", "failed"]),
        lt(outbox.attempts, maxAttempts),
      ),
    )
    .all();
}

export function markMail(db: Db, id: number, status: "sent" | "failed" | "kept", error: string | null, now: number): void {
  db.update(outbox)
    .set({ status, error, attempts: sql`${outbox.attempts} + 1`, sentAt: status === "sent" ? now : null })
    .where(eq(outbox.id, id))
    .run();
}

export function listOutbox(db: Db, consultationId: number, page: { limit: number; offset: number }) {
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
      agencyName: agencies.name,
    })
    .from(outbox)
    .leftJoin(invitations, eq(invitations.id, outbox.invitationId))
    .leftJoin(agencies, eq(agencies.id, invitations.agencyId))
    .where(eq(outbox.consultationId, consultationId))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(page.limit)
    .offset(page.offset)
    .all();
}
