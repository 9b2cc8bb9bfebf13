/**
 * The "signing details" form (report settings, see ./settings.ts) as the drafter posts it: the same
 * fields and limits, with the errors each field shows, a request date that must be a real day,
 * recipients one per line, and text in NFC so what is stored is what is printed.
 */
import { z } from "zod";
import { reportSettingsSchema, type ReportSettings } from "./settings";
import { SIGNER_AUTHORITIES } from "./settings-fields";

export { REPORT_SETTINGS_FIELDS, SIGNER_AUTHORITIES, type SignerAuthority } from "./settings-fields";

/** True for YYYY-MM-DD naming a day of the calendar (not 2023-02-30), years 1900–2999. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "- Như trên;\r\n\r\n- Lưu: VT." -> "- Như trên;\n- Lưu: VT.": one recipient a line, no blank lines. */
export function normaliseRecipients(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .join("\n");
}

/** Every posted string in NFC first, so the limits count what is stored. */
function nfcStrings(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v.normalize("NFC") : v]));
}

export const ReportSettingsFormSchema = z.preprocess(
  nfcStrings,
  reportSettingsSchema.extend({
    signerAuthority: z
      .enum(SIGNER_AUTHORITIES, { errorMap: () => ({ message: "reportSettings.error.authority" }) })
      .default(""),
    requestDate: z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || isCalendarDate(v), "reportSettings.error.date"),
    recipients: z
      .string()
      .default("")
      .transform(normaliseRecipients)
      .pipe(z.string().max(4000, "error.tooLong"))
      .refine((v) => v === "" || v.split("\n").length <= 40, "reportSettings.error.recipientLines"),
  }),
) satisfies z.ZodType<ReportSettings, z.ZodTypeDef, unknown>;
