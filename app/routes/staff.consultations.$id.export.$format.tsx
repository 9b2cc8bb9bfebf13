import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { translator, type Lang } from "~/i18n";
import { reportDocx } from "~/report/export-docx.server";
import { csvStream, xlsxStream } from "~/report/export-tabular.server";
import { getLang } from "~/i18n/lang.server";
import { shortPage } from "~/http/short-page.server";
import { ExportsBusyError } from "#db/queries/answers";
import { reportModel } from "~/report/report-data.server";
import { reportLangOf } from "~/report/report-lang";

const TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
} as const;

function exportsBusyPage(lang: Lang, reportHref: string): Response {
  const t = translator(lang);
  const html = shortPage(lang, { title: t("body.busyTitle"), message: t("report.exportsBusy"), testId: "exports-busy", back: { href: reportHref, label: t("report.backToReport") } });
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "30", "Cache-Control": "no-store" } });
}

/** The report as .docx (built whole), or every comment as .xlsx / .csv (streamed row by row), in the language asked for. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const format = params.format;
  if (format !== "docx" && format !== "xlsx" && format !== "csv") throw new Response("Not found", { status: 404 });
  // The report's own language (?lang=vi|en|ru), independent of the interface's; Vietnamese by default.
  const reportLang = reportLangOf(request);
  const t = translator(reportLang);
  const filename = `bao-cao-tiep-thu-giai-trinh-${consultation.id}${format === "docx" && reportLang !== "vi" ? `-${reportLang}` : ""}.${format}`;
  const headers = {
    "Content-Type": TYPES[format],
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Cache-Control": "private, no-store",
  };
  if (format === "docx") {
    const model = (await reportModel(consultation.id, reportLang))!;
    const bytes = await reportDocx(model);
    return new Response(new Uint8Array(bytes), { headers });
  }
  try {
    const stream = format === "csv" ? await csvStream(consultation.id, t) : await xlsxStream(consultation.id, t, t("report.sheetName"));
    return new Response(createReadableStreamFromReadable(stream), { headers });
  } catch (error) {
    // Every export connection is held by a download (PostgreSQL): a page saying so, in the interface's
    // language, to try again shortly (the report page's links are plain links, so the browser shows it).
    if (error instanceof ExportsBusyError) return exportsBusyPage(await getLang(request), `/staff/consultations/${consultation.id}/report`);
    throw error;
  }
}
