import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { DiffText } from "~/components/diff-text";
import { capitalizeFirst, clauseRef, commentClauseRef } from "~/domain/clause-ref";
import { Pager } from "~/components/pager";
import { fullText } from "~/domain/lineage/text";
import { useT } from "~/i18n/use-t";
import { buildComparison, clauseHistory } from "~/versions/compare.server";
import { getDb } from "#db/client.server";
import { versionsInOrder } from "#db/queries/lineage";
import { pageParam } from "~/http/page-param";
import { isRowId } from "~/domain/row-id";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, data?.history ? "compare.historyTitle" : "compare.title", data?.consultation.title)];

/**
 * Compare two versions (?from=&to=), side by side or inline (?mode=inline), hiding changes of form
 * unless ?form=1 (?case=1 also counts letter case as form); ?only=all|changed|commented; or follow
 * one clause through every version (?history=clauseId).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const url = new URL(request.url);
  const all = await versionsInOrder(await getDb(), consultation.id);
  const find = (raw: string | null) => all.find((v) => String(v.id) === raw) ?? null;
  const published = all.filter((v) => v.publishedAt !== null);
  const to = find(url.searchParams.get("to")) ?? published.at(-1) ?? all.at(-1) ?? null;
  const from = find(url.searchParams.get("from")) ?? [...all].reverse().find((v) => to && v.number < to.number) ?? null;
  const base = { consultation: { id: consultation.id, title: consultation.title }, versions: all, from, to };
  const historyParam = url.searchParams.get("history");
  if (historyParam !== null && historyParam !== "") {
    const historyOf = Number(historyParam);
    // Not an id the database could hold (1.5, 3000000000): no such clause, never a query PostgreSQL refuses.
    if (!/^\d+$/.test(historyParam) || !isRowId(historyOf)) throw new Response("Not found", { status: 404 });
    const steps = await clauseHistory(consultation.id, historyOf);
    if (steps.length === 0 || !all.some((v) => v.id === steps[0]!.versionId)) throw new Response("Not found", { status: 404 });
    return { ...base, history: steps.map((s) => ({ ...s, text: fullText(s) })), comparison: null };
  }
  if (!from || !to || from.id === to.id) return { ...base, history: null, comparison: null };
  const only = url.searchParams.get("only");
  const comparison = await buildComparison(consultation.id, from.id, to.id, {
    ignoreCase: url.searchParams.get("case") === "1",
    showForm: url.searchParams.get("form") === "1",
    only: only === "all" || only === "commented" ? only : "changed",
    page: pageParam(url.searchParams),
  });
  return { ...base, history: null, comparison };
}

export default function Compare() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const mode = params.get("mode") === "inline" ? "inline" : "side";
  // The draft's language (versions.language), for its text inside a page in another language.
  const lang = d.to?.language ?? d.versions.at(-1)?.language ?? CONTENT_LANG;
  const showForm = params.get("form") === "1";
  const only = params.get("only") ?? "changed";
  const withParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    next.delete("history");
    next.delete("page");
    return `?${next.toString()}`;
  };
  return (
    <div className={`compare mode-${mode}`}>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${d.consultation.id}`}>← <span lang={CONTENT_LANG}>{d.consultation.title}</span></Link>
      </p>
      <h1>{d.history ? t("compare.historyTitle") : t("compare.title")}</h1>
      <Form method="get" className="compare-pick no-print">
        <label>
          {t("compare.from")}{" "}
          <select name="from" defaultValue={d.from?.id}>
            {d.versions.map((v) => (
              <option key={v.id} value={v.id} lang={CONTENT_LANG}>{v.label}</option>
            ))}
          </select>
        </label>
        <label>
          {t("compare.to")}{" "}
          <select name="to" defaultValue={d.to?.id}>
            {d.versions.map((v) => (
              <option key={v.id} value={v.id} lang={CONTENT_LANG}>{v.label}</option>
            ))}
          </select>
        </label>
        <input type="hidden" name="mode" value={mode} />
        <button type="submit" className="button">{t("compare.go")}</button>
      </Form>
      {d.from && d.to && d.from.id !== d.to.id && d.from.number < d.to.number && !d.history ? (
        <p className="actions no-print">
          <Link className="button" to={`/staff/consultations/${d.consultation.id}/comparison-table?from=${d.from.id}&to=${d.to.id}`}>
            {t("comparisonTable.link")}
          </Link>
        </p>
      ) : null}

      {d.history ? (
        <ol className="history">
          {d.history.map((s) => (
            <li key={s.id} className="card">
              <p>
                <strong lang={CONTENT_LANG}>{s.versionLabel}</strong> · <span lang={lang}>{clauseRef(s)}</span>
              </p>
              {s.parts ? <DiffText parts={s.parts} lang={lang} /> : <div className="diff-text" lang={lang}>{s.text}</div>}
            </li>
          ))}
        </ol>
      ) : !d.comparison ? (
        <p className="muted">{t("compare.needTwo")}</p>
      ) : (
        <>
          <p className="summary" data-testid="compare-summary">
            {t("compare.summary", {
              added: d.comparison.summary.added,
              removed: d.comparison.summary.removed,
              changed: d.comparison.summary.changed,
              unchanged: d.comparison.summary.unchanged,
            })}
            {d.comparison.summary.formOnly > 0 ? ` ${t("compare.formOnlyCount", { n: d.comparison.summary.formOnly })}` : ""}
          </p>
          <nav className="filters no-print" aria-label={t("compare.filters")}>
            <Link className="chip" aria-current={only === "changed" ? "true" : undefined} to={withParam("only", "changed")}>{t("compare.onlyChanged")}</Link>
            <Link className="chip" aria-current={only === "commented" ? "true" : undefined} to={withParam("only", "commented")}>{t("compare.onlyCommented")}</Link>
            <Link className="chip" aria-current={only === "all" ? "true" : undefined} to={withParam("only", "all")}>{t("compare.all")}</Link>
            <span className="sep" />
            <Link className="chip" aria-current={mode === "side" ? "true" : undefined} to={withParam("mode", "side")}>{t("compare.side")}</Link>
            <Link className="chip" aria-current={mode === "inline" ? "true" : undefined} to={withParam("mode", "inline")}>{t("compare.inline")}</Link>
            <span className="sep" />
            <Link className="chip" aria-current={showForm ? "true" : undefined} to={withParam("form", showForm ? null : "1")}>{t("compare.showForm")}</Link>
            <Link className="chip" aria-current={params.get("case") === "1" ? "true" : undefined} to={withParam("case", params.get("case") === "1" ? null : "1")}>{t("compare.ignoreCase")}</Link>
          </nav>
          <div className="compare-rows">
            {d.comparison.rows.map((r) => (
              <CompareRowView key={`${r.old?.id ?? "n"}-${r.new?.id ?? "r"}`} row={r} mode={mode} showForm={showForm} consultationId={d.consultation.id} lang={lang} />
            ))}
            {d.comparison.total === 0 ? <p className="muted">{t("compare.nothing")}</p> : null}
          </div>
          <Pager page={Number(params.get("page")) || 1} hasMore={d.comparison.hasMore} params={params} />
        </>
      )}
    </div>
  );
}

type Row = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["comparison"]>["rows"][number];

function CompareRowView({ row, mode, showForm, consultationId, lang }: { row: Row; mode: string; showForm: boolean; consultationId: number; lang: string }) {
  const t = useT();
  const clause = row.new ?? row.old!;
  const showDiff = row.parts !== null && (showForm || !row.formOnly);
  const oldRef = row.old ? clauseRef(row.old) : "";
  const newRef = row.new ? clauseRef(row.new) : "";
  const label = capitalizeFirst(row.old && row.new && oldRef !== newRef ? `${oldRef} → ${newRef}` : clauseRef(clause));
  return (
    <section className={`compare-row card rel-${row.relation}${row.formOnly ? " form-only" : ""}`} id={`clause-${clause.label}`}>
      <header className="compare-head">
        <strong lang={lang}>{label}</strong>{" "}
        <span className={`badge rel rel-${row.relation}`}>{row.formOnly && !showForm ? t("lineage.kept") : t(`lineage.${row.relation}`)}</span>
        {row.formOnly ? <span className="muted small"> {t("compare.formOnly")}</span> : null}
        {row.merged.length > 0 ? <span className="muted small"> <Sentence t={t} k="lineage.mergedFrom" params={{ clauses: row.merged.map((m) => clauseRef(m)).join(", ") }} marked={["clauses"]} lang={lang} /></span> : null}
        <Link className="small no-print" to={`?history=${clause.id}`}>{t("compare.history")}</Link>
      </header>
      {row.relation === "new" ? (
        <div className="diff-text" lang={lang}><ins>{[row.new!.heading, row.new!.body].filter(Boolean).join("\n")}</ins></div>
      ) : row.relation === "removed" ? (
        <div className="diff-text" lang={lang}><del>{[row.old!.heading, row.old!.body].filter(Boolean).join("\n")}</del></div>
      ) : showDiff ? (
        mode === "inline" ? (
          <DiffText parts={row.parts!} lang={lang} />
        ) : (
          <div className="side-by-side">
            <div><p className="side-label">{t("compare.old")}</p><DiffText parts={row.parts!} side="old" lang={lang} /></div>
            <div><p className="side-label">{t("compare.new")}</p><DiffText parts={row.parts!} side="new" lang={lang} /></div>
          </div>
        )
      ) : (
        <div className="diff-text muted" lang={lang}>{[row.new!.heading, row.new!.body].filter(Boolean).join("\n")}</div>
      )}
      {row.comments.length > 0 ? (
        <details className="row-comments" open>
          <summary>{t("compare.comments", { n: row.comments.length })}</summary>
          <ul>
            {row.comments.map((c) => (
              <li key={c.id}>
                <strong lang={CONTENT_LANG}>{c.authorName}</strong>{" "}
                <span className="muted small"><Sentence t={t} k="comments.onVersionClause" params={{ version: c.versionLabel, clause: commentClauseRef(c) ?? "" }} marked={["version", "clause"]} /></span>
                <p className="prewrap" lang={CONTENT_LANG}>{c.text}</p>
                {c.proposedWording ? <blockquote className="proposed prewrap" lang={CONTENT_LANG}>{c.proposedWording}</blockquote> : null}
              </li>
            ))}
          </ul>
          <Link className="small no-print" to={`/staff/consultations/${consultationId}/comments?clause=${clause.id}`}>{t("comments.view")}</Link>
        </details>
      ) : null}
    </section>
  );
}
