import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdmin } from "~/auth/session.server";
import { Pager } from "~/components/pager";
import { useT } from "~/i18n/use-t";
import { getLang } from "~/i18n/lang.server";
import { readableAuditRows } from "~/i18n/audit-details.server";
import { DEFAULT_TIME_ZONE, zoneName } from "~/domain/zoned-time";
import { LOCALES } from "~/i18n";
import { getDb } from "#db/client.server";
import { listAudit } from "#db/queries/audit";
import { pageParam } from "~/http/page-param";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG } from "~/components/content-lang";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "audit.title")];

const PAGE = 100;

/** Times on this page: the portal's zone (the CSV keeps UTC instants). */
const TIME_ZONE = DEFAULT_TIME_ZONE;

/** The append-only audit log: who changed what, when, from where (exported by /staff/admin/audit.csv). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const db = await getDb();
  const page = pageParam(url.searchParams);
  const rows = await listAudit(db, { limit: PAGE + 1, offset: (page - 1) * PAGE });
  const lang = await getLang(request);
  return { rows: readableAuditRows(rows.slice(0, PAGE), lang, TIME_ZONE), hasMore: rows.length > PAGE, page, timeZone: zoneName(TIME_ZONE, LOCALES[lang]) };
}

export default function Audit() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <div className="page-head">
        <h1>{t("audit.title")}</h1>
        <a className="button" href="/staff/admin/audit.csv" download>{t("audit.export")}</a>
      </div>
      <p className="lead">{t("audit.lead")}</p>
      <p className="small muted">{t("audit.exportNote")}</p>
      <div className="table-wrap">
        <table className="list audit-log">
          <thead>
            <tr>
              <th scope="col">{t("audit.atZone", { zone: d.timeZone })}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.subject")}</th>
              <th scope="col">{t("audit.details")}</th>
              <th scope="col">{t("audit.ip")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.id}>
                <td data-label={t("audit.at")} className="small nowrap"><time dateTime={r.iso}>{r.at}</time></td>
                <td data-label={t("audit.actor")}><span lang={CONTENT_LANG}>{r.actor}</span></td>
                <td data-label={t("audit.action")}>
                  {r.actionName}
                  {/* The code as the CSV has it: an identifier made of English words, marked as such. */}
                  {r.actionName !== r.action ? <div className="mono small muted" translate="no" lang="en">{r.action}</div> : null}
                </td>
                <td data-label={t("audit.subject")} className="small">{r.subject}</td>
                <td data-label={t("audit.details")} className="small">
                  {r.details.length > 0 ? (
                    <dl className="audit-details">
                      {r.details.map(([name, value], i) => (
                        <div key={i}>
                          {name ? <dt>{name}</dt> : null}
                          <dd lang={r.typed[i] ? CONTENT_LANG : undefined}>{value}</dd>
                        </div>
                      ))}
                    </dl>
                  ) : null}
                </td>
                <td data-label={t("audit.ip")} className="small mono nowrap">{r.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={d.page} hasMore={d.hasMore} params={params} />
      <p className="small"><Link to="/staff">← {t("nav.consultations")}</Link></p>
    </>
  );
}
