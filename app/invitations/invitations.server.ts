/**
 * The drafter's invitation work: invite agencies (which opens the consultation), e-mail the links,
 * revoke and re-issue, remind those who have not answered. Routes call these; SQL stays in db/.
 */
import { getDb, type Db } from "#db/client.server";
import { agencyEmails, listAgencies } from "#db/queries/agencies";
import { findConsultation } from "#db/queries/consultations";
import { listBodies, listPeople, membersOf } from "#db/queries/directory";
import {
  createInvitations as createInvitationsWithLinks,
  findInvitation,
  invitationTargets,
  invitationsWithoutAnswer,
  inviteAndOpenConsultation,
  reissueInvitation,
  revokeInvitation,
  type InvitationTarget,
} from "#db/queries/invitations";
import { queueInvitationMailRound, type MailToQueue } from "#db/queries/outbox";
import type { Consultation } from "#db/schema";
import { deliverQueued } from "~/mail/deliver.server";
import { invitationMail, reminderMail } from "~/mail/templates";
import { serverSecret } from "~/security/secret.server";
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

/** Who to invite: an agency (a number), or a person in their own name with their agency and the body they come through. */
export type InviteeTarget = number | Omit<InvitationTarget, "nonce">;

/**
 * Creates an invitation for each agency or person not yet invited to the consultation, with its link,
 * in one transaction (joined when `db` is a transaction's handle); returns the new ones with their
 * nonces, in the order given. A link's token is an HMAC over the invitation's id, which the database
 * gives on insert, so the rows are inserted first and given their token hashes in the same
 * transaction (db/queries/invitations.ts): the server secret is handed to that one query as its key,
 * never read or stored by db/, and no invitation is ever stored without its hash.
 */
export async function createInvitations(
  db: Db,
  consultationId: number,
  targets: InviteeTarget[],
): Promise<{ id: number; nonce: string; agencyId: number; personId: number | null; bodyId: number | null }[]> {
  return createInvitationsWithLinks(db, consultationId, withNonces(targets), serverSecret());
}

const withNonces = (targets: InviteeTarget[]): InvitationTarget[] =>
  targets.map((t) => (typeof t === "number" ? { agencyId: t, nonce: newNonce() } : { ...t, nonce: newNonce() }));

/** What the drafter chose on the board: agencies, collective bodies (each member in their name) and single people. */
export interface InviteSelection {
  agencyIds?: number[];
  bodyIds?: number[];
  personIds?: number[];
}

export interface InviteOutcome {
  /** The new invitations' ids, in the order chosen (agencies, then each body's members, then people). */
  created: number[];
  /** Those chosen who were already invited and were not invited again (a person invited alone or through another body). */
  skipped: { agencies: { id: number; name: string }[]; people: { id: number; name: string }[] };
}

/**
 * Invites the agencies, the members of the bodies (one invitation each, through the body) and the
 * people (alone), skipping the drafting agency, anyone unknown and anyone already invited, and opens
 * the consultation, with its audit event, in one transaction. A person both in a chosen body and
 * chosen alone is invited once, through the body. Given a list of agency ids, returns the new ids.
 */
export async function inviteAndOpen(consultation: Consultation, agencyIds: number[], actor: Actor): Promise<number[]>;
export async function inviteAndOpen(consultation: Consultation, selection: InviteSelection, actor: Actor): Promise<InviteOutcome>;
export async function inviteAndOpen(consultation: Consultation, selection: number[] | InviteSelection, actor: Actor): Promise<number[] | InviteOutcome> {
  const plain = Array.isArray(selection);
  const chosen: InviteSelection = plain ? { agencyIds: selection } : selection;
  const db = await getDb();
  // Only agencies of the directory, and never the drafting agency itself.
  const agencyNames = new Map((await listAgencies(db)).map((a) => [a.id, a.name]));
  const agencyIds = [...new Set(chosen.agencyIds ?? [])].filter((id) => agencyNames.has(id) && id !== consultation.draftingAgencyId);
  const wantedBodies = new Set(chosen.bodyIds ?? []);
  const wantedPeople = new Set(chosen.personIds ?? []);
  const bodies = wantedBodies.size > 0 ? (await listBodies(db)).filter((b) => wantedBodies.has(b.id)) : [];
  const members = await membersOf(db, bodies.map((b) => b.id));
  const singles = wantedPeople.size > 0 ? (await listPeople(db)).filter((p) => wantedPeople.has(p.id)) : [];
  const targets: InviteeTarget[] = agencyIds.slice();
  const personNames = new Map<number, string>();
  for (const b of bodies) {
    for (const m of members.get(b.id) ?? []) {
      if (personNames.has(m.personId)) continue; // in two chosen bodies: invited through the first
      personNames.set(m.personId, m.name);
      targets.push({ agencyId: m.agencyId, personId: m.personId, bodyId: b.id });
    }
  }
  for (const p of singles) {
    if (personNames.has(p.id)) continue; // also a member of a chosen body: invited through it
    personNames.set(p.id, p.name);
    targets.push({ agencyId: p.agencyId, personId: p.id, bodyId: null });
  }
  // The invitations, the consultation opened and the audit event commit together (db/queries/invitations.ts).
  const made = await inviteAndOpenConsultation(db, {
    consultationId: consultation.id,
    targets: withNonces(targets),
    linkKey: serverSecret(),
    openIfAnyInvited: consultation.status === "preparing",
    actor: { actorUserId: actor.userId, ip: actor.ip },
    bodyNames: bodies.map((b) => b.name),
    people: [...personNames].map(([id, name]) => ({ id, name })),
  });
  const created = made.map((c) => c.id);
  const newAgencies = new Set(made.filter((c) => c.personId === null).map((c) => c.agencyId));
  const newPeople = new Set(made.map((c) => c.personId).filter((id): id is number => id !== null));
  const skipped = {
    agencies: agencyIds.filter((id) => !newAgencies.has(id)).map((id) => ({ id, name: agencyNames.get(id)! })),
    people: [...personNames].filter(([id]) => !newPeople.has(id)).map(([id, name]) => ({ id, name })),
  };
  return plain ? created : { created, skipped };
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
    // A person's invitation goes to the person's own addresses (see mailTargets).
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
      person: target.person,
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
  const ids = await queueInvitationMailRound(
    db,
    built.mails,
    Date.now(),
    actor && {
      actorUserId: actor.userId,
      action: kind === "invitation" ? "mail.invitations_queued" : "mail.reminders_queued",
      subjectType: "consultation",
      subjectId: consultationId,
      ip: actor.ip,
    },
  );
  const delivered = await deliverQueued(ids);
  return { queued: ids.length, noAddress: built.noAddress, ...delivered };
}

export async function revoke(invitationId: number, actor: Actor): Promise<void> {
  const db = await getDb();
  await revokeInvitation(db, invitationId, Date.now(), {
    actorUserId: actor.userId,
    action: "invitation.revoked",
    subjectType: "invitation",
    subjectId: invitationId,
    ip: actor.ip,
  });
}

/** A new link for the agency; the old one stops working at once. */
export async function reissue(invitationId: number, actor: Actor): Promise<void> {
  const db = await getDb();
  const invitation = await findInvitation(db, invitationId);
  if (!invitation) return;
  const nonce = newNonce();
  await reissueInvitation(db, invitationId, nonce, tokenFor(invitationId, nonce).hash, {
    actorUserId: actor.userId,
    action: "invitation.reissued",
    subjectType: "invitation",
    subjectId: invitationId,
    ip: actor.ip,
  });
}
