import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { groupDisagreements } from "~/domain/disagreements/disagreements";
import { translator } from "~/i18n";
import { disagreementsDocx, disagreementsXlsx } from "~/report/disagreements-export.server";
import { reportModel } from "~/report/report-data.server";
import { reportLangOf } from "~/report/report-lang";
import { getDb } from "#db/client.server";
import { disagreementRows } from "#db/queries/disagreements";

const TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

/** The disagreements (issue 16) as .docx (the report's official form) or .xlsx, in the language asked for (?lang=). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation, draftingAgencyName } = await requireConsultation(user, parseId(params.id));
  const format = params.format;
  if (format !== "docx" && format !== "xlsx") throw new Response("Not found", { status: 404 });
  const lang = reportLangOf(request);
  const t = translator(lang);
  const summary = groupDisagreements(await disagreementRows(await getDb(), consultation.id));
  const filename = `y-kien-khong-dong-y-${consultation.id}${lang !== "vi" ? `-${lang}` : ""}.${format}`;
  const headers = { "Content-Type": TYPES[format], "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "private, no-store" };
  if (format === "docx") {
    // The report's model gives the header, "Nơi nhận" and the signature from the report settings.
    const report = (await reportModel(consultation.id, lang))!;
    const bytes = await disagreementsDocx(report, summary, t, { title: consultation.title, drafter: draftingAgencyName });
    return new Response(new Uint8Array(bytes), { headers });
  }
  return new Response(new Uint8Array(await disagreementsXlsx(summary, t, consultation.title)), { headers });
}
