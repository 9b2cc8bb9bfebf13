/**
 * The disagreements (issue 16, part 4) for the authority that decides: a .docx in the report's
 * official form (Decree 30/2020/NĐ-CP: the report's header, "Nơi nhận" and signature block, built by
 * ./export-docx.server.ts from the consultation's report settings) and an .xlsx, both in the language
 * asked for. Every text cell of the .xlsx goes through ./safe-cell.ts.
 */
import ExcelJS from "exceljs";
import { AlignmentType, Document, Header, Packer, PageNumber, PageOrientation, Paragraph, TextRun } from "docx";
import { disagreementTable, type DisagreementSummary, type DisagreementTableRow } from "~/domain/disagreements/disagreements";
import { PAGE_MM } from "~/domain/report/layout";
import type { ReportModel } from "~/domain/report/build-report";
import type { Translate } from "~/i18n";
import { fillTables, FONT, headerBlock, MM, p, placeholder, PT, rule, signatureBlock, tableXml, type Cell } from "./export-docx.server";
import { xlsxCell } from "./safe-cell";

const PAGE = { width: 11906, height: 16838, top: MM(PAGE_MM.top), bottom: MM(PAGE_MM.bottom), left: MM(PAGE_MM.left), right: MM(PAGE_MM.right), header: MM(10) } as const;
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** STT, author, clause, the disagreement, the explanation, the outcome: percent of the text width. */
const WIDTHS = [6, 17, 14, 27, 22, 14] as const;

function tableRows(summary: DisagreementSummary, t: Translate): DisagreementTableRow[] {
  return disagreementTable(summary, { general: t("invitee.general"), unanswered: t("disagreements.noAnswer"), decision: (d) => t(`decision.${d}`) }, t);
}

/** The .docx: the report's header, a title, a lead, the table, the closing, "Nơi nhận" and the signature. */
export async function disagreementsDocx(report: ReportModel, summary: DisagreementSummary, t: Translate, input: { title: string; drafter: string }): Promise<Buffer> {
  const rows = tableRows(summary, t);
  const columns = [t("disagreements.col.no"), t("disagreements.col.agency"), t("disagreements.col.clause"), t("disagreements.col.comment"), t("disagreements.col.explanation"), t("disagreements.col.settlement")];
  const cells: Cell[][] = rows.map((r) => [
    [[{ text: String(r.no) }]],
    [[{ text: r.author }]],
    [[{ text: r.clause }], ...(r.objection ? [[{ text: t("disagreements.objectionBadge"), i: true }]] : [])],
    [[{ text: r.comment }], ...(r.proposed ? [[{ text: `${t("disagreements.proposed")}: `, i: true }, { text: r.proposed, i: true }]] : [])],
    [[{ text: r.decision, b: true }, ...(r.explanation ? [{ text: `. ${r.explanation}` }] : [])]],
    [[{ text: r.settlement }]],
  ]);
  const body = (text: string) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: MM(10) }, spacing: { before: 60, after: 60 }, children: [new TextRun({ text, font: FONT, size: PT(14) })] });
  const children = [
    headerBlock(report, TEXT_WIDTH),
    p(t("disagreements.docTitle"), { bold: true, size: PT(14), align: AlignmentType.CENTER, before: 360 }),
    p(t("disagreements.docSubtitle", { title: input.title }), { bold: true, size: PT(14), align: AlignmentType.CENTER }),
    rule(TEXT_WIDTH, 1985),
    p("", { size: PT(8) }),
    body(t("disagreements.docLead", { drafter: input.drafter })),
    p("", { size: PT(6) }),
    ...(rows.length > 0 ? [placeholder(0)] : [body(t("disagreements.none"))]),
    body(t("disagreements.docClosing", { title: input.title, drafter: input.drafter })),
    p("", { size: PT(8) }),
    signatureBlock(report, TEXT_WIDTH),
  ];
  const pageNumber = new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: PT(13) })] })] });
  const doc = new Document({
    styles: { default: { document: { run: { font: FONT, size: PT(14) } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: PAGE.header, footer: PAGE.header },
          },
        },
        headers: { default: pageNumber, first: new Header({ children: [new Paragraph({ children: [] })] }) },
        children,
      },
    ],
  });
  const tables = rows.length > 0 ? [tableXml(columns.map((c) => [[{ text: c, b: true }]]), cells, WIDTHS, [true, false, false, false, false, false], TEXT_WIDTH)] : [];
  return fillTables(await Packer.toBuffer(doc), tables);
}

/** The .xlsx: one row per disagreement under a title, the header frozen; cells made safe. */
export async function disagreementsXlsx(summary: DisagreementSummary, t: Translate, title: string): Promise<Buffer> {
  const rows = tableRows(summary, t);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t("disagreements.sheet").slice(0, 31), { pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const header = [
    t("disagreements.col.no"),
    t("disagreements.col.agency"),
    t("disagreements.col.clause"),
    t("disagreements.col.objection"),
    t("disagreements.col.comment"),
    t("disagreements.proposed"),
    t("disagreements.col.decision"),
    t("disagreements.col.explanation"),
    t("disagreements.col.settlement"),
  ];
  const font = { name: "Times New Roman", size: 12 };
  sheet.getCell("A1").value = xlsxCell(`${t("disagreements.docTitle")} ${t("disagreements.docSubtitle", { title })}`);
  sheet.getCell("A1").font = { ...font, bold: true };
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.getRow(3).values = header.map((h) => xlsxCell(h));
  sheet.getRow(3).font = { ...font, bold: true };
  for (const r of rows) {
    sheet.addRow([r.no, r.author, r.clause, r.objection ? t("disagreements.yes") : "", r.comment, r.proposed, r.decision, r.explanation, r.settlement].map((v) => xlsxCell(v)));
  }
  [6, 28, 20, 12, 45, 30, 14, 40, 30].forEach((width, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = width;
    column.alignment = { vertical: "top", wrapText: true };
    column.font = font;
  });
  sheet.views = [{ state: "frozen", ySplit: 3 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
