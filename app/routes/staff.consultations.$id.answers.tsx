import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { AnchorStateLine, SuggestionOnPhrase } from "~/components/phrase-suggestions";
import { anchorViews } from "~/anchors/anchors-now.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser } from "~/auth/session.server";
import { answerAction, type PublishMailOutcome } from "~/answers/answer-actions.server";
import { publicBaseUrl } from "~/invitations/invitations.server";
import { DECISIONS } from "~/answers/decisions";
import { CsrfInput, FormError } from "~/components/forms";
import { authorLabel } from "~/domain/author";
import { capitalizeFirst, clauseRef, commentClauseRef } from "~/domain/clause-ref";
import { Pager } from "~/components/pager";
import { useT } from "~/i18n/use-t";
import type { TranslationKey } from "~/i18n";
import { getDb } from "#db/client.server";
import { answerProgress, groupSizes, triageRows, type Decision } from "#db/queries/answers";
import { reportInvitations } from "#db/queries/authors";
import { listClauses, listVersions } from "#db/queries/versions";
import { acceptStates, commentsWithProposals, type AcceptState } from "#db/queries/working-copy";
import { pageParam } from "~/http/page-param";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "answers.title", data?.consultation.title)];

const PAGE = 50;

/** The triage board: every current comment with its answer, filters, progress, groups. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const url = new URL(request.url);
  const db = await getDb();
  const agency = Number(url.searchParams.get("agency")) || undefined;
  const decision = DECISIONS.find((d) => d === url.searchParams.get("decision"));
  const state = url.searchParams.get("state");
  const page = pageParam(url.searchParams);
  const rows = await triageRows(db, consultation.id, { invitationId: agency, decision, answered: state === "answered" ? true : state === "open" ? false : undefined }, { limit: PAGE + 1, offset: (page - 1) * PAGE });
  const sizes = await groupSizes(db, rows.map((r) => r.answerId).filter((x): x is number => x !== null));
  const latest = (await listVersions(db, consultation.id)).find((v) => v.publishedAt !== null);
  const latestClauses = latest ? await listClauses(db, latest.id) : [];
  const latestById = new Map(latestClauses.map((c) => [c.id, c]));
  // "Tiếp thu vào dự thảo mới" (issue 16): which comments carry words to accept, and where they stand in the working copy.
  const shownIds = rows.slice(0, PAGE).map((r) => r.commentId);
  const withWords = await commentsWithProposals(db, consultation.id, shownIds);
  const accepted = latest ? await acceptStates(db, latest.id, shownIds) : new Map<number, { state: AcceptState }>();
  // Suggestions on phrases made on an older version: where each stands in the newest (issue 16).
  const anchors = await anchorViews(db, consultation.id, rows.slice(0, PAGE).map((r) => ({ ...r, id: r.commentId })));
  return {
    anchors,
    working: Object.fromEntries(shownIds.filter((id) => withWords.has(id)).map((id) => [id, accepted.get(id)?.state ?? null])) as Record<number, AcceptState | null>,
    consultation: { id: consultation.id, title: consultation.title, answersPublishedAt: consultation.answersPublishedAt },
    progress: await answerProgress(db, consultation.id),
    // Who answered: agencies, and members by "name, position (body)" under their body (issue 17).
    agencies: (await reportInvitations(db, consultation.id)).filter((r) => r.latestSubmissionId !== null).map((r) => ({ id: r.id, name: authorLabel(r) })),
    rows: rows.slice(0, PAGE).map((r) => ({
      ...r,
      groupSize: r.answerId ? (sizes.get(r.answerId) ?? 1) : 0,
      clauseRef: commentClauseRef(r),
      // The form value is the label; the reader sees the clause's citation beside it.
      newClauseLabel: r.answerNewClauseId ? (latestById.get(r.answerNewClauseId)?.label ?? "") : "",
      newClauseRef: r.answerNewClauseId && latestById.has(r.answerNewClauseId) ? clauseRef(latestById.get(r.answerNewClauseId)!) : "",
    })),
    hasMore: rows.length > PAGE,
    page,
    latestLabel: latest?.label ?? "",
    // The value typed and posted is the label; the text offered is the citation and the heading.
    clauseOptions: latestClauses.map((c) => ({ label: c.label, text: [capitalizeFirst(clauseRef(c)), c.heading.slice(0, 60)].filter(Boolean).join(" — ") })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const form = await request.formData();
  await verifyCsrf(request, form);
  const result = await answerAction({ consultation, userId: user.id, ip: requestMeta(request, context).ip, baseUrl: publicBaseUrl(request) }, form);
  return data(result, { status: result.ok ? 200 : "conflict" in result && result.conflict ? 409 : "status" in result && result.status ? result.status : 400 });
}

export default function Answers() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const c = d.consultation;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${c.id}`}>← <span lang={CONTENT_LANG}>{c.title}</span></Link>
      </p>
      <div className="page-head">
        <h1>{t("answers.title")}</h1>
        <div className="actions">
          <Link className="button primary" to={`/staff/consultations/${c.id}/report`}>{t("answers.report")}</Link>
          <Link className="button" to={`/staff/consultations/${c.id}/report-settings`}>{t("reportSettings.link")}</Link>
          <Link className="button" to={`/staff/consultations/${c.id}/answers/similar`}>{t("similar.link")}</Link>
          <Link className="button" to={`/staff/consultations/${c.id}/working-copy`}>{t("working.link")}</Link>
          <Link className="button" to={`/staff/consultations/${c.id}/disagreements`}>{t("disagreements.link")}</Link>
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value={c.answersPublishedAt ? "unpublish" : "publish"} className="button">
              {c.answersPublishedAt ? t("answers.unpublish") : t("answers.publish")}
            </button>
          </Form>
        </div>
      </div>
      <p className="totals" data-testid="answer-progress">
        {t("answers.progress", { answered: d.progress.answered, n: d.progress.total })}
      </p>
      <progress max={Math.max(1, d.progress.total)} value={d.progress.answered} className="progress" aria-label={t("answers.progressLabel")} />
      {result?.ok ? <p className="notice success" role="status">{t(result.message)}</p> : null}
      {result?.ok && result.mail ? <PublishMailNotice mail={result.mail} consultationId={c.id} /> : null}
      {result && !result.ok && !("conflict" in result && result.conflict) && !result.commentId ? <FormError errors={result.errors} /> : null}

      <Form method="get" className="compare-pick no-print">
        <label>
          {t("field.agency")}{" "}
          <select name="agency" defaultValue={params.get("agency") ?? ""}>
            <option value="">{t("board.all")}</option>
            {d.agencies.map((a) => (
              <option key={a.id} value={a.id}>{a.name}</option>
            ))}
          </select>
        </label>
        <label>
          {t("answers.decision")}{" "}
          <select name="decision" defaultValue={params.get("decision") ?? ""}>
            <option value="">{t("board.all")}</option>
            {DECISIONS.map((x) => (
              <option key={x} value={x}>{t(`decision.${x}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t("answers.state")}{" "}
          <select name="state" defaultValue={params.get("state") ?? ""}>
            <option value="">{t("board.all")}</option>
            <option value="open">{t("answers.stateOpen")}</option>
            <option value="answered">{t("answers.stateAnswered")}</option>
          </select>
        </label>
        <button type="submit" className="button">{t("answers.filter")}</button>
      </Form>

      <datalist id="new-clauses">
        {d.clauseOptions.map((o) => (
          <option key={o.label} value={o.label} lang={CONTENT_LANG}>{o.text}</option>
        ))}
      </datalist>

      <Form method="post" id="group-form" className="card group-box">
        <CsrfInput />
        <p className="small">{t("answers.groupLead")}</p>
        <div className="row">
          <select name="decision" aria-label={t("answers.decision")} defaultValue="accepted">
            {DECISIONS.map((x) => (
              <option key={x} value={x}>{t(`decision.${x}`)}</option>
            ))}
          </select>
          <textarea name="text" rows={2} aria-label={t("answers.text")} placeholder={t("answers.text")} />
        </div>
        <button type="submit" name="intent" value="group" className="button">{t("answers.group")}</button>
      </Form>

      {d.rows.length === 0 ? <p className="muted">{t("comments.none")}</p> : null}
      <ol className="comment-list triage">
        {d.rows.map((r) => {
          const mine = result && !result.ok && result.commentId === r.commentId ? result : null;
          const conflict = mine && "conflict" in mine && mine.conflict ? mine : null;
          const errors = mine && !conflict ? mine.errors : undefined;
          const values = mine && !conflict && "values" in mine ? mine.values : undefined;
          return (
            <li key={r.commentId} className="card comment-card" id={`comment-${r.commentId}`}>
              <div className="comment-meta">
                <label className="small">
                  <input type="checkbox" name="group" value={r.commentId} form="group-form" /> {t("answers.select")}
                </label>
                <strong lang={CONTENT_LANG}>{r.authorName}</strong>
                <span className="muted small">
                  · {r.clauseRef ? <Sentence t={t} k="comments.onVersionClause" params={{ version: r.versionLabel, clause: r.clauseRef }} marked={["version", "clause"]} /> : t("comments.general")}
                </span>
                {r.decision ? <span className={`badge decision-${r.decision}`}>{t(`decision.${r.decision}`)}</span> : <span className="badge state-notOpened">{t("answers.stateOpen")}</span>}
                {r.groupSize > 1 ? <span className="muted small">{t("answers.inGroup", { n: r.groupSize })}</span> : null}
              </div>
              {r.clauseHeading ? <p className="muted small" lang={CONTENT_LANG}>{r.clauseHeading}</p> : null}
              <p className="prewrap" lang={CONTENT_LANG}>{r.text}</p>
              {r.proposedWording ? <blockquote className="proposed prewrap" lang={CONTENT_LANG}>{r.proposedWording}</blockquote> : null}
              <SuggestionOnPhrase c={r} />
              <AnchorStateLine view={d.anchors[r.commentId]} quote={r.anchorQuote} />
              {r.commentId in d.working ? <AcceptBox commentId={r.commentId} state={d.working[r.commentId] ?? null} consultationId={c.id} error={mine && !conflict ? mine.errors?.accept : undefined} /> : null}
              {conflict ? (
                <div className="notice" role="alert">
                  <p><strong>{t("answers.conflict")}</strong></p>
                  <p>{t("answers.theirs")}: {t(`decision.${conflict.conflict.decision}`)}. <span lang={CONTENT_LANG}>{conflict.conflict.text}</span></p>
                  <p>{t("answers.yours")}: <span lang={CONTENT_LANG}>{conflict.mine.text}</span></p>
                </div>
              ) : null}
              <Form method="post" className="answer-form-inline" key={`${r.answerId ?? 0}-${r.answerRevision ?? 0}-${conflict ? "c" : ""}`}>
                <CsrfInput />
                <input type="hidden" name="commentId" value={r.commentId} />
                <input type="hidden" name="answerId" value={conflict ? conflict.conflict.answerId : (r.answerId ?? 0)} />
                <input type="hidden" name="revision" value={conflict ? conflict.conflict.revision : (r.answerRevision ?? 0)} />
                <div className="row">
                  <label className="field">
                    <span>{t("answers.decision")}</span>
                    <select name="decision" defaultValue={values?.decision ?? (conflict ? conflict.mine.decision : (r.decision ?? ""))}>
                      <option value="">{t("common.choose")}</option>
                      {DECISIONS.map((x) => (
                        <option key={x} value={x}>{t(`decision.${x}`)}</option>
                      ))}
                    </select>
                    {errors?.decision ? <span className="error">{t(errors.decision)}</span> : null}
                  </label>
                  <label className="field">
                    <span><Sentence t={t} k="answers.newClause" params={{ version: d.latestLabel }} marked={["version"]} /></span>
                    <input name="newClause" list="new-clauses" defaultValue={values?.newClause ?? r.newClauseLabel} className="mono" lang={CONTENT_LANG} />
                    {r.newClauseRef && !values ? <span className="muted small" lang={CONTENT_LANG}>{r.newClauseRef}</span> : null}
                    {errors?.newClause ? <span className="error">{t(errors.newClause)}</span> : null}
                  </label>
                </div>
                <label className="field">
                  <span>{t("answers.text")}</span>
                  <textarea name="text" rows={3} defaultValue={values?.text ?? (conflict ? conflict.mine.text : (r.answerText ?? ""))} lang={CONTENT_LANG} />
                  {errors?.text ? <span className="error">{t(errors.text)}</span> : null}
                </label>
                <div className="actions">
                  <button type="submit" name="intent" value="answer" className="button primary">
                    {r.groupSize > 1 ? t("answers.saveGroup", { n: r.groupSize }) : t("common.save")}
                  </button>
                  {r.groupSize > 1 ? (
                    <button type="submit" name="intent" value="ungroup" className="link-button">{t("answers.ungroup")}</button>
                  ) : null}
                </div>
              </Form>
            </li>
          );
        })}
      </ol>
      <Pager page={d.page} hasMore={d.hasMore} params={params} />
    </>
  );
}

/** "Tiếp thu vào dự thảo mới" for a comment with words to accept, or where it stands in the working copy. */
function AcceptBox({ commentId, state, consultationId, error }: { commentId: number; state: "applied" | "conflict" | "set_aside" | null; consultationId: number; error?: TranslationKey }) {
  const t = useT();
  return (
    <div className="row working-accept-box" data-testid="accept-box">
      {state === null ? (
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="commentId" value={commentId} />
          <button type="submit" name="intent" value="accept" className="button">{t("working.accept")}</button>
        </Form>
      ) : (
        <span className={`badge ${state === "applied" ? "decision-accepted" : state === "conflict" ? "state-late" : "state-notOpened"}`}>
          {t(state === "applied" ? "working.acceptedBadge" : state === "conflict" ? "working.conflictBadge" : "working.setAsideBadge")}
        </span>
      )}
      <Link className="small" to={`/staff/consultations/${consultationId}/working-copy?only=changed`}>{t("working.open")}</Link>
      {error ? <p className="error" role="alert">{t(error)}</p> : null}
    </div>
  );
}

/** After publishing: how many agencies were told, and plainly when some could not be. */
function PublishMailNotice({ mail, consultationId }: { mail: PublishMailOutcome; consultationId: number }) {
  const t = useT();
  const trouble = mail.deliveryError || mail.failed > 0;
  return (
    <div className={trouble ? "notice error" : "notice"} role={trouble ? "alert" : "status"} data-testid="answers-mail">
      <p>
        {mail.queued === 0 ? t("publishedAnswers.noneQueued") : t("publishedAnswers.queued", { n: mail.queued })}
        {mail.sent > 0 ? ` ${t("publishedAnswers.sent", { n: mail.sent })}` : ""}
        {mail.kept > 0 ? ` ${t("publishedAnswers.kept", { n: mail.kept })}` : ""}
      </p>
      {mail.noAddress > 0 ? <p>{t("publishedAnswers.noAddress", { n: mail.noAddress })}</p> : null}
      {trouble ? <p>{t("publishedAnswers.deliveryFailed")}</p> : null}
      {mail.queued > 0 ? <p><Link to={`/staff/consultations/${consultationId}/outbox`}>{t("publishedAnswers.seeOutbox")}</Link></p> : null}
    </div>
  );
}
