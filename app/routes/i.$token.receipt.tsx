import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { SuggestionOnPhrase } from "~/components/phrase-suggestions";
import { isRowId } from "~/domain/row-id";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { capitalizeFirst, commentClauseRef } from "~/domain/clause-ref";
import { CutoffText } from "~/components/cutoff-text";
import { loadInvitee, linkProblem } from "~/invitations/invitee.server";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { findSubmission, listSubmissionComments } from "#db/queries/invitations";
import { answersToSubmission } from "#db/queries/answers";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";
import { pageTitle } from "~/i18n/page-title";
import { effectiveVerdict } from "~/domain/verdict";

export { ErrorBoundary } from "./i.$token._index";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "receipt.title", data?.consultation.title), { name: "robots", content: "noindex" }];

/** The receipt of one submission: reference number, time, signer and every comment, printable. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const found = await loadInvitee(params.token, Date.now(), { touch: false, ip: context?.clientIp });
  const id = Number(new URL(request.url).searchParams.get("s"));
  const db = await getDb();
  const submission = isRowId(id) ? await findSubmission(db, id) : null;
  // A link sees only its own agency's submissions.
  if (!submission || submission.invitationId !== found.invitation.id) throw linkProblem("unknown");
  const { replyLetter: _omit, requestKey: _key, ip: _ip, ...visible } = submission;
  return {
    agencyName: found.agencyName,
    person: found.personName !== null ? { name: found.personName, position: found.personPosition ?? "", bodyName: found.bodyName } : null,
    consultation: { title: found.consultation.title, timeZone: found.consultation.timeZone },
    submission: visible,
    comments: (await listSubmissionComments(db, submission.id)).map((c) => ({ ...c, clauseRef: commentClauseRef(c) })),
    canAmend: found.window.canSubmit,
    // The drafter's answers, once they chose to publish them.
    answers: found.consultation.answersPublishedAt ? await answersToSubmission(db, submission.id) : [],
  };
}

export default function Receipt() {
  const { agencyName, person, consultation, submission: s, comments, canAmend, answers } = useLoaderData<typeof loader>();
  const answerOf = new Map(answers.map((a) => [a.commentId, a]));
  const t = useT();
  const verdict = effectiveVerdict(s.answerKind, s.verdict);
  // Reached by submitting the form: the focus goes to the receipt's heading, not to <body>.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main id="main" className="page receipt">
      <p className="brand" lang={CONTENT_LANG}>{t("app.name")}</p>
      <h1 ref={heading} tabIndex={-1} data-testid="receipt-heading">{t("receipt.title")}</h1>
      <p className="lead">{t("receipt.lead")}</p>
      <dl className="facts card">
        <div><dt>{t("receipt.ref")}</dt><dd className="ref">{s.receiptRef}</dd></div>
        <div><dt>{t("receipt.at")}</dt><dd><CutoffText cutoffAt={s.submittedAt} timeZone={consultation.timeZone} />{s.late ? <span className="badge status-closed">{t("board.state.late")}</span> : null}</dd></div>
        {person ? (
          <div data-testid="receipt-respondent">
            <dt>{t("members.respondent")}</dt>
            <dd>
              <span lang={CONTENT_LANG}>{[person.name, person.position].filter(Boolean).join(", ")}</span>
              {person.bodyName ? <> (<Sentence t={t} k="members.memberOf" params={{ body: person.bodyName }} marked={["body"]} />)</> : null}
            </dd>
          </div>
        ) : null}
        <div><dt>{t("field.agency")}</dt><dd lang={CONTENT_LANG}>{agencyName}</dd></div>
        <div><dt>{t("receipt.signer")}</dt><dd lang={CONTENT_LANG}>{s.signerName}, {s.signerPosition}</dd></div>
        <div><dt>{t("invitee.answerKind")}</dt><dd>{t(`answer.${s.answerKind}`)}</dd></div>
        {verdict ? <div data-testid="receipt-verdict"><dt>{t("verdict.legend")}</dt><dd>{t(`verdict.${verdict}`)}</dd></div> : null}
        <div><dt>{t("receipt.revision")}</dt><dd>{s.revision}</dd></div>
      </dl>
      <h2 lang={CONTENT_LANG}>{consultation.title}</h2>
      {comments.length === 0 ? (
        <p>{t(`answer.${s.answerKind}`)}</p>
      ) : (
        <ol className="receipt-comments">
          {comments.map((c) => (
            <li key={c.id}>
              <p className="clause-ref">
                {c.clauseRef ? <span lang={CONTENT_LANG}><strong>{capitalizeFirst(c.clauseRef)}</strong> {c.clauseHeading}</span> : <strong>{t("invitee.general")}</strong>}
              </p>
              <SuggestionOnPhrase c={c} />
              <p className="prewrap" lang={CONTENT_LANG}>{c.text}</p>
              {c.proposedWording ? (
                <p className="proposed prewrap"><span className="muted small">{t("invitee.proposedWording")}: </span><span lang={CONTENT_LANG}>{c.proposedWording}</span></p>
              ) : null}
              {c.objection ? <p className="objection small" data-testid="objection"><strong>{t("verdict.objection")}</strong></p> : null}
              {answerOf.has(c.id) ? (
                <div className="answer-box" data-testid="answer">
                  <span className="muted small">{t("answers.yourAnswer")}: </span>
                  <strong>{t(`decision.${answerOf.get(c.id)!.decision}`)}</strong>
                  {answerOf.get(c.id)!.text ? <p className="prewrap" lang={CONTENT_LANG}>{answerOf.get(c.id)!.text}</p> : null}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <div className="actions no-print">
        <PrintButton />
        <Link to=".." relative="path" className="button">{canAmend ? t("receipt.amend") : t("receipt.back")}</Link>
      </div>
    </main>
  );
}

function PrintButton() {
  const t = useT();
  return (
    <button type="button" className="button primary" onClick={() => window.print()}>
      {t("common.print")}
    </button>
  );
}
