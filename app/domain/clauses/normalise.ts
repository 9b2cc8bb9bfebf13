/** Text as it comes from Word, e-mail and the web, made regular before any recognition. */

// Non-breaking, figure, thin, ideographic and other Unicode spaces.
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(ZERO_WIDTH, "")
    .replace(ODD_SPACES, " ")
    .replace(/\t/g, " ")
    .normalize("NFC");
}

/**
 * Removes Markdown emphasis (** __ * _) and stray asterisks left by conversions, without touching
 * the words: "**TM. ỦY BAN NHÂN DÂN" -> "TM. ỦY BAN NHÂN DÂN", "*gửi về Sở*" -> "gửi về Sở".
 */
export function stripEmphasis(line: string): string {
  return line
    .replace(/\*{2,}|_{2,}/g, "")
    .replace(/(^|[\s(])[*_](?=\S)/g, "$1")
    .replace(/(\S)[*_](?=$|[\s.,;:!?)])/g, "$1")
    .replace(/ {2,}/g, " ")
    .trim();
}
