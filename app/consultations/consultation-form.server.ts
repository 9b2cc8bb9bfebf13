/** Server side of the consultation form, shared by the "new" and "edit" routes. */
import { data } from "@remix-run/node";
import type { SessionUser } from "~/auth/session.server";
import { canManage } from "~/auth/access.server";
import { ConsultationFormSchema, type ConsultationFormData } from "~/domain/consultation-form";
import { parseForm, type FieldErrors } from "~/forms";
import { listTimeZones } from "~/domain/zoned-time";
import { getDb } from "#db/client.server";
import { listAgencies } from "#db/queries/agencies";

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
