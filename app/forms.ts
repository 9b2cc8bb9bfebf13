/**
 * Server-side form validation with zod. Schemas use message keys as their error messages, so the
 * page shows each error next to its field in the visitor's language, and the typed values come
 * back so nothing is lost on a failed submit.
 */
import type { z } from "zod";
import type { MessageKey } from "./i18n";

export type FieldErrors = Partial<Record<string, MessageKey>>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && key !== "csrf" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

export function parseForm<S extends z.ZodTypeAny>(schema: S, form: FormData): FormResult<z.output<S>> {
  // One pass over the fields: getAll per key is a scan of the whole form each time, quadratic on the
  // invitee page, which posts two boxes per clause (1,400 fields for a 700-clause law).
  const raw: Record<string, unknown> = {};
  const repeated = new Set<string>();
  for (const [key, value] of form.entries()) {
    if (!Object.hasOwn(raw, key)) raw[key] = value;
    else if (repeated.has(key)) (raw[key] as unknown[]).push(value);
    else {
      raw[key] = [raw[key], value];
      repeated.add(key);
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data as z.output<S> };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    errors[field] ??= (issue.message.includes(".") ? issue.message : "error.invalid") as MessageKey;
  }
  return { ok: false, errors, values: formValues(form) };
}
