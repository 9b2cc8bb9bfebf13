import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { requireSubmission } from "~/consultations/submission.server";

/** The agency's signed reply letter (PDF), as uploaded. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const { submission } = await requireSubmission(consultation.id, parseId(params.sid));
  if (!submission.replyLetter) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(submission.replyLetter), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="reply-${submission.receiptRef}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
