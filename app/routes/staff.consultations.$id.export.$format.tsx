import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { translator } from "~/i18n";
import { getLang } from "~/i18n/lang.server";
import { reportDocx } from "~/report/export-docx.server";
import { csvStream, xlsxStream } from "~/report/export-tabular.server";
import { reportModel } from "~/report/report-data.server";

const TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
} as const;

/** The report as .docx (built whole), or every comment as .xlsx / .csv (streamed row by row). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = requireConsultation(user, parseId(params.id));
  const format = params.format;
  if (format !== "docx" && format !== "xlsx" && format !== "csv") throw new Response("Not found", { status: 404 });
  const lang = await getLang(request);
  const t = translator(lang);
  const filename = `bao-cao-tiep-thu-giai-trinh-${consultation.id}.${format}`;
  const headers = {
    "Content-Type": TYPES[format],
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Cache-Control": "private, no-store",
  };
  if (format === "docx") {
    const model = reportModel(consultation.id, lang)!;
    const bytes = await reportDocx(model, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]);
    return new Response(new Uint8Array(bytes), { headers });
  }
  const stream = format === "csv" ? csvStream(consultation.id, t) : xlsxStream(consultation.id, t, t("report.sheetName"));
  return new Response(createReadableStreamFromReadable(stream), { headers });
}
