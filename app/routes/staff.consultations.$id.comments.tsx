import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { commentClauseRef, clauseRef } from "~/domain/clause-ref";
import { CutoffText } from "~/components/cutoff-text";
import { Pager } from "~/components/pager";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { findInvitation, listCurrentComments, listSubmissions } from "#db/queries/invitations";
import { invitationAuthor } from "#db/queries/authors";
import { authorLabel } from "~/domain/author";
import { findClause } from "#db/queries/versions";
import { consultationLinks } from "#db/queries/lineage";
import { ancestorsOf, buildLineage } from "~/domain/lineage/project";
import { pageParam } from "~/http/page-param";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";
import { AnchorStateLine, SuggestionOnPhrase } from "~/components/phrase-suggestions";
import { anchorViews } from "~/anchors/anchors-now.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "comments.all", data?.consultation.title)];

const PAGE = 100;

/**
 * All current comments of a consultation, or those on one clause (?clause=ID, ?clause=general),
 * or those of one agency (?agency=invitationId, with its earlier revisions listed), paginated.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const url = new URL(request.url);
  const page = pageParam(url.searchParams);
  const db = await getDb();
  const clauseParam = url.searchParams.get("clause");
  const agencyParam = Number(url.searchParams.get("agency")) || null;
  const filter: { clauseId?: number | null; clauseIds?: number[]; invitationId?: number } = {};
  let clause: { label: string; ref: string; heading: string } | null = null;
  let agency: { name: string; invitationId: number; revisions: Awaited<ReturnType<typeof listSubmissions>> } | null = null;
  if (clauseParam === "general") filter.clauseId = null;
  else if (clauseParam) {
    const found = await findClause(db, Number(clauseParam));
    if (!found || found.consultationId !== consultation.id) throw new Response("Not found", { status: 404 });
    // The clause and every clause of earlier versions it continues: comments stay with their clause.
    filter.clauseIds = ancestorsOf(found.id, buildLineage(await consultationLinks(db, consultation.id)));
    clause = { label: found.label, ref: clauseRef(found), heading: found.heading };
  }
  if (agencyParam) {
    const invitation = await findInvitation(db, agencyParam);
    if (!invitation || invitation.consultationId !== consultation.id) throw new Response("Not found", { status: 404 });
    filter.invitationId = invitation.id;
    // An agency, or a person invited in their own name: "name, position (body)" (issue 17).
    const author = await invitationAuthor(db, invitation.id);
    agency = { name: author ? authorLabel(author) : "", invitationId: invitation.id, revisions: await listSubmissions(db, invitation.id) };
  }
  const rows = await listCurrentComments(db, consultation.id, filter, { limit: PAGE + 1, offset: (page - 1) * PAGE });
  return {
    consultation: { id: consultation.id, title: consultation.title, timeZone: consultation.timeZone },
    general: clauseParam === "general",
    clause,
    agency,
    comments: rows.slice(0, PAGE).map((r) => ({ ...r, clauseRef: commentClauseRef(r) })),
    // Suggestions on phrases made on an older version: where each stands in the newest (issue 16).
    anchors: await anchorViews(db, consultation.id, rows.slice(0, PAGE)),
    hasMore: rows.length > PAGE,
    page,
  };
}

export default function Comments() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const c = d.consultation;
  const title = d.clause
    ? <Sentence t={t} k="comments.onClause" params={{ clause: d.clause.ref }} marked={["clause"]} />
    : d.general
      ? t("comments.general")
      : d.agency
        ? <Sentence t={t} k="comments.ofAgency" params={{ agency: d.agency.name }} marked={["agency"]} />
        : t("comments.all");
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${c.id}`}>← <span lang={CONTENT_LANG}>{c.title}</span></Link> · <Link to={`/staff/consultations/${c.id}/invitations`}>{t("board.title")}</Link>
      </p>
      <h1>{title}</h1>
      {d.clause ? <p className="lead" lang={CONTENT_LANG}>{d.clause.heading}</p> : null}
      {d.agency && d.agency.revisions.length > 1 ? (
        <details className="card">
          <summary>{t("comments.revisions", { n: d.agency.revisions.length })}</summary>
          <ul>
            {d.agency.revisions.map((r) => (
              <li key={r.id}>
                {t("receipt.revision")} {r.revision}: {r.receiptRef} · <CutoffText cutoffAt={r.submittedAt} timeZone={c.timeZone} /> · <span lang={CONTENT_LANG}>{r.signerName}</span> ·{" "}
                <Link to={`/staff/consultations/${c.id}/submissions/${r.id}`}>{t("comments.view")}</Link>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {d.comments.length === 0 ? <p className="muted">{t("comments.none")}</p> : null}
      <ol className="comment-list">
        {d.comments.map((m) => (
          <li key={m.id} className="comment-card card">
            <div className="comment-meta">
              <strong lang={CONTENT_LANG}>{m.authorName}</strong>
              {m.late ? <span className="badge state-late">{t("board.state.late")}</span> : null}
              <span className="muted small">
                {" "}· <CutoffText cutoffAt={m.submittedAt} timeZone={c.timeZone} />
              </span>
            </div>
            <p className="clause-ref small">
              {m.clauseRef ? (
                <Link to={`?clause=${m.clauseId}`}>
                  <Sentence t={t} k="comments.onVersionClause" params={{ version: m.versionLabel, clause: m.clauseRef }} marked={["version", "clause"]} />
                </Link>
              ) : (
                <Link to="?clause=general">{t("comments.general")}</Link>
              )}
              {m.clauseHeading ? <span className="muted"> — <span lang={CONTENT_LANG}>{m.clauseHeading}</span></span> : null}
            </p>
            <p className="prewrap" lang={CONTENT_LANG}>{m.text}</p>
            <SuggestionOnPhrase c={m} />
            <AnchorStateLine view={d.anchors[m.id]} quote={m.anchorQuote} />
            {m.proposedWording ? (
              <blockquote className="proposed prewrap">
                <span className="muted small">{t("invitee.proposedWording")}:</span> <span lang={CONTENT_LANG}>{m.proposedWording}</span>
              </blockquote>
            ) : null}
          </li>
        ))}
      </ol>
      <Pager page={d.page} hasMore={d.hasMore} params={params} />
    </>
  );
}
