/**
 * The report as an official Word document (Decree 30/2020 style): A4, Times New Roman 13 pt, the
 * issuer and national motto block, the title, the summary, and real Word tables that stay editable.
 */
import JSZip from "jszip";
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


/** Text width of an A4 page with the margins below, in twentieths of a point. */
const TEXT_WIDTH = 11906 - 1701 - 1134;

/** Marks the place of a large table in the document the docx package builds (see fillTables). */
function placeholder(n: number): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `GOPY-TABLE-${n}` })] });
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
    placeholder(0),
  ];
  const tables = [tableXml(model.columns, rows, [8, 13, 17, 31, 31])];
  if (model.appendix.length > 0) {
    children.push(
      new Paragraph({ pageBreakBefore: true, heading: HeadingLevel.HEADING_2, alignment: AlignmentType.CENTER, children: [new TextRun({ text: model.appendixTitle, bold: true, font: FONT, size: SIZE })] }),
      placeholder(1),
    );
    tables.push(tableXml(model.appendixColumns, model.appendix.map((a) => [a.oldText, a.newText, a.reason]), [38, 38, 24]));
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
  return fillTables(await Packer.toBuffer(doc), tables);
}

/** Puts the tables in place of their placeholders in word/document.xml and zips the file again. */
async function fillTables(docx: Buffer, tables: string[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  let xml = await zip.file("word/document.xml")!.async("string");
  tables.forEach((table, n) => {
    xml = xml.replace(new RegExp(`<w:p>(?:(?!<w:p>).)*?GOPY-TABLE-${n}.*?</w:p>`, "s"), () => table);
  });
  zip.file("word/document.xml", xml);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
}

// ---- large tables, written as WordprocessingML directly ------------------------------------------
// The docx package builds an object per element; at 20,000 rows that takes seconds and gigabytes.
// The table is plain, so it is written as text: a real Word table all the same, editable in Word.

// Characters XML 1.0 does not allow (control characters other than tab, LF, CR).
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function escapeXml(text: string): string {
  return text.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function paragraphsXml(text: string, bold: boolean): string {
  const rPr = bold ? "<w:rPr><w:b/></w:rPr>" : "";
  return (text || " ")
    .split("\n")
    .map((line) => `<w:p><w:pPr><w:spacing w:after="40"/></w:pPr><w:r>${rPr}<w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`)
    .join("");
}

function tableXml(columns: string[], rows: string[][], widths: number[]): string {
  const twips = widths.map((w) => Math.round((TEXT_WIDTH * w) / 100));
  const border = '<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>';
  const cellXml = (text: string, i: number, bold: boolean) =>
    `<w:tc><w:tcPr><w:tcW w:w="${twips[i]}" w:type="dxa"/></w:tcPr>${paragraphsXml(text, bold)}</w:tc>`;
  const parts = [
    `<w:tbl><w:tblPr><w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:tblBorders>${border}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>`,
    `<w:tblGrid>${twips.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>`,
    `<w:tr><w:trPr><w:tblHeader/></w:trPr>${columns.map((c, i) => cellXml(c, i, true)).join("")}</w:tr>`,
  ];
  for (const row of rows) parts.push(`<w:tr>${row.map((c, i) => cellXml(c, i, false)).join("")}</w:tr>`);
  parts.push("</w:tbl>");
  return parts.join("");
}
