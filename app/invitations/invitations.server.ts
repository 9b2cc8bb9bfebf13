/**
 * The drafter's invitation work: invite agencies (which opens the consultation), e-mail the links,
 * revoke and re-issue, remind those who have not answered. Routes call these; SQL stays in db/.
 */
import { getDb, transaction, type Db } from "#db/client.server";
import { agencyEmails, listAgencies } from "#db/queries/agencies";
import { recordAudit } from "#db/queries/audit";
import { findConsultation, updateConsultationStatus } from "#db/queries/consultations";
import {
  findInvitation,
  insertInvitations,
  invitationTargets,
  invitationsWithoutAnswer,
  reissueInvitation,
  revokeInvitation,
  setTokenHashes,
} from "#db/queries/invitations";
import { queueInvitationMails, type MailToQueue } from "#db/queries/outbox";
import type { Consultation } from "#db/schema";
import { deliverQueued } from "~/mail/deliver.server";
import { invitationMail, reminderMail } from "~/mail/templates";
import { hashToken, invitationPath, invitationToken, newNonce } from "./token.server";

/** Where links in e-mails and printouts point: PUBLIC_URL, else the address the drafter is using. */
export function publicBaseUrl(request: Request): string {
  const configured = process.env.PUBLIC_URL?.replace(/\/+$/, "");
  return configured || new URL(request.url).origin;
}

export function invitationLink(base: string, invitation: { id: number; tokenNonce: string }): string {
  return base + invitationPath(invitationToken(invitation.id, invitation.tokenNonce));
}

const tokenFor = (id: number, nonce: string) => ({ hash: hashToken(invitationToken(id, nonce)) });

interface Actor {
  userId: number | null;
  ip: string;
}

/**
 * Creates an invitation for each agency not yet invited to the consultation, with its link, in one
 * transaction (joined when `db` is a transaction's handle); returns the new ones with their nonces, in
 * the order of `agencyIds`. A link's token is an HMAC over the invitation's id, which the database gives
 * on insert, so the rows are inserted first and given their token hashes in the same transaction: the
 * server secret stays out of db/, and no invitation is ever stored without its hash.
 */
export async function createInvitations(db: Db, consultationId: number, agencyIds: number[]): Promise<{ id: number; nonce: string }[]> {
  return transaction(db, async (tx) => {
    const created = await insertInvitations(tx, consultationId, agencyIds.map((agencyId) => ({ agencyId, nonce: newNonce() })));
    await setTokenHashes(tx, created.map(({ id, nonce }) => ({ id, hash: tokenFor(id, nonce).hash })));
    return created.map(({ id, nonce }) => ({ id, nonce }));
  });
}

/** Invites the agencies (skipping those already invited) and opens the consultation, with its audit event, in one transaction. */
export async function inviteAndOpen(consultation: Consultation, agencyIds: number[], actor: Actor): Promise<number[]> {
  const db = await getDb();
  // Only agencies of the directory, and never the drafting agency itself.
  const known = new Set((await listAgencies(db)).map((a) => a.id));
  const valid = agencyIds.filter((id) => known.has(id) && id !== consultation.draftingAgencyId);
  return transaction(db, async (tx) => {
    const created = (await createInvitations(tx, consultation.id, valid)).map((c) => c.id);
    if (consultation.status === "preparing" && created.length > 0) await updateConsultationStatus(tx, consultation.id, "open");
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "invitations.created",
      subjectType: "consultation",
      subjectId: consultation.id,
      details: { invitationIds: created },
      ip: actor.ip,
    });
    return created;
  });
}

/** The mails of an invitation or reminder round: one per invitation with addresses (to the agency's contacts). */
export async function buildInvitationMails(
  consultationId: number,
  invitationIds: number[] | "unanswered",
  kind: "invitation" | "reminder",
  base: string,
): Promise<{ mails: MailToQueue[]; noAddress: number } | null> {
  const db = await getDb();
  const found = await findConsultation(db, consultationId);
  if (!found) return null;
  const { consultation, draftingAgencyName } = found;
  const targets =
    invitationIds === "unanswered" ? await invitationsWithoutAnswer(db, consultationId) : await invitationTargets(db, consultationId, invitationIds);
  const mails: MailToQueue[] = [];
  let noAddress = 0;
  for (const target of targets) {
    const to = agencyEmails({ emails: target.emails });
    if (to.length === 0) {
      noAddress++;
      continue;
    }
    const ctx = {
      consultationTitle: consultation.title,
      draftingAgencyName,
      letterRef: consultation.letterRef,
      cutoffAt: consultation.cutoffAt,
      timeZone: consultation.timeZone,
      agencyName: target.agencyName,
      link: invitationLink(base, target),
    };
    const mail = kind === "invitation" ? invitationMail(ctx) : reminderMail(ctx);
    mails.push({ consultationId, invitationId: target.id, kind, to, ...mail });
  }
  return { mails, noAddress };
}

/** Queues one mail per invitation (marking them sent in the same transaction) and sends them. */
export async function mailInvitations(
  consultationId: number,
  invitationIds: number[] | "unanswered",
  kind: "invitation" | "reminder",
  base: string,
  actor: Actor | null,
) {
  const db = await getDb();
  const built = await buildInvitationMails(consultationId, invitationIds, kind, base);
  if (!built) return { queued: 0, noAddress: 0, sent: 0, kept: 0, failed: 0 };
  // The mails, their invitations marked sent and the audit event commit together.
  const ids = await transaction(db, async (tx) => {
    const queued = await queueInvitationMails(tx, built.mails, Date.now());
    if (actor) {
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: kind === "invitation" ? "mail.invitations_queued" : "mail.reminders_queued",
        subjectType: "consultation",
        subjectId: consultationId,
        details: { count: queued.length },
        ip: actor.ip,
      });
    }
    return queued;
  });
  const delivered = await deliverQueued(ids);
  return { queued: ids.length, noAddress: built.noAddress, ...delivered };
}

export async function revoke(invitationId: number, actor: Actor): Promise<void> {
  const db = await getDb();
  await transaction(db, async (tx) => {
    await revokeInvitation(tx, invitationId, Date.now());
    await recordAudit(tx, { actorUserId: actor.userId, action: "invitation.revoked", subjectType: "invitation", subjectId: invitationId, ip: actor.ip });
  });
}

/** A new link for the agency; the old one stops working at once. */
export async function reissue(invitationId: number, actor: Actor): Promise<void> {
  const db = await getDb();
  const invitation = await findInvitation(db, invitationId);
  if (!invitation) return;
  const nonce = newNonce();
  await transaction(db, async (tx) => {
    await reissueInvitation(tx, invitationId, nonce, tokenFor(invitationId, nonce).hash);
    await recordAudit(tx, { actorUserId: actor.userId, action: "invitation.reissued", subjectType: "invitation", subjectId: invitationId, ip: actor.ip });
  });
}
