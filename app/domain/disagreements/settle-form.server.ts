/** The disagreements page's forms (issue 16), validated with zod: settle with a note, or undo. */
import { z } from "zod";

export const MAX_SETTLEMENT_NOTE = 5_000;

export const SettleSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("settle"),
    commentId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    note: z.string().trim().min(1, "disagreements.noteRequired").max(MAX_SETTLEMENT_NOTE, "disagreements.noteTooLong"),
  }),
  z.object({
    intent: z.literal("unsettle"),
    commentId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  }),
]);
