import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { ClauseOutline } from "~/components/clause-outline";
import { CutoffText } from "~/components/cutoff-text";
import { StatusBadge } from "~/components/status-badge";
import { VersionList } from "~/components/version-list";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { listClauses, listVersions } from "#db/queries/versions";
import { boardTotals, commentCountsByClause } from "#db/queries/invitations";
import { consultationLinks } from "#db/queries/lineage";
import { buildLineage, projectCounts } from "~/domain/lineage/project";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";
import { zoneName } from "~/domain/zoned-time";
import { LOCALES } from "~/i18n";
import { getLang } from "~/i18n/lang.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, null, data?.consultation.title)];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation, draftingAgencyName } = await requireConsultation(user, parseId(params.id));
  const db = await getDb();
  const versions = await listVersions(db, consultation.id);
  // The outline shows the newest published version, or the newest draft when none is published.
  const shown = versions.find((v) => v.publishedAt !== null) ?? versions[0] ?? null;
  const clauses = shown
    ? (await listClauses(db, shown.id)).map((c) => ({
        id: c.id,
        parentId: c.parentId,
        label: c.label,
        citation: c.citation,
        kind: c.kind,
        heading: c.heading,
        body: c.body,
        depth: c.depth,
      }))
    : [];
  // Comments written on earlier versions count on the clause that continues them in the one shown.
  const counts = await commentCountsByClause(db, consultation.id);
  const projected = projectCounts(counts, buildLineage(await consultationLinks(db, consultation.id)), new Set(clauses.map((c) => c.id)));
  return {
    consultation,
    // The zone by its name in the page's language (the IANA id is an identifier, kept in the edit form).
    zoneLabel: zoneName(consultation.timeZone, LOCALES[await getLang(request)]),
    draftingAgencyName,
    versions,
    shown,
    clauses,
    totals: await boardTotals(db, consultation.id),
    generalComments: counts.get(null) ?? 0,
    counts: Object.fromEntries(projected) as Record<number, number>,
  };
}

export default function ConsultationPage() {
  const { consultation: c, zoneLabel, draftingAgencyName, versions, shown, clauses, totals, counts, generalComments } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/staff">← {t("nav.consultations")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1 lang={CONTENT_LANG}>{c.title}</h1>
          <p className="muted">
            {t(`kind.${c.kind}`)} · <span lang={CONTENT_LANG}>{draftingAgencyName}</span>
          </p>
        </div>
        <div className="actions">
          <Link to="edit" className="button">
            {t("common.edit")}
          </Link>
          <Link to="invitations" className="button">
            {t("board.title")}
          </Link>
          <Link to="answers" className="button">
            {t("nav.answers")}
          </Link>
          <Link to="working-copy" className="button">
            {t("working.link")}
          </Link>
          <Link to="disagreements" className="button">
            {t("disagreements.link")}
          </Link>
          <Link to="report-settings" className="button">
            {t("reportSettings.link")}
          </Link>
          {versions.length > 1 ? (
            <Link to="compare" className="button">
              {t("version.compare")}
            </Link>
          ) : null}
          <Link to="versions/new" className="button primary">
            {t("version.add")}
          </Link>
        </div>
      </div>

      <dl className="facts card">
        <div>
          <dt>{t("field.status")}</dt>
          <dd>
            <StatusBadge status={c.status} />
          </dd>
        </div>
        <div>
          <dt>{t("field.cutoff")}</dt>
          <dd>
            <CutoffText cutoffAt={c.cutoffAt} timeZone={c.timeZone} />
            <div className="muted small">{zoneLabel}</div>
          </dd>
        </div>
        <div>
          <dt>{t("field.letterRef")}</dt>
          <dd lang={CONTENT_LANG}>{c.letterRef || "—"}</dd>
        </div>
        <div>
          <dt>{t("board.responses")}</dt>
          <dd>
            <Link to="invitations">
              {t("board.totals", { invited: totals.invited, answered: totals.answered, agreed: totals.agreed, comments: totals.comments })}
            </Link>
            {generalComments > 0 ? (
              <div className="small">
                <Link to="comments?clause=general">{t("outline.generalComments", { n: generalComments })}</Link>
              </div>
            ) : null}
          </dd>
        </div>
      </dl>

      {c.letterText ? (
        <details className="card letter">
          <summary>{t("field.letterText")}</summary>
          <div className="prewrap" lang={CONTENT_LANG}>{c.letterText}</div>
        </details>
      ) : null}

      <section aria-labelledby="versions-h">
        <h2 id="versions-h">{t("version.listTitle")}</h2>
        <VersionList versions={versions} consultationId={c.id} />
      </section>

      <section aria-labelledby="outline-h">
        <h2 id="outline-h">
          {shown ? <Sentence t={t} k="outline.titleOf" params={{ label: shown.label }} marked={["label"]} /> : t("outline.title")}
          {shown && shown.publishedAt === null ? <span className="badge status-preparing">{t("version.unpublished")}</span> : null}
        </h2>
        {shown ? (
          <>
            <p className="muted small">{t("outline.count", { n: shown.clauseCount })}</p>
            <ClauseOutline clauses={clauses} lang={shown?.language} badges={{ counts, href: (id) => `/staff/consultations/${c.id}/comments?clause=${id}` }} />
          </>
        ) : (
          <div className="empty card">
            <p>{t("version.none")}</p>
            <Link to="versions/new" className="button primary">
              {t("version.add")}
            </Link>
          </div>
        )}
      </section>
    </>
  );
}
