/** The triage board's actions: answer one comment, answer a group at once, ungroup, publish. */
import { z } from "zod";
import { isRowId, MAX_ROW_ID } from "~/domain/row-id";
import { getDb } from "#db/client.server";
import { agencyEmails } from "#db/queries/agencies";
import { answeredAgencies, commentIdsOf, detachComment, publishAnswers, saveAnswer, setAnswersPublished, type Decision } from "#db/queries/answers";
import { findConsultation } from "#db/queries/consultations";
import type { MailToQueue } from "#db/queries/outbox";
import { listVersions, listClauses } from "#db/queries/versions";
import type { Consultation } from "#db/schema";
import { parseForm, type FieldErrors } from "~/forms";
import { invitationLink } from "~/invitations/invitations.server";
import { deliverQueued } from "~/mail/deliver.server";
import { answersPublishedMail } from "~/mail/templates";

import { acceptComment } from "~/working-copy/working-copy.server";
import { DECISIONS } from "./decisions";

const AnswerSchema = z.object({
  decision: z.enum(DECISIONS, { errorMap: () => ({ message: "answers.chooseDecision" }) }),
  text: z.string().trim().max(20_000, "error.tooLong").default(""),
  newClause: z.string().trim().max(50).default(""),
  answerId: z.coerce.number().int().nonnegative().max(MAX_ROW_ID).default(0),
  revision: z.coerce.number().int().nonnegative().default(0),
});

/** What became of the "answers published" mails: queued now, and how their delivery went. */
export interface PublishMailOutcome {
  queued: number;
  /** Agencies with comments but no e-mail address: no mail for them. */
  noAddress: number;
  sent: number;
  kept: number;
  failed: number;
  /** Delivery broke off (the mails stay queued in the outbox); publishing itself stands. */
  deliveryError: boolean;
}

export type AnswerActionResult =
  | { ok: true; message: "common.saved" | "answers.grouped" | "answers.ungrouped" | "answers.published" | "answers.unpublished" | "working.accepted" | "working.acceptedConflict"; commentId?: number; mail?: PublishMailOutcome }
  | { ok: false; errors: FieldErrors; commentId?: number; values?: Record<string, string>; status?: 400 | 404 | 409 }
  | { ok: false; conflict: { answerId: number; revision: number; decision: Decision; text: string }; mine: { decision: string; text: string }; commentId: number; errors?: undefined };

interface Ctx {
  consultation: Consultation;
  userId: number;
  ip: string;
  /** The portal's public address, for the agencies' links in the mails (see publicBaseUrl). */
  baseUrl: string;
}

/** "Giải trình" needs its explanation; the other decisions may stand alone. */
function checkText(decision: Decision, text: string): FieldErrors | null {
  return (decision === "explained" || decision === "partly") && text === "" ? { text: "answers.explainWhy" } : null;
}

async function newClauseId(consultationId: number, label: string): Promise<number | null | "unknown"> {
  if (label === "") return null;
  const db = await getDb();
  const latest = (await listVersions(db, consultationId)).find((v) => v.publishedAt !== null);
  const clause = latest ? (await listClauses(db, latest.id)).find((c) => c.label === label) : undefined;
  return clause ? clause.id : "unknown";
}

/**
 * Publishes the answers and queues, in the same transaction, one mail per agency with comments that
 * has not had it yet (Vietnamese, with its own link and the count of its comments per decision). The
 * mails are then delivered (or kept in the outbox without SMTP); a delivery failure leaves them in the
 * outbox and publishing stands.
 */
async function publish(ctx: Ctx): Promise<AnswerActionResult> {
  const db = await getDb();
  const drafter = (await findConsultation(db, ctx.consultation.id))?.draftingAgencyName ?? "";
  let noAddress = 0;
  // The mails are built here from the agencies to tell and passed to publishAnswers as data; it queues
  // them with the publication and skips any agency mailed meanwhile.
  const mails: MailToQueue[] = [];
  for (const agency of await answeredAgencies(db, ctx.consultation.id)) {
    const to = agencyEmails({ emails: agency.emails });
    if (to.length === 0) {
      noAddress++;
      continue;
    }
    const mail = answersPublishedMail({
      consultationTitle: ctx.consultation.title,
      draftingAgencyName: drafter,
      letterRef: ctx.consultation.letterRef,
      // A member invited in their own name is written to by name and position (issue 17).
      agencyName: agency.authorName,
      link: invitationLink(ctx.baseUrl, { id: agency.invitationId, tokenNonce: agency.tokenNonce }),
      counts: agency.counts,
    });
    mails.push({ consultationId: ctx.consultation.id, invitationId: agency.invitationId, kind: "answers", to, ...mail });
  }
  const { mailIds } = await publishAnswers(db, ctx.consultation.id, Date.now(), mails, { actorUserId: ctx.userId, ip: ctx.ip, details: { noAddress } });
  const mail: PublishMailOutcome = { queued: mailIds.length, noAddress, sent: 0, kept: 0, failed: 0, deliveryError: false };
  try {
    Object.assign(mail, await deliverQueued(mailIds));
  } catch (error) {
    console.error("answers mail:", error);
    mail.deliveryError = true;
  }
  return { ok: true, message: "answers.published", mail };
}

export async function answerAction(ctx: Ctx, form: FormData): Promise<AnswerActionResult> {
  const db = await getDb();
  const intent = form.get("intent");
  // Each change below is written with its audit event, in one transaction.
  const actor = { actorUserId: ctx.userId, ip: ctx.ip };

  if (intent === "publish") return publish(ctx);
  if (intent === "accept") {
    // "Tiếp thu vào dự thảo mới" (issue 16): the comment's words into the next draft's working copy.
    const commentId = Number(form.get("commentId"));
    if (!isRowId(commentId)) return { ok: false, errors: { _form: "error.invalid" }, status: 400 };
    const out = await acceptComment(ctx.consultation.id, commentId, actor);
    if (!out.ok) return { ok: false, errors: { accept: out.error }, commentId, status: out.status };
    return { ok: true, message: out.state === "conflict" ? "working.acceptedConflict" : "working.accepted", commentId };
  }
  if (intent === "unpublish") {
    await setAnswersPublished(db, ctx.consultation.id, null, actor);
    return { ok: true, message: "answers.unpublished" };
  }
  if (intent === "ungroup") {
    const [commentId] = await commentIdsOf(db, ctx.consultation.id, [Number(form.get("commentId"))].filter(isRowId));
    if (commentId === undefined) return { ok: false, errors: { _form: "error.notFound" } };
    await detachComment(db, ctx.consultation.id, commentId, actor);
    return { ok: true, message: "answers.ungrouped", commentId };
  }
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "csrf"));
  const parsed = parseForm(AnswerSchema, form);
  const commentIds = await commentIdsOf(
    db,
    ctx.consultation.id,
    (intent === "group" ? form.getAll("group") : [form.get("commentId")]).map(Number).filter(isRowId),
  );
  const commentId = intent === "group" ? undefined : commentIds[0];
  if (!parsed.ok) return { ok: false, errors: parsed.errors, commentId, values };
  if (intent === "group" && commentIds.length < 2) return { ok: false, errors: { _form: "answers.pickTwo" }, values };
  if (commentIds.length === 0) return { ok: false, errors: { _form: "error.notFound" } };
  const textError = checkText(parsed.data.decision, parsed.data.text);
  if (textError) return { ok: false, errors: textError, commentId, values };
  const clause = await newClauseId(ctx.consultation.id, parsed.data.newClause);
  if (clause === "unknown") return { ok: false, errors: { newClause: "answers.unknownClause" }, commentId, values };
  const outcome = await saveAnswer(
    db,
    {
      consultationId: ctx.consultation.id,
      commentIds,
      answerId: intent === "group" ? null : parsed.data.answerId || null,
      expectedRevision: parsed.data.revision,
      decision: parsed.data.decision,
      text: parsed.data.text,
      newClauseId: clause,
      userId: ctx.userId,
      now: Date.now(),
    },
    { ...actor, action: intent === "group" ? "answers.grouped" : "answers.saved" },
  );
  if (!outcome.ok) {
    const c = outcome.conflict;
    return { ok: false, conflict: { answerId: c.id, revision: c.revision, decision: c.decision, text: c.text }, mine: { decision: parsed.data.decision, text: parsed.data.text }, commentId: commentId ?? commentIds[0]! };
  }
  return { ok: true, message: intent === "group" ? "answers.grouped" : "common.saved", commentId };
}
