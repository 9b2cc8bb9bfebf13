import { Form, Link } from "@remix-run/react";
import type { versionLineage } from "~/versions/lineage.server";
import { useT } from "~/i18n/use-t";
import { capitalizeFirst } from "~/domain/clause-ref";
import { LOW_CONFIDENCE, MIN_CONFIDENCE } from "~/domain/lineage/align";
import { REVIEW_FILTERS } from "~/domain/lineage/review";
import { CsrfInput } from "./forms";
import { CONTENT_LANG, Sentence } from "./content-lang";

type Lineage = NonNullable<Awaited<ReturnType<typeof versionLineage>>>;

const RELATIONS = ["kept", "changed", "moved", "split", "merged", "removed", "new"] as const;

/**
 * How this version continues the previous one, clause by clause. While the version is not published
 * the drafter can correct any match by typing the previous version's label (empty for a new clause),
 * or undo a merge; what they read is each clause's citation, the label only in the field they type in.
 * Every match other than an identical text shows its relation and confidence ("Gộp · 62%"), and the
 * table can be narrowed (?rows=, a plain GET form) to the rows to check; the summary counts link there.
 * `lang`: the draft's language (versions.language), for its citations and headings in another page language.
 */
export function LineageReview({ lineage, editable, compareHref, lang = CONTENT_LANG }: { lineage: Lineage; editable: boolean; compareHref: string; lang?: string }) {
  const t = useT();
  const filtered = lineage.filter !== "all";
  const countHref = (r: (typeof RELATIONS)[number]) =>
    r === "removed" ? "#lineage-removed" : `?rows=${r === "kept" ? "all" : r}#lineage-rows`;
  const marked = (relation: string, pct: number) => t("lineageReview.marked", { relation, pct: String(pct) });
  return (
    <section className="card lineage" aria-labelledby="lineage-h">
      <h2 id="lineage-h"><Sentence t={t} k="lineage.title" params={{ label: lineage.previous.label }} marked={["label"]} /></h2>
      <p className="muted small lineage-summary">
        {RELATIONS.filter((r) => lineage.counts[r]).map((r, k) => (
          <span key={r}>
            {k > 0 ? " · " : ""}
            <a href={countHref(r)}>{`${t(`lineage.${r}`)}: ${lineage.counts[r]}`}</a>
          </span>
        ))}
        {lineage.filterCounts.low > 0 ? (
          <>
            {" · "}
            <a href="?rows=low#lineage-rows" className="low-confidence-link">
              {t("lineageReview.lowCount", { n: String(lineage.filterCounts.low) })}
            </a>
          </>
        ) : null}
        {lineage.declared ? "" : lineage.manual ? ` · ${t("lineage.corrected")}` : ""} · <Link to={compareHref}>{t("lineage.compare")}</Link>
      </p>
      {lineage.declared ? (
        <p className="small" data-testid="lineage-declared">
          <Sentence t={t} k="lineage.declared" params={{ label: lineage.previous.label }} marked={["label"]} />
        </p>
      ) : null}
      <details open={editable || filtered}>
        <summary>{editable ? t("lineage.reviewEditable") : t("lineage.review")}</summary>
        <p className="muted small">
          {t("lineageReview.hint", { low: String(Math.round(LOW_CONFIDENCE * 100)), min: String(Math.round(MIN_CONFIDENCE * 100)) })}
        </p>
        <Form method="get" className="inline-form lineage-filter" preventScrollReset>
          <label>
            {t("lineageReview.filterLabel")}{" "}
            <select name="rows" defaultValue={lineage.filter}>
              {REVIEW_FILTERS.map((f) => (
                <option key={f} value={f}>
                  {`${t(`lineageReview.filter.${f}`)} (${lineage.filterCounts[f]})`}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit" className="button small">
            {t("lineageReview.filterApply")}
          </button>
          {filtered ? (
            <span className="small">
              {" "}
              {t("lineageReview.showing", { shown: lineage.rows.length, n: lineage.filterCounts.all })}{" "}
              <a href="?rows=all#lineage-rows">{t("lineageReview.showAll")}</a>
            </span>
          ) : null}
        </Form>
        <Form method="post">
          <CsrfInput />
          <datalist id="old-labels">
            {lineage.oldOptions.map((o) => (
              <option key={o.label} value={o.label} lang={lang}>
                {o.text}
              </option>
            ))}
          </datalist>
          <div className="table-wrap">
            <table className="list lineage-table" id="lineage-rows">
              <thead>
                <tr>
                  <th scope="col">{t("lineage.newClause")}</th>
                  <th scope="col"><Sentence t={t} k="lineage.continues" params={{ label: lineage.previous.label }} marked={["label"]} /></th>
                  <th scope="col">{t("lineage.relation")}</th>
                </tr>
              </thead>
              <tbody>
                {lineage.rows.length === 0 ? (
                  <tr>
                    <td colSpan={3} className="muted">
                      {t("lineageReview.none")}
                    </td>
                  </tr>
                ) : null}
                {lineage.rows.map((r) => {
                  const primaryPct = r.relation !== "kept" && r.relation !== "new" && r.confidence !== null ? r.confidence : null;
                  const mergedPct = r.merged.length > 0 ? Math.min(...r.merged.map((m) => m.confidence)) : null;
                  return (
                    <tr key={r.id} id={`lineage-${r.id}`} className={`rel-${r.relation}${r.merged.length > 0 ? " rel-merged" : ""}${r.low ? " low-confidence" : ""}`}>
                      <td>
                        <strong lang={lang}>{capitalizeFirst(r.ref)}</strong> <span className="muted small" lang={lang}>{r.heading.slice(0, 90)}</span>
                      </td>
                      <td>
                        {editable ? (
                          <>
                            <label htmlFor={`m-${r.id}`} className="visually-hidden">
                              <Sentence t={t} k="lineage.continuesOf" params={{ clause: r.ref }} marked={["clause"]} lang={lang} />
                            </label>
                            <input
                              id={`m-${r.id}`}
                              name={`m:${r.id}`}
                              list="old-labels"
                              defaultValue={r.oldLabel}
                              lang={lang}
                              className="mono small label-input"
                            />
                            {r.oldRef ? <span className="muted small" lang={lang}> {r.oldRef}</span> : null}
                          </>
                        ) : (
                          <span lang={lang}>{r.oldRef ? capitalizeFirst(r.oldRef) : "—"}</span>
                        )}
                        {r.merged.length > 0 ? (
                          <div className="muted small"><Sentence t={t} k="lineage.mergedFrom" params={{ clauses: r.merged.map((m) => m.ref).join(", ") }} marked={["clauses"]} lang={lang} /></div>
                        ) : null}
                        {editable
                          ? r.merged.map((m) => (
                              <label key={m.oldId} className="small unmerge">
                                <input type="checkbox" name="unmerge" value={m.oldId} /> <Sentence t={t} k="lineageReview.unmerge" params={{ clause: m.ref }} marked={["clause"]} lang={lang} />
                              </label>
                            ))
                          : null}
                      </td>
                      <td>
                        <span
                          className={`badge rel rel-${r.relation}`}
                          title={primaryPct !== null ? t("lineageReview.confidenceTitle", { pct: String(primaryPct) }) : undefined}
                        >
                          {primaryPct !== null ? marked(t(`lineage.${r.relation}`), primaryPct) : t(`lineage.${r.relation}`)}
                        </span>
                        {mergedPct !== null ? (
                          <span className="badge rel rel-merged" title={t("lineageReview.confidenceTitle", { pct: String(mergedPct) })}>
                            {marked(t("lineage.merged"), mergedPct)}
                          </span>
                        ) : null}
                        {r.low ? <span className="badge low-confidence-badge">{t("lineageReview.low")}</span> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {lineage.removed.length > 0 ? (
            <p className="small" id="lineage-removed">
              {t("lineage.removedList")}: <span lang={lang}>{lineage.removed.map((r) => r.ref).join(", ")}</span>
            </p>
          ) : null}
          {editable ? (
            <button type="submit" name="intent" value="relink" className="button">
              {t("lineage.save")}
            </button>
          ) : null}
        </Form>
      </details>
    </section>
  );
}
