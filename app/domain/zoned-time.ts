/**
 * Cutoffs are instants (UTC milliseconds) that drafters type and read as wall-clock time in the
 * consultation's time zone, whatever the server's or the browser's zone is.
 */
import { TZDate } from "@date-fns/tz";

export const DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh";

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** "2023-07-06T17:00" in `zone` -> the instant, or null when the text is not a real date-time. */
export function zonedLocalToInstant(local: string, zone: string): number | null {
  const m = LOCAL_RE.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const date = new TZDate(y, mo - 1, d, h, mi, zone);
  // Reject dates that rolled over (31 June -> 1 July).
  if (date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date.getTime();
}

/** The instant as "YYYY-MM-DDTHH:mm" in `zone`, for a datetime-local input's value. */
export function instantToZonedLocal(instant: number, zone: string): string {
  const d = new TZDate(instant, zone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A readable date and time in the consultation's zone, e.g. "00:00 06/07/2023 (GMT+7)". Built by
 * hand rather than by Intl's long formats, so server and browser render exactly the same text.
 */
export function formatInZone(instant: number, zone: string, locale: string): string {
  const d = new TZDate(instant, zone);
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const sep = locale.startsWith("ru") ? "." : "/";
  const date = [pad(d.getDate()), pad(d.getMonth() + 1), d.getFullYear()].join(sep);
  return `${locale.startsWith("vi") ? `${time} ${date}` : `${date} ${time}`} (${gmtOffset(d)})`;
}

function gmtOffset(d: TZDate): string {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `GMT${sign}${h}${m ? `:${String(m).padStart(2, "0")}` : ""}`;
}

/**
 * The zone's name for people in `locale` ("Индокитай", "Giờ Đông Dương", "Indochina Time" for
 * Asia/Ho_Chi_Minh in ru-RU, vi-VN, en-GB) rather than its IANA id, which is an identifier; the id
 * when ICU has no name.
 * Call it on the server only (the browser's ICU may name a zone differently).
 */
export function zoneName(zone: string, locale: string): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "longGeneric" }).formatToParts(Date.now());
    return parts.find((p) => p.type === "timeZoneName")?.value ?? zone;
  } catch {
    return zone;
  }
}

/** The zones offered in forms; the default is always among them whatever the ICU data calls it. */
export function listTimeZones(): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add(DEFAULT_TIME_ZONE);
  zones.add("UTC");
  return [...zones].sort();
}
