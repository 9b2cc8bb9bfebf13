import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { translator } from "~/i18n";
import { comparisonTableDocx } from "~/report/comparison-table-docx.server";
import { comparisonTable } from "~/report/comparison-table-data.server";
import { reportLangOf } from "~/report/report-lang";

/** The comparison table (bảng so sánh) as .docx: the same ?from=&to=&lang= as its print page; 400 on versions that cannot be compared. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await requireConsultation(user, parseId(params.id));
  const lang = reportLangOf(request);
  const result = await comparisonTable(found, new URL(request.url).searchParams, lang);
  if (result.kind !== "table") {
    const t = translator(lang);
    return new Response(t(result.kind === "bad" ? "comparisonTable.badVersions" : "comparisonTable.needTwo"), {
      status: result.kind === "bad" ? 400 : 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  const bytes = await comparisonTableDocx(result.model);
  const filename = `bang-so-sanh-${found.consultation.id}-${result.fromId}-${result.toId}${lang !== "vi" ? `-${lang}` : ""}.docx`;
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
