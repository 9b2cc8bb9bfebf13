import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import type { ReportAppendixRow, ReportModel, ReportRow } from "~/domain/report/build-report";
import { APPENDIX_WIDTHS, COMMENT_WIDTHS } from "~/domain/report/layout";
import { Cols, ReportHead, SignatureBlock } from "~/components/report-blocks";
import { LANGUAGES } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { reportModel } from "~/report/report-data.server";
import { reportLangOf } from "~/report/report-lang";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG } from "~/components/content-lang";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "answers.report", data?.title)];

/**
 * The report, print-ready (print to PDF from the browser) and laid out as the .docx is: A4 with the
 * same margins, the header block, page numbers from page 2, the tables with their header rows
 * repeated. Its language is the report's (?lang=), not the interface's; the .docx, .xlsx and .csv
 * links carry the same choice.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const lang = reportLangOf(request);
  const model = await reportModel(consultation.id, lang);
  if (!model) throw new Response("Not found", { status: 404 });
  return { consultationId: consultation.id, title: consultation.title, model };
}

function CommentRow({ row, proposedLabel }: { row: ReportRow; proposedLabel: string }) {
  const grouped = row.agencies.length > 1;
  return (
    <tr>
      <td className="center">{row.stt}</td>
      <td>{row.clause}</td>
      <td>
        {/* Agencies by name; a body's members under its name (issue 17). */}
        {row.authorGroups.map((g, i) => (
          <div key={i} lang={CONTENT_LANG} data-testid={g.heading ? "report-body" : undefined}>
            {g.heading ? <p className="italic">{g.heading}:</p> : null}
            {g.names.map((a) => (
              <p key={a}>{a}</p>
            ))}
          </div>
        ))}
      </td>
      <td>
        {row.comments.map((c, i) => (
          <div key={i}>
            <p className="prewrap">
              {grouped ? <b>{c.agency}: </b> : null}
              {c.text}
            </p>
            {c.proposed ? (
              <p className="prewrap italic">
                {proposedLabel}: {c.proposed}
              </p>
            ) : null}
          </div>
        ))}
      </td>
      <td>
        <p className="prewrap">
          <b>{row.decision}</b>
          {row.explanation ? `. ${row.explanation}` : ""}
        </p>
      </td>
    </tr>
  );
}

function AppendixRow({ row }: { row: ReportAppendixRow }) {
  return (
    <tr>
      <td className="center">{row.stt}</td>
      <td>{row.clause}</td>
      <td>
        <p className="prewrap">{row.oldText}</p>
      </td>
      <td>
        <p className="prewrap">
          {row.changes.map((part, i) => (part.op === "added" ? <ins key={i}>{part.text}</ins> : part.op === "removed" ? <del key={i}>{part.text}</del> : <span key={i}>{part.text}</span>))}
        </p>
      </td>
      <td>
        {row.reason.split("\n").map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </td>
    </tr>
  );
}

function ReportDocument({ model, label }: { model: ReportModel; label: string }) {
  // tabIndex: it scrolls sideways on a phone, and a keyboard must be able to scroll it too.
  return (
    <article className="report-page" aria-label={label} lang={model.lang} data-testid="report-page" tabIndex={0}>
      <ReportHead header={model.header} />
      <h1 className="report-title">{model.title}</h1>
      <p className="report-subtitle">
        <span className="rd-ruled rd-ruled-title">{model.subtitle}</span>
      </p>
      {model.paragraphs.map((s, i) => (
        <p key={i} className="report-para">
          {s}
        </p>
      ))}
      {model.rows.length > 0 ? (
        <table className="report-table" data-testid="report-table">
          <Cols widths={COMMENT_WIDTHS} />
          <thead>
            <tr>
              {model.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {model.rows.map((r) => (
              <CommentRow key={r.stt} row={r} proposedLabel={model.proposedLabel} />
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="report-para">{model.closing}</p>
      <SignatureBlock recipientsLabel={model.recipientsLabel} recipients={model.recipients} signature={model.signature} />
      {model.appendix.length > 0 ? (
        <section className="report-appendix">
          <h2>{model.appendixTitle}</h2>
          <p className="bold center">{model.appendixSubtitle}</p>
          <p className="italic center">
            <span className="rd-ruled rd-ruled-title">{model.appendixNote}</span>
          </p>
          <p className="italic rd-legend">{model.appendixLegend}</p>
          <table className="report-table rd-appendix-table" data-testid="report-appendix">
            <Cols widths={APPENDIX_WIDTHS} />
            <thead>
              <tr>
                {model.appendixColumns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {model.appendix.map((a) => (
                <AppendixRow key={a.stt} row={a} />
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </article>
  );
}

export default function Report() {
  const { consultationId, title, model } = useLoaderData<typeof loader>();
  const t = useT();
  const base = `/staff/consultations/${consultationId}/export`;
  const q = `?lang=${model.lang}`;
  return (
    <div className="report">
      <p className="breadcrumb no-print">
        <Link to={`/staff/consultations/${consultationId}/answers`}>← {t("answers.title")}</Link>
      </p>
      <Form method="get" className="actions no-print rd-lang-form">
        <label className="field-inline">
          <span>{t("reportDoc.lang")}</span>{" "}
          <select name="lang" defaultValue={model.lang}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`reportDoc.lang.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {t("reportDoc.show")}
        </button>
      </Form>
      <div className="actions no-print">
        <a className="button primary" href={`${base}/docx${q}`} download>
          {t("report.downloadDocx")}
        </a>
        {/* Plain links (no download attribute) for the streamed files: the answer's Content-Disposition
            makes them downloads, and a refusal (every export connection busy) is shown as a page. */}
        <a className="button" href={`${base}/xlsx${q}`}>
          {t("report.downloadXlsx")}
        </a>
        <a className="button" href={`${base}/csv${q}`}>
          {t("report.downloadCsv")}
        </a>
        <Link className="button" to={`/staff/consultations/${consultationId}/report-settings`}>
          {t("reportSettings.link")}
        </Link>
        <Link className="button" to={`/staff/consultations/${consultationId}/comparison-table${q}`}>
          {t("comparisonTable.link")}
        </Link>
        <button type="button" className="button" onClick={() => window.print()}>
          {t("common.print")}
        </button>
      </div>
      <ReportDocument model={model} label={title} />
    </div>
  );
}
