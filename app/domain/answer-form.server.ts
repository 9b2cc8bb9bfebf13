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

const absentWhenEmpty = (v: unknown) => (v === "" ? undefined : v);

/**
 * What a draft save carries besides the boxes (issue 16): the answer chosen on the page, not sent yet.
 * Absent fields leave the stored choice as it is; an unknown value is refused (400), nothing saved.
 */
export const DraftChoiceSchema = z.object({
  answerKind: z.preprocess(absentWhenEmpty, z.enum(ANSWER_KINDS, { errorMap: () => ({ message: "invitee.chooseAnswer" }) }).optional()),
  verdict: z.preprocess(absentWhenEmpty, z.enum(COMMENT_VERDICTS, { errorMap: () => ({ message: "verdict.choose" }) }).optional()),
});

/** An objection tick as a draft save posts it: "o:<clauseId>", "1" ticked or "" unticked. */
const ObjectionField = z.tuple([z.string().regex(/^o:\d+$/), z.enum(["", "1"])]);

/**
 * The objection ticks of a draft save, by clause key (true: ticked). A field of another shape ("o:general",
 * a value other than "" or "1") is refused (400, nothing saved), as an unknown verdict is. A tick on a clause
 * not in the published version (a page shown before the drafter published a newer one) is dropped, as that
 * clause's boxes are (readEntries): the rest of the save, the general comment too, is stored.
 */
export function readDraftObjections(fields: Iterable<[string, string]>, clauseIds: ReadonlySet<number>): { ok: true; ticks: Map<string, boolean> } | { ok: false; field: string } {
  const ticks = new Map<string, boolean>();
  for (const field of fields) {
    if (!field[0].startsWith("o:")) continue;
    const parsed = ObjectionField.safeParse(field);
    if (!parsed.success) return { ok: false, field: field[0] };
    if (!clauseIds.has(Number(field[0].slice(2)))) continue;
    ticks.set(field[0].slice(2), parsed.data[1] === "1");
  }
  return { ok: true, ticks };
}
