import { z } from "zod";
import { isLang, type Lang } from "~/i18n";

const reportLangSchema = z
  .string()
  .refine((value): value is Lang => isLang(value))
  .catch("vi");

/**
 * The report's own language from the `lang` query parameter (vi, en, ru), independent of the
 * interface's language; Vietnamese when absent or anything else.
 */
export function reportLangOf(request: Request): Lang {
  const value = new URL(request.url).searchParams.get("lang");
  return value === null ? "vi" : (reportLangSchema.parse(value) as Lang);
}
