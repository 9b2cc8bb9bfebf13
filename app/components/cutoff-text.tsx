import { formatInZone } from "~/domain/zoned-time";
import { LOCALES } from "~/i18n";
import { useLang } from "~/i18n/use-t";

/** A cutoff shown in the consultation's own time zone, with the machine-readable instant. */
export function CutoffText({ cutoffAt, timeZone }: { cutoffAt: number; timeZone: string }) {
  const lang = useLang();
  return (
    <time dateTime={new Date(cutoffAt).toISOString()}>{formatInZone(cutoffAt, timeZone, LOCALES[lang])}</time>
  );
}
