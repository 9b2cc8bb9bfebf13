import { getDb } from "#db/client.server";
import { findInvitation, findSubmission } from "#db/queries/invitations";

/** A submission of this consultation (with its invitation), or a 404 for anything else. */
export async function requireSubmission(consultationId: number, submissionId: number) {
  const db = await getDb();
  const submission = await findSubmission(db, submissionId);
  const invitation = submission ? await findInvitation(db, submission.invitationId) : null;
  if (!submission || !invitation || invitation.consultationId !== consultationId) throw new Response("Not found", { status: 404 });
  return { submission, invitation };
}
