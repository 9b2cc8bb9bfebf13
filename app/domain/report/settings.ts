/**
 * What the reception report needs to be issued and signed in the form of Decree 30/2020/NĐ-CP
 * (Phụ lục I): the bodies in its header, its number symbol, place, signer and recipients, and the
 * request letter it answers. Stored per consultation as JSON; every field left empty falls back to
 * the drafting agency's defaults (symbol, governing body, place name), then to nothing.
 */
import { z } from "zod";
import { SIGNER_AUTHORITIES } from "./settings-fields";

const line = (max: number) => z.string().trim().max(max, "error.tooLong").default("");

export const reportSettingsSchema = z.object({
  /** "UBND TỈNH SÓC TRĂNG": the body the issuer answers to, printed above it. */
  governingBody: line(120),
  /** "SỞ NỘI VỤ": the issuing body as printed (capitals); defaults to the drafting agency's name. */
  issuingBody: line(160),
  /** "SNV" in "Số: …/BC-SNV". */
  symbol: line(30),
  /** "Sóc Trăng" in "Sóc Trăng, ngày … tháng … năm …". */
  placeName: line(60),
  /** "KT." / "TM." / "Q." / "TL." / "TUQ." or "" (signing in one's own right). */
  signerAuthority: z.enum(SIGNER_AUTHORITIES).default(""),
  /** The body signed for after TM./KT. ("GIÁM ĐỐC" under "KT. GIÁM ĐỐC"). */
  signerAuthorityTitle: line(120),
  /** The signer's own title ("PHÓ GIÁM ĐỐC") and name. */
  signerTitle: line(120),
  signerName: line(120),
  /** "Nơi nhận" lines, one per line ("- Như trên;", "- Lưu: VT, XDCQ."). */
  recipients: z.string().max(4000, "error.tooLong").default(""),
  /** The request for comments this report answers: who sent it, its number and date (YYYY-MM-DD). */
  requestSender: line(200),
  requestNumber: line(60),
  requestDate: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "reportSettings.error.date")]).default(""),
});

export type ReportSettings = z.infer<typeof reportSettingsSchema>;

/** Stored JSON -> settings; unreadable or partial JSON gives the defaults for what is missing. */
export function readReportSettings(json: string | null | undefined): ReportSettings {
  let raw: unknown = {};
  try {
    raw = json ? JSON.parse(json) : {};
  } catch {
    raw = {};
  }
  const parsed = reportSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : reportSettingsSchema.parse({});
}

export interface AgencyDefaults {
  name: string;
  symbol: string;
  governingBody: string;
  placeName: string;
}

/** The settings with the drafting agency's defaults filled in where the consultation says nothing. */
export function withAgencyDefaults(settings: ReportSettings, agency: AgencyDefaults): ReportSettings {
  return {
    ...settings,
    governingBody: settings.governingBody || agency.governingBody,
    issuingBody: settings.issuingBody || agency.name.toLocaleUpperCase("vi"),
    symbol: settings.symbol || agency.symbol,
    placeName: settings.placeName || agency.placeName,
  };
}
