/** When the scheduled reminders go out, in the consultation's own time zone. */
import { TZDate } from "@date-fns/tz";

export const REMINDER_CHOICES = ["twoDaysBefore", "morningOf"] as const;
export type ReminderChoice = (typeof REMINDER_CHOICES)[number];

/** "Two days before" is the cutoff minus 48 hours; "the morning of" is 08:00 on the cutoff's day. */
export function reminderTimes(cutoffAt: number, zone: string, wanted: string[], now: number): number[] {
  const times: number[] = [];
  if (wanted.includes("twoDaysBefore")) times.push(cutoffAt - 2 * 24 * 3600 * 1000);
  if (wanted.includes("morningOf")) {
    const d = new TZDate(cutoffAt, zone);
    const morning = new TZDate(d.getFullYear(), d.getMonth(), d.getDate(), 8, 0, zone).getTime();
    if (morning < cutoffAt) times.push(morning);
  }
  return times.filter((t) => t > now).sort((a, b) => a - b);
}

export function reminderChoicesOf(cutoffAt: number, zone: string, times: number[]): ReminderChoice[] {
  const d = new TZDate(cutoffAt, zone);
  const morning = new TZDate(d.getFullYear(), d.getMonth(), d.getDate(), 8, 0, zone).getTime();
  const out: ReminderChoice[] = [];
  if (times.includes(cutoffAt - 2 * 24 * 3600 * 1000)) out.push("twoDaysBefore");
  if (times.includes(morning)) out.push("morningOf");
  return out;
}
