import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser } from "~/auth/session.server";
import { CsrfInput, FormError } from "~/components/forms";
import { CONTENT_LANG } from "~/components/content-lang";
import { CutoffText } from "~/components/cutoff-text";
import { SuggestionOnPhrase } from "~/components/phrase-suggestions";
import { groupDisagreements, type Disagreement } from "~/domain/disagreements/disagreements";
import { SettleSchema } from "~/domain/disagreements/settle-form.server";
import { isRowId } from "~/domain/row-id";
import { parseForm, type FieldErrors } from "~/forms";
import { pageTitle } from "~/i18n/page-title";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { disagreementRows, isDisagreement, settleDisagreement, unsettleDisagreement } from "#db/queries/disagreements";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "disagreements.title", data?.consultation.title)];

/**
 * The disagreements (issue 16, part 4): every comment of an agency whose latest verdict is "disagree"
 * that was not accepted, by agency, with the drafter's explanation; each can be marked settled after
 * consultation, with a note, and the mark undone. Exports: ./staff.consultations.$id.disagreements_.$format.tsx.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const db = await getDb();
  return {
    consultation: { id: consultation.id, title: consultation.title, timeZone: consultation.timeZone },
    summary: groupDisagreements(await disagreementRows(db, consultation.id)),
  };
}

type ActionResult = { ok: true; message: "disagreements.savedSettled" | "disagreements.savedUnsettled"; commentId: number } | { ok: false; errors: FieldErrors; commentId: number | null; note: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const form = await request.formData();
  await verifyCsrf(request, form);
  const note = typeof form.get("note") === "string" ? String(form.get("note")) : "";
  const rawId = Number(form.get("commentId"));
  const commentId = isRowId(rawId) ? rawId : null;
  const parsed = parseForm(SettleSchema, form);
  // What was typed comes back whole with the error, next to its comment.
  if (!parsed.ok) return data<ActionResult>({ ok: false, errors: parsed.errors, commentId, note }, { status: 400 });
  const db = await getDb();
  if (!(await isDisagreement(db, consultation.id, parsed.data.commentId))) {
    return data<ActionResult>({ ok: false, errors: { _form: "disagreements.notFound" }, commentId, note }, { status: 400 });
  }
  const audit = { actorUserId: user.id, ip: requestMeta(request, context).ip };
  if (parsed.data.intent === "settle") {
    await settleDisagreement(db, { consultationId: consultation.id, commentId: parsed.data.commentId, note: parsed.data.note, userId: user.id, now: Date.now() }, audit);
    return data<ActionResult>({ ok: true, message: "disagreements.savedSettled", commentId: parsed.data.commentId });
  }
  await unsettleDisagreement(db, { consultationId: consultation.id, commentId: parsed.data.commentId }, audit);
  return data<ActionResult>({ ok: true, message: "disagreements.savedUnsettled", commentId: parsed.data.commentId });
}

export default function Disagreements() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const c = d.consultation;
  const total = d.summary.open + d.summary.settled;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${c.id}`}>← <span lang={CONTENT_LANG}>{c.title}</span></Link>
      </p>
      <h1>{t("disagreements.title")}</h1>
      <p className="lead">{t("disagreements.lead")}</p>
      {result?.ok ? <p className="notice success" role="status">{t(result.message)}</p> : null}
      {result && !result.ok && result.commentId === null ? <FormError errors={result.errors} /> : null}
      {total === 0 ? (
        <p className="notice" data-testid="disagreements-none">{t("disagreements.none")}</p>
      ) : (
        <>
          <p className="totals" data-testid="disagreements-totals">
            {t("disagreements.open", { n: d.summary.open })} · {t("disagreements.settledCount", { n: d.summary.settled })}
          </p>
          <p className="actions">
            <span>{t("disagreements.export")}:</span>{" "}
            <a className="button" href={`/staff/consultations/${c.id}/disagreements/docx`} download>{t("disagreements.exportDocx")}</a>{" "}
            <a className="button" href={`/staff/consultations/${c.id}/disagreements/xlsx`} download>{t("disagreements.exportXlsx")}</a>
          </p>
          {d.summary.groups.map((g) => (
            <section key={g.invitationId} className="disagreement-group" aria-labelledby={`dg-${g.invitationId}`} data-testid="disagreement-group">
              <h2 id={`dg-${g.invitationId}`} lang={CONTENT_LANG}>{g.authorName}</h2>
              <ol className="comment-list">
                {g.items.map((item) => (
                  <DisagreementCard key={item.commentId} item={item} timeZone={c.timeZone} result={result && !result.ok && result.commentId === item.commentId ? result : null} />
                ))}
              </ol>
            </section>
          ))}
        </>
      )}
    </>
  );
}

function DisagreementCard({ item, timeZone, result }: { item: Disagreement; timeZone: string; result: { errors: FieldErrors; note: string } | null }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("commentId") === String(item.commentId);
  const noteError = result?.errors.note;
  const id = `note-${item.commentId}`;
  return (
    <li className="comment-card card" data-testid="disagreement" data-comment={item.commentId} data-settled={item.settlement ? "true" : "false"}>
      <p className="clause-ref small">
        {item.clauseRef ? <strong lang={CONTENT_LANG}>{item.clauseRef}</strong> : <strong>{t("invitee.general")}</strong>} <span lang={CONTENT_LANG}>{item.clauseHeading}</span>{" "}
        <span className="muted" lang={CONTENT_LANG}>({item.versionLabel})</span>
        {item.objection ? <> <span className="badge verdict-disagree" data-testid="objection">{t("disagreements.objectionBadge")}</span></> : null}
      </p>
      <p className="muted small">{t("disagreements.comment")}</p>
      {item.phrase ? <SuggestionOnPhrase c={item.phrase} /> : null}
      {item.text ? <p className="prewrap" lang={CONTENT_LANG}>{item.text}</p> : null}
      {item.proposedWording ? (
        <p className="proposed prewrap"><span className="muted small">{t("disagreements.proposed")}: </span><span lang={CONTENT_LANG}>{item.proposedWording}</span></p>
      ) : null}
      <div className="answer-box">
        <p className="muted small">{t("disagreements.explanation")}</p>
        {item.decision ? (
          <>
            <p><strong className={`decision decision-${item.decision}`}>{t(`decision.${item.decision}`)}</strong></p>
            {item.explanation ? <p className="prewrap" lang={CONTENT_LANG}>{item.explanation}</p> : null}
          </>
        ) : (
          <p className="muted">{t("disagreements.noAnswer")}</p>
        )}
      </div>
      {result?.errors._form ? <FormError errors={result.errors} /> : null}
      {item.settlement ? (
        <div className="settlement" data-testid="settlement">
          <p>
            <span className="badge status-open">{t("disagreements.settled")}</span>{" "}
            <span className="muted small"><CutoffText cutoffAt={item.settlement.at} timeZone={timeZone} />{item.settlement.by ? <> · <span lang={CONTENT_LANG}>{item.settlement.by}</span></> : null}</span>
          </p>
          <p className="prewrap" lang={CONTENT_LANG}>{item.settlement.note}</p>
          <Form method="post" replace preventScrollReset>
            <CsrfInput />
            <input type="hidden" name="commentId" value={item.commentId} />
            <button type="submit" name="intent" value="unsettle" className="button" disabled={busy}>{t("disagreements.unsettle")}</button>
          </Form>
        </div>
      ) : (
        <Form method="post" replace preventScrollReset className="settle-form" noValidate>
          <CsrfInput />
          <input type="hidden" name="commentId" value={item.commentId} />
          <div className={noteError ? "field has-error" : "field"}>
            <label htmlFor={id}>{t("disagreements.note")}</label>
            <textarea id={id} name="note" rows={2} defaultValue={result?.note ?? ""} lang={CONTENT_LANG} aria-invalid={noteError ? true : undefined} aria-describedby={noteError ? `${id}-error` : undefined} />
            {noteError ? <p className="error" id={`${id}-error`}>{t(noteError)}</p> : null}
          </div>
          <button type="submit" name="intent" value="settle" className="button primary" disabled={busy}>{t("disagreements.settle")}</button>
        </Form>
      )}
    </li>
  );
}
