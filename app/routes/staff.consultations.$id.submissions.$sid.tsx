import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { AnchorStateLine, SuggestionOnPhrase } from "~/components/phrase-suggestions";
import { anchorViews } from "~/anchors/anchors-now.server";
import { Link, useLoaderData } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { capitalizeFirst, commentClauseRef } from "~/domain/clause-ref";
import { CutoffText } from "~/components/cutoff-text";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { listSubmissionComments } from "#db/queries/invitations";
import { requireSubmission } from "~/consultations/submission.server";
import { invitationAuthor } from "#db/queries/authors";
import { authorLabel } from "~/domain/author";
import { pageTitle } from "~/i18n/page-title";
import { effectiveVerdict } from "~/domain/verdict";
import { CONTENT_LANG } from "~/components/content-lang";

/** One submitted revision of an agency's answer, as it was sent (earlier ones included). */

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, data ? { text: data.submission.receiptRef } : null, data?.consultation.title)];
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const db = await getDb();
  const { submission, invitation } = await requireSubmission(consultation.id, parseId(params.sid));
  const { replyLetter, requestKey: _k, ...visible } = submission;
  const comments = await listSubmissionComments(db, submission.id);
  return {
    consultation: { id: consultation.id, title: consultation.title, timeZone: consultation.timeZone },
    // An agency, or a person invited in their own name: "name, position (body)" (issue 17).
    agencyName: await invitationAuthor(db, invitation.id).then((a) => (a ? authorLabel(a) : "")),
    invitationId: invitation.id,
    submission: { ...visible, hasLetter: replyLetter !== null },
    comments: comments.map((c) => ({ ...c, clauseRef: commentClauseRef(c) })),
    // A phrase suggested on an older version: where its words are in the newest one (issue 16).
    anchors: await anchorViews(db, consultation.id, comments),
  };
}

export default function SubmissionPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const s = d.submission;
  const verdict = effectiveVerdict(s.answerKind, s.verdict);
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${d.consultation.id}/comments?agency=${d.invitationId}`}>← <span lang={CONTENT_LANG}>{d.agencyName}</span></Link>
      </p>
      <h1>{t("receipt.revision")} {s.revision} · {s.receiptRef}</h1>
      <p className="muted">
        <CutoffText cutoffAt={s.submittedAt} timeZone={d.consultation.timeZone} /> · {s.signerName}, {s.signerPosition} · {t(`answer.${s.answerKind}`)}
        {verdict ? <> · <span className={`badge verdict-${verdict}`} data-testid="submission-verdict">{t(`verdict.${verdict}`)}</span></> : null}
        {s.late ? ` · ${t("board.state.late")}` : ""}
      </p>
      {s.hasLetter ? (
        <p><a className="button" href={`/staff/consultations/${d.consultation.id}/submissions/${s.id}/letter`}>{t("comments.replyLetter")}</a></p>
      ) : null}
      <ol className="comment-list">
        {d.comments.map((c) => (
          <li key={c.id} className="comment-card card">
            <p className="clause-ref small">{c.clauseRef ? <strong>{capitalizeFirst(c.clauseRef)}</strong> : <strong>{t("invitee.general")}</strong>} {c.clauseHeading}</p>
            <p className="prewrap" lang={CONTENT_LANG}>{c.text}</p>
            <SuggestionOnPhrase c={c} />
            <AnchorStateLine view={d.anchors[c.id]} quote={c.anchorQuote} />
            {c.proposedWording ? <blockquote className="proposed prewrap">{c.proposedWording}</blockquote> : null}
            {c.objection ? <p className="small" data-testid="objection"><span className="badge verdict-disagree">{t("verdict.objection")}</span></p> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
