/**
 * Lines -> paragraphs. A blank line ends a paragraph, and so does every line in documents that put
 * one paragraph per line. A line that plainly continues the previous one across a hard break is
 * joined to it, even across one blank line ("…đề nghị các cơ quan kịp\n\nthời phản ánh…"):
 * it starts in lower case, is neither a bullet nor a mark, and the previous line does not end a
 * sentence and is not a title in capitals. Conservative on purpose: a wrong join hides a clause.
 *
 * Lines with no letter and no digit ("-------", "* * *", "___") are decoration and count as blank.
 *
 * Two Markdown forms carry structure and are kept as such (the .docx reader writes them too):
 * a heading ("## Điều 3. Phạm vi": Word's Heading 2) keeps its level, and a pipe table (consecutive
 * lines that start and end with "|") becomes one paragraph holding the table.
 */
import { isBullet, matchMarker } from "./markers";
import { cleanLine } from "./normalise";
import { readPipeTable, type Table } from "./tables";

export interface Paragraph {
  text: string;
  /** 1 for "# …", 2 for "## …" (Word's Heading 1, 2 …); null for body text. */
  heading: number | null;
  /** Set when the paragraph is a table; `text` is then its header line, for matter detection and joins. */
  table: Table | null;
  /** The lines of the text it came from (0-based, inclusive): the working copy writes a clause back there. */
  first: number;
  last: number;
}

const SENTENCE_END = /[.;:!?…)"”»]$/u;
const STARTS_LOWER = /^\p{Ll}/u;
const HAS_LOWER = /\p{Ll}/u;
const HAS_WORD = /[\p{L}\p{N}]/u;
const HEADING = /^(#{1,6})\s+/;

function isPipeLine(raw: string): boolean {
  const t = raw.trim();
  return t.length >= 3 && t.startsWith("|") && t.endsWith("|");
}

export function splitParagraphs(text: string, language: "vi" | "ru"): Paragraph[] {
  const out: Paragraph[] = [];
  // The paragraph being built, as lines: joining by re-testing a growing string would be quadratic.
  let lines: string[] = [];
  let first = -1;
  let lastLine = -1;
  let heading: number | null = null;
  let hasLower = false;
  let blankSince = 0;

  const flush = () => {
    if (lines.length > 0) out.push({ text: lines.length === 1 ? lines[0]! : lines.join(" "), heading, table: null, first, last: lastLine });
    lines = [];
    heading = null;
    hasLower = false;
  };

  const all = text.split("\n");
  for (let i = 0; i < all.length; i++) {
    const raw = all[i]!;
    if (raw.includes("|") && isPipeLine(raw)) {
      let end = i;
      while (end + 1 < all.length && isPipeLine(all[end + 1]!)) end++;
      const table = end > i ? readPipeTable(all.slice(i, end + 1)) : null;
      if (table) {
        flush();
        out.push({ text: table.columns.join(" | "), heading: null, table, first: i, last: end });
        blankSince = 2; // nothing continues a table
        i = end;
        continue;
      }
    }
    const level = raw.startsWith("#") ? HEADING.exec(raw) : null;
    const line = cleanLine(raw);
    if (line === "" || !HAS_WORD.test(line)) {
      blankSince++;
      continue;
    }
    const last = lines.length > 0 ? lines[lines.length - 1]! : null;
    const continues =
      level === null &&
      heading === null &&
      last !== null &&
      blankSince <= 1 &&
      hasLower &&
      !SENTENCE_END.test(last) &&
      STARTS_LOWER.test(line) &&
      !isBullet(line) &&
      matchMarker(line, language) === null;
    if (!continues) {
      flush();
      first = i;
    }
    if (level) heading = level[1]!.length;
    lines.push(line);
    lastLine = i;
    hasLower ||= HAS_LOWER.test(line);
    blankSince = 0;
    // A heading is one line: what follows starts a new paragraph.
    if (level) {
      flush();
      blankSince = 2;
    }
  }
  flush();
  return out;
}
