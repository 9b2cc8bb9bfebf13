import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { translator } from "~/i18n";
import { getLang } from "~/i18n/lang.server";
import { workingCopyDocx } from "~/working-copy/working-docx.server";
import { workingCopyText } from "~/working-copy/working-copy.server";

/** The working copy of the next draft as .docx, in the draft's own words and numbering (title in Vietnamese, the draft's language). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const working = await workingCopyText(consultation.id);
  if (!working) throw new Response("Not found", { status: 404 });
  // A working copy that does not read back as the next version is not downloaded as something else.
  if (!working.ok) {
    const tl = translator(await getLang(request));
    throw new Response(tl("working.docxStructure", { clause: working.citation }), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
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
