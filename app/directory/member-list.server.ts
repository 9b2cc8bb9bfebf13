/**
 * A collective body's member list as the administrator uploads it (issue 17): a .csv or .xlsx with a
 * header row, read into rows and checked as a whole. Either every row is good and the result is the
 * list db/queries/directory.ts's saveBodyList stores, or the result is every problem found, each naming
 * its row (the line of the file, the sheet's row number) and the column, so nothing is half-imported.
 *
 * Columns are found by their header, in Vietnamese, English or Russian, whatever the case and accents:
 * name ("Họ tên", "Họ và tên", "Name", "ФИО", required), position ("Chức vụ", "Position",
 * "Должность"), agency ("Cơ quan", "Agency", "Организация": a directory agency's name or short name;
 * blank means the body's host agency) and e-mail ("Thư điện tử", "Email", "E-mail", "Эл. почта": several
 * separated by ";", "," or spaces). Other columns ("STT", notes) are ignored, as are rows above the
 * header (a list's title) and empty rows.
 *
 * The bytes are trusted, not the file name: a .xlsx must be a ZIP package, whose entries are inflated
 * under a budget on the bytes actually produced (the .docx reader's, app/documents/docx/zip.ts) before
 * exceljs opens it; a .csv must be UTF-8 (a BOM is dropped), comma, semicolon or tab separated.
 */
import { foldMarks } from "~/domain/fold-marks";
import { parse as parseCsv, CsvError } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { z } from "zod";
import type { BodyListInput, PersonInput } from "#db/queries/directory";
import { DocxTooLargeError, readZipEntries } from "~/documents/docx/zip";
import { inspectZip } from "~/documents/zip-guard";
import type { MessageKey } from "~/i18n";
import { distinctEmails, MAX_EMAILS, MAX_LIST_BYTES, MAX_LIST_ROWS, MAX_NAME, MAX_POSITION } from "./member-list-rules";

export { distinctEmails, LIST_EXTENSIONS, MAX_EMAILS, MAX_LIST_BYTES, MAX_LIST_ROWS, MAX_NAME, MAX_POSITION } from "./member-list-rules";

/** What a .xlsx may inflate to, all its parts together. */
export const MAX_LIST_INFLATED_BYTES = 16 * 1024 * 1024;
/** Rows searched for the header (a title and a blank line may come first). */
const HEADER_SEARCH_ROWS = 10;

/** A problem with the list: a message key and its parameters ({row} is the file's row or line number). */
export interface ListProblem {
  key: MessageKey;
  params: Record<string, string | number>;
}

/** A row of the file as read, before it is checked: texts trimmed, `line` the row's number in the file. */
export interface ListRow {
  line: number;
  name: string;
  position: string;
  agency: string;
  emails: string;
}

export interface DirectoryAgency {
  id: number;
  name: string;
  shortName: string;
}

type Column = "name" | "position" | "agency" | "emails";

/** Lower case, no accents (đ as d), single spaces, no trailing ":" or "*": how headers are compared. */
export function headerKey(text: string): string {
  return foldMarks(text)
    .replace(/[\s\u00a0]+/g, " ")
    .replace(/[\s:*]+$/u, "")
    .trim();
}

const HEADERS: Record<Column, readonly string[]> = {
  name: ["Họ tên", "Họ và tên", "Name", "Full name", "ФИО"],
  position: ["Chức vụ", "Position", "Должность"],
  agency: ["Cơ quan", "Agency", "Организация"],
  emails: ["Thư điện tử", "Email", "E-mail", "Emails", "Эл. почта", "Электронная почта"],
};
const COLUMN_OF = new Map<string, Column>(
  (Object.entries(HEADERS) as [Column, readonly string[]][]).flatMap(([column, names]) => names.map((n) => [headerKey(n), column] as const)),
);

/** Trimmed, NFC, runs of white space (no-break spaces too) made one space. */
function clean(text: string): string {
  return text.normalize("NFC").replace(/[\s\u00a0]+/g, " ").trim();
}

export type ReadRowsResult = { ok: true; rows: ListRow[] } | { ok: false; problems: ListProblem[] };

const fail = (key: MessageKey, params: Record<string, string | number> = {}): { ok: false; problems: ListProblem[] } => ({ ok: false, problems: [{ key, params }] });

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot < 0 ? "" : filename.slice(dot).toLowerCase();
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The rows of an uploaded .csv or .xlsx (by its name, checked against its bytes), or why it cannot be read. */
export async function readListRows(bytes: Uint8Array, filename: string): Promise<ReadRowsResult> {
  if (bytes.length === 0) return fail("directory.import.emptyFile");
  if (bytes.length > MAX_LIST_BYTES) return fail("directory.import.tooLarge", { max: "2 MB" });
  const ext = extensionOf(filename);
  const isZip = ZIP_MAGIC.every((b, i) => bytes[i] === b);
  if (ext === ".xlsx") {
    if (!isZip) return fail("directory.import.notXlsx");
    return readXlsx(bytes);
  }
  if (ext === ".csv") {
    if (isZip || bytes.includes(0)) return fail("directory.import.notCsv");
    return readCsv(bytes);
  }
  return fail("directory.import.wrongType");
}

/** Raw cells per row (row number → texts) into ListRows through the header's columns. */
function rowsFromCells(cells: Iterable<{ line: number; texts: string[] }>): ReadRowsResult {
  let columns: Map<Column, number> | null = null;
  let searched = 0;
  const rows: ListRow[] = [];
  for (const { line, texts } of cells) {
    const values = texts.map((t) => clean(t ?? ""));
    if (values.every((v) => v === "")) continue;
    if (!columns) {
      const found = new Map<Column, number>();
      let duplicate: string | null = null;
      values.forEach((v, i) => {
        const column = COLUMN_OF.get(headerKey(v));
        if (!column) return;
        if (found.has(column)) duplicate ??= v;
        else found.set(column, i);
      });
      if (found.has("name")) {
        if (duplicate !== null) return fail("directory.import.duplicateColumn", { row: line, column: duplicate });
        columns = found;
        continue;
      }
      if (++searched >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    if (rows.length >= MAX_LIST_ROWS) return fail("directory.import.tooManyRows", { max: MAX_LIST_ROWS });
    const at = (c: Column) => {
      const i = columns!.get(c);
      return i === undefined ? "" : (values[i] ?? "");
    };
    rows.push({ line, name: at("name"), position: at("position"), agency: at("agency"), emails: at("emails") });
  }
  if (!columns) return fail("directory.import.noHeader");
  if (rows.length === 0) return fail("directory.import.noRows");
  return { ok: true, rows };
}

function readCsv(bytes: Uint8Array): ReadRowsResult {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail("directory.import.notUtf8");
  }
  // One kind of line end (csv-parse miscounts lines when "\r\n" meets an empty line).
  text = text.replace(/\r\n?/g, "\n");
  // The delimiter the first line with text uses most: Excel writes ";" where "," is the decimal sign.
  const firstLine = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== "") ?? "";
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length - 1] as const);
  const delimiter = counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // One row of a member list is far below this; a file without line ends is refused quickly.
      max_record_size: 64 * 1024,
      to: MAX_LIST_ROWS + HEADER_SEARCH_ROWS + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return fail("directory.import.badCsv", { row: typeof line === "number" ? line : "?" });
    }
    throw error;
  }
  // info.lines is the line a record ends on; it starts as many lines earlier as its cells hold line ends.
  const lineEnds = (cells: string[]) => cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  return rowsFromCells(records.map((r) => ({ line: r.info.lines - lineEnds(r.record), texts: r.record })));
}

async function readXlsx(bytes: Uint8Array): Promise<ReadRowsResult> {
  const zip = inspectZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!zip.ok) return zip.reason === "notZip" ? fail("directory.import.notXlsx") : fail("directory.import.bomb");
  try {
    // Inflated with a budget on what it really produces, whatever the headers claim, before exceljs
    // (which would inflate a bomb whole) is given the package.
    const entries = readZipEntries(bytes, MAX_LIST_INFLATED_BYTES);
    if (!entries.has("xl/workbook.xml")) return fail("directory.import.notXlsx");
  } catch (error) {
    if (error instanceof DocxTooLargeError) return fail("directory.import.bomb");
    return fail("directory.import.notXlsx");
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return fail("directory.import.unreadable");
  }
  const sheet = workbook.worksheets.find((s) => s.state !== "hidden" && s.state !== "veryHidden" && s.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) return fail("directory.import.noHeader");
  const cells: { line: number; texts: string[] }[] = [];
  const tooMany = Symbol("tooMany");
  try {
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (cells.length > MAX_LIST_ROWS + HEADER_SEARCH_ROWS + 1) throw tooMany;
      const texts: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col > 100) return;
        texts[col - 1] = cellText(cell);
      });
      cells.push({ line: rowNumber, texts: Array.from(texts, (t) => t ?? "") });
    });
  } catch (error) {
    if (error !== tooMany) throw error;
  }
  return rowsFromCells(cells);
}

function cellText(cell: ExcelJS.Cell): string {
  try {
    return cell.text ?? "";
  } catch {
    return "";
  }
}

const emailSchema = z.string().email().max(254);

/** Compared case- and accent-sensitively but without case: how agencies' names are matched. */
function agencyKey(text: string): string {
  return clean(text).toLocaleLowerCase("vi");
}

export type CheckResult = { ok: true; list: BodyListInput } | { ok: false; problems: ListProblem[] };

/**
 * Checks every row and resolves its agency; the body's name and host agency are the form's (checked
 * there). All problems are returned, in row order; the list is returned only when there are none.
 */
export function checkListRows(rows: ListRow[], body: { name: string; agencyId: number }, agencies: DirectoryAgency[]): CheckResult {
  const byName = new Map<string, DirectoryAgency>();
  const byShortName = new Map<string, DirectoryAgency[]>();
  for (const a of agencies) {
    byName.set(agencyKey(a.name), a);
    if (a.shortName.trim()) {
      const k = agencyKey(a.shortName);
      byShortName.set(k, [...(byShortName.get(k) ?? []), a]);
    }
  }
  const problems: ListProblem[] = [];
  const members: PersonInput[] = [];
  const emailRow = new Map<string, number>();
  const personRow = new Map<string, number>();
  for (const row of rows) {
    const problem = (key: MessageKey, params: Record<string, string | number> = {}) => problems.push({ key, params: { row: row.line, ...params } });
    const before = problems.length;
    if (row.name === "") problem("directory.row.nameMissing");
    else if (row.name.length > MAX_NAME) problem("directory.row.nameTooLong", { max: MAX_NAME });
    if (row.position.length > MAX_POSITION) problem("directory.row.positionTooLong", { max: MAX_POSITION });
    let agencyId = body.agencyId;
    if (row.agency !== "") {
      const exact = byName.get(agencyKey(row.agency));
      const short = byShortName.get(agencyKey(row.agency)) ?? [];
      if (exact) agencyId = exact.id;
      else if (short.length === 1) agencyId = short[0]!.id;
      else if (short.length > 1) problem("directory.row.ambiguousAgency", { agency: row.agency });
      else problem("directory.row.unknownAgency", { agency: row.agency });
    }
    const emails = row.emails.split(/[\s,;]+/).filter(Boolean);
    if (emails.length > MAX_EMAILS) problem("directory.row.tooManyEmails", { max: MAX_EMAILS });
    const seenHere = new Set<string>();
    for (const email of emails.slice(0, MAX_EMAILS)) {
      const key = email.toLowerCase();
      if (!emailSchema.safeParse(email).success) {
        problem("directory.row.badEmail", { email });
        continue;
      }
      if (seenHere.has(key)) continue;
      seenHere.add(key);
      const first = emailRow.get(key);
      if (first !== undefined) problem("directory.row.duplicateEmail", { email, first });
      else emailRow.set(key, row.line);
    }
    if (row.name !== "") {
      const key = `${agencyKey(row.name)}\u0000${agencyId}`;
      const first = personRow.get(key);
      if (first !== undefined) problem("directory.row.duplicatePerson", { name: row.name, first });
      else personRow.set(key, row.line);
    }
    if (problems.length === before) members.push({ name: row.name, position: row.position, emails: distinctEmails(emails), agencyId });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, list: { name: body.name, agencyId: body.agencyId, members } };
}

/** The uploaded file read and checked: the list to save, or every problem found. */
export async function readMemberList(file: { bytes: Uint8Array; filename: string }, body: { name: string; agencyId: number }, agencies: DirectoryAgency[]): Promise<CheckResult> {
  const read = await readListRows(file.bytes, file.filename);
  if (!read.ok) return read;
  return checkListRows(read.rows, body, agencies);
}
