import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { getDb } from "#db/client.server";
import { findInvitation, findSubmission } from "#db/queries/invitations";

/** The agency's signed reply letter (PDF), as uploaded. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = requireConsultation(user, parseId(params.id));
  const db = getDb();
  const submission = findSubmission(db, parseId(params.sid));
  const invitation = submission ? findInvitation(db, submission.invitationId) : null;
  if (!submission?.replyLetter || !invitation || invitation.consultationId !== consultation.id) {
    throw new Response("Not found", { status: 404 });
  }
  return new Response(new Uint8Array(submission.replyLetter), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="reply-${submission.receiptRef}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
