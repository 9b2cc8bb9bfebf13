/**
 * The text the clause parser reads (a fixed contract), and the lines a person sees.
 *
 * docxToText:
 * - blocks separated by a blank line; a soft line break inside a paragraph stays a single "\n";
 * - a numbered paragraph: its rendered number, one space, its text ("1.2. Nội dung", "- text");
 * - a heading: "#" × level and a space before that ("## Điều 3. Phạm vi");
 * - a layout table: its paragraphs, one by one, as plain paragraphs;
 * - any other table: a Markdown pipe table (merged header line, separator, one line per body row),
 *   "\n" in a cell as "<br>", "|" as "\|".
 * Empty paragraphs (no number, no visible text) are left out.
 */
import { paragraphLine } from "./tables";
import type { DocxDocument, DocxParagraph, DocxTable } from "./types";

function paragraphText(p: DocxParagraph): string {
  const line = paragraphLine(p, " ");
  return p.headingLevel !== null ? `${"#".repeat(p.headingLevel)} ${line}` : line;
}

function isEmpty(p: DocxParagraph): boolean {
  return p.number === null && p.text.trim() === "";
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", "<br>");
}

function pipeRow(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(" | ")} |`;
}

function pipeTable(table: DocxTable): string {
  const lines = [pipeRow(table.header), `|${table.header.map(() => " --- ").join("|")}|`];
  for (let r = table.headerRows; r < table.rows.length; r++) lines.push(pipeRow(table.rows[r]));
  return lines.join("\n");
}

export function docxToText(doc: DocxDocument): string {
  const out: string[] = [];
  for (const block of doc.blocks) {
    if (block.type === "paragraph") {
      if (!isEmpty(block)) out.push(paragraphText(block));
    } else if (block.layout) {
      for (const p of block.paragraphs) if (!isEmpty(p)) out.push(paragraphLine(p, " "));
    } else if (block.header.length > 0) {
      out.push(pipeTable(block));
    }
  }
  return out.length === 0 ? "" : `${out.join("\n\n")}\n`;
}

/** One entry per paragraph as Word shows it (number, its tab or space, text); tables cell paragraph by cell paragraph. */
export function visibleLines(doc: DocxDocument): string[] {
  const out: string[] = [];
  for (const block of doc.blocks) {
    if (block.type === "paragraph") out.push(paragraphLine(block));
    else for (const p of block.paragraphs) out.push(paragraphLine(p));
  }
  return out;
}
