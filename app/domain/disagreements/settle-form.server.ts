/** The disagreements page's forms (issue 16), validated with zod: settle with a note, or undo. */
import { z } from "zod";
import { MAX_ROW_ID } from "~/domain/row-id";

export const MAX_SETTLEMENT_NOTE = 5_000;

/** A comment's id: a stored row's (beyond MAX_ROW_ID it names none, and PostgreSQL would refuse it: a 500). */
export const SettleSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("settle"),
    commentId: z.coerce.number().int().positive().max(MAX_ROW_ID),
    note: z.string().trim().min(1, "disagreements.noteRequired").max(MAX_SETTLEMENT_NOTE, "disagreements.noteTooLong"),
  }),
  z.object({
    intent: z.literal("unsettle"),
    commentId: z.coerce.number().int().positive().max(MAX_ROW_ID),
  }),
]);
