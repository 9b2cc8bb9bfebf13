/** A table read from document.xml turned into rows as wide as its grid, with its header and kind. */
import type { DocxParagraph, DocxTable } from "./types";

export interface CellBuilder {
  paragraphs: DocxParagraph[];
  span: number;
  vMerge: "restart" | "continue" | null;
}

export interface RowBuilder {
  cells: CellBuilder[];
  header: boolean;
  before: number;
  after: number;
}

export interface TableBuilder {
  gridColumns: number;
  rows: RowBuilder[];
}

export function paragraphLine(p: DocxParagraph, separator: string = p.numberSuffix): string {
  return p.number === null ? p.text : p.text === "" ? p.number : p.number + separator + p.text;
}

function cellText(cell: CellBuilder): string {
  const lines: string[] = [];
  for (const p of cell.paragraphs) {
    const line = paragraphLine(p, " ");
    if (line.trim() !== "") lines.push(line);
  }
  return lines.join("\n");
}

const COLUMN_NUMBER = /^\(?(\d{1,3})\)?$/;

/** "(1) (2) (3)…" or "1 2 3…": the row that numbers the columns under a header. */
function isColumnNumberRow(cells: string[]): boolean {
  let previous = -1;
  let count = 0;
  for (const cell of cells) {
    const text = cell.trim();
    if (text === "") continue;
    const match = COLUMN_NUMBER.exec(text);
    if (!match) return false;
    const n = Number(match[1]);
    if (n <= previous) return false;
    previous = n;
    count++;
  }
  return count >= 2;
}

const NATIONAL_NAME = /CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM/iu;
const MOTTO = /Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc/iu;
const NUMBER_LINE = /^Số\s*:.*\//u;
const RECIPIENTS = /^Nơi nhận/iu;
const SIGNATURE = /^(?:(?:TM|KT|TL)\.\s*|Q\.\s)\p{Lu}/u;
const RUSSIAN = /^Президент|Москва,\s*Кремль/u;

/** The header or signature block that Vietnamese (and Russian) documents lay out as a table. */
export function isLayoutTable(paragraphs: DocxParagraph[]): boolean {
  for (const p of paragraphs) {
    const text = p.text.normalize("NFC").trim();
    if (text === "") continue;
    if (NATIONAL_NAME.test(text) || MOTTO.test(text) || NUMBER_LINE.test(text) || RECIPIENTS.test(text) || SIGNATURE.test(text) || RUSSIAN.test(text)) return true;
  }
  return false;
}

export function buildTable(table: TableBuilder, paragraphs: DocxParagraph[]): DocxTable {
  let width = table.gridColumns;
  for (const row of table.rows) {
    let w = row.before + row.after;
    for (const cell of row.cells) w += cell.span;
    if (w > width) width = w;
  }
  const rows: string[][] = [];
  /** Each row's text per grid column with spanning cells repeated (for the merged header). */
  const spread: string[][] = [];
  let above: string[] = new Array<string>(width).fill("");
  let headerRows = 0;
  let stillHeader = true;
  for (const row of table.rows) {
    const out = new Array<string>(width).fill("");
    const wide = new Array<string>(width).fill("");
    let col = row.before;
    for (const cell of row.cells) {
      if (col >= width) break;
      const text = cell.vMerge === "continue" ? above[col] : cellText(cell);
      out[col] = text;
      for (let j = 0; j < cell.span && col + j < width; j++) wide[col + j] = text;
      col += cell.span;
    }
    rows.push(out);
    spread.push(wide);
    above = wide;
    if (stillHeader && row.header) headerRows++;
    else stillHeader = false;
  }
  if (headerRows === 0 && rows.length > 0) headerRows = 1;
  if (rows.length > headerRows && isColumnNumberRow(rows[headerRows])) {
    rows.splice(headerRows, 1);
    spread.splice(headerRows, 1);
  }
  const header: string[] = [];
  for (let c = 0; c < width; c++) {
    const texts: string[] = [];
    for (let r = 0; r < headerRows; r++) {
      const text = spread[r][c];
      if (text !== "" && !texts.includes(text)) texts.push(text);
    }
    header.push(texts.join(" – "));
  }
  return { type: "table", rows, headerRows, header, layout: isLayoutTable(paragraphs), paragraphs };
}
