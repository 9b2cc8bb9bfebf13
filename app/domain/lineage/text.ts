/**
 * The text of a clause as alignment and "changes of form" see it: emphasis, bullets, list marks,
 * punctuation spacing and line breaks do not count; letter case counts only when asked.
 */
import { stripEmphasis } from "../clauses/normalise";

export interface ClauseText {
  heading: string;
  body: string;
}

export function fullText(c: ClauseText): string {
  return c.body ? `${c.heading}\n${c.body}` : c.heading;
}

/** Whitespace, emphasis and bullet marks removed; case kept unless `ignoreCase`. */
export function formless(text: string, ignoreCase = false): string {
  const out = text
    .split("\n")
    .map((line) => stripEmphasis(line).replace(/^[-–—+•·]\s*/u, ""))
    .join(" ")
    .replace(/\s+([.,;:!?)])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
  return ignoreCase ? out.toLocaleLowerCase("vi") : out;
}

/** Lower-cased words (letters and digits), the unit of similarity. */
export function words(text: string): string[] {
  return text.toLocaleLowerCase("vi").match(/[\p{L}\p{N}]+/gu) ?? [];
}
