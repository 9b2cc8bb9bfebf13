import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { reportModel } from "~/report/report-data.server";

export const meta: MetaFunction = () => [{ title: "Góp ý" }];

/** The report, print-ready (print to PDF from the browser), with its .docx, .xlsx and .csv. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = requireConsultation(user, parseId(params.id));
  const model = reportModel(consultation.id, await getLang(request));
  if (!model) throw new Response("Not found", { status: 404 });
  return { consultationId: consultation.id, title: consultation.title, model };
}

export default function Report() {
  const { consultationId, title, model } = useLoaderData<typeof loader>();
  const t = useT();
  const base = `/staff/consultations/${consultationId}/export`;
  return (
    <div className="report">
      <p className="breadcrumb no-print">
        <Link to={`/staff/consultations/${consultationId}/answers`}>← {t("answers.title")}</Link>
      </p>
      <div className="actions no-print">
        <a className="button primary" href={`${base}/docx`} download>{t("report.downloadDocx")}</a>
        <a className="button" href={`${base}/xlsx`} download>{t("report.downloadXlsx")}</a>
        <a className="button" href={`${base}/csv`} download>{t("report.downloadCsv")}</a>
        <Link className="button" to={`/staff/consultations/${consultationId}/report-settings`}>{t("reportSettings.link")}</Link>
        <button type="button" className="button" onClick={() => window.print()}>{t("common.print")}</button>
      </div>
      <article className="report-page" aria-label={title}>
        <div className="report-head">
          <div>
            <p className="bold">{model.issuer}</p>
            <p>Số: &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/BC-</p>
          </div>
          <div>
            <p className="bold">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
            <p className="bold underline">Độc lập - Tự do - Hạnh phúc</p>
            <p className="italic">{model.dateLine}</p>
          </div>
        </div>
        <h1 className="report-title">{model.title}</h1>
        <p className="report-subtitle">{model.subtitle}</p>
        {model.summary.map((s, i) => (
          <p key={i} className="report-para">{s}</p>
        ))}
        <table className="report-table" data-testid="report-table">
          <thead>
            <tr>{model.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
          </thead>
          <tbody>
            {model.rows.map((r) => (
              <tr key={r.stt}>
                <td>{r.stt}</td>
                <td>{r.clause}</td>
                <td>{r.agencies.join("; ")}</td>
                <td className="prewrap">{r.comments.map((c) => (r.agencies.length > 1 ? `${c.agency}: ${c.text}` : c.text)).join("\n\n")}</td>
                <td className="prewrap">{r.answer}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {model.appendix.length > 0 ? (
          <section className="report-appendix">
            <h2>{model.appendixTitle}</h2>
            <table className="report-table">
              <thead>
                <tr>{model.appendixColumns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
              </thead>
              <tbody>
                {model.appendix.map((a, i) => (
                  <tr key={i}>
                    <td className="prewrap">{a.oldText}</td>
                    <td className="prewrap">{a.newText}</td>
                    <td className="prewrap">{a.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
      </article>
    </div>
  );
}
