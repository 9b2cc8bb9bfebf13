import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { Cols, ReportHead, SignatureBlock } from "~/components/report-blocks";
import { CONTENT_LANG } from "~/components/content-lang";
import { COMPARISON_WIDTHS, LANDSCAPE_TEXT_MM } from "~/domain/comparison-table/layout";
import type { ComparisonTableModel, ComparisonTableRow } from "~/domain/comparison-table/model";
import { HEAD_COLUMNS_MM } from "~/domain/report/layout";
import { LANGUAGES } from "~/i18n";
import { pageTitle } from "~/i18n/page-title";
import { useT } from "~/i18n/use-t";
import { comparisonTable } from "~/report/comparison-table-data.server";
import { reportLangOf } from "~/report/report-lang";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "comparisonTable.title", data?.title)];

/**
 * The comparison table (bảng so sánh) of two versions, print-ready as A4 landscape and laid out as
 * its .docx (/staff/consultations/:id/comparison-table.docx) is. ?from=&to= choose the versions (ids;
 * by default the two newest published ones; 400 when they cannot be compared), ?lang= the document's
 * language as for the report.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await requireConsultation(user, parseId(params.id));
  const lang = reportLangOf(request);
  const result = await comparisonTable(found, new URL(request.url).searchParams, lang);
  const data = { consultationId: found.consultation.id, title: found.consultation.title, lang, ...result };
  return json(data, { status: result.kind === "bad" ? 400 : 200, headers: { "Cache-Control": "private, no-store" } });
}

function Row({ row }: { row: ComparisonTableRow }) {
  return (
    <tr>
      <td className="center">{row.stt}</td>
      <td>{row.clause}</td>
      <td>
        <p className="prewrap">{row.oldText}</p>
      </td>
      <td>
        <p className="prewrap">
          {row.changes.map((part, i) =>
            part.op === "added" ? (
              <ins key={i} className="ct-ins">
                {part.text}
              </ins>
            ) : part.op === "removed" ? (
              <del key={i}>{part.text}</del>
            ) : (
              <span key={i}>{part.text}</span>
            ),
          )}
        </p>
      </td>
      <td>
        {row.reason.map((line, i) => (
          <p key={i} className={row.drafterEdit ? "italic" : undefined}>
            {line}
          </p>
        ))}
      </td>
    </tr>
  );
}

function TableDocument({ model, label }: { model: ComparisonTableModel; label: string }) {
  // tabIndex: it scrolls sideways on a phone, and a keyboard must be able to scroll it too.
  return (
    <article className="report-page ct-page" aria-label={label} lang={model.lang} data-testid="comparison-table-page" tabIndex={0}>
      <ReportHead header={model.header} rightMm={LANDSCAPE_TEXT_MM - HEAD_COLUMNS_MM[0]} />
      <h1 className="report-title">{model.title}</h1>
      <p className="bold center">{model.subtitle}</p>
      <p className="bold center">{model.draftTitle}</p>
      <p className="italic center">
        <span className="rd-ruled rd-ruled-title">{model.note}</span>
      </p>
      {model.rows.length > 0 ? (
        <>
          <p className="italic rd-legend">{model.legend}</p>
          <table className="report-table" data-testid="comparison-table">
            <Cols widths={COMPARISON_WIDTHS} />
            <thead>
              <tr>
                {model.columns.map((c, i) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {model.rows.map((r) => (
                <Row key={r.stt} row={r} />
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="report-para">{model.empty}</p>
      )}
      <SignatureBlock recipientsLabel={model.recipientsLabel} recipients={model.recipients} signature={model.signature} />
    </article>
  );
}

export default function ComparisonTablePage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const base = `/staff/consultations/${d.consultationId}`;
  const chosen = d.kind === "table" ? { from: d.fromId, to: d.toId } : null;
  const query = new URLSearchParams({ ...(chosen ? { from: String(chosen.from), to: String(chosen.to) } : {}), lang: d.lang }).toString();
  return (
    <div className="report">
      <p className="breadcrumb no-print">
        <Link to={`${base}/compare`}>← {t("compare.title")}</Link>
      </p>
      <h1 className="no-print">{t("comparisonTable.title")}</h1>
      {d.kind === "none" ? (
        <p className="muted">{t("comparisonTable.needTwo")}</p>
      ) : (
        <Form method="get" className="actions no-print compare-pick" aria-label={t("comparisonTable.pick")}>
          <label>
            {t("comparisonTable.from")}{" "}
            <select name="from" defaultValue={chosen?.from}>
              {d.versions.map((v) => (
                <option key={v.id} value={v.id} lang={CONTENT_LANG}>
                  {v.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("comparisonTable.to")}{" "}
            <select name="to" defaultValue={chosen?.to}>
              {d.versions.map((v) => (
                <option key={v.id} value={v.id} lang={CONTENT_LANG}>
                  {v.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("reportDoc.lang")}{" "}
            <select name="lang" defaultValue={d.lang}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`reportDoc.lang.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button">
            {t("comparisonTable.show")}
          </button>
        </Form>
      )}
      {d.kind === "bad" ? (
        <p className="error" role="alert">
          {t("comparisonTable.badVersions")}
        </p>
      ) : null}
      {d.kind === "table" ? (
        <>
          <p className="no-print muted" data-testid="comparison-table-count">
            {t("comparisonTable.count", { n: d.model.rows.length })}
          </p>
          <div className="actions no-print">
            <a className="button primary" href={`${base}/comparison-table.docx?${query}`} download>
              {t("comparisonTable.downloadDocx")}
            </a>
            <button type="button" className="button" onClick={() => window.print()}>
              {t("common.print")}
            </button>
          </div>
          <TableDocument model={d.model} label={d.title} />
        </>
      ) : null}
    </div>
  );
}
