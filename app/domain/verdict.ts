/**
 * An agency's verdict on the draft (issue 16, part 4): agree (no comments), agree with comments, or
 * disagree (with the clauses it objects to, comments.objection). Pure and client-safe: the invitee page,
 * the board, the receipt and the report use it.
 */
import { GENERAL, nonEmpty, type AnswerEntry, type AnswerKind } from "./answer-form";

export const VERDICTS = ["agree", "agree_with_comments", "disagree"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The two verdicts an answer with comments can carry (the form's "verdict" field). */
export const COMMENT_VERDICTS = ["agree_with_comments", "disagree"] as const;
export type CommentVerdict = (typeof COMMENT_VERDICTS)[number];

/**
 * The verdict of a stored answer. Submissions made before verdicts existed have none: "agree" counts as
 * agree and "comments" as agree with comments; a declined answer has no verdict.
 */
export function effectiveVerdict(answerKind: string | null, verdict: string | null): Verdict | null {
  if (verdict === "agree" || verdict === "agree_with_comments" || verdict === "disagree") return verdict;
  if (answerKind === "agree") return "agree";
  if (answerKind === "comments") return "agree_with_comments";
  return null;
}

export interface VerdictCounts {
  agree: number;
  agree_with_comments: number;
  disagree: number;
}

/**
 * How many answers agreed, agreed with comments and disagreed (declined and unanswered count nowhere);
 * `n` counts a row as that many answers (grouped rows).
 */
export function countVerdicts(answers: Iterable<{ answerKind: string | null; verdict: string | null; n?: number }>): VerdictCounts {
  const counts: VerdictCounts = { agree: 0, agree_with_comments: 0, disagree: 0 };
  for (const a of answers) {
    const v = effectiveVerdict(a.answerKind, a.verdict);
    if (v) counts[v] += a.n ?? 1;
  }
  return counts;
}

/** The clause keys ticked "Không đồng ý với nội dung này" (fields "o:<clauseId>"), limited to known clauses. */
export function readObjections(fields: Iterable<[string, string]>, clauseIds: ReadonlySet<number>): string[] {
  const keys = new Set<string>();
  for (const [name, value] of fields) {
    const m = /^o:(\d+)$/.exec(name);
    if (!m || value === "") continue;
    if (clauseIds.has(Number(m[1]))) keys.add(m[1]!);
  }
  return [...keys];
}

export type VerdictError = "verdict.noObjection" | "verdict.objectionNeedsComment" | "verdict.choose";

export type VerdictOutcome =
  | { ok: true; verdict: Verdict | null; objections: Set<string> }
  | { ok: false; errors: Record<string, VerdictError> };

/**
 * The verdict the answer carries, from the answer kind, the verdict chosen for an answer with comments
 * (missing: agree with comments, the form's default), the comment boxes and the objections ticked.
 * A disagreement needs at least one objection, each on a clause that has a comment (the reason);
 * objections count only with "disagree" (the boxes stay on the page for the other answers, unused).
 */
export function answerVerdict(kind: AnswerKind, choice: string | null | undefined, entries: AnswerEntry[], objections: Iterable<string>): VerdictOutcome {
  if (kind === "agree") return { ok: true, verdict: "agree", objections: new Set() };
  if (kind === "decline") return { ok: true, verdict: null, objections: new Set() };
  const verdict = choice === undefined || choice === null || choice === "" ? "agree_with_comments" : choice;
  if (verdict !== "agree_with_comments" && verdict !== "disagree") return { ok: false, errors: { verdict: "verdict.choose" } };
  if (verdict === "agree_with_comments") return { ok: true, verdict, objections: new Set() };
  const commented = new Set(nonEmpty(entries).map((e) => e.clauseKey));
  const ticked = new Set([...objections].filter((k) => k !== GENERAL));
  const errors: Record<string, VerdictError> = {};
  for (const key of ticked) if (!commented.has(key)) errors[`o:${key}`] = "verdict.objectionNeedsComment";
  if (ticked.size === 0) errors.verdict = "verdict.noObjection";
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, verdict, objections: ticked };
}

/** The answer chosen on the page and autosaved, not sent yet (invitations.draft_verdict): a verdict, or "decline". */
export type DraftVerdict = Verdict | "decline";

/**
 * The draft choice of the form's answer kind and verdict (undefined when the save said neither): an
 * answer with comments carries its verdict (agree with comments when absent, the form's default).
 */
export function draftVerdictOf(answerKind: AnswerKind | undefined, verdict: CommentVerdict | undefined): DraftVerdict | undefined {
  if (answerKind === "agree") return "agree";
  if (answerKind === "decline") return "decline";
  if (answerKind === "comments") return verdict ?? "agree_with_comments";
  return verdict;
}

/** The form's answer kind and verdict for a stored draft choice (null: none stored). */
export function formChoiceOf(draft: string | null | undefined): { answerKind: AnswerKind; verdict: CommentVerdict } | null {
  if (draft === "agree" || draft === "decline") return { answerKind: draft, verdict: "agree_with_comments" };
  if (draft === "agree_with_comments" || draft === "disagree") return { answerKind: "comments", verdict: draft };
  return null;
}
