/**
 * The text of a clause as alignment and "changes of form" see it: emphasis, bullets, list marks,
 * punctuation spacing and line breaks do not count; letter case counts only when asked.
 */
export interface ClauseText {
  heading: string;
  body: string;
}

export function fullText(c: ClauseText): string {
  return c.body ? `${c.heading}\n${c.body}` : c.heading;
}

/**
 * Whitespace and bullet marks removed; case kept unless `ignoreCase`. (Emphasis marks are already
 * gone: the parser strips them from every clause it makes.)
 */
export function formless(text: string, ignoreCase = false): string {
  const out = text
    .replace(/(^|\n)[-–—+•·]\s*/gu, "$1")
    .replace(/\s+([.,;:!?)])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
  return ignoreCase ? out.toLowerCase() : out;
}

// Separators spelled out (no Unicode property classes): this runs over every clause of both versions.
const SEPARATORS = /[\s.,;:!?()[\]{}"'“”‘’«»\-–—/\\+*…=<>|]+/;

/** Lower-cased words, the unit of similarity. */
export function words(text: string): string[] {
  return text.toLowerCase().split(SEPARATORS).filter((w) => w !== "");
}
