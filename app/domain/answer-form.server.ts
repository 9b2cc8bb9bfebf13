/**
 * The invitee form's answer and signer fields, validated with zod on the server only (a .server module,
 * so neither zod nor the schema reaches the invitee page's script). The comment boxes: ./answer-form.ts.
 */
import { z } from "zod";
import { ANSWER_KINDS } from "./answer-form";
import { COMMENT_VERDICTS } from "./verdict";

export const SubmitSchema = z.object({
  answerKind: z.enum(ANSWER_KINDS, { errorMap: () => ({ message: "invitee.chooseAnswer" }) }),
  /** With comments: agree with comments (the default when absent) or disagree (issue 16); ignored otherwise. */
  verdict: z.enum(COMMENT_VERDICTS, { errorMap: () => ({ message: "verdict.choose" }) }).optional(),
  signerName: z.string().trim().min(1, "error.required").max(200, "error.tooLong"),
  signerPosition: z.string().trim().min(1, "error.required").max(200, "error.tooLong"),
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "error.invalid"),
  baseRevision: z.coerce.number().int().nonnegative(),
});

export type SubmitFields = z.output<typeof SubmitSchema>;
