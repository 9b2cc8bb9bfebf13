/**
 * Lines -> paragraphs. A blank line ends a paragraph, and so does every line in documents that put
 * one paragraph per line. A line that plainly continues the previous one across a hard break (the
 * previous line does not end a sentence and this one starts in lower case, not with a mark) is
 * joined to it, even across one blank line ("…đề nghị các cơ quan kịp\n\nthời phản ánh…").
 */
import { isBullet, matchMarker } from "./markers";
import { stripEmphasis } from "./normalise";

const SENTENCE_END = /[.;:!?…)"”»]$/u;
const STARTS_LOWER = /^\p{Ll}/u;

export function splitParagraphs(text: string, language: "vi" | "ru"): string[] {
  const out: string[] = [];
  let blankSince = 0;
  for (const raw of text.split("\n")) {
    const line = stripEmphasis(raw);
    if (line === "") {
      blankSince++;
      continue;
    }
    const prev = out.length > 0 ? out[out.length - 1]! : null;
    const continues =
      prev !== null &&
      blankSince <= 1 &&
      !SENTENCE_END.test(prev) &&
      // A title in capitals ("ПЛАН", "KẾ HOẠCH") is followed by its subtitle, not continued.
      /\p{Ll}/u.test(prev) &&
      STARTS_LOWER.test(line) &&
      !isBullet(line) &&
      matchMarker(line, language) === null;
    if (continues) out[out.length - 1] = `${prev} ${line}`;
    else out.push(line);
    blankSince = 0;
  }
  return out;
}

/** Cyrillic letters outnumber Latin ones: the document is Russian. */
export function detectLanguage(text: string): "vi" | "ru" {
  let cyr = 0;
  let lat = 0;
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c >= 0x0400 && c <= 0x04ff) cyr++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x1ef9)) lat++;
  }
  return cyr > lat ? "ru" : "vi";
}
