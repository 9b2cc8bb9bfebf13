import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { CsrfInput, SubmitButton } from "~/components/forms";
import { StatusBadge } from "~/components/status-badge";
import { CutoffText } from "~/components/cutoff-text";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { listConsultations } from "#db/queries/consultations";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG } from "~/components/content-lang";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "home.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const consultations = await listConsultations(await getDb(), user.role === "admin" ? null : (user.agencyId ?? -1));
  return { consultations, canCreate: user.role === "admin" || user.agencyId !== null, now: Date.now() };
}

export default function StaffHome() {
  const { consultations, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="page-head">
        <h1>{t("home.title")}</h1>
        {canCreate ? (
          <Link to="/staff/consultations/new" className="button primary">
            {t("home.new")}
          </Link>
        ) : null}
      </div>
      {consultations.length === 0 ? (
        <section className="empty card">
          <h2>{t("home.emptyTitle")}</h2>
          <p>{t("home.emptyLead")}</p>
          <div className="actions">
            {canCreate ? (
              <Link to="/staff/consultations/new" className="button primary">
                {t("home.new")}
              </Link>
            ) : null}
            <Form method="post" action="/staff/demo">
              <CsrfInput />
              <SubmitButton label="home.loadDemo" pendingLabel="common.working" className="button" />
            </Form>
          </div>
          <p className="hint">{t("home.demoHint")}</p>
        </section>
      ) : (
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{t("field.title")}</th>
                <th scope="col">{t("field.draftingAgency")}</th>
                <th scope="col">{t("field.status")}</th>
                <th scope="col">{t("field.cutoff")}</th>
                <th scope="col" className="num">{t("home.versions")}</th>
                <th scope="col" className="num">{t("home.responses")}</th>
              </tr>
            </thead>
            <tbody>
              {consultations.map((c) => (
                <tr key={c.id}>
                  <td data-label={t("field.title")}>
                    <Link to={`/staff/consultations/${c.id}`} lang={CONTENT_LANG}>{c.title}</Link>
                    <div className="muted small">{t(`kind.${c.kind}`)}</div>
                  </td>
                  <td data-label={t("field.draftingAgency")}><span lang={CONTENT_LANG}>{c.draftingAgencyName}</span></td>
                  <td data-label={t("field.status")}>
                    <StatusBadge status={c.status} />
                  </td>
                  <td data-label={t("field.cutoff")}>
                    <CutoffText cutoffAt={c.cutoffAt} timeZone={c.timeZone} />
                  </td>
                  <td data-label={t("home.versions")} className="num">
                    {c.versionCount}
                  </td>
                  <td data-label={t("home.responses")} className="num">
                    {c.invitedCount > 0 ? t("home.answeredOf", { answered: c.answeredCount, invited: c.invitedCount }) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
