/** The triage board's actions: answer one comment, answer a group at once, ungroup, publish. */
import { z } from "zod";
import { getDb } from "#db/client.server";
import { commentIdsOf, detachComment, saveAnswer, setAnswersPublished, type Decision } from "#db/queries/answers";
import { recordAudit } from "#db/queries/audit";
import { listVersions, listClauses } from "#db/queries/versions";
import type { Consultation } from "#db/schema";
import { parseForm, type FieldErrors } from "~/forms";

import { DECISIONS } from "./decisions";

const AnswerSchema = z.object({
  decision: z.enum(DECISIONS, { errorMap: () => ({ message: "answers.chooseDecision" }) }),
  text: z.string().trim().max(20_000, "error.tooLong").default(""),
  newClause: z.string().trim().max(50).default(""),
  answerId: z.coerce.number().int().nonnegative().default(0),
  revision: z.coerce.number().int().nonnegative().default(0),
});

export type AnswerActionResult =
  | { ok: true; message: "common.saved" | "answers.grouped" | "answers.ungrouped" | "answers.published" | "answers.unpublished"; commentId?: number }
  | { ok: false; errors: FieldErrors; commentId?: number; values?: Record<string, string> }
  | { ok: false; conflict: { answerId: number; revision: number; decision: Decision; text: string }; mine: { decision: string; text: string }; commentId: number; errors?: undefined };

interface Ctx {
  consultation: Consultation;
  userId: number;
  ip: string;
}

/** "Giải trình" needs its explanation; the other decisions may stand alone. */
function checkText(decision: Decision, text: string): FieldErrors | null {
  return (decision === "explained" || decision === "partly") && text === "" ? { text: "answers.explainWhy" } : null;
}

function newClauseId(consultationId: number, label: string): number | null | "unknown" {
  if (label === "") return null;
  const latest = listVersions(getDb(), consultationId).find((v) => v.publishedAt !== null);
  const clause = latest ? listClauses(getDb(), latest.id).find((c) => c.label === label) : undefined;
  return clause ? clause.id : "unknown";
}

export function answerAction(ctx: Ctx, form: FormData): AnswerActionResult {
  const db = getDb();
  const intent = form.get("intent");
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(db, { actorUserId: ctx.userId, action, subjectType: "consultation", subjectId: ctx.consultation.id, details, ip: ctx.ip });

  if (intent === "publish" || intent === "unpublish") {
    setAnswersPublished(db, ctx.consultation.id, intent === "publish" ? Date.now() : null);
    audit(`answers.${intent}ed`, {});
    return { ok: true, message: intent === "publish" ? "answers.published" : "answers.unpublished" };
  }
  if (intent === "ungroup") {
    const [commentId] = commentIdsOf(db, ctx.consultation.id, [Number(form.get("commentId"))]);
    if (commentId === undefined) return { ok: false, errors: { _form: "error.notFound" } };
    detachComment(db, commentId);
    audit("answers.ungrouped", { commentId });
    return { ok: true, message: "answers.ungrouped", commentId };
  }
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "csrf"));
  const parsed = parseForm(AnswerSchema, form);
  const commentIds = commentIdsOf(
    db,
    ctx.consultation.id,
    (intent === "group" ? form.getAll("group") : [form.get("commentId")]).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0),
  );
  const commentId = intent === "group" ? undefined : commentIds[0];
  if (!parsed.ok) return { ok: false, errors: parsed.errors, commentId, values };
  if (intent === "group" && commentIds.length < 2) return { ok: false, errors: { _form: "answers.pickTwo" }, values };
  if (commentIds.length === 0) return { ok: false, errors: { _form: "error.notFound" } };
  const textError = checkText(parsed.data.decision, parsed.data.text);
  if (textError) return { ok: false, errors: textError, commentId, values };
  const clause = newClauseId(ctx.consultation.id, parsed.data.newClause);
  if (clause === "unknown") return { ok: false, errors: { newClause: "answers.unknownClause" }, commentId, values };
  const outcome = saveAnswer(db, {
    consultationId: ctx.consultation.id,
    commentIds,
    answerId: intent === "group" ? null : parsed.data.answerId || null,
    expectedRevision: parsed.data.revision,
    decision: parsed.data.decision,
    text: parsed.data.text,
    newClauseId: clause,
    userId: ctx.userId,
    now: Date.now(),
  });
  if (!outcome.ok) {
    const c = outcome.conflict;
    return { ok: false, conflict: { answerId: c.id, revision: c.revision, decision: c.decision, text: c.text }, mine: { decision: parsed.data.decision, text: parsed.data.text }, commentId: commentId ?? commentIds[0]! };
  }
  audit(intent === "group" ? "answers.grouped" : "answers.saved", { answerId: outcome.answerId, commentIds });
  return { ok: true, message: intent === "group" ? "answers.grouped" : "common.saved", commentId };
}
