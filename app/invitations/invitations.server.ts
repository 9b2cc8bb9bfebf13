/**
 * The drafter's invitation work: invite agencies (which opens the consultation), e-mail the links,
 * revoke and re-issue, remind those who have not answered. Routes call these; SQL stays in db/.
 */
import { getDb } from "#db/client.server";
import { agencyEmails, listAgencies } from "#db/queries/agencies";
import { recordAudit } from "#db/queries/audit";
import { findConsultation, updateConsultationStatus } from "#db/queries/consultations";
import {
  findInvitation,
  invitationTargets,
  inviteAgencies,
  invitationsWithoutAnswer,
  reissueInvitation,
  revokeInvitation,
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

/** Invites the agencies (skipping those already invited) and opens the consultation. */
export function inviteAndOpen(consultation: Consultation, agencyIds: number[], actor: Actor): number[] {
  const db = getDb();
  // Only agencies of the directory, and never the drafting agency itself.
  const known = new Set(listAgencies(db).map((a) => a.id));
  const valid = agencyIds.filter((id) => known.has(id) && id !== consultation.draftingAgencyId);
  const created = inviteAgencies(db, consultation.id, valid, tokenFor, newNonce);
  if (consultation.status === "preparing" && created.length > 0) updateConsultationStatus(db, consultation.id, "open");
  recordAudit(db, {
    actorUserId: actor.userId,
    action: "invitations.created",
    subjectType: "consultation",
    subjectId: consultation.id,
    details: { invitationIds: created },
    ip: actor.ip,
  });
  return created;
}

/** The mails of an invitation or reminder round: one per invitation with addresses (to the agency's contacts). */
export function buildInvitationMails(
  consultationId: number,
  invitationIds: number[] | "unanswered",
  kind: "invitation" | "reminder",
  base: string,
): { mails: MailToQueue[]; noAddress: number } | null {
  const db = getDb();
  const found = findConsultation(db, consultationId);
  if (!found) return null;
  const { consultation, draftingAgencyName } = found;
  const targets = invitationIds === "unanswered" ? invitationsWithoutAnswer(db, consultationId) : invitationTargets(db, consultationId, invitationIds);
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
  const db = getDb();
  const built = buildInvitationMails(consultationId, invitationIds, kind, base);
  if (!built) return { queued: 0, noAddress: 0, sent: 0, kept: 0, failed: 0 };
  const ids = queueInvitationMails(db, built.mails, Date.now()) ?? [];
  if (actor) {
    recordAudit(db, {
      actorUserId: actor.userId,
      action: kind === "invitation" ? "mail.invitations_queued" : "mail.reminders_queued",
      subjectType: "consultation",
      subjectId: consultationId,
      details: { count: ids.length },
      ip: actor.ip,
    });
  }
  const delivered = await deliverQueued(ids);
  return { queued: ids.length, noAddress: built.noAddress, ...delivered };
}

export function revoke(invitationId: number, actor: Actor): void {
  const db = getDb();
  revokeInvitation(db, invitationId, Date.now());
  recordAudit(db, { actorUserId: actor.userId, action: "invitation.revoked", subjectType: "invitation", subjectId: invitationId, ip: actor.ip });
}

/** A new link for the agency; the old one stops working at once. */
export function reissue(invitationId: number, actor: Actor): void {
  const db = getDb();
  const invitation = findInvitation(db, invitationId);
  if (!invitation) return;
  const nonce = newNonce();
  reissueInvitation(db, invitationId, nonce, tokenFor(invitationId, nonce).hash);
  recordAudit(db, { actorUserId: actor.userId, action: "invitation.reissued", subjectType: "invitation", subjectId: invitationId, ip: actor.ip });
}
