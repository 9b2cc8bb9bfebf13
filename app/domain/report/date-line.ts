import { TZDate } from "@date-fns/tz";
import type { Lang } from "~/i18n";

/** "Sóc Trăng, ngày 23 tháng 11 năm 2026" in Vietnamese; an ordinary date line otherwise. */
export function formatDateLine(instant: number, zone: string, place: string, locale: string): string {
  const d = new TZDate(instant, zone);
  const day = String(d.getDate()).padStart(2, "0");
  const month = d.getMonth() + 1;
  const prefix = place ? `${place}, ` : "";
  if (locale.startsWith("vi")) return `${prefix}ngày ${day} tháng ${month} năm ${d.getFullYear()}`;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${prefix}${locale.startsWith("ru") ? `${day}.${pad(month)}.${d.getFullYear()}` : `${day}/${pad(month)}/${d.getFullYear()}`}`;
}

/** The year at an instant in a time zone (the year of the report's date line). */
export function yearAt(instant: number, zone: string): number {
  return new TZDate(instant, zone).getFullYear();
}

const EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * A calendar date (YYYY-MM-DD) as a sentence quotes it. Vietnamese follows Decree 30/2020: days
 * below 10 and the months 1 and 2 take a leading zero ("04/7/2023", "15/02/2024"); English
 * "4 July 2023"; Russian "04.07.2023". Anything else is returned as is.
 */
export function formatCalendarDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [, y, mm, dd] = m as unknown as [string, string, string, string];
  const month = Number(mm);
  if (lang === "vi") return `${dd}/${month <= 2 ? mm : String(month)}/${y}`;
  if (lang === "en") return `${Number(dd)} ${EN_MONTHS[month - 1] ?? mm} ${y}`;
  return `${dd}.${mm}.${y}`;
}
