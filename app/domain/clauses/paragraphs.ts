/**
 * Lines -> paragraphs. A blank line ends a paragraph, and so does every line in documents that put
 * one paragraph per line. A line that plainly continues the previous one across a hard break is
 * joined to it, even across one blank line ("…đề nghị các cơ quan kịp\n\nthời phản ánh…"):
 * it starts in lower case, is neither a bullet nor a mark, and the previous line does not end a
 * sentence and is not a title in capitals. Conservative on purpose: a wrong join hides a clause.
 *
 * Lines with no letter and no digit ("-------", "* * *", "___") are decoration and count as blank.
 */
import { isBullet, matchMarker } from "./markers";
import { cleanLine } from "./normalise";

const SENTENCE_END = /[.;:!?…)"”»]$/u;
const STARTS_LOWER = /^\p{Ll}/u;
const HAS_LOWER = /\p{Ll}/u;
const HAS_WORD = /[\p{L}\p{N}]/u;

export function splitParagraphs(text: string, language: "vi" | "ru"): string[] {
  const out: string[] = [];
  // The paragraph being built, as lines: joining by re-testing a growing string would be quadratic.
  let lines: string[] = [];
  let hasLower = false;
  let blankSince = 0;

  const flush = () => {
    if (lines.length > 0) out.push(lines.length === 1 ? lines[0]! : lines.join(" "));
    lines = [];
    hasLower = false;
  };

  for (const raw of text.split("\n")) {
    const line = cleanLine(raw);
    if (line === "" || !HAS_WORD.test(line)) {
      blankSince++;
      continue;
    }
    const last = lines.length > 0 ? lines[lines.length - 1]! : null;
    const continues =
      last !== null &&
      blankSince <= 1 &&
      hasLower &&
      !SENTENCE_END.test(last) &&
      STARTS_LOWER.test(line) &&
      !isBullet(line) &&
      matchMarker(line, language) === null;
    if (!continues) flush();
    lines.push(line);
    hasLower ||= HAS_LOWER.test(line);
    blankSince = 0;
  }
  flush();
  return out;
}
