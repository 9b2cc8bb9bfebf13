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
  const raw: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
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
