/** Server side of the consultation form, shared by the "new" and "edit" routes. */
import { data } from "@remix-run/node";
import type { SessionUser } from "~/auth/session.server";
import { canManage } from "~/auth/access.server";
import { z } from "zod";
import { CONSULTATION_KINDS, CONSULTATION_STATUSES } from "~/domain/consultation-form";
import { parseForm, type FieldErrors } from "~/forms";
import { DEFAULT_TIME_ZONE, isValidTimeZone, listTimeZones, zonedLocalToInstant } from "~/domain/zoned-time";
import { getDb } from "#db/client.server";
import { listAgencies } from "#db/queries/agencies";

/** What a drafter may type for a consultation, validated the same way on create and edit. */
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

/** The drafting agencies the user may choose: all for administrators, their own for drafters. */
export async function agencyChoices(user: SessionUser) {
  const all = (await listAgencies(await getDb())).map((a) => ({ id: a.id, name: a.name }));
  return user.role === "admin" ? all : all.filter((a) => a.id === user.agencyId);
}

export async function formOptions(user: SessionUser) {
  return { agencies: await agencyChoices(user), timeZones: listTimeZones() };
}

export type ConsultationFormFailure = { errors: FieldErrors; values: Record<string, string> };

/** Validates the posted form; a failure is returned as a 400 with the typed values kept. */
export function readConsultationForm(user: SessionUser, form: FormData) {
  const parsed = parseForm(ConsultationFormSchema, form);
  if (!parsed.ok) {
    return { ok: false as const, response: data<ConsultationFormFailure>({ errors: parsed.errors, values: parsed.values }, { status: 400 }) };
  }
  if (!canManage(user, parsed.data.draftingAgencyId)) {
    const values = Object.fromEntries([...form.entries()].filter(([k, v]) => typeof v === "string" && k !== "csrf")) as Record<string, string>;
    return {
      ok: false as const,
      response: data<ConsultationFormFailure>({ errors: { draftingAgencyId: "error.agencyNotAllowed" }, values }, { status: 400 }),
    };
  }
  return { ok: true as const, data: parsed.data satisfies ConsultationFormData };
}
