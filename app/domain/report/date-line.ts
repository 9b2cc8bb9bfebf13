import { TZDate } from "@date-fns/tz";

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
