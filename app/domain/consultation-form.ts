/** What a drafter may type for a consultation, validated the same way on create and edit. */
import { z } from "zod";
import { DEFAULT_TIME_ZONE, isValidTimeZone, zonedLocalToInstant } from "./zoned-time";

export const CONSULTATION_KINDS = ["plan", "decision", "regulation", "report", "other"] as const;
export const CONSULTATION_STATUSES = ["preparing", "open", "closed", "finished"] as const;

export const ConsultationFormSchema = z
  .object({
    title: z.string().trim().min(1, "error.required").max(500, "error.tooLong"),
    kind: z.enum(CONSULTATION_KINDS, { errorMap: () => ({ message: "error.invalid" }) }),
    draftingAgencyId: z.coerce.number({ invalid_type_error: "error.required" }).int().positive("error.required"),
    letterRef: z.string().trim().max(100, "error.tooLong").default(""),
    letterText: z.string().max(50_000, "error.tooLong").default(""),
    // Checked here too (not only in the transform) so it is reported together with the other fields.
    cutoff: z
      .string()
      .trim()
      .min(1, "error.required")
      .refine((v) => zonedLocalToInstant(v, "UTC") !== null, "error.dateTime"),
    timeZone: z
      .string()
      .trim()
      .default(DEFAULT_TIME_ZONE)
      .refine(isValidTimeZone, "error.timeZone"),
    status: z.enum(CONSULTATION_STATUSES).default("preparing"),
  })
  .transform((v, ctx) => {
    const cutoffAt = zonedLocalToInstant(v.cutoff, v.timeZone);
    if (cutoffAt === null) {
      ctx.addIssue({ code: "custom", path: ["cutoff"], message: "error.dateTime" });
      return z.NEVER;
    }
    const { cutoff: _cutoff, ...rest } = v;
    return { ...rest, letterText: rest.letterText.replace(/\r\n?/g, "\n").normalize("NFC"), cutoffAt };
  });

export type ConsultationFormData = z.output<typeof ConsultationFormSchema>;
