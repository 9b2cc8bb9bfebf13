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
  const parsed = schema.safeParse(rawFields(schema, form));
  if (parsed.success) return { ok: true, data: parsed.data as z.output<S> };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    errors[field] ??= (issue.message.includes(".") ? issue.message : "error.invalid") as MessageKey;
  }
  return { ok: false, errors, values: formValues(form) };
}

/** The fields named by an object schema (its keys), or null for any other schema. */
const schemaKeys = new WeakMap<z.ZodTypeAny, readonly string[] | null>();

/**
 * The form as the object the schema reads: a field posted once is its value, a repeated one a list.
 * For an object schema that drops unknown keys, only its own keys are looked up: the invitee page posts
 * two boxes per clause (1,400 fields for a 700-clause law) and its schemas read six of them; going
 * through every field was a few per cent of a submission in the load profile. Any other schema gets
 * every field, in one pass.
 */
function rawFields(schema: z.ZodTypeAny, form: FormData): Record<string, unknown> {
  let keys = schemaKeys.get(schema);
  if (keys === undefined) {
    // Only an object that drops unknown keys (zod's default): .passthrough() and .strict() look at the others.
    const def = (schema as { _def?: { typeName?: string; unknownKeys?: string; catchall?: { _def?: { typeName?: string } }; shape?: () => Record<string, unknown> } })._def;
    const plainObject = def?.typeName === "ZodObject" && def.unknownKeys === "strip" && def.catchall?._def?.typeName === "ZodNever" && def.shape;
    keys = plainObject ? Object.keys(def.shape!()) : null;
    schemaKeys.set(schema, keys);
  }
  const raw: Record<string, unknown> = {};
  if (keys) {
    for (const key of keys) {
      const values = form.getAll(key);
      if (values.length > 0) raw[key] = values.length === 1 ? values[0] : values;
    }
    return raw;
  }
  const repeated = new Set<string>();
  for (const [key, value] of form.entries()) {
    if (!Object.hasOwn(raw, key)) raw[key] = value;
    else if (repeated.has(key)) (raw[key] as unknown[]).push(value);
    else {
      raw[key] = [raw[key], value];
      repeated.add(key);
    }
  }
  return raw;
}
