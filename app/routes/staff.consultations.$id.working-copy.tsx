import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { parseId, requireConsultation } from "~/auth/access.server";
import { verifyCsrf } from "~/auth/csrf.server";
import { requestMeta } from "~/auth/request-meta.server";
import { requireUser } from "~/auth/session.server";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";
import { DiffText } from "~/components/diff-text";
import { CsrfInput } from "~/components/forms";
import { capitalizeFirst } from "~/domain/clause-ref";
import { MAX_ROW_ID } from "~/domain/row-id";
import { defaultVersionLabel } from "#db/queries/versions";
import { pageTitle } from "~/i18n/page-title";
import { useT } from "~/i18n/use-t";
import type { TranslationKey } from "~/i18n";
import { editClause, publishWorking, settle, undo, workingCopyPage, type ProposalView } from "~/working-copy/working-copy.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [pageTitle(matches, "working.title", data?.consultation.title)];

/** The working copy of the next draft: the base's clauses with the changes marked, edits, conflicts, publish. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const url = new URL(request.url);
  const onlyChanged = url.searchParams.get("only") === "changed";
  const edit = Number(url.searchParams.get("edit")) || null;
  return {
    consultation: { id: consultation.id, title: consultation.title },
    onlyChanged,
    edit,
    page: await workingCopyPage(consultation.id, { onlyChanged }),
  };
}

const Id = z.coerce.number().int().positive().max(MAX_ROW_ID);
const EditSchema = z.object({
  clauseId: Id,
  revision: z.coerce.number().int().nonnegative().max(1_000_000_000),
  heading: z.string().max(2_000).transform((v) => v.replace(/\r\n?/g, "\n")),
  body: z.string().max(100_000).transform((v) => v.replace(/\r\n?/g, "\n")),
});

/** What the page showed when "publish" was pressed: its base and the working copy's stamp. */
const PublishSchema = z.object({ baseVersionId: Id, stamp: z.string().max(1_000_000) });

type Result =
  | { ok: true; message: TranslationKey; version?: string; versionId?: number; clauseId?: number }
  | { ok: false; error: TranslationKey; clauseId?: number; acceptId?: number; citation?: string; values?: { heading: string; body: string }; theirs?: { heading: string; body: string; revision: number } };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { consultation } = await requireConsultation(user, parseId(params.id));
  const form = await request.formData();
  await verifyCsrf(request, form);
  const actor = { actorUserId: user.id, ip: requestMeta(request, context).ip };
  const intent = form.get("intent");
  const bad = (error: TranslationKey, status = 400) => data<Result>({ ok: false, error }, { status });

  if (intent === "edit") {
    const parsed = EditSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
    if (!parsed.success) return bad("error.invalid");
    const values = { heading: parsed.data.heading, body: parsed.data.body };
    const out = await editClause(consultation.id, parsed.data, actor);
    if (out.ok) return data<Result>({ ok: true, message: "working.saved", clauseId: parsed.data.clauseId });
    return data<Result>({ ok: false, error: out.error, clauseId: parsed.data.clauseId, values, theirs: "theirs" in out ? out.theirs : undefined }, { status: out.status });
  }
  if (intent === "undo" || intent === "take" || intent === "keep") {
    const acceptId = Id.safeParse(form.get("acceptId"));
    if (!acceptId.success) return bad("error.invalid");
    const out = intent === "undo" ? await undo(consultation.id, acceptId.data, actor) : await settle(consultation.id, acceptId.data, intent, actor);
    if (out.ok) return data<Result>({ ok: true, message: intent === "undo" ? "working.undone" : intent === "take" ? "working.taken" : "working.kept" });
    return data<Result>({ ok: false, error: out.error, acceptId: acceptId.data }, { status: out.status });
  }
  if (intent === "publish") {
    const expected = PublishSchema.safeParse({ baseVersionId: form.get("baseVersionId"), stamp: form.get("stamp") });
    if (!expected.success) return bad("error.invalid");
    const out = await publishWorking(consultation.id, expected.data, actor);
    if (out.ok) return data<Result>({ ok: true, message: "working.published", version: defaultVersionLabel(out.number), versionId: out.versionId });
    return data<Result>({ ok: false, error: out.error === "working.structure" ? "working.structureAt" : out.error, citation: out.citation }, { status: out.status });
  }
  return bad("error.invalid");
}

export default function WorkingCopy() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const c = d.consultation;
  const p = d.page;
  // A failed save keeps its form open (with the text typed); a saved clause shows its changes again.
  const editId = result && !result.ok && result.clauseId ? result.clauseId : result?.ok && result.clauseId === d.edit ? null : d.edit;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/staff/consultations/${c.id}`}>← <span lang={CONTENT_LANG}>{c.title}</span></Link>
      </p>
      <div className="page-head">
        <h1>{t("working.title")}</h1>
        {p ? (
          <div className="actions">
            <Link className="button" to={`/staff/consultations/${c.id}/answers`}>{t("nav.answers")}</Link>
            <a className="button" href={`/staff/consultations/${c.id}/working-copy.docx`} download>{t("working.download")}</a>
          </div>
        ) : null}
      </div>
      {!p ? <p className="muted">{t("working.noBaseYet")}</p> : null}
      {result?.ok ? (
        <p className="notice success" role="status">
          {result.version ? <Sentence t={t} k="working.published" params={{ version: result.version }} marked={["version"]} /> : t(result.message)}
          {result.versionId ? <> <Link to={`/staff/consultations/${c.id}/compare`}>{t("compare.title")}</Link></> : null}
        </p>
      ) : null}
      {result && !result.ok && !result.clauseId && !result.acceptId ? (
        <p className="notice error" role="alert">
          {result.citation ? <Sentence t={t} k="working.structureAt" params={{ clause: result.citation }} marked={["clause"]} /> : t(result.error)}
        </p>
      ) : null}
      {p ? (
        <>
          <p className="muted" data-testid="working-lead">
            <Sentence t={t} k="working.lead" params={{ base: p.base.label, next: String(p.nextNumber) }} marked={["base"]} />
          </p>
          <p className="totals" data-testid="working-counts">
            {t("working.changed", { n: p.changedCount })}
            {p.conflictCount > 0 ? <> · <strong>{t("working.conflicts", { n: p.conflictCount })}</strong></> : null}
          </p>
          <p className="no-print">
            {d.onlyChanged ? <Link to="?">{t("working.showAll")}</Link> : <Link to="?only=changed">{t("working.onlyChanged")}</Link>}
          </p>
          <ol className="working-clauses comment-list">
            {p.clauses.map((cl) => {
              const mine = result && !result.ok && result.clauseId === cl.id ? result : null;
              const editing = editId === cl.id && !cl.fixed;
              return (
                <li key={cl.id} id={`clause-${cl.id}`} className={`card comment-card${cl.changed ? " changed" : ""}`} data-testid="working-clause" data-label={cl.label}>
                  <div className="comment-meta">
                    <strong lang={p.base.language}>{capitalizeFirst(cl.ref)}</strong>
                    {cl.changed ? <span className="badge decision-accepted">{t("working.changedMark")}</span> : null}
                    {!editing && !cl.fixed ? (
                      <Link className="small" to={`?${new URLSearchParams({ ...(d.onlyChanged ? { only: "changed" } : {}), edit: String(cl.id) }).toString()}#clause-${cl.id}`}>{t("working.edit")}</Link>
                    ) : null}
                  </div>
                  {editing ? (
                    <Form method="post" className="working-edit" key={`${cl.id}-${cl.revision}-${mine ? "e" : ""}`}>
                      <CsrfInput />
                      <input type="hidden" name="clauseId" value={cl.id} />
                      <input type="hidden" name="revision" value={mine?.theirs ? mine.theirs.revision : cl.revision} />
                      {mine ? <p className="notice error" role="alert">{t(mine.error)}</p> : null}
                      {mine?.theirs ? (
                        <div className="notice">
                          <p><strong>{t("working.theirs")}</strong></p>
                          <p className="prewrap" lang={p.base.language}>{[mine.theirs.heading, mine.theirs.body].filter(Boolean).join("\n")}</p>
                        </div>
                      ) : null}
                      <label className="field">
                        <span>{t("working.heading")}</span>
                        <input name="heading" defaultValue={mine?.values?.heading ?? cl.heading} lang={p.base.language} />
                      </label>
                      <label className="field">
                        <span>{t("working.body")}</span>
                        <textarea name="body" rows={Math.min(20, Math.max(4, cl.body.split("\n").length + 2))} defaultValue={mine?.values?.body ?? cl.body} lang={p.base.language} aria-describedby={`body-hint-${cl.id}`} />
                        <span className="muted small" id={`body-hint-${cl.id}`}>{t("working.bodyHint")}</span>
                      </label>
                      <div className="actions">
                        <button type="submit" name="intent" value="edit" className="button primary">{t("working.save")}</button>
                        <Link to={d.onlyChanged ? "?only=changed" : "?"} className="button">{t("working.cancel")}</Link>
                      </div>
                    </Form>
                  ) : (
                    <>
                      {cl.headingParts ? <DiffText parts={cl.headingParts} lang={p.base.language} /> : cl.heading ? <p className="working-heading" lang={p.base.language}>{cl.heading}</p> : null}
                      {cl.bodyParts ? <DiffText parts={cl.bodyParts} lang={p.base.language} /> : cl.body ? <p className="prewrap" lang={p.base.language}>{cl.body}</p> : null}
                    </>
                  )}
                  {cl.accepts.length > 0 ? (
                    <div className="working-accepts">
                      <p className="small"><strong>{t("working.behind")}</strong></p>
                      <ul>
                        {cl.accepts.map((a) => {
                          const err = result && !result.ok && result.acceptId === a.acceptId ? result.error : null;
                          return (
                            <li key={a.acceptId} data-testid="working-accept" data-state={a.state}>
                              <p className="small">
                                <strong lang={CONTENT_LANG}>{a.agencyName}</strong>{" "}
                                <span className={`badge ${a.state === "applied" ? "decision-accepted" : a.state === "conflict" ? "state-late" : "state-notOpened"}`}>
                                  {t(a.state === "applied" ? "working.acceptedBadge" : a.state === "conflict" ? "working.conflictBadge" : "working.setAsideBadge")}
                                </span>
                              </p>
                              <p className="prewrap small" lang={CONTENT_LANG}>{a.text}</p>
                              <ProposalLine proposal={a.proposal} lang={p.base.language} />
                              {err ? <p className="error" role="alert">{t(err)}</p> : null}
                              {a.conflict ? (
                                <div className="working-conflict" data-testid="working-conflict">
                                  <p><strong>{t("working.conflictTitle")}</strong></p>
                                  <div className="side-by-side">
                                    <div>
                                      <p className="side-label">{t("working.current")}</p>
                                      <DiffText parts={a.conflict.current} lang={p.base.language} />
                                    </div>
                                    <div>
                                      <p className="side-label">{t("working.thisOne")}</p>
                                      {a.conflict.thisOne ? <DiffText parts={a.conflict.thisOne} lang={p.base.language} /> : <p className="muted small">{t("working.cannotTakePreview")}</p>}
                                    </div>
                                  </div>
                                  <Form method="post" className="actions">
                                    <CsrfInput />
                                    <input type="hidden" name="acceptId" value={a.acceptId} />
                                    {a.conflict.thisOne ? <button type="submit" name="intent" value="take" className="button">{t("working.take")}</button> : null}
                                    <button type="submit" name="intent" value="keep" className="button">{t("working.keep")}</button>
                                  </Form>
                                </div>
                              ) : (
                                <Form method="post">
                                  <CsrfInput />
                                  <input type="hidden" name="acceptId" value={a.acceptId} />
                                  <button type="submit" name="intent" value="undo" className="link-button">{t("working.undo")}</button>
                                </Form>
                              )}
                            </li>
                          );
                        })}
                      </ul>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ol>
          <div className="card">
            <p className="small">
              <Sentence t={t} k="working.publishHint" params={{ base: p.base.label, next: String(p.nextNumber) }} marked={["base"]} />
            </p>
            {p.conflictCount > 0 ? <p className="notice" role="status">{t("working.publishConflicts")}</p> : null}
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="baseVersionId" value={p.base.id} />
              <input type="hidden" name="stamp" value={p.stamp} />
              <button type="submit" name="intent" value="publish" className="button primary">{t("working.publish")}</button>
            </Form>
          </div>
        </>
      ) : null}
    </>
  );
}

function ProposalLine({ proposal, lang }: { proposal: ProposalView; lang: string }) {
  const t = useT();
  if (proposal.kind === "wording") {
    return (
      <>
        <p className="small">{t("working.proposalWording")}</p>
        <blockquote className="proposed prewrap" lang={lang}>{proposal.wording}</blockquote>
      </>
    );
  }
  const k = proposal.quote === "" ? "working.proposalInsert" : proposal.suggestion === "" ? "working.proposalDelete" : "working.proposalPhrase";
  return (
    <p className="small">
      <Sentence t={t} k={k} params={{ quote: proposal.quote, suggestion: proposal.suggestion }} marked={["quote", "suggestion"]} lang={lang} />
    </p>
  );
}
