/**
 * Every current comment with its answer, one row each, for the clerks who sort and filter: .csv
 * (csv-stringify) and .xlsx (exceljs' streaming writer). Rows are read from the database one at a
 * time and written as they come, so 720,000 comments need no more memory than 20. They are read from
 * a snapshot on a connection of the export's own (openReportSnapshot: why there, and not in pages),
 * so a slow download never holds the connection that serves agencies' submissions, and the file is
 * the report as it was when the download began; the connection is closed when the stream ends,
 * fails or is abandoned.
 *
 * The .xlsx is laid out to work and print from: the title and the counts above the table, the
 * header row frozen and repeated on every printed page, wrapped text, Times New Roman 12, thin
 * borders, A4 landscape one page wide. Every cell of both files goes through app/report/safe-cell.ts.
 */
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import { PassThrough, Readable } from "node:stream";
import type { Db } from "#db/client.server";
import { answerProgress, openReportSnapshot, type ReportComment, type ReportSnapshot } from "#db/queries/answers";
import { findConsultation } from "#db/queries/consultations";
import { reportInvitations } from "#db/queries/authors";
import { capitalizeFirst, commentClauseRef } from "~/domain/clause-ref";
import { commentText, decisionLabel } from "~/domain/report/build-report";
import type { MessageKey, Translate } from "~/i18n";
import { csvRow, xlsxCell, type CellValue } from "./safe-cell";
import { countVerdicts, effectiveVerdict } from "~/domain/verdict";

/**
 * The columns; the last three name a person who answered in their own name (issue 17): their name,
 * position and the body they were invited through (empty for an agency's comments, whose agency is
 * the agency column; a member's agency there is the one they belong to).
 */
function header(t: Translate): string[] {
  return [
    t("report.col.no"),
    t("report.col.clause"),
    t("report.col.version"),
    t("report.col.agency"),
    t("report.col.comment"),
    t("report.col.proposed"),
    t("report.col.decision"),
    t("report.col.answer"),
    t("report.members.col.person"),
    t("report.members.col.position"),
    t("report.members.col.body"),
  ];
}

function cells(n: number, c: ReportComment, t: Translate): CellValue[] {
  const clause = commentClauseRef(c);
  return [
    n,
    clause !== null ? capitalizeFirst(clause) : t("report.general"),
    c.versionLabel,
    c.agencyName,
    // A suggestion on a phrase says the change ("Đề nghị sửa “…” thành “…”"), then its reason (issue 16).
    commentText(c, t),
    c.proposedWording,
    decisionLabel(t, c.decision),
    c.answerText ?? "",
    c.personName ?? "",
    c.personName ? (c.personPosition ?? "") : "",
    c.personName ? (c.bodyName ?? "") : "",
  ];
}

/**
 * The .csv is the flat list of rows (no counts above it, as the .xlsx has): each row also says its
 * author's verdict on the draft (issue 16; an answer from before verdicts: its effective one), as the
 * last column, so the columns before it stay where they were for whoever reads them by position.
 */
function csvHeader(t: Translate): string[] {
  return [...header(t), t("verdict.legend")];
}

function csvCells(n: number, c: ReportComment, t: Translate): CellValue[] {
  const verdict = effectiveVerdict(c.answerKind, c.verdict);
  return [...cells(n, c, t), verdict ? t(`verdict.badge.${verdict}`) : ""];
}

/** Yields to the event loop every so many rows, so other requests keep being answered. */
const YIELD_EVERY = 2_000;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Waits until the reader has taken what is buffered; false when the download was abandoned (the
 * stream closed or failed), so the loop stops and closes its database cursor instead of waiting
 * forever with it open.
 */
function drained(stream: NodeJS.WritableStream & { destroyed: boolean }): Promise<boolean> {
  if (stream.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      stream.removeListener("drain", onDrain);
      stream.removeListener("close", onClose);
      stream.removeListener("error", onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    stream.once("drain", onDrain);
    stream.once("close", onClose);
    stream.once("error", onClose);
  });
}

export async function csvStream(consultationId: number, t: Translate): Promise<Readable> {
  // Opened before the answer begins: an export refused as busy (ExportsBusyError) is then a page
  // saying so, not a download that breaks off.
  const snapshot = await openReportSnapshot(consultationId);
  // A BOM so Excel opens the UTF-8 Vietnamese text correctly.
  const csv = stringify({ bom: true });
  (async () => {
    try {
      csv.write(csvRow(csvHeader(t)));
      let n = 0;
      for await (const c of snapshot.comments()) {
        n++;
        if (!csv.write(csvRow(csvCells(n, c, t))) && !(await drained(csv))) return;
        if (n % YIELD_EVERY === 0) await pause();
        if (csv.destroyed) return;
      }
      csv.end();
    } finally {
      await snapshot.close();
    }
  })().catch((error: unknown) => csv.destroy(error instanceof Error ? error : new Error(String(error))));
  return csv;
}

// ---- .xlsx layout -------------------------------------------------------------------------------

/**
 * Column widths in Excel's units (the width of a digit of the workbook's font, Times New Roman 12:
 * 8 px): STT, clause, draft, agency, comment, proposed wording, decision, answer, then the person,
 * their position and body (issue 17). 173 for the first eight, about 1,420 px: A4 landscape one page
 * wide prints at about 72% (Times 12 → ~8.6 pt), and the comment and answer columns get the room (a
 * 600-character comment is about 15 lines); the person's three columns add 50 (about 58% in all).
 */
export const XLSX_WIDTHS = [5, 16, 10, 18, 42, 28, 12, 42, 16, 18, 16] as const;
const COLUMNS = XLSX_WIDTHS.length;
const LAST_COLUMN = String.fromCharCode(64 + COLUMNS);

const FONT: Partial<ExcelJS.Font> = { name: "Times New Roman", size: 12 };
const THIN: Partial<ExcelJS.Borders> = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
// One object per kind of cell, shared by every cell of that kind: exceljs then finds the style by
// identity (a WeakMap) instead of serialising it again for each of the millions of cells.
const STYLE = {
  title: { font: { ...FONT, size: 14, bold: true }, alignment: { horizontal: "center", vertical: "middle", wrapText: true } },
  label: { font: FONT, alignment: { vertical: "top", wrapText: true } },
  count: { font: { ...FONT, bold: true }, alignment: { horizontal: "left", vertical: "top", wrapText: true } },
  plain: { font: FONT, alignment: { vertical: "top", wrapText: true } },
  head: {
    font: { ...FONT, bold: true },
    alignment: { horizontal: "center", vertical: "middle", wrapText: true },
    fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } },
    border: THIN,
  },
  body: { font: FONT, alignment: { vertical: "top", wrapText: true }, border: THIN },
  number: { font: FONT, alignment: { horizontal: "center", vertical: "top", wrapText: true }, border: THIN },
} satisfies Record<string, Partial<ExcelJS.Style>>;

/**
 * The counts above the table, as two label/number pairs a row (left: agencies, right: comments); with
 * people invited in their own name (issue 17), the agencies' counts are the agencies' alone, and a
 * row more gives the bodies, the members asked and those who answered.
 */
async function summaryPairs(db: Db, consultationId: number): Promise<[MessageKey, number | null, MessageKey | null, number | null][]> {
  // The same counts as the report (app/report/report-data.server.ts): invitations not revoked.
  const invitations = await reportInvitations(db, consultationId);
  const agencies = invitations.filter((r) => r.personId === null);
  const people = invitations.filter((r) => r.personId !== null);
  // Agreed, declined and silent count agencies, as the rows above them do (members have their own row).
  const count = (kind: string | null) => agencies.filter((r) => r.answerKind === kind).length;
  const { total, answered } = await answerProgress(db, consultationId);
  const pairs: [MessageKey, number | null, MessageKey | null, number | null][] = [
    ["xlsx.summary.invited", agencies.length, "xlsx.summary.comments", total],
    ["xlsx.summary.answered", agencies.filter((r) => r.answerKind !== null).length, "xlsx.summary.answeredComments", answered],
  ];
  if (people.length > 0) {
    const bodies = new Set(people.flatMap((r) => (r.bodyId !== null ? [r.bodyId] : []))).size;
    pairs.push(["report.members.xlsxInvited", people.length, "report.members.xlsxBodies", bodies], ["report.members.xlsxAnswered", people.filter((r) => r.answerKind !== null).length, null, null]);
  }
  // The verdicts (issue 16): "agreed" above is the agree verdict; older answers with comments count as agreeing with comments.
  const verdicts = countVerdicts(agencies);
  pairs.push(
    ["xlsx.summary.agreed", count("agree"), "xlsx.summary.declined", count("decline")],
    ["verdict.xlsx.withComments", verdicts.agree_with_comments, "verdict.xlsx.disagree", verdicts.disagree],
    ["xlsx.summary.silent", count(null), null, null],
  );
  return pairs;
}

/** Rows of the title cell: merged cells never grow by themselves, so the height is set from the text. */
function titleHeight(lines: string[]): number {
  // 14 pt bold Times averages a little over one width unit a character.
  const perLine = Math.floor(XLSX_WIDTHS.reduce((a, b) => a + b, 0) * 0.9);
  const count = lines.reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0);
  return count * 19 + 6;
}

/**
 * Makes Times New Roman 12 the workbook's own font (the "Normal" style), so cells nobody wrote, and
 * those a clerk adds, use it too and column widths are measured in it. exceljs has no option for
 * this: its first font becomes the default, so it is added before any other. Without that private
 * method (another exceljs) the default stays Calibri 11 and every written cell still says Times.
 */
function useDefaultFont(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (workbook as unknown as { styles?: { model?: { fonts?: unknown[] }; _addFont?: (font: Partial<ExcelJS.Font>) => number } }).styles;
  if (styles?._addFont && styles.model?.fonts?.length === 0) styles._addFont({ ...FONT, family: 1 });
}

/**
 * The .xlsx of the report. Resolves once the title and the counts are laid out (a failure there is
 * the request's error, before any byte is sent); the rows then stream into the returned stream.
 */
export async function xlsxStream(consultationId: number, t: Translate, sheetName: string): Promise<Readable> {
  // The counts above the table and its rows from the same snapshot, so they always agree.
  const snapshot = await openReportSnapshot(consultationId);
  try {
    return await writeXlsx(snapshot, consultationId, t, sheetName);
  } catch (error) {
    await snapshot.close();
    throw error;
  }
}

/** Lays out the workbook and streams the rows; closes the snapshot when the rows end or the download does. */
async function writeXlsx(snapshot: ReportSnapshot, consultationId: number, t: Translate, sheetName: string): Promise<Readable> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  useDefaultFont(workbook);
  const found = await findConsultation(snapshot.db, consultationId);
  const pairs = await summaryPairs(snapshot.db, consultationId);
  // Title, the counts, a blank row, then the header.
  const headerRow = 1 + pairs.length + 1 + 1;
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), {
    views: [{ state: "frozen", xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${headerRow}:${headerRow}`,
    },
    headerFooter: { oddFooter: `&C&"Times New Roman"&10${t("xlsx.pageFooter")}` },
  });
  // Column styles reach the cells nobody wrote (Times there too).
  sheet.columns = XLSX_WIDTHS.map((width) => ({ width, style: STYLE.plain }));
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: COLUMNS } };

  const put = (row: ExcelJS.Row, column: number, value: CellValue, style: Partial<ExcelJS.Style>) => {
    const cell = row.getCell(column);
    const safe = xlsxCell(value);
    if (safe !== null) cell.value = safe;
    cell.style = style;
  };

  // Title: the report's title and the consultation's, across the whole table.
  const titleLines = [t("report.title"), t("report.subtitle", { title: found?.consultation.title ?? "" })];
  const title = sheet.getRow(1);
  for (let col = 1; col <= COLUMNS; col++) put(title, col, col === 1 ? titleLines.join("\n") : null, STYLE.title);
  title.height = titleHeight(titleLines);
  sheet.mergeCells(`A1:${LAST_COLUMN}1`);
  title.commit();

  // The counts: label over A:D and the number in E; label over F:G and the number in H.
  pairs.forEach(([leftLabel, leftCount, rightLabel, rightCount], i) => {
    const r = 2 + i;
    const row = sheet.getRow(r);
    put(row, 1, t(leftLabel), STYLE.label);
    for (let col = 2; col <= 4; col++) put(row, col, null, STYLE.label);
    put(row, 5, leftCount, STYLE.count);
    put(row, 6, rightLabel ? t(rightLabel) : null, STYLE.label);
    put(row, 7, null, STYLE.label);
    put(row, 8, rightCount, STYLE.count);
    sheet.mergeCells(`A${r}:D${r}`);
    sheet.mergeCells(`F${r}:G${r}`);
    row.commit();
  });
  sheet.getRow(headerRow - 1).commit();

  const head = sheet.getRow(headerRow);
  header(t).forEach((h, i) => put(head, i + 1, h, STYLE.head));
  head.commit();

  (async () => {
    try {
      let n = 0;
      for await (const c of snapshot.comments()) {
        n++;
        const row = sheet.getRow(headerRow + n);
        cells(n, c, t).forEach((value, i) => put(row, i + 1, value, i === 0 ? STYLE.number : STYLE.body));
        row.commit();
        if (n % YIELD_EVERY === 0) {
          await pause();
          // The reader is slower than the writer: wait for it instead of piling the file up in memory.
          if (out.writableNeedDrain && !(await drained(out))) return;
          if (out.destroyed) return;
        }
      }
    } finally {
      await snapshot.close();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
