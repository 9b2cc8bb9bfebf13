/**
 * The report as an official Word document (Decree 30/2020 style): A4, Times New Roman 13 pt, the
 * issuer and national motto block, the title, the summary, and real Word tables that stay editable.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { ReportModel } from "~/domain/report/build-report";

const FONT = "Times New Roman";
const SIZE = 26; // half-points: 13 pt

const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };

function p(text: string, opts: { bold?: boolean; italics?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; size?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.align,
    spacing: { after: 60 },
    children: text.split("\n").map((line, i) => new TextRun({ text: line, bold: opts.bold, italics: opts.italics, font: FONT, size: opts.size ?? SIZE, break: i > 0 ? 1 : undefined })),
  });
}

/**
 * A table cell. Its text runs carry no font or size of their own (the document default is 13 pt
 * Times New Roman): with tens of thousands of cells, every attribute left out is time and memory saved.
 */
function cell(text: string, opts: { bold?: boolean; width?: number } = {}): TableCell {
  return new TableCell({
    width: opts.width ? { size: Math.round((TEXT_WIDTH * opts.width) / 100), type: WidthType.DXA } : undefined,
    children: (text || " ").split("\n").map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: opts.bold })] })),
  });
}

/** Text width of an A4 page with the margins below, in twentieths of a point. */
const TEXT_WIDTH = 11906 - 1701 - 1134;

function table(columns: string[], rows: string[][], widths: number[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    columnWidths: widths.map((w) => Math.round((TEXT_WIDTH * w) / 100)),
    rows: [
      new TableRow({ tableHeader: true, children: columns.map((c, i) => cell(c, { bold: true, width: widths[i] })) }),
      ...rows.map((r) => new TableRow({ cantSplit: false, children: r.map((c, i) => cell(c, { width: widths[i] })) })),
    ],
  });
}

export async function reportDocx(model: ReportModel, motto: [string, string]): Promise<Buffer> {
  const headerBlock = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({ borders: noBorders, width: { size: 40, type: WidthType.PERCENTAGE }, children: [p(model.issuer, { bold: true, align: AlignmentType.CENTER }), p("Số:        /BC-", { align: AlignmentType.CENTER })] }),
          new TableCell({
            borders: noBorders,
            width: { size: 60, type: WidthType.PERCENTAGE },
            children: [p(motto[0], { bold: true, align: AlignmentType.CENTER }), p(motto[1], { bold: true, align: AlignmentType.CENTER }), p(model.dateLine, { italics: true, align: AlignmentType.CENTER })],
          }),
        ],
      }),
    ],
  });
  const rows = model.rows.map((r) => [
    String(r.stt),
    r.clause,
    r.agencies.join("; "),
    r.comments.map((c) => (r.agencies.length > 1 ? `${c.agency}: ${c.text}` : c.text)).join("\n\n"),
    r.answer,
  ]);
  const children: (Paragraph | Table)[] = [
    headerBlock,
    p(""),
    p(model.title, { bold: true, align: AlignmentType.CENTER, size: 28 }),
    p(model.subtitle, { bold: true, align: AlignmentType.CENTER }),
    p(""),
    ...model.summary.map((s) => new Paragraph({ indent: { firstLine: 567 }, alignment: AlignmentType.JUSTIFIED, spacing: { after: 120 }, children: [new TextRun({ text: s, font: FONT, size: SIZE })] })),
    table(model.columns, rows, [8, 13, 17, 31, 31]),
  ];
  if (model.appendix.length > 0) {
    children.push(
      new Paragraph({ pageBreakBefore: true, heading: HeadingLevel.HEADING_2, alignment: AlignmentType.CENTER, children: [new TextRun({ text: model.appendixTitle, bold: true, font: FONT, size: SIZE })] }),
      table(model.appendixColumns, model.appendix.map((a) => [a.oldText, a.newText, a.reason]), [38, 38, 24]),
    );
  }
  const doc = new Document({
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838, orientation: PageOrientation.PORTRAIT }, // A4
            margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 }, // 2 cm, 3 cm left (binding)
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
