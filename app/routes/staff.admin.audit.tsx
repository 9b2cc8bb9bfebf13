import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdmin } from "~/auth/session.server";
import { Pager } from "~/components/pager";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { listAudit } from "#db/queries/audit";
import { pageParam } from "~/http/page-param";

export const meta: MetaFunction = () => [{ title: "Góp ý" }];

const PAGE = 100;

/** The append-only audit log: who changed what, when, from where (exported by /staff/admin/audit.csv). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const db = await getDb();
  const page = pageParam(url.searchParams);
  const rows = await listAudit(db, { limit: PAGE + 1, offset: (page - 1) * PAGE });
  return { rows: rows.slice(0, PAGE), hasMore: rows.length > PAGE, page };
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
      <div className="table-wrap">
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t("audit.at")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.subject")}</th>
              <th scope="col">IP</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.id}>
                <td data-label={t("audit.at")} className="small"><time dateTime={new Date(r.at).toISOString()}>{new Date(r.at).toISOString().replace("T", " ").slice(0, 19)} UTC</time></td>
                <td data-label={t("audit.actor")}>{r.actorName ?? r.actorLabel}</td>
                <td data-label={t("audit.action")} className="mono small">{r.action}</td>
                <td data-label={t("audit.subject")} className="mono small">{r.subjectType} {r.subjectId}{r.details !== "{}" ? ` ${r.details}` : ""}</td>
                <td data-label="IP" className="small">{r.ip}</td>
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
