/**
 * Who wrote a response (issue 17): the joins and the order every list of comments, submissions and
 * invitations uses to name its author. An invitation is an agency's, or a person's in their own name
 * (invitations.person_id), usually through a collective body (invitations.body_id): the person's name
 * and position, the body's name and the member's place in the body's list come by left joins, so an
 * agency's rows are unchanged.
 */
import { and, asc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { authorLabel } from "../../app/domain/author";
import { DIALECT, type Db } from "../client.server";
import { agencies, bodies, bodyMembers, invitations, people, submissions } from "../schema";

/** Join conditions (left joins) from invitations to the person, the body and the membership. */
export const personOfInvitation = eq(people.id, invitations.personId);
export const bodyOfInvitation = eq(bodies.id, invitations.bodyId);
export const membershipOfInvitation = and(eq(bodyMembers.bodyId, invitations.bodyId), eq(bodyMembers.personId, invitations.personId));

/** The author's columns, selected next to agencies.name as agencyName. */
export const authorColumns = {
  personId: invitations.personId,
  personName: people.name,
  personPosition: people.position,
  bodyId: invitations.bodyId,
  bodyName: bodies.name,
  /** The member's place in the body's list (chair first); null for agencies and people invited alone. */
  memberOrder: bodyMembers.position,
};

const collated = (expr: SQL): SQL => (DIALECT === "pg" ? sql`${expr} collate "C"` : expr);

/**
 * Authors in order: agencies by name as now (byAgencyName); a body takes its place among them by its
 * own name, its members in the list's order under it; a person invited alone comes after their agency.
 */
export const byAuthor: SQL[] = [
  collated(sql`coalesce(${bodies.sortKey}, ${agencies.sortKey})`),
  collated(sql`coalesce(${bodies.name}, ${agencies.name})`),
  asc(sql`case when ${invitations.personId} is null then 0 else 1 end`),
  asc(sql`coalesce(${bodyMembers.position}, 0)`),
  collated(sql`coalesce(${people.sortKey}, '')`),
  collated(sql`coalesce(${people.name}, '')`),
];

/** A row's author as shown: the agency's name, or "name, position (body)". */
export function withAuthorName<T extends { agencyName: string; personName: string | null; personPosition: string | null; bodyName: string | null }>(row: T): T & { authorName: string } {
  return { ...row, authorName: authorLabel(row) };
}

export interface ReportInvitationRow {
  id: number;
  agencyName: string;
  personId: number | null;
  personName: string | null;
  personPosition: string | null;
  bodyId: number | null;
  bodyName: string | null;
  memberOrder: number | null;
  answerKind: "comments" | "agree" | "decline" | null;
  /** The latest answer's verdict (issue 16); null before verdicts existed. */
  verdict: "agree" | "agree_with_comments" | "disagree" | null;
  late: boolean;
  latestSubmissionId: number | null;
  signerName: string | null;
  signerPosition: string | null;
}

/**
 * The invitations a report counts (not revoked), with their authors, in byAuthor order: the report's
 * list of who was consulted and who answered, and the .xlsx's counts.
 */
export async function reportInvitations(db: Db, consultationId: number): Promise<ReportInvitationRow[]> {
  const found = await db
    .select({
      id: invitations.id,
      agencyName: agencies.name,
      ...authorColumns,
      answerKind: invitations.answerKind,
      verdict: invitations.verdict,
      late: invitations.late,
      latestSubmissionId: invitations.latestSubmissionId,
      signerName: submissions.signerName,
      signerPosition: submissions.signerPosition,
    })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(people, personOfInvitation)
    .leftJoin(bodies, bodyOfInvitation)
    .leftJoin(bodyMembers, membershipOfInvitation)
    .leftJoin(submissions, eq(submissions.id, invitations.latestSubmissionId))
    .where(and(eq(invitations.consultationId, consultationId), isNull(invitations.revokedAt)))
    .orderBy(...byAuthor, asc(invitations.id));
  return found.map((r) => ({ ...r, late: Boolean(r.late) }));
}

/** Who an invitation is for, to name on its pages: the agency, or the person with their position and body. */
export async function invitationAuthor(db: Db, invitationId: number): Promise<{ agencyName: string; personName: string | null; personPosition: string | null; bodyName: string | null } | null> {
  const [row] = await db
    .select({ agencyName: agencies.name, personName: people.name, personPosition: people.position, bodyName: bodies.name })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(people, personOfInvitation)
    .leftJoin(bodies, bodyOfInvitation)
    .where(eq(invitations.id, invitationId))
    .limit(1);
  return row ?? null;
}
