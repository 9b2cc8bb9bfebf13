import { Form, Link } from "@remix-run/react";
import type { versionLineage } from "~/versions/lineage.server";
import { useT } from "~/i18n/use-t";
import { capitalizeFirst } from "~/domain/clause-ref";
import { CsrfInput } from "./forms";

type Lineage = NonNullable<ReturnType<typeof versionLineage>>;

/**
 * How this version continues the previous one, clause by clause. While the version is not published
 * the drafter can correct any match by typing the previous version's label (empty for a new clause);
 * what they read is each clause's citation, the label only in the field they type in.
 */
export function LineageReview({ lineage, editable, compareHref }: { lineage: Lineage; editable: boolean; compareHref: string }) {
  const t = useT();
  const summary = (["kept", "changed", "moved", "split", "merged", "removed", "new"] as const)
    .filter((r) => lineage.counts[r])
    .map((r) => `${t(`lineage.${r}`)}: ${lineage.counts[r]}`)
    .join(" · ");
  return (
    <section className="card lineage" aria-labelledby="lineage-h">
      <h2 id="lineage-h">{t("lineage.title", { label: lineage.previous.label })}</h2>
      <p className="muted small">
        {summary} {lineage.manual ? `· ${t("lineage.corrected")}` : ""} · <Link to={compareHref}>{t("lineage.compare")}</Link>
      </p>
      <details open={editable}>
        <summary>{editable ? t("lineage.reviewEditable") : t("lineage.review")}</summary>
        <Form method="post">
          <CsrfInput />
          <datalist id="old-labels">
            {lineage.oldOptions.map((o) => (
              <option key={o.label} value={o.label}>
                {o.text}
              </option>
            ))}
          </datalist>
          <div className="table-wrap">
            <table className="list lineage-table">
              <thead>
                <tr>
                  <th scope="col">{t("lineage.newClause")}</th>
                  <th scope="col">{t("lineage.continues", { label: lineage.previous.label })}</th>
                  <th scope="col">{t("lineage.relation")}</th>
                </tr>
              </thead>
              <tbody>
                {lineage.rows.map((r) => (
                  <tr key={r.id} className={`rel-${r.relation}`}>
                    <td>
                      <strong>{capitalizeFirst(r.ref)}</strong> <span className="muted small">{r.heading.slice(0, 90)}</span>
                    </td>
                    <td>
                      {editable ? (
                        <>
                          <input
                            name={`m:${r.id}`}
                            list="old-labels"
                            defaultValue={r.oldLabel}
                            aria-label={t("lineage.continuesOf", { clause: r.ref })}
                            className="mono small label-input"
                          />
                          {r.oldRef ? <span className="muted small"> {r.oldRef}</span> : null}
                        </>
                      ) : (
                        <span>{r.oldRef ? capitalizeFirst(r.oldRef) : "—"}</span>
                      )}
                      {r.merged.length > 0 ? (
                        <div className="muted small">{t("lineage.mergedFrom", { clauses: r.merged.join(", ") })}</div>
                      ) : null}
                    </td>
                    <td>
                      <span className={`badge rel rel-${r.relation}`}>{t(`lineage.${r.relation}`)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {lineage.removed.length > 0 ? (
            <p className="small">
              {t("lineage.removedList")}: {lineage.removed.map((r) => r.ref).join(", ")}
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
