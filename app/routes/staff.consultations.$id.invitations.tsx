import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseId, requireConsultation } from "~/auth/access.server";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser } from "~/auth/session.server";
import { CopyLink } from "~/components/copy-link";
import { CsrfInput, Field, FormError } from "~/components/forms";
import { CutoffText } from "~/components/cutoff-text";
import { Pager } from "~/components/pager";
import { REMINDER_CHOICES, reminderChoicesOf } from "~/domain/reminders";
import { instantToZonedLocal } from "~/domain/zoned-time";
import { boardAction } from "~/invitations/board-actions.server";
import { invitationLink, publicBaseUrl } from "~/invitations/invitations.server";
import { useT } from "~/i18n/use-t";
import { smtpConfigured } from "~/mail/transport.server";
import { getDb } from "#db/client.server";
import { boardBodies, boardRows, boardTotals, invitationIdsByPerson, uninvitedAgencies, type BoardRow, type BoardState } from "#db/queries/invitations";
import { listBodies, listPeople, membersOf } from "#db/queries/directory";
import { pendingReminderTimes } from "#db/queries/reminders";
import { countFailedMails, failedMailsOf } from "#db/queries/outbox";
import { nextAttemptAt } from "~/mail/retry";
import { pageParam } from "~/http/page-param";
import { pageTitle } from "~/i18n/page-title";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";
import { countVerdicts, effectiveVerdict, VERDICTS } from "~/domain/verdict";
import { verdictTotals } from "#db/queries/disagreements";
import { MEMBERS_SHOWN } from "~/invitations/board-limits";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "board.title", data?.consultation.title)];

const PAGE = 50;
const STATES: BoardState[] = ["notOpened", "opened", "drafting", "submitted", "agreed", "declined", "late", "revoked"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const url = new URL(request.url);
  const state = STATES.find((s) => s === url.searchParams.get("state"));
  const page = pageParam(url.searchParams);
  const db = await getDb();
  const base = publicBaseUrl(request);
  // The main table: agencies and people invited alone, paged in SQL. The members invited through a body
  // are listed under their body: the first MEMBERS_SHOWN (in the state chosen), or all of the one body
  // opened with ?members=<id> (a body's list is bounded by its size).
  const rows = await boardRows(db, consultation.id, { state, limit: PAGE + 1, offset: (page - 1) * PAGE, scope: "main" });
  const opened = Number(url.searchParams.get("members")) || null;
  const bodies = (await boardBodies(db, consultation.id)).map(({ members, ...b }) => {
    const inState = members.filter((m) => !state || m.state === state);
    const shown = b.bodyId === opened ? inState : inState.slice(0, MEMBERS_SHOWN);
    return { ...b, members: shown, inState: inState.length };
  });
  const memberRows = bodies.flatMap((b) => b.members);
  // Mails that failed, with their error and their next attempt (null: given up), under their agency.
  const failed = await failedMailsOf(db, consultation.id, [...rows.slice(0, PAGE), ...memberRows].map((r) => r.id));
  const failedOf = (invitationId: number) =>
    failed
      .filter((m) => m.invitationId === invitationId)
      .map((m) => ({ id: m.id, kind: m.kind, error: m.error ?? "", attempts: m.attempts, nextAttemptAt: nextAttemptAt(m.attempts, m.lastAttemptAt ?? m.createdAt) }));
  const view = ({ tokenNonce, agencyEmails, personEmails, ...r }: BoardRow) => ({
    ...r,
    // The latest answer's verdict (issue 16); older answers by their kind; none once revoked.
    verdict: r.revokedAt === null && r.latestSubmissionId !== null ? effectiveVerdict(r.answerKind, r.verdict) : null,
    // A person's invitation is mailed to the person's own addresses (see mailTargets).
    hasEmail: (r.personId !== null ? (personEmails ?? "") : agencyEmails).trim() !== "",
    link: r.revokedAt === null ? invitationLink(base, { id: r.id, tokenNonce }) : null,
    cutoffOverrideLocal: r.cutoffOverrideAt ? instantToZonedLocal(r.cutoffOverrideAt, consultation.timeZone) : "",
    failedMails: failedOf(r.id),
  });
  // What can still be invited: bodies (with how many of their members are invited already) and people not yet invited.
  const invitedPeople = await invitationIdsByPerson(db, consultation.id);
  const directoryBodies = await listBodies(db);
  const directoryMembers = await membersOf(db, directoryBodies.map((b) => b.id));
  return {
    consultation: { id: consultation.id, title: consultation.title, status: consultation.status, cutoffAt: consultation.cutoffAt, timeZone: consultation.timeZone, draftingAgencyId: consultation.draftingAgencyId },
    totals: await boardTotals(db, consultation.id),
    verdicts: countVerdicts(await verdictTotals(db, consultation.id)),
    rows: rows.slice(0, PAGE).map(view),
    // Each invited body: its count of answers, and the members shown (in the state chosen, if any) of
    // `inState` in that state.
    bodies: bodies.map(({ members, ...b }) => ({ ...b, members: members.map(({ memberOrder: _order, ...m }) => view(m)) })),
    failedMailCount: await countFailedMails(db, consultation.id),
    hasMore: rows.length > PAGE,
    page,
    state: state ?? null,
    candidates: (await uninvitedAgencies(db, consultation.id, consultation.draftingAgencyId)).map((a) => ({
      id: a.id,
      name: a.name,
      hasEmail: a.emails.trim() !== "",
    })),
    bodyCandidates: directoryBodies
      .filter((b) => b.members > 0)
      .map((b) => ({ id: b.id, name: b.name, members: b.members, invited: (directoryMembers.get(b.id) ?? []).filter((m) => invitedPeople.has(m.personId)).length })),
    personCandidates: (await listPeople(db))
      .filter((p) => !invitedPeople.has(p.id))
      .map((p) => ({ id: p.id, name: p.name, position: p.position, agencyName: p.agencyName, hasEmail: p.emails.trim() !== "" })),
    reminders: reminderChoicesOf(consultation.cutoffAt, consultation.timeZone, await pendingReminderTimes(db, consultation.id)),
    smtp: smtpConfigured(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const form = await request.formData();
  await verifyCsrf(request, form);
  const result = await boardAction({ consultation, userId: user.id, ip: requestMeta(request, context).ip, request }, form);
  return data(result, { status: result.ok ? 200 : 400 });
}

export default function Board() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const errors = result && !result.ok ? result.errors : undefined;
  const c = d.consultation;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${c.id}`}>← <span lang={CONTENT_LANG}>{c.title}</span></Link>
      </p>
      <div className="page-head">
        <h1>{t("board.title")}</h1>
        <div className="actions">
          <Link className="button" to="print">{t("board.print")}</Link>
          <Link className="button" to={`/staff/consultations/${c.id}/comments`}>{t("board.comments")}</Link>
          <Link className="button" to={`/staff/consultations/${c.id}/outbox`}>{t("board.outbox")}</Link>
        </div>
      </div>
      {result?.ok ? (
        <p className="notice success" role="status">
          {t(result.message as Parameters<typeof t>[0], { n: result.count ?? 0 })}
          {result.alreadyInvited ? (
            <span data-testid="already-invited">
              {" "}
              <Sentence t={t} k="members.alreadyInvited" params={{ names: result.alreadyInvited.join(", ") }} marked={["names"]} />
            </span>
          ) : null}
        </p>
      ) : null}
      <FormError errors={errors} />
      {d.failedMailCount > 0 ? (
        <p className="notice" role="status" data-testid="failed-mail-count">
          {t("mailRetry.boardNotice", { n: d.failedMailCount })} <Link to={`/staff/consultations/${c.id}/outbox`}>{t("board.outbox")}</Link>
        </p>
      ) : null}
      <p className="totals" data-testid="totals">
        {t("board.totals", { invited: d.totals.invited, answered: d.totals.answered, agreed: d.totals.agreed, comments: d.totals.comments })}
      </p>
      {VERDICTS.some((v) => d.verdicts[v] > 0) ? (
        <p className="totals" data-testid="verdict-totals">
          {t("verdict.totals", { parts: VERDICTS.filter((v) => d.verdicts[v] > 0).map((v) => t(`verdict.count.${v}`, { n: d.verdicts[v] })).join(", ") })}
        </p>
      ) : null}
      {d.totals.people.invited > 0 ? (
        <p className="totals" data-testid="totals-split">
          {t("members.totalsSplit", { agencies: d.totals.agencies.invited, agenciesAnswered: d.totals.agencies.answered, people: d.totals.people.invited, peopleAnswered: d.totals.people.answered })}
        </p>
      ) : null}
      <p className="muted small">
        {t("field.cutoff")}: <CutoffText cutoffAt={c.cutoffAt} timeZone={c.timeZone} />
        {d.smtp ? "" : ` · ${t("board.noSmtp")}`}
      </p>

      <nav className="filters" aria-label={t("board.filter")}>
        <Link to="?" className="chip" aria-current={d.state === null ? "true" : undefined}>{t("board.all")}</Link>
        {STATES.map((s) => (
          <Link key={s} to={`?state=${s}`} className="chip" aria-current={d.state === s ? "true" : undefined}>
            {t(`board.state.${s}`)} {d.totals.byState[s] ? `(${d.totals.byState[s]})` : ""}
          </Link>
        ))}
      </nav>

      {d.bodies.map((b) => (
        <section key={b.bodyId} className="board-body" aria-labelledby={`body-${b.bodyId}-h`} data-testid="board-body" data-body={b.bodyName}>
          <h2 id={`body-${b.bodyId}-h`}>
            <span lang={CONTENT_LANG}>{b.bodyName}</span>{" "}
            <span className="muted small" data-testid="body-count">{t("members.answered", { n: b.invited, answered: b.answered })}</span>
          </h2>
          {b.members.length === 0 ? (
            <p className="muted">{t("members.noneInState")}</p>
          ) : (
            <InvitationTable rows={b.members} consultationId={c.id} timeZone={c.timeZone} heading={t("members.colMember")} />
          )}
          {b.inState > b.members.length ? (
            <p>
              <Link to={`?${d.state ? `state=${d.state}&` : ""}members=${b.bodyId}#body-${b.bodyId}-h`} data-testid="body-show-all">
                {t("members.showAll", { n: b.inState })}
              </Link>
            </p>
          ) : null}
        </section>
      ))}

      {d.rows.length === 0 ? (
        d.bodies.length === 0 || d.state ? <p className="muted">{d.state ? t("board.noneInState") : t("board.noneYet")}</p> : null
      ) : (
        <InvitationTable rows={d.rows} consultationId={c.id} timeZone={c.timeZone} heading={d.rows.some((r) => r.personId !== null) ? t("members.colInvitee") : t("field.agency")} />
      )}
      <Pager page={d.page} hasMore={d.hasMore} params={params} />

      <div className="two-col">
        <section className="card" aria-labelledby="invite-h">
          <h2 id="invite-h">{t("board.inviteTitle")}</h2>
          {d.candidates.length === 0 && d.bodyCandidates.length === 0 && d.personCandidates.length === 0 ? (
            <p className="muted">{t("board.noCandidates")}</p>
          ) : (
            <Form method="post" className="stack">
              <CsrfInput />
              {d.candidates.length === 0 ? (
                <p className="muted">{t("board.noCandidates")}</p>
              ) : (
                <fieldset className="checklist">
                  <legend className={d.bodyCandidates.length + d.personCandidates.length > 0 ? undefined : "visually-hidden"}>
                    {d.bodyCandidates.length + d.personCandidates.length > 0 ? t("members.legendAgencies") : t("board.inviteTitle")}
                  </legend>
                  {d.candidates.map((a) => (
                    <label key={a.id}>
                      <input type="checkbox" name="agencyIds" value={a.id} /> <span lang={CONTENT_LANG}>{a.name}</span>
                      {a.hasEmail ? null : <span className="muted small"> · {t("board.noEmail")}</span>}
                    </label>
                  ))}
                </fieldset>
              )}
              {d.bodyCandidates.length > 0 ? (
                <fieldset className="checklist" data-testid="invite-bodies">
                  <legend>{t("members.legendBodies")}</legend>
                  {d.bodyCandidates.map((b) => (
                    <label key={b.id}>
                      <input type="checkbox" name="bodyIds" value={b.id} disabled={b.invited >= b.members} /> <span lang={CONTENT_LANG}>{b.name}</span>
                      <span className="muted small">
                        {" "}
                        · {t("members.memberCount", { n: b.members })}
                        {b.invited > 0 ? ` · ${t("members.someInvited", { n: b.invited })}` : ""}
                      </span>
                    </label>
                  ))}
                </fieldset>
              ) : null}
              {d.personCandidates.length > 0 ? (
                <details className="invite-people" open={d.bodyCandidates.length === 0 && d.candidates.length === 0}>
                  <summary>{t("members.legendPeople")}</summary>
                  <fieldset className="checklist" data-testid="invite-people">
                    <legend className="visually-hidden">{t("members.legendPeople")}</legend>
                    {d.personCandidates.map((p) => (
                      <label key={p.id}>
                        <input type="checkbox" name="personIds" value={p.id} /> <span lang={CONTENT_LANG}>{p.name}{p.position ? `, ${p.position}` : ""}</span>
                        <span className="muted small">
                          {" "}
                          · <span lang={CONTENT_LANG}>{p.agencyName}</span>
                          {p.hasEmail ? null : ` · ${t("board.noEmail")}`}
                        </span>
                      </label>
                    ))}
                  </fieldset>
                </details>
              ) : null}
              {errors?.agencyIds ? <p className="error" role="alert">{t(errors.agencyIds)}</p> : null}
              <label>
                <input type="checkbox" name="sendMail" defaultChecked /> {t("board.sendMailNow")}
              </label>
              <div className="actions">
                <button type="submit" name="intent" value="invite" className="button primary">
                  {c.status === "preparing" ? t("board.inviteAndOpen") : t("board.invite")}
                </button>
              </div>
            </Form>
          )}
          <details className="add-agency">
            <summary>{t("board.addAgency")}</summary>
            <Form method="post" className="stack" noValidate>
              <CsrfInput />
              <input type="hidden" name="intent" value="addAgency" />
              <Field name="name" label="field.agencyName" errors={errors}>
                {(p) => <input {...p} defaultValue={result && !result.ok ? (result.values?.name ?? "") : ""} />}
              </Field>
              <Field name="shortName" label="field.shortName" errors={errors}>
                {(p) => <input {...p} defaultValue={result && !result.ok ? (result.values?.shortName ?? "") : ""} />}
              </Field>
              <Field name="emails" label="field.emails" errors={errors} hint="hint.emails">
                {(p) => <textarea {...p} rows={2} defaultValue={result && !result.ok ? (result.values?.emails ?? "") : ""} />}
              </Field>
              <button type="submit" className="button">{t("agency.add")}</button>
            </Form>
          </details>
        </section>
        <section className="card" aria-labelledby="remind-h">
          <h2 id="remind-h">{t("board.remindTitle")}</h2>
          <Form method="post" className="stack">
            <CsrfInput />
            <button type="submit" name="intent" value="remind" className="button">{t("board.remindNow")}</button>
          </Form>
          <Form method="post" className="stack">
            <CsrfInput />
            <fieldset className="checklist">
              <legend>{t("board.remindSchedule")}</legend>
              {REMINDER_CHOICES.map((choice) => (
                <label key={choice}>
                  <input type="checkbox" name="reminder" value={choice} defaultChecked={d.reminders.includes(choice)} /> {t(`board.reminder.${choice}`)}
                </label>
              ))}
            </fieldset>
            <button type="submit" name="intent" value="reminders" className="button">{t("common.save")}</button>
          </Form>
        </section>
      </div>
    </>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

/**
 * Invitations as a table, one row each with its state, comments, last activity, link and actions: the
 * main table (agencies, people invited alone) and each body's members.
 */
function InvitationTable({ rows, consultationId, timeZone, heading }: { rows: Row[]; consultationId: number; timeZone: string; heading: string }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="list board">
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col">{t("field.status")}</th>
            <th scope="col" className="num">{t("board.commentCount")}</th>
            <th scope="col">{t("board.lastActivity")}</th>
            <th scope="col">{t("board.link")}</th>
            <th scope="col">{t("common.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            // data-agency marks an agency's own invitation only: a person of that agency has data-person.
            <tr key={r.id} data-agency={r.personId === null ? r.agencyName : undefined} data-person={r.personName ?? undefined} data-invitation={r.id}>
              <td data-label={heading}>
                {r.personId !== null ? (
                  <>
                    <Link to={`/staff/consultations/${consultationId}/comments?agency=${r.id}`} lang={CONTENT_LANG}>{r.personName}</Link>
                    {r.personPosition ? <span lang={CONTENT_LANG}>, {r.personPosition}</span> : null}
                    <div className="muted small" lang={CONTENT_LANG}>{r.agencyName}</div>
                  </>
                ) : (
                  <Link to={`/staff/consultations/${consultationId}/comments?agency=${r.id}`} lang={CONTENT_LANG}>{r.agencyName}</Link>
                )}
                {r.signerName ? <div className="muted small" lang={CONTENT_LANG}>{r.signerName}, {r.signerPosition}</div> : null}
              </td>
              <td data-label={t("field.status")}>
                <span className={`badge state-${r.state}`}>{t(`board.state.${r.state}`)}</span>
                {r.verdict ? <> <span className={`badge verdict-${r.verdict}`} data-testid="verdict">{t(`verdict.badge.${r.verdict}`)}</span></> : null}
                {r.lateAllowed && r.state !== "late" ? <div className="muted small">{t("board.lateAllowed")}</div> : null}
                {r.cutoffOverrideAt ? <div className="muted small">{t("board.extendedTo")} <CutoffText cutoffAt={r.cutoffOverrideAt} timeZone={timeZone} /></div> : null}
                {r.failedMails.map((m) => (
                  <FailedMail key={m.id} mail={m} timeZone={timeZone} />
                ))}
              </td>
              <td data-label={t("board.commentCount")} className="num">{r.commentCount}</td>
              <td data-label={t("board.lastActivity")} className="small">
                {r.lastSeenAt ? <CutoffText cutoffAt={r.submittedAt ?? r.lastSeenAt} timeZone={timeZone} /> : "—"}
              </td>
              <td data-label={t("board.link")}>{r.link ? <CopyLink url={r.link} /> : "—"}</td>
              <td>
                <RowActions row={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A mail that could not be sent: its error, when it is tried next (or that the outbox gave up), and "retry now". */
function FailedMail({ mail, timeZone }: { mail: Row["failedMails"][number]; timeZone: string }) {
  const t = useT();
  return (
    <div className="failed-mail small" data-testid="failed-mail" data-mail-id={mail.id}>
      <span className="mail-failed">{t(`mailRetry.kind.${mail.kind}`)}</span> <span className="error">{mail.error}</span>
      <div className="muted">
        {mail.nextAttemptAt !== null ? (
          <>
            {t("mailRetry.nextAttempt", { n: mail.attempts })} <CutoffText cutoffAt={mail.nextAttemptAt} timeZone={timeZone} />
          </>
        ) : (
          t("mailRetry.gaveUp", { n: mail.attempts })
        )}
      </div>
      <Form method="post" className="inline-form">
        <CsrfInput />
        <input type="hidden" name="mailId" value={mail.id} />
        <button type="submit" name="intent" value="retryMail" className="link-button">{t("mailRetry.retryNow")}</button>
      </Form>
    </div>
  );
}

function RowActions({ row }: { row: Row }) {
  const t = useT();
  const answered = row.latestSubmissionId !== null;
  return (
    <details className="row-actions">
      <summary>{t("common.actions")}</summary>
      <div className="stack small">
        {row.revokedAt === null && row.hasEmail ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="invitationId" value={row.id} />
            <button type="submit" name="intent" value={answered ? "mailOne" : row.sentAt ? "remindOne" : "mailOne"} className="link-button">
              {row.sentAt && !answered ? t("board.remindOne") : t("board.mailOne")}
            </button>
          </Form>
        ) : null}
        <Form method="post" className="inline-form">
          <CsrfInput />
          <input type="hidden" name="invitationId" value={row.id} />
          <label>
            {t("board.extendFor")}
            <input type="datetime-local" name="cutoff" defaultValue={row.cutoffOverrideLocal} />
          </label>
          <button type="submit" name="intent" value="extend" className="link-button">{t("common.save")}</button>
        </Form>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="invitationId" value={row.id} />
          <button type="submit" name="intent" value={row.lateAllowed ? "refuseLate" : "allowLate"} className="link-button">
            {row.lateAllowed ? t("board.refuseLate") : t("board.allowLate")}
          </button>
        </Form>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="invitationId" value={row.id} />
          {row.revokedAt === null ? (
            <button type="submit" name="intent" value="revoke" className="link-button danger-text">{t("board.revoke")}</button>
          ) : null}
          <button type="submit" name="intent" value="reissue" className="link-button">{t("board.reissue")}</button>
        </Form>
      </div>
    </details>
  );
}
