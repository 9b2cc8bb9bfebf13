/**
 * Similar comments suggested as groups (issue 16, part 5). Each group is a form posted to the answers
 * board's "group" action with its comments ticked: the drafter unticks what does not belong, chooses the
 * decision and writes the one answer. Nothing is grouped until then.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { DECISIONS } from "~/answers/decisions";
import { similarComments } from "~/answers/similar.server";
import { SIMILAR_DEFAULT, SIMILAR_MAX_COMMENTS, SIMILAR_THRESHOLDS } from "~/answers/similar-rules";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";
import { CsrfInput } from "~/components/forms";
import { capitalizeFirst } from "~/domain/clause-ref";
import { pageTitle } from "~/i18n/page-title";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "similar.title", data?.consultation.title)];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const asked = Number(new URL(request.url).searchParams.get("min"));
  const min = SIMILAR_THRESHOLDS.find((x) => x === asked) ?? SIMILAR_DEFAULT;
  const found = await similarComments(consultation, min);
  return { consultation: { id: consultation.id, title: consultation.title }, min, ...found };
}

export default function SimilarComments() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const c = d.consultation;
  const answersUrl = `/staff/consultations/${c.id}/answers`;
  return (
    <>
      <p className="breadcrumb">
        <Link to={answersUrl}>← {t("similar.back")}</Link>
      </p>
      <h1>{t("similar.title")}</h1>
      <p className="muted">{t("similar.lead")}</p>
      <Form method="get" className="compare-pick no-print">
        <label>
          {t("similar.threshold")}{" "}
          <select name="min" defaultValue={String(d.min)}>
            {SIMILAR_THRESHOLDS.map((x) => (
              <option key={x} value={x}>{`${x}%`}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">{t("similar.show")}</button>
      </Form>
      <p className="small" role="status">
        {t("similar.considered", { n: d.considered })} {d.capped ? t("similar.capped", { n: SIMILAR_MAX_COMMENTS }) : null}
      </p>
      {d.groups.length === 0 ? <p className="muted">{t("similar.none")}</p> : null}
      {d.groups.map((g, i) => (
        <section key={g.comments[0]!.commentId} className="card similar-group" aria-labelledby={`similar-${i}`} data-testid="similar-group">
          <h2 id={`similar-${i}`}>{t("similar.groupHeading", { n: g.comments.length, pct: g.similarityPct })}</h2>
          <Form method="post" action={answersUrl}>
            <CsrfInput />
            <ul className="plain-list">
              {g.comments.map((m) => (
                <li key={m.commentId} className="similar-comment">
                  <label>
                    <input type="checkbox" name="group" value={m.commentId} defaultChecked />{" "}
                    <strong lang={CONTENT_LANG}>{m.authorName}</strong>{" "}
                    <span className="muted small">
                      · {m.clauseRef ? <Sentence t={t} k="comments.onVersionClause" params={{ version: m.versionLabel, clause: capitalizeFirst(m.clauseRef) }} marked={["version", "clause"]} /> : t("comments.general")}
                      {" · "}
                      {t("similar.closest", { pct: m.closestPct })}
                    </span>
                  </label>
                  <p className="prewrap" lang={CONTENT_LANG}>{m.text}</p>
                  {m.proposedWording ? <blockquote className="proposed prewrap" lang={CONTENT_LANG}>{m.proposedWording}</blockquote> : null}
                </li>
              ))}
            </ul>
            <div className="row">
              <select name="decision" aria-label={t("answers.decision")} defaultValue="accepted">
                {DECISIONS.map((x) => (
                  <option key={x} value={x}>{t(`decision.${x}`)}</option>
                ))}
              </select>
              <textarea name="text" rows={2} aria-label={t("answers.text")} placeholder={t("answers.text")} lang={CONTENT_LANG} />
            </div>
            <button type="submit" name="intent" value="group" className="button">{t("similar.answerTogether")}</button>
          </Form>
        </section>
      ))}
    </>
  );
}
