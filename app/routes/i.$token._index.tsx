import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Form, isRouteErrorResponse, useActionData, useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { verifyCsrf } from "~/auth/csrf.server";
import { readPostedForm } from "~/documents/multipart.server";
import { MAX_LETTER_BYTES, POLICIES } from "~/http/body-policy.server";
import { requestMeta } from "~/auth/request-meta.server";
import { CsrfInput, LanguageSwitch } from "~/components/forms";
import { ClauseSearch, DraftToc, UnsentDraftList, useHydrated } from "~/components/draft-nav";
import { clauseAnchor, GENERAL_ANCHOR, matchClauses, tocEntries, unsentDrafts } from "~/components/draft-navigation";
import { ErrorSummary } from "~/components/error-summary";
import { errorSummaryItems } from "~/components/invitee-errors";
import draftNavCss from "~/components/draft-nav.css?url";
import { CutoffText } from "~/components/cutoff-text";
import { authorLabel } from "~/domain/author";
import { CONTENT_LANG, Sentence } from "~/components/content-lang";
import { capitalizeFirst, clauseRef } from "~/domain/clause-ref";
import { answerComments, GENERAL, MAX_COMMENT_CHARS, overLimitFields, readEntries, timeLeft, type AnswerEntry } from "~/domain/answer-form";
import { DraftChoiceSchema, readDraftObjections, SubmitSchema } from "~/domain/answer-form.server";
import { answerVerdict, draftVerdictOf, formChoiceOf, readObjections } from "~/domain/verdict";
import { parseForm, type FieldErrors } from "~/forms";
import { PhraseSuggestions } from "~/components/phrase-suggestions";
import { readPhrases } from "~/domain/phrases/phrase-form.server";
import { sentByClause } from "~/domain/phrases/phrases";
import { makeAnchor } from "~/domain/anchors/reanchor";
import { loadInvitee, newRequestKey, publishedAnswersFor, windowAtArrival, type PublishedAnswers } from "~/invitations/invitee.server";
import { countLine } from "~/answers/answer-counts";
import { linkPosts } from "~/security/rate-limit.server";
import { useT } from "~/i18n/use-t";
import { getDb } from "#db/client.server";
import { listDrafts, listSubmissionComments, listSubmissions, markOpened, saveDrafts, submitAnswer } from "#db/queries/invitations";
import { clauseIdsOfVersion, publishedVersionClauses } from "#db/queries/versions";
import { pageTitle } from "~/i18n/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: draftNavCss }];

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const failed = status === 410 ? "invitee.revokedTitle" : status === 404 ? "invitee.unknownTitle" : status === 429 ? "invitee.tooManyTitle" : "error.unexpected";
  // same-origin, not no-referrer: the link never leaves for another site either way, but with no-referrer
  // the browser posts the form without script with "Origin: null", which Remix refuses as a forged post.
  return [pageTitle(matches, data ? null : failed, data?.consultation.title), { name: "robots", content: "noindex" }, { name: "referrer", content: "same-origin" }];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const now = Date.now();
  // Not marked opened here: mail scanners fetch links too. The page's own script says it was shown
  // (intent "opened", see useOpenedBeacon), or the first autosave or submission does (saveDrafts, submitAnswer).
  const found = await loadInvitee(params.token, now, { touch: false, ip: context?.clientIp });
  const token = params.token!;
  const db = await getDb();
  // The newest published version: it never changes, so its clauses come from the process's cache.
  const clauseRows = found.version ? await publishedVersionClauses(db, found.version.id) : [];
  const clauses = clauseRows.map((c) => ({ id: c.id, label: c.label, ref: capitalizeFirst(clauseRef(c)), kind: c.kind, heading: c.heading, body: c.body, depth: c.depth }));
  const draftRows = await listDrafts(db, found.invitation.id);
  const drafts = Object.fromEntries(draftRows.map((d) => [d.clauseKey, d]));
  const latest = (await listSubmissions(db, found.invitation.id))[0] ?? null;
  // What the latest submission sent: the drafts that differ from it are the "not sent yet" list.
  const sentRows = latest ? await listSubmissionComments(db, latest.id) : [];
  // Per clause: the whole-clause boxes and the suggestions on phrases (issue 16) it sent.
  const sent = sentByClause(sentRows);
  // The clauses the latest submission disagreed with: their boxes start ticked (issue 16).
  const sentObjections = sentRows.filter((c) => c.objection && c.clauseId !== null).map((c) => String(c.clauseId));
  // Autosaved since (a choice stored, issue 16): the answer chosen and the ticks of the drafts instead.
  const draftChoice = formChoiceOf(found.invitation.draftVerdict);
  const objections = draftChoice ? draftObjections(draftRows, latest, sentObjections) : sentObjections;
  return {
    token,
    agencyName: found.agencyName,
    // A person invited in their own name (alone or as a member of a body): the answer is theirs.
    person: found.personName !== null ? { name: found.personName, position: found.personPosition ?? "", bodyName: found.bodyName } : null,
    consultation: {
      title: found.consultation.title,
      kind: found.consultation.kind,
      letterRef: found.consultation.letterRef,
      letterText: found.consultation.letterText,
      timeZone: found.consultation.timeZone,
    },
    version: found.version ? { id: found.version.id, label: found.version.label, language: found.version.language } : null,
    clauses,
    drafts,
    window: found.window,
    left: timeLeft(found.window.cutoffAt, now),
    latest,
    sent,
    draftChoice,
    objections,
    // Once the drafter publishes the answers: this agency's comments with theirs (null before).
    answers: await publishedAnswersFor(found, clauseRows),
    // A fresh key per page view: the same form posted twice is recognised and stored once.
    requestKey: newRequestKey(),
  };
}

/**
 * The ticks to show once a choice is autosaved: a draft saved after the latest submission has its own tick;
 * a draft not saved since (written by that submission, or before it) also keeps the submission's objection.
 * Drafts left by submissions made before comment_drafts.objection existed (migrations SQLite 0013, PostgreSQL
 * 0006) say false while their comments say otherwise: those ticks come from the comments until re-edited.
 */
function draftObjections(drafts: { clauseKey: string; objection?: boolean; updatedAt: number }[], latest: { submittedAt: number } | null, sentObjections: string[]): string[] {
  const sent = new Set(sentObjections);
  return drafts.filter((d) => d.objection || (latest !== null && d.updatedAt <= latest.submittedAt && sent.has(d.clauseKey))).map((d) => d.clauseKey);
}

/** What a refused form sends back besides the boxes: the answer, verdict and objections chosen (issue 16). */
type Choice = { answerKind: string; verdict: string; objections: string[] };
/** `typed`: the "Đề xuất sửa cụm từ" boxes as posted (phq:/pho:/phn:/phr:), kept on a refused form. */
type ActionResult = { errors: FieldErrors; values?: Record<string, AnswerEntry>; choice?: Choice; typed?: Record<string, string>; saved?: number };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const startedAt = context?.requestStartedAt ?? Date.now();
  const found = await loadInvitee(params.token, Date.now(), { touch: false, ip: context?.clientIp });
  // Every post to a link counts once against linkPosts, before anything is written. A submission that
  // gets as far as being stored counts in its own transaction (one commit instead of two: issue 14);
  // every other post, refused submissions included, counts here (countPost), at its first exit.
  const linkKey = `invitation:${found.invitation.id}`;
  const tooMany = () => new Response("Too many requests", { status: 429 });
  let counted = false;
  const countPost = async () => {
    if (counted) return;
    counted = true;
    if (!(await linkPosts.take(linkKey, Date.now()))) throw tooMany();
  };
  // A link already over its limit is refused before its form is read (a read, no write): the count
  // being taken late on a submission must not let one link spend the server's time parsing its floods.
  if (await linkPosts.blocked(linkKey)) await countPost();
  /** A post answered without writing anything (counted first). */
  const answered = async (result: ActionResult, status?: number) => {
    await countPost();
    return data<ActionResult>(result, status === undefined ? undefined : { status });
  };
  const form = await readPostedForm(request, MAX_LETTER_BYTES, { maxTotalBytes: POLICIES.invitee.maxBytes, maxParts: POLICIES.invitee.maxParts }, context?.receivedBody);
  if (form === "tooLarge") return answered({ errors: { replyLetter: "invitee.letterTooLarge" } }, 413);
  if (form === "malformed") return answered({ errors: { _form: "body.malformed" } }, 400);
  const intent = form.get("intent");
  if (intent === "opened" || intent === "autosave" || intent === "save") await countPost();
  // The page was shown in a browser (useOpenedBeacon): stamps first_opened_at once and last_seen_at.
  // Needs no cookie and no CSRF token: it changes nothing but those two times, and needs the link.
  if (intent === "opened") {
    await markOpened(await getDb(), found.invitation.id, Date.now());
    return data<ActionResult>({ errors: {} });
  }
  // The whole body is in: the cutoff is decided on the instant its last byte arrived (server.js records
  // it), and an answer is stored with that instant. One begun before the cutoff may finish within the grace.
  const now = context?.bodyReceivedAt ?? Date.now();
  const window = windowAtArrival(found, { startedAt, receivedAt: now });
  const csrfOk = await verifyCsrf(request, form).then(
    () => true,
    () => false,
  );
  const db = await getDb();
  if (!found.version) return answered({ errors: { _form: "invitee.noDraft" } }, 409);
  const fields = [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
  const clauseIds = await clauseIdsOfVersion(db, found.version.id);
  const entries = readEntries(fields, clauseIds);
  // Suggestions on phrases (issue 16): each quote checked against the published clause's text.
  const clauseRows = await publishedVersionClauses(db, found.version.id);
  const phrases = readPhrases(entries, fields, new Map(clauseRows.filter((c) => c.body).map((c) => [c.id, c.body])));
  const typed = phrases.typed;
  const values = Object.fromEntries(entries.map((e) => [e.clauseKey, e]));
  const objections = readObjections(fields, clauseIds);
  // The boxes with their objection ticks (issue 16): drafts keep the ticks as they keep the words.
  const ticked = new Set(objections);
  const drafts = entries.map((e) => ({ ...e, objection: ticked.has(e.clauseKey) }));
  // The answer chosen on the page, kept with the drafts (invitations.draft_verdict).
  const draftChoice = parseForm(DraftChoiceSchema, form);
  const draftVerdict = draftChoice.ok ? draftVerdictOf(draftChoice.data.answerKind, draftChoice.data.verdict) : undefined;
  // The latest submission's revision when the page was shown (the form's hidden field, posted by the
  // autosave too): a save from a page older than a submission does not bring back its choice and ticks.
  const postedBase = form.get("baseRevision");
  const baseRevision = typeof postedBase === "string" && /^\d{1,9}$/.test(postedBase) ? Number(postedBase) : undefined;
  const choice: Choice = { answerKind: String(form.get("answerKind") ?? ""), verdict: String(form.get("verdict") ?? ""), objections };
  // An expired form (cookies cleared, a very old tab) must not lose what was typed.
  if (!csrfOk) return answered({ errors: { _form: "invitee.formExpired" }, values, choice, typed }, 403);

  if (!window.canSubmit) {
    // Closed: nothing is saved, but everything typed comes back on the page.
    return answered({ errors: { _form: `invitee.closed.${window.reason}` }, values, choice, typed }, 409);
  }
  // A box over the limit is refused as it is, never cut: nothing is saved and the text comes back whole.
  const overLimit = overLimitFields(entries);
  if (overLimit) return answered({ errors: { _form: "body.commentTooLong", ...overLimit }, values, choice, typed }, 400);
  // A quote that is not the clause's words (or typed words not found): refused, everything kept.
  if (Object.keys(phrases.errors).length > 0) return answered({ errors: { _form: "phrase.refused", ...phrases.errors }, values, choice, typed }, 400);
  if (intent === "autosave" || intent === "save") {
    // An unknown answer or verdict, or a malformed tick: refused, nothing saved (a tick of a clause not in
    // the newest version is dropped with that clause's boxes, the rest saved).
    if (!draftChoice.ok) return data<ActionResult>({ errors: { _form: "error.invalid", ...draftChoice.errors }, values, choice, typed }, { status: 400 });
    const ticks = readDraftObjections(fields, clauseIds);
    if (!ticks.ok) return data<ActionResult>({ errors: { _form: "error.invalid", [ticks.field]: "error.invalid" }, values, choice, typed }, { status: 400 });
    await saveDrafts(db, found.invitation.id, drafts, now, draftVerdict, baseRevision);
    return data<ActionResult>({ errors: {}, saved: now });
  }
  /** A submission refused: what was typed, ticked and chosen is kept as drafts and comes back on the page. */
  const refuse = async (errors: FieldErrors, status: number) => {
    await countPost();
    await saveDrafts(db, found.invitation.id, drafts, now, draftVerdict, baseRevision);
    return data<ActionResult>({ errors, values, choice, typed }, { status });
  };

  const parsed = parseForm(SubmitSchema, form);
  if (!parsed.ok) return refuse(parsed.errors, 400);
  const answer = answerComments(parsed.data.answerKind, entries);
  if (!answer.ok) return refuse({ _form: answer.error }, 400);
  // The verdict (issue 16): a disagreement names at least one clause it objects to, each with a comment.
  const verdict = answerVerdict(parsed.data.answerKind, parsed.data.verdict, entries, objections);
  if (!verdict.ok) return refuse(verdict.errors, 400);

  const letter = form.get("replyLetter");
  let replyLetter: { name: string; bytes: Buffer } | null = null;
  if (letter instanceof File && letter.size > 0) {
    const bytes = Buffer.from(await letter.arrayBuffer());
    if (bytes.subarray(0, 5).toString("latin1") !== "%PDF-") return refuse({ replyLetter: "invitee.letterNotPdf" }, 400);
    replyLetter = { name: letter.name.slice(0, 200), bytes };
  }
  const ip = requestMeta(request, context).ip;
  const late = window.late;
  // One transaction: the submission, its comments, the drafts and the audit event. The same form
  // posted again (double click, retry, reload) finds the first submission and leads to its receipt.
  const outcome = await submitAnswer(db, {
    invitationId: found.invitation.id,
    consultationId: found.consultation.id,
    versionId: found.version.id,
    answerKind: parsed.data.answerKind,
    verdict: verdict.verdict,
    signerName: parsed.data.signerName,
    signerPosition: parsed.data.signerPosition,
    late,
    requestKey: parsed.data.requestKey,
    receiptPrefix: `GY-${found.consultation.id}-${found.invitation.id}-`,
    replyLetter,
    ip,
    comments: answer.comments.flatMap((c) => {
      const clauseId = c.clauseKey === GENERAL ? null : Number(c.clauseKey);
      const objection = verdict.objections.has(c.clauseKey);
      const whole = c.text.trim() !== "" || c.proposedWording.trim() !== "" ? [{ clauseId, text: c.text.trim(), proposedWording: c.proposedWording.trim(), objection }] : [];
      // One comment per suggestion on a phrase: the reason as its text, the anchor, the words proposed.
      const clause = clauseRows.find((r) => r.id === clauseId);
      const onPhrases = clause
        ? (phrases.byClause.get(c.clauseKey) ?? []).map((p) => {
            const a = makeAnchor({ id: clause.id, label: clause.label, text: clause.body }, p.start, p.start + p.quote.length);
            return { clauseId, text: p.reason, proposedWording: "", anchor: { quote: a.quote, prefix: a.prefix, suffix: a.suffix, start: a.start }, suggestion: p.replacement, objection };
          })
        : [];
      return [...whole, ...onPhrases];
    }),
    now,
    baseRevision: parsed.data.baseRevision,
    drafts,
    // Not counted yet on this path (every exit above counts; a link found over its limit at the start was
    // counted then): counted with the submission.
    rateLimit: counted ? undefined : linkPosts.hitOf(linkKey),
    // submitAnswer adds the new submission's id to the details (submissionId).
    audit: {
      actorUserId: null,
      actorLabel: `${parsed.data.signerName} (${authorLabel(found)})`,
      action: "answer.submitted",
      subjectType: "invitation",
      subjectId: found.invitation.id,
      details: { kind: parsed.data.answerKind, late, comments: answer.comments.length, phrases: [...phrases.byClause.values()].reduce((n, l) => n + l.length, 0) },
      ip,
    },
  });
  counted = true;
  if (outcome.limited) throw tooMany();
  // Someone else on this link submitted since this page was opened: do not overwrite them silently.
  if (outcome.stale) return refuse({ _form: "invitee.submittedMeanwhile" }, 409);
  return redirect(`/i/${params.token}/receipt?s=${outcome.submissionId}`);
}

/** Autosaves change nothing the page shows: no need to reload the whole draft after each one. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "autosave" || formData?.get("intent") === "opened" ? false : defaultShouldRevalidate;

/**
 * Tells the server the page was really shown: one POST (intent "opened") from the page's own script
 * once it has run and the tab is visible. A mail scanner that only fetches the link's HTML runs no
 * script, so it never marks the agency "opened"; a browser that runs none is counted at its first save.
 */
function useOpenedBeacon() {
  const { submit } = useFetcher();
  const sent = useRef(false);
  useEffect(() => {
    const send = () => {
      if (sent.current || document.visibilityState !== "visible") return;
      sent.current = true;
      submit({ intent: "opened" }, { method: "post" });
    };
    send();
    document.addEventListener("visibilitychange", send);
    return () => document.removeEventListener("visibilitychange", send);
  }, [submit]);
}

/** The checked value of a group of radios ("" when none is, or the group is not on the page). */
const radioValue = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as RadioNodeList | HTMLInputElement | null)?.value ?? "";

/**
 * Saves the boxes a moment after the typing stops, and when a box loses focus; the answer chosen and the
 * objection ticks (issue 16) the same way, so a reload or a dead phone loses none of them.
 */
function useAutosave(enabled: boolean) {
  const fetcher = useFetcher<ActionResult>();
  const pending = useRef(new Map<string, string>());
  /** The answer kind or verdict changed since the last save. */
  const choiceChanged = useRef(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [status, setStatus] = useState<"idle" | "dirty" | "saved" | "failed">("idle");
  const csrf = useRef<string>("");
  /** The boxes changed since the last save, as an autosave form (emptying the list), with the answer chosen. */
  const takePending = useCallback((): FormData | null => {
    if (pending.current.size === 0 && !choiceChanged.current) return null;
    const body = new FormData();
    body.set("intent", "autosave");
    body.set("csrf", csrf.current);
    for (const [k, v] of pending.current) body.set(k, v);
    // The answer as the page shows it now, with every save: what a reload restores (invitations.draft_verdict).
    const form = formRef.current;
    if (form) for (const name of ["answerKind", "verdict"]) if (radioValue(form, name)) body.set(name, radioValue(form, name));
    // The revision the page was shown with: a save arriving after a newer submission keeps that one's choice.
    const base = form?.elements.namedItem("baseRevision") as HTMLInputElement | null | undefined;
    if (base) body.set("baseRevision", base.value);
    pending.current.clear();
    choiceChanged.current = false;
    return body;
  }, []);
  const flush = useCallback(() => {
    const body = takePending();
    if (body) fetcher.submit(body, { method: "post" });
  }, [fetcher, takePending]);
  useEffect(() => {
    if (fetcher.state !== "idle") return;
    if (fetcher.data?.saved) setStatus("saved");
    else if (fetcher.data?.errors && Object.keys(fetcher.data.errors).length > 0) setStatus("failed");
  }, [fetcher.state, fetcher.data]);
  const onInput = useCallback(
    (event: React.FormEvent<HTMLFormElement>) => {
      const target = event.target as HTMLTextAreaElement;
      const choice = target.name === "answerKind" || target.name === "verdict";
      if (!enabled || !(choice || /^(c|p|ph|o):/.test(target.name))) return;
      const form = event.currentTarget;
      formRef.current = form;
      csrf.current = (form.elements.namedItem("csrf") as HTMLInputElement | null)?.value ?? "";
      if (choice) choiceChanged.current = true;
      else {
        // Both boxes of a clause travel together so one never erases the other.
        const key = target.name.slice(target.name.indexOf(":") + 1);
        // With the clause's suggestions on phrases (the hidden "ph:" list) and its objection tick (issue 16).
        for (const prefix of ["c:", "p:", "ph:"]) {
          const el = form.elements.namedItem(prefix + key) as HTMLTextAreaElement | null;
          if (el) pending.current.set(prefix + key, el.value);
        }
        const tick = form.elements.namedItem(`o:${key}`) as HTMLInputElement | null;
        if (tick) pending.current.set(`o:${key}`, tick.checked ? "1" : "");
      }
      setStatus("dirty");
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, 1200);
    },
    [enabled, flush],
  );
  /** The form is being sent (or the page left): a save still waiting must not follow it. */
  const cancel = useCallback(() => {
    clearTimeout(timer.current);
    pending.current.clear();
    choiceChanged.current = false;
  }, []);
  useEffect(() => cancel, [cancel]);
  useEffect(() => {
    // A closing tab does not wait for fetch: the browser's beacon still delivers the last words.
    const onHide = () => {
      const body = takePending();
      if (body) navigator.sendBeacon(window.location.pathname, body);
    };
    window.addEventListener("pagehide", onHide);
    return () => window.removeEventListener("pagehide", onHide);
  }, [takePending]);
  return { onInput, onBlur: flush, onSubmit: cancel, status };
}

export default function InviteePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const open = d.window.canSubmit;
  useOpenedBeacon();
  const autosave = useAutosave(open);
  const values = useMemo(() => result?.values ?? {}, [result]);
  const box = (key: string): AnswerEntry => values[key] ?? d.drafts[key] ?? { clauseKey: key, text: "", proposedWording: "" };
  const errors = result?.errors;
  // The answer chosen: as posted on a refused form, else as autosaved, else as last submitted.
  const [kind, setKind] = useState<string>(result?.choice?.answerKind || (d.draftChoice?.answerKind ?? d.latest?.answerKind ?? "comments"));
  // Issue 16: with comments, agree with comments or disagree; the objections ticked on the clause cards.
  const [verdict, setVerdict] = useState<string>(result?.choice?.verdict || (d.draftChoice?.verdict ?? (d.latest?.verdict === "disagree" ? "disagree" : "agree_with_comments")));
  const objected = useMemo(() => new Set(result?.choice?.objections ?? d.objections), [result, d.objections]);
  const hydrated = useHydrated();
  // Without script every objection box shows (the server ignores them unless the answer disagrees).
  const showObjections = !hydrated || (kind === "comments" && verdict === "disagree");
  const [query, setQuery] = useState("");
  const matches = useMemo(() => matchClauses(d.clauses, query), [d.clauses, query]);
  const toc = useMemo(() => tocEntries(d.clauses), [d.clauses]);
  const unsent = useMemo(() => unsentDrafts(d.clauses, { ...d.drafts, ...values }, d.sent, GENERAL), [d.clauses, d.drafts, values, d.sent]);
  const summary = useMemo(() => errorSummaryItems(errors, t, d.clauses), [errors, t, d.clauses]);
  // A refused form shows every card again, so each error's link reaches its field.
  useEffect(() => {
    if (summary.length > 0) setQuery("");
  }, [result, summary.length]);
  // A link of the contents or of the unsent list to a card the search hides shows every card again.
  useEffect(() => {
    const onHash = () => {
      const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (!target?.closest("[hidden]")) return;
      flushSync(() => setQuery(""));
      target.scrollIntoView();
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return (
    <main id="main" className="page invitee">
      <div className="auth-top">
        <span className="brand" lang={CONTENT_LANG}>{t("app.name")}</span>
        <LanguageSwitch />
      </div>
      <p className="muted" data-testid="invitee-for">
        {d.person ? (
          <Sentence
            t={t}
            k={d.person.bodyName ? "members.inviteeForBody" : "members.inviteeFor"}
            params={{ who: [d.person.name, d.person.position].filter(Boolean).join(", "), body: d.person.bodyName ?? "" }}
            marked={["who", "body"]}
          />
        ) : (
          <Sentence t={t} k="invitee.for" params={{ agency: d.agencyName }} marked={["agency"]} />
        )}
      </p>
      <h1 lang={CONTENT_LANG}>{d.consultation.title}</h1>
      {d.answers ? <PublishedAnswersSection answers={d.answers} /> : null}
      <div className={`card deadline ${open ? "" : "closed"}`} role="status">
        {open ? (
          <>
            <strong>{t("invitee.dueBy")}</strong> <CutoffText cutoffAt={d.window.cutoffAt} timeZone={d.consultation.timeZone} />
            <p className="muted small" data-testid="cutoff-rule">{t("body.cutoffRule")}</p>
            {d.window.late ? (
              <p className="notice">{t("invitee.lateAllowed")}</p>
            ) : (
              <span className="muted"> · {t("invitee.timeLeft", { n: d.left.days, hours: d.left.hours, minutes: d.left.minutes })}</span>
            )}
          </>
        ) : (
          <p>{t(`invitee.closed.${d.window.reason}`)}</p>
        )}
      </div>
      {d.latest ? (
        <p className="notice success">
          {t("invitee.alreadySubmitted", { ref: d.latest.receiptRef })} <a href={`/i/${d.token}/receipt?s=${d.latest.id}`}>{t("invitee.seeReceipt")}</a>
        </p>
      ) : null}
      {d.consultation.letterText ? (
        <details className="card letter" open={!d.latest}>
          <summary>{t("invitee.letter")}{d.consultation.letterRef ? <> <span lang={CONTENT_LANG}>{d.consultation.letterRef}</span></> : null}</summary>
          <div className="prewrap" lang={CONTENT_LANG}>{d.consultation.letterText}</div>
        </details>
      ) : null}
      {!d.version ? (
        <p className="notice">{t("invitee.noDraft")}</p>
      ) : (
        <div className="invitee-layout">
        <div className="draft-nav" data-testid="draft-nav">
          <ClauseSearch query={query} onQuery={setQuery} matches={matches} clauses={d.clauses} lang={d.version.language} />
          <UnsentDraftList drafts={unsent} lang={d.version.language} />
          <DraftToc entries={toc} lang={d.version.language} />
        </div>
        <Form method="post" encType="multipart/form-data" className="answer-form" onInput={autosave.onInput} onBlur={autosave.onBlur} onSubmit={autosave.onSubmit} noValidate>
          <CsrfInput />
          <input type="hidden" name="requestKey" value={d.requestKey} />
          <input type="hidden" name="baseRevision" value={d.latest?.revision ?? 0} />
          <ErrorSummary items={summary} focusKey={result} />
          <h2><Sentence t={t} k="invitee.draftTitle" params={{ label: d.version.label }} marked={["label"]} /></h2>
          <p className="muted small">{open ? t("invitee.howTo") : t("invitee.readOnly")}</p>
          <section className="clause-card general" id={GENERAL_ANCHOR}>
            <h3>{t("invitee.general")}</h3>
            <CommentBoxes clauseKey={GENERAL} value={box(GENERAL)} disabled={!open} defaultOpen errors={errors} />
          </section>
          {d.clauses.map((c) => (
            <section key={c.id} id={clauseAnchor(c.label)} className={`clause-card depth-${Math.min(c.depth, 4)}`} hidden={matches ? !matches.has(c.id) : undefined}>
              <h3 lang={d.version?.language}>
                <span className="clause-label">{c.ref}</span> <span className={`clause-heading kind-${c.kind}`}>{c.heading}</span>
              </h3>
              {/* The clause's text, selectable for suggestions on a phrase; the comment boxes come before the keyboard path. */}
              {c.body ? (
                <PhraseSuggestions clauseKey={String(c.id)} clauseRef={c.ref} body={c.body} lang={d.version?.language} initial={box(String(c.id)).phrases} disabled={!open} typed={result?.typed} errors={errors}>
                  <CommentBoxes clauseKey={String(c.id)} value={box(String(c.id))} disabled={!open} errors={errors} />
                </PhraseSuggestions>
              ) : (
                <CommentBoxes clauseKey={String(c.id)} value={box(String(c.id))} disabled={!open} errors={errors} />
              )}
              <ObjectionBox clauseKey={String(c.id)} checked={objected.has(String(c.id))} shown={showObjections} disabled={!open} error={errors?.[`o:${c.id}`]} />
            </section>
          ))}
          {open ? (
            <section className="card submit-box" aria-labelledby="submit-h">
              <h2 id="submit-h">{t("invitee.submitTitle")}</h2>
              <fieldset className="answer-kinds">
                <legend>{t("invitee.answerKind")}</legend>
                {(["comments", "agree", "decline"] as const).map((k) => (
                  <div key={k}>
                    <label>
                      <input type="radio" id={`answerKind-${k}`} name="answerKind" value={k} checked={kind === k} onChange={() => setKind(k)} aria-describedby={errors?.answerKind ? "answerKind-error" : undefined} /> {k === "agree" ? t("verdict.agree") : t(`answer.${k}`)}
                    </label>
                    {k === "comments" && (!hydrated || kind === "comments") ? (
                      <fieldset className="verdicts" data-testid="verdicts">
                        <legend className="small">{t("verdict.legend")}</legend>
                        {(["agree_with_comments", "disagree"] as const).map((v) => (
                          <label key={v}>
                            <input type="radio" id={`verdict-${v}`} name="verdict" value={v} checked={verdict === v} onChange={() => setVerdict(v)} aria-describedby={v === "disagree" ? "verdict-disagree-hint" : undefined} /> {t(`verdict.${v}`)}
                          </label>
                        ))}
                        <p className="hint small" id="verdict-disagree-hint">{t("verdict.disagreeHint")}</p>
                        {errors?.verdict ? <p className="error" id="verdict-error">{t(errors.verdict)}</p> : null}
                      </fieldset>
                    ) : null}
                  </div>
                ))}
                {errors?.answerKind ? <p className="error" id="answerKind-error">{t(errors.answerKind)}</p> : null}
              </fieldset>
              <div className="row">
                <div className={errors?.signerName ? "field has-error" : "field"}>
                  <label htmlFor="signerName">{t("invitee.signerName")}</label>
                  <input id="signerName" name="signerName" autoComplete="name" defaultValue={d.latest?.signerName ?? d.person?.name ?? ""} aria-invalid={errors?.signerName ? true : undefined} aria-describedby={errors?.signerName ? "signerName-error" : undefined} />
                  {errors?.signerName ? <p className="error" id="signerName-error">{t(errors.signerName)}</p> : null}
                </div>
                <div className={errors?.signerPosition ? "field has-error" : "field"}>
                  <label htmlFor="signerPosition">{t("invitee.signerPosition")}</label>
                  <input id="signerPosition" name="signerPosition" autoComplete="organization-title" defaultValue={d.latest?.signerPosition ?? d.person?.position ?? ""} aria-invalid={errors?.signerPosition ? true : undefined} aria-describedby={errors?.signerPosition ? "signerPosition-error" : undefined} />
                  {errors?.signerPosition ? <p className="error" id="signerPosition-error">{t(errors.signerPosition)}</p> : null}
                </div>
              </div>
              <div className={errors?.replyLetter ? "field has-error" : "field"}>
                <label htmlFor="replyLetter">{t("invitee.replyLetter")}</label>
                <input id="replyLetter" name="replyLetter" type="file" accept="application/pdf,.pdf" aria-invalid={errors?.replyLetter ? true : undefined} aria-describedby={errors?.replyLetter ? "replyLetter-hint replyLetter-error" : "replyLetter-hint"} />
                <p className="hint" id="replyLetter-hint">{t("invitee.replyLetterHint")}</p>
                {errors?.replyLetter ? <p className="error" id="replyLetter-error">{t(errors.replyLetter)}</p> : null}
              </div>
              <div className="actions">
                <button type="submit" name="intent" value="submit" className="button primary">
                  {d.latest ? t("invitee.submitAmend") : t("invitee.submit")}
                </button>
                <button type="submit" name="intent" value="save" className="button">
                  {t("invitee.saveDraft")}
                </button>
                <span className="muted small" aria-live="polite">
                  {autosave.status === "saved" || result?.saved ? t("invitee.draftSaved") : autosave.status === "failed" ? t("invitee.draftFailed") : autosave.status === "dirty" ? t("invitee.draftSaving") : ""}
                </span>
              </div>
            </section>
          ) : null}
        </Form>
        </div>
      )}
    </main>
  );
}

/** At the top of the page once the answers are published: each comment of the agency with its answer. */
function PublishedAnswersSection({ answers }: { answers: PublishedAnswers }) {
  const t = useT();
  const lang = answers.language;
  return (
    <section className="card published-answers" aria-labelledby="published-answers-h" data-testid="published-answers">
      <h2 id="published-answers-h">{t("publishedAnswers.title")}</h2>
      <p>{t("publishedAnswers.lead")} <strong>{countLine(t, answers.counts)}</strong></p>
      <ol className="published-answer-list">
        {answers.items.map((a) => (
          <li key={a.commentId} className="published-answer">
            <h3>
              {a.clauseRef ? <span lang={lang}>{a.clauseRef}</span> : t("invitee.general")}{" "}
              <span className="muted small" lang={lang}>({a.versionLabel})</span>
            </h3>
            <p className="muted small">{t("publishedAnswers.comment")}</p>
            <p className="prewrap" lang={lang}>{a.text}</p>
            {a.proposedWording ? (
              <p className="proposed prewrap"><span className="muted small">{t("invitee.proposedWording")}: </span><span lang={lang}>{a.proposedWording}</span></p>
            ) : null}
            <div className="answer-box">
              {a.decision ? (
                <>
                  <p><span className="muted small">{t("publishedAnswers.decision")}: </span><strong className={`decision decision-${a.decision}`}>{t(`decision.${a.decision}`)}</strong></p>
                  {a.answerText ? <p className="prewrap" lang={lang}>{a.answerText}</p> : null}
                </>
              ) : (
                <p className="muted">{t("publishedAnswers.notAnswered")}</p>
              )}
            </div>
            {a.now.kind === "none" ? null : (
              <p className="small clause-now">
                {t("publishedAnswers.nowIn", { version: answers.newestLabel })}{" "}
                {a.now.kind === "removed" ? <strong>{t("publishedAnswers.removed")}</strong> : <strong lang={lang}>{a.now.refs.join("; ")}</strong>}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** "Không đồng ý với nội dung này" on a clause card (field "o:<clauseId>"), used with a "disagree" verdict. */
function ObjectionBox({ clauseKey, checked, shown, disabled, error }: { clauseKey: string; checked: boolean; shown: boolean; disabled: boolean; error?: FieldErrors[string] }) {
  const t = useT();
  if (disabled) return checked ? <p className="objection small" data-testid="objection"><strong>{t("verdict.objection")}</strong></p> : null;
  return (
    <div className={error ? "objection has-error" : "objection"} hidden={!shown}>
      <label>
        <input type="checkbox" id={`o-${clauseKey}`} name={`o:${clauseKey}`} value="1" defaultChecked={checked} aria-invalid={error ? true : undefined} aria-describedby={error ? `o-${clauseKey}-error` : undefined} /> {t("verdict.objection")}
      </label>
      {error ? <p className="error" id={`o-${clauseKey}-error`}>{t(error)}</p> : null}
    </div>
  );
}

function CommentBoxes({ clauseKey, value, disabled, defaultOpen, errors }: { clauseKey: string; value: { text: string; proposedWording: string }; disabled: boolean; defaultOpen?: boolean; errors?: FieldErrors }) {
  const t = useT();
  const has = value.text !== "" || value.proposedWording !== "";
  const textError = errors?.[`c:${clauseKey}`];
  const wordingError = errors?.[`p:${clauseKey}`];
  if (disabled && !has) return null;
  return (
    <details className="comment-box" open={has || defaultOpen}>
      <summary>{has ? t("invitee.yourComment") : t("invitee.addComment")}</summary>
      <label className="visually-hidden" htmlFor={`c-${clauseKey}`}>{t("invitee.commentLabel")}</label>
      {/* No maxLength: a browser would cut a pasted text silently; the server refuses it with a message. */}
      <textarea id={`c-${clauseKey}`} name={`c:${clauseKey}`} rows={3} defaultValue={value.text} lang={value.text ? CONTENT_LANG : undefined} readOnly={disabled} placeholder={t("invitee.commentPlaceholder")} aria-invalid={textError ? true : undefined} aria-describedby={[textError ? `c-${clauseKey}-error` : null, disabled ? null : `c-${clauseKey}-limit`].filter(Boolean).join(" ") || undefined} />
      {textError ? <p className="error" id={`c-${clauseKey}-error`}>{t(textError)}</p> : null}
      {disabled ? null : <p className="hint small" id={`c-${clauseKey}-limit`} data-max={MAX_COMMENT_CHARS}>{t("body.commentLimit")}</p>}
      {clauseKey !== GENERAL ? (
        <>
          <label htmlFor={`p-${clauseKey}`} className="small">{t("invitee.proposedWording")}</label>
          <textarea id={`p-${clauseKey}`} name={`p:${clauseKey}`} rows={2} defaultValue={value.proposedWording} lang={CONTENT_LANG} readOnly={disabled} aria-invalid={wordingError ? true : undefined} aria-describedby={wordingError ? `p-${clauseKey}-error` : undefined} />
          {wordingError ? <p className="error" id={`p-${clauseKey}-error`}>{t(wordingError)}</p> : null}
        </>
      ) : null}
    </details>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <main id="main" className="page narrow">
      <span className="brand" lang={CONTENT_LANG}>{t("app.name")}</span>
      <h1>{status === 410 ? t("invitee.revokedTitle") : status === 404 ? t("invitee.unknownTitle") : status === 429 ? t("invitee.tooManyTitle") : t("error.unexpected")}</h1>
      <p>{status === 410 ? t("invitee.revokedLead") : status === 404 ? t("invitee.unknownLead") : status === 429 ? t("invitee.tooManyLead") : ""}</p>
    </main>
  );
}
