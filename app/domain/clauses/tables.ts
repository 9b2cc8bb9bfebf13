/**
 * Tables as clerks make them: a task list ("Danh mục nhiệm vụ": STT / Nội dung công việc / Cơ quan
 * chủ trì / Thời gian) is one clause, and each body row a clause of its own that reads whole: its
 * cells under the header's column names. Tables arrive as Markdown pipe tables, typed in a .md or
 * written by the .docx reader (which repeats vertically merged cells, pads horizontally merged ones
 * and writes a cell's paragraphs joined by "<br>").
 */
import { cleanLine } from "./normalise";

export interface Table {
  /** Column names from the header row(s); "" where the header cell is empty. */
  columns: string[];
  /** Body rows, each with one cell per column (missing cells are ""); a cell's lines joined by "\n". */
  rows: string[][];
}

const SEPARATOR_CELL = /^:?-{1,}:?$/;
const BREAK = /<br\s*\/?>/giu;

/** Splits "| a | b \| c |" into ["a", "b | c"], honouring escaped pipes. */
function splitCells(line: string): string[] {
  const t = line.trim();
  const inner = t.slice(1, t.endsWith("|") && !t.endsWith("\\|") ? -1 : undefined);
  const cells: string[] = [];
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner.charCodeAt(i);
    if (ch === 92 /* \ */) {
      i++;
      continue;
    }
    if (ch === 124 /* | */) {
      cells.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  cells.push(inner.slice(start));
  return cells.map((c) =>
    c
      .replace(/\\\|/g, "|")
      .split(BREAK)
      .map(cleanLine)
      .filter((l) => l !== "")
      .join("\n"),
  );
}

function isSeparator(cells: string[]): boolean {
  return cells.length > 0 && cells.every((c) => SEPARATOR_CELL.test(c.replace(/\s+/g, "")));
}

/** "(1)", "1", "(2)"…: a row that only numbers the columns, printed under many Vietnamese headers. */
function isColumnNumbers(cells: string[]): boolean {
  let numbered = 0;
  for (const c of cells) {
    if (c === "") continue;
    if (!/^\(?\d{1,2}\)?$/.test(c)) return false;
    numbered++;
  }
  return numbered >= 2;
}

/** Lines that all start and end with "|" -> a table, or null when they do not make one (a single row). */
export function readPipeTable(lines: string[]): Table | null {
  const raw = lines.map((l) => (l.includes("---") ? l.replace(/\s+/g, "") : l)).map(splitCells);
  const sep = raw.findIndex(isSeparator);
  const header = sep > 0 ? raw.slice(0, sep) : raw.slice(0, 1);
  let body = sep > 0 ? raw.slice(sep + 1) : raw.slice(1);
  body = body.filter((r) => !isSeparator(r));
  if (body.length > 0 && isColumnNumbers(body[0]!)) body = body.slice(1);
  const width = Math.max(...header.map((r) => r.length), ...body.map((r) => r.length));
  const columns: string[] = [];
  for (let k = 0; k < width; k++) {
    const names: string[] = [];
    for (const r of header) {
      const name = (r[k] ?? "").replace(/\n/g, " ");
      if (name !== "" && !names.includes(name)) names.push(name);
    }
    columns.push(names.join(" – "));
  }
  const rows = body
    .map((r) => Array.from({ length: width }, (_, k) => r[k] ?? ""))
    .filter((r) => r.some((c) => c !== ""));
  if (rows.length === 0 && header.length === 0) return null;
  return { columns, rows };
}

const STT_NAME = /^(?:S\.?\s?TT|TT|Số\s+TT|Số\s+thứ\s+tự|№(?:\s*п\/п)?|N\s*п\/п|№\s*п\.п\.?|No\.?|#)$/iu;
const SHORT_NUMBER = /^(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[IVXLC]{1,6}\.?|[a-zđа-я]\)|\(\d{1,3}\))$/u;

/** The column that numbers the rows: named STT/№, or a first column of short numbers only. */
export function numberColumn(table: Table): number {
  const named = table.columns.findIndex((c) => STT_NAME.test(c.trim()));
  if (named >= 0) return named;
  if (table.columns.length < 2 || table.rows.length === 0) return -1;
  const firsts = table.rows.map((r) => r[0]!).filter((c) => c !== "");
  return firsts.length > 0 && firsts.every((c) => SHORT_NUMBER.test(c)) ? 0 : -1;
}

export interface RowParts {
  /** The row's number as printed in its STT column, or its place among the body rows. */
  number: string;
  /** The row's main text: its first filled cell that is not the number. */
  heading: string;
  /** The other filled cells, each as "Column: value" (value lines kept). */
  body: string;
}

/** One body row as a clause reads it. `index` is 1-based among the body rows. */
export function rowParts(table: Table, row: string[], index: number, numberCol: number, columnWord: string): RowParts {
  const printed = numberCol >= 0 ? row[numberCol]!.replace(/[.)]$/u, "").replace(/^\(/u, "") : "";
  let heading = "";
  const body: string[] = [];
  row.forEach((cell, k) => {
    if (k === numberCol || cell === "") return;
    if (heading === "") {
      // A cell of several paragraphs: its first line heads the row, the rest is read below it.
      const br = cell.indexOf("\n");
      heading = br < 0 ? cell : cell.slice(0, br);
      if (br >= 0) body.push(cell.slice(br + 1));
      return;
    }
    // A cell repeated across merged columns is read once.
    if (k > 0 && row[k - 1] === cell) return;
    const name = table.columns[k] || `${columnWord} ${k + 1}`;
    body.push(`${name}: ${cell}`);
  });
  return { number: printed !== "" && !/\s/u.test(printed) ? printed : String(index), heading, body: body.join("\n") };
}
