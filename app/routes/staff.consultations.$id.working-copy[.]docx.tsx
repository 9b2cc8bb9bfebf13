import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { translator } from "~/i18n";
import { workingCopyDocx } from "~/working-copy/working-docx.server";
import { workingCopyText } from "~/working-copy/working-copy.server";

/** The working copy of the next draft as .docx, in the draft's own words and numbering (title in Vietnamese, the draft's language). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const working = await workingCopyText(consultation.id);
  if (!working) throw new Response("Not found", { status: 404 });
  const t = translator("vi");
  const bytes = await workingCopyDocx({ text: working.text, language: working.language, title: t("working.docTitle", { next: working.nextNumber, base: working.baseLabel }) });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="ban-lam-viec-du-thao-${working.nextNumber}-${consultation.id}.docx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
