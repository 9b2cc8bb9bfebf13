/** The invitee form's errors as the summary at its top lists them (app/components/error-summary.tsx). */
import { GENERAL } from "~/domain/answer-form";
import type { FieldErrors } from "~/forms";
import type { Translate } from "~/i18n";
import type { ErrorSummaryItem } from "./error-summary";

/**
 * The refused form's errors for the summary at its top, each with the field it belongs to as its label
 * names it and the id of that field: the form's own error first, then the comment boxes in the draft's
 * order, then the answer, the signer and the letter.
 */
export function errorSummaryItems(errors: FieldErrors | undefined, t: Translate, clauses: readonly { id: number; ref: string }[]): ErrorSummaryItem[] {
  if (!errors) return [];
  const items: ErrorSummaryItem[] = [];
  if (errors._form) items.push({ fieldId: null, field: null, message: t(errors._form) });
  const box = (key: string, clause: string) => {
    const text = errors[`c:${key}`];
    if (text) items.push({ fieldId: `c-${key}`, field: key === GENERAL ? t("invitee.general") : t("invitee.commentOn", { ref: clause }), message: t(text) });
    const wording = errors[`p:${key}`];
    if (wording) items.push({ fieldId: `p-${key}`, field: t("invitee.wordingOn", { ref: clause }), message: t(wording) });
    const objection = errors[`o:${key}`];
    if (objection) items.push({ fieldId: `o-${key}`, field: t("verdict.objectionOn", { ref: clause }), message: t(objection) });
    // Suggestions on phrases (issue 16): the list's error, and the typed words' ("Đề xuất sửa cụm từ").
    const list = errors[`ph:${key}`];
    if (list) items.push({ fieldId: `ph-${key}-error`, field: t("phrase.errorOn", { ref: clause }), message: t(list) });
    const typed = errors[`phq:${key}`];
    if (typed) items.push({ fieldId: `phq-${key}`, field: t("phrase.errorOn", { ref: clause }), message: t(typed) });
  };
  box(GENERAL, "");
  for (const c of clauses) box(String(c.id), c.ref);
  if (errors.answerKind) items.push({ fieldId: "answerKind-comments", field: t("invitee.answerKind"), message: t(errors.answerKind) });
  if (errors.verdict) items.push({ fieldId: "verdict-disagree", field: t("verdict.legend"), message: t(errors.verdict) });
  for (const [name, label] of [["signerName", "invitee.signerName"], ["signerPosition", "invitee.signerPosition"], ["replyLetter", "invitee.replyLetter"]] as const) {
    const message = errors[name];
    if (message) items.push({ fieldId: name, field: t(label), message: t(message) });
  }
  return items;
}

