import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { requireUser } from "~/auth/session.server";
import { CONTENT_LANG } from "~/components/content-lang";
import { CutoffText } from "~/components/cutoff-text";
import { authorLabel } from "~/domain/author";
import { Pager } from "~/components/pager";
import { useT } from "~/i18n/use-t";
import { smtpConfigured } from "~/mail/transport.server";
import { getDb } from "#db/client.server";
import { listOutbox } from "#db/queries/outbox";
import { nextAttemptAt } from "~/mail/retry";
import { pageParam } from "~/http/page-param";
import { pageTitle } from "~/i18n/page-title";

const PAGE = 50;

/** Every mail of the consultation: sent, failed, or kept here because SMTP is not configured. */

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "outbox.title", data?.consultation.title)];
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const page = pageParam(new URL(request.url).searchParams);
  const rows = await listOutbox(await getDb(), consultation.id, { limit: PAGE + 1, offset: (page - 1) * PAGE });
  return {
    consultation: { id: consultation.id, title: consultation.title, timeZone: consultation.timeZone },
    // A failed mail: when it is tried next (null: the outbox gave up), as the board shows it.
    mails: rows.slice(0, PAGE).map((m) => ({ ...m, nextAttemptAt: m.status === "failed" ? nextAttemptAt(m.attempts, m.lastAttemptAt ?? m.createdAt) : null })),
    hasMore: rows.length > PAGE,
    page,
    smtp: smtpConfigured(),
  };
}

export default function Outbox() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${d.consultation.id}/invitations`}>← {t("board.title")}</Link>
      </p>
      <h1>{t("outbox.title")}</h1>
      {!d.smtp ? <p className="notice">{t("outbox.noSmtp")}</p> : null}
      {d.mails.length === 0 ? <p className="muted">{t("outbox.empty")}</p> : null}
      {d.mails.map((m) => (
        <details key={m.id} className="card mail">
          <summary>
            <span className={`badge mail-${m.status}`}>{t(`outbox.status.${m.status}`)}</span> {m.agencyName ? <strong lang={CONTENT_LANG}>{authorLabel({ ...m, agencyName: m.agencyName })}</strong> : <strong>{m.toAddresses}</strong>} · {m.subject}{" "}
            <span className="muted small">
              · <CutoffText cutoffAt={m.createdAt} timeZone={d.consultation.timeZone} />
            </span>
          </summary>
          <p className="small">
            {t("outbox.to")}: {m.toAddresses}
            {m.error ? <span className="error"> · {m.error}</span> : null}
            {m.status === "failed" ? (
              <span className="muted">
                {" · "}
                {m.nextAttemptAt !== null ? (
                  <>
                    {t("mailRetry.nextAttempt", { n: m.attempts })} <CutoffText cutoffAt={m.nextAttemptAt} timeZone={d.consultation.timeZone} />
                  </>
                ) : (
                  t("mailRetry.gaveUp", { n: m.attempts })
                )}
              </span>
            ) : null}
          </p>
          <pre className="mail-body">{m.body}</pre>
        </details>
      ))}
      <Pager page={d.page} hasMore={d.hasMore} params={params} />
    </>
  );
}
