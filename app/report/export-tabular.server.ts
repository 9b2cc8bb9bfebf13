/**
 * Every current comment with its answer, one row each, for the clerks who sort and filter: .csv
 * (csv-stringify) and .xlsx (exceljs' streaming writer). Rows are read from the database one at a
 * time and written as they come, so 720,000 comments need no more memory than 20.
 */
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import { PassThrough, Readable } from "node:stream";
import { getDb } from "#db/client.server";
import { iterateReportComments, type ReportComment } from "#db/queries/answers";
import { capitalizeFirst, commentClauseRef } from "~/domain/clause-ref";
import { decisionLabel } from "~/domain/report/build-report";
import type { Translate } from "~/i18n";

function header(t: Translate): string[] {
  return [t("report.col.no"), t("report.col.clause"), t("report.col.version"), t("report.col.agency"), t("report.col.comment"), t("report.col.proposed"), t("report.col.decision"), t("report.col.answer")];
}

function cells(n: number, c: ReportComment, t: Translate): (string | number)[] {
  const clause = commentClauseRef(c);
  return [n, clause !== null ? capitalizeFirst(clause) : t("report.general"), c.versionLabel, c.agencyName, c.text, c.proposedWording, decisionLabel(t, c.decision), c.answerText ?? ""];
}

/** Yields to the event loop every so many rows, so other requests keep being answered. */
const YIELD_EVERY = 2_000;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export function csvStream(consultationId: number, t: Translate): Readable {
  // A BOM so Excel opens the UTF-8 Vietnamese text correctly.
  const csv = stringify({ bom: true });
  (async () => {
    csv.write(header(t));
    let n = 0;
    for (const c of iterateReportComments(getDb(), consultationId)) {
      n++;
      if (!csv.write(cells(n, c, t))) await new Promise((resolve) => csv.once("drain", resolve));
      if (n % YIELD_EVERY === 0) await pause();
    }
    csv.end();
  })().catch((error: unknown) => csv.destroy(error instanceof Error ? error : new Error(String(error))));
  return csv;
}

export function xlsxStream(consultationId: number, t: Translate, sheetName: string): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = header(t).map((h, i) => ({ header: h, width: [6, 14, 14, 30, 60, 40, 18, 60][i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 8 } };
  (async () => {
    let n = 0;
    for (const c of iterateReportComments(getDb(), consultationId)) {
      n++;
      sheet.addRow(cells(n, c, t)).commit();
      if (n % YIELD_EVERY === 0) await pause();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
