/**
 * The report as an official Word document in the form of Decree 30/2020/NĐ-CP (Phụ lục I, báo cáo):
 * A4, Times New Roman, margins 20 mm top and bottom, 30 mm left, 20 mm right; the header as a
 * borderless two-column table (governing body over the issuing body with a short rule under it and
 * the number; national name on one line, motto with its rule, italic place and date); the title;
 * the body; the comments table with its header row repeated on every page; "Nơi nhận" and the
 * signature block side by side; then the appendix comparing the versions, the changes marked as
 * Word marks tracked changes (inserted words underlined, deleted ones struck through). Page numbers
 * are centred at the top from page 2 on.
 */
import JSZip from "jszip";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from "docx";
import type { ReportAppendixRow, ReportModel, ReportRow } from "~/domain/report/build-report";
import { APPENDIX_WIDTHS, COMMENT_WIDTHS, estimateWidth, HEAD_COLUMNS_MM, nationalNameSize, PAGE_MM, SIGNATURE_WIDTHS } from "~/domain/report/layout";

export const FONT = "Times New Roman";
/** Sizes in half-points. */
export const PT = (n: number) => n * 2;
const BODY = PT(14);
const TABLE = PT(12);

/** Millimetres in twentieths of a point. */
export const MM = (n: number) => Math.round(n * 56.693);
/** A4 and its margins (see app/domain/report/layout.ts); the page number sits 10 mm from the top. */
const PAGE = { width: 11906, height: 16838, top: MM(PAGE_MM.top), bottom: MM(PAGE_MM.bottom), left: MM(PAGE_MM.left), right: MM(PAGE_MM.right), header: MM(10) } as const;
/** Text width of the page: 160 mm. */
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** The header table's columns: the issuer's side and the national name's side. */
const HEAD_COLUMNS = [MM(HEAD_COLUMNS_MM[0]), TEXT_WIDTH - MM(HEAD_COLUMNS_MM[0])];

const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
const noCellMargins = { top: 0, bottom: 0, left: 0, right: 0 };

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];
interface Style {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  align?: Align;
  after?: number;
  before?: number;
}

export function p(text: string, style: Style = {}): Paragraph {
  return new Paragraph({
    alignment: style.align,
    spacing: { before: style.before ?? 0, after: style.after ?? 0 },
    children: text.split("\n").map((line, i) => new TextRun({ text: line, bold: style.bold, italics: style.italics, font: FONT, size: style.size ?? BODY, break: i > 0 ? 1 : undefined })),
  });
}

/** A short horizontal rule, centred in a space `room` wide, `length` long. */
export function rule(room: number, length: number): Paragraph {
  const side = Math.max(0, Math.round((room - length) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    // An empty line 3 pt high with its bottom border: the rule sits clear of the descenders above.
    spacing: { before: 0, after: 0, line: 60, lineRule: "exact" },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 0 } },
    run: { size: 2 },
    children: [new TextRun({ text: "", size: 2 })],
  });
}

/** The header block; `textWidth` is the page's text width (a landscape page's is wider: the comparison table's). */
export function headerBlock(model: Pick<ReportModel, "header">, textWidth = TEXT_WIDTH): Table {
  const h = model.header;
  const [left, right] = [HEAD_COLUMNS[0]!, textWidth - HEAD_COLUMNS[0]!];
  const issuerWidth = Math.min(left, estimateWidth(h.issuingBody, 13, true));
  const leftCell = [
    ...(h.governingBody ? [p(h.governingBody, { size: PT(13), align: AlignmentType.CENTER })] : []),
    p(h.issuingBody, { bold: true, size: PT(13), align: AlignmentType.CENTER }),
    rule(left, Math.max(850, Math.round(issuerWidth * 0.45))),
    p(h.numberLine, { size: PT(13), align: AlignmentType.CENTER, before: 120 }),
  ];
  const rightCell = [
    p(h.nationalName, { bold: true, size: Math.round(nationalNameSize(h.nationalName) * 2), align: AlignmentType.CENTER }),
    p(h.motto, { bold: true, size: PT(13), align: AlignmentType.CENTER }),
    rule(right, Math.min(right, estimateWidth(h.motto, 13, true))),
    p(h.dateLine, { italics: true, size: PT(14), align: AlignmentType.CENTER, before: 120 }),
  ];
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: noBorders,
    margins: noCellMargins,
    rows: [
      new TableRow({
        children: [
          new TableCell({ borders: noBorders, margins: noCellMargins, width: { size: left, type: WidthType.DXA }, children: leftCell }),
          new TableCell({ borders: noBorders, margins: noCellMargins, width: { size: right, type: WidthType.DXA }, children: rightCell }),
        ],
      }),
    ],
  });
}

/** "Nơi nhận" on the left, the signature block on the right, as a borderless table. */
export function signatureBlock(model: Pick<ReportModel, "signature" | "recipientsLabel" | "recipients">, textWidth = TEXT_WIDTH): Table {
  const left = Math.round((textWidth * SIGNATURE_WIDTHS[0]) / 100);
  const widths = [left, textWidth - left];
  const s = model.signature;
  const sign = [
    ...(s.authority ? [p(s.authority, { bold: true, size: PT(14), align: AlignmentType.CENTER })] : []),
    ...(s.title ? [p(s.title, { bold: true, size: PT(14), align: AlignmentType.CENTER })] : []),
    // Room for the signature and the seal.
    ...[0, 1, 2, 3].map(() => p("", { size: PT(14) })),
    p(s.name, { bold: true, size: PT(14), align: AlignmentType.CENTER }),
  ];
  const recipients = [
    new Paragraph({ children: [new TextRun({ text: model.recipientsLabel, bold: true, italics: true, font: FONT, size: PT(12) })] }),
    ...model.recipients.map((line) => p(line, { size: PT(11) })),
  ];
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: noBorders,
    margins: noCellMargins,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({ borders: noBorders, margins: noCellMargins, width: { size: widths[0]!, type: WidthType.DXA }, children: recipients }),
          new TableCell({ borders: noBorders, margins: noCellMargins, verticalAlign: VerticalAlign.TOP, width: { size: widths[1]!, type: WidthType.DXA }, children: sign }),
        ],
      }),
    ],
  });
}

/** Marks the place of a large table in the document the docx package builds (see fillTables). */
export function placeholder(n: number): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `GOPY-TABLE-${n}` })] });
}

const bodyParagraph = (text: string) =>
  new Paragraph({
    indent: { firstLine: 567 },
    alignment: AlignmentType.JUSTIFIED,
    spacing: { before: 120, after: 0, line: 264 },
    children: [new TextRun({ text, font: FONT, size: BODY })],
  });

export async function reportDocx(model: ReportModel): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    headerBlock(model),
    p(model.title, { bold: true, size: PT(14), align: AlignmentType.CENTER, before: 360 }),
    p(model.subtitle, { bold: true, size: PT(14), align: AlignmentType.CENTER }),
    rule(TEXT_WIDTH, 1985),
    p("", { size: PT(8) }),
    ...model.paragraphs.map(bodyParagraph),
  ];
  const tables: string[] = [];
  if (model.rows.length > 0) {
    children.push(p("", { size: PT(6) }), placeholder(tables.length));
    tables.push(tableXml(model.columns.map((c) => [[{ text: c, b: true }]]), model.rows.map((r) => commentRowCells(r, model.proposedLabel)), COMMENT_WIDTHS, [true, false, false, false, false]));
  }
  children.push(bodyParagraph(model.closing), p("", { size: PT(8) }), signatureBlock(model));
  if (model.appendix.length > 0) {
    children.push(
      new Paragraph({
        pageBreakBefore: true,
        alignment: AlignmentType.CENTER,
        spacing: { before: 0, after: 0 },
        children: [new TextRun({ text: model.appendixTitle, bold: true, font: FONT, size: PT(14) })],
      }),
      p(model.appendixSubtitle, { bold: true, size: PT(14), align: AlignmentType.CENTER }),
      p(model.appendixNote, { italics: true, size: PT(14), align: AlignmentType.CENTER }),
      rule(TEXT_WIDTH, 1985),
      p(model.appendixLegend, { italics: true, size: PT(12), before: 120, after: 60 }),
      placeholder(tables.length),
    );
    tables.push(tableXml(model.appendixColumns.map((c) => [[{ text: c, b: true }]]), model.appendix.map(appendixRowCells), APPENDIX_WIDTHS, [true, false, false, false, false]));
  }
  const pageNumber = new Header({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: PT(13) })] })],
  });
  const doc = new Document({
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
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
  return fillTables(await Packer.toBuffer(doc), tables);
}

/** Puts the tables in place of their placeholders in word/document.xml and zips the file again. */
export async function fillTables(docx: Buffer, tables: string[]): Promise<Buffer> {
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
// The tables are plain, so they are written as text: real Word tables all the same, editable in Word.

/** A piece of text in a cell; "\n" starts a new line. u: underlined (inserted), s: struck (deleted). */
export interface Run {
  text: string;
  b?: boolean;
  i?: boolean;
  u?: boolean;
  s?: boolean;
}
/** A cell: paragraphs of runs. */
export type Cell = Run[][];

function commentRowCells(r: ReportRow, proposedLabel: string): Cell[] {
  const grouped = r.agencies.length > 1;
  const comment: Cell = [];
  for (const c of r.comments) {
    comment.push([...(grouped ? [{ text: `${c.agency}: `, b: true }] : []), { text: c.text }]);
    if (c.proposed) comment.push([{ text: `${proposedLabel}: `, i: true }, { text: c.proposed, i: true }]);
  }
  return [
    [[{ text: String(r.stt) }]],
    [[{ text: r.clause }]],
    // Agencies by name; a body's members under its name in italics (issue 17).
    r.authorGroups.flatMap((g) => [...(g.heading ? [[{ text: `${g.heading}:`, i: true }]] : []), ...g.names.map((a) => [{ text: a }])]),
    comment,
    [[{ text: r.decision, b: true }, ...(r.explanation ? [{ text: `. ${r.explanation}` }] : [])]],
  ];
}

function appendixRowCells(a: ReportAppendixRow): Cell[] {
  const marked: Run[] = a.changes.map((part) => (part.op === "added" ? { text: part.text, u: true } : part.op === "removed" ? { text: part.text, s: true } : { text: part.text }));
  return [[[{ text: String(a.stt) }]], [[{ text: a.clause }]], [[{ text: a.oldText }]], [marked], a.reason.split("\n").map((line) => [{ text: line }])];
}

// Characters XML 1.0 does not allow (control characters other than tab, LF, CR).
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function escapeXml(text: string): string {
  return text.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function runXml(run: Run): string {
  // In the schema's order: b, i, strike, sz, u. Table text is 12 pt.
  const rPr = `<w:rPr>${run.b ? "<w:b/>" : ""}${run.i ? "<w:i/>" : ""}${run.s ? "<w:strike/>" : ""}<w:sz w:val="${TABLE}"/>${run.u ? '<w:u w:val="single"/>' : ""}</w:rPr>`;
  return run.text
    .split("\n")
    .map((line, i) => `<w:r>${rPr}${i > 0 ? "<w:br/>" : ""}<w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r>`)
    .join("");
}

function cellParagraphs(cell: Cell, centred: boolean): string {
  const paras = cell.length > 0 ? cell : [[{ text: "" }]];
  const pPr = `<w:pPr><w:spacing w:before="0" w:after="40"/>${centred ? '<w:jc w:val="center"/>' : ""}<w:rPr><w:sz w:val="${TABLE}"/></w:rPr></w:pPr>`;
  return paras.map((runs) => `<w:p>${pPr}${runs.map(runXml).join("")}</w:p>`).join("");
}

export function tableXml(columns: Cell[], rows: Cell[][], widths: readonly number[], centred: boolean[], textWidth = TEXT_WIDTH): string {
  const twips = widths.map((w) => Math.round((textWidth * w) / 100));
  const line = 'w:val="single" w:sz="4" w:space="0" w:color="000000"';
  const border = `<w:top ${line}/><w:left ${line}/><w:bottom ${line}/><w:right ${line}/><w:insideH ${line}/><w:insideV ${line}/>`;
  const cellXml = (cell: Cell, i: number, header: boolean) =>
    `<w:tc><w:tcPr><w:tcW w:w="${twips[i]}" w:type="dxa"/>${header ? '<w:vAlign w:val="center"/>' : ""}</w:tcPr>${cellParagraphs(cell, header || centred[i]!)}</w:tc>`;
  const parts = [
    `<w:tbl><w:tblPr><w:tblW w:w="${textWidth}" w:type="dxa"/><w:tblBorders>${border}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>`,
    `<w:tblGrid>${twips.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>`,
    `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>${columns.map((c, i) => cellXml(c, i, true)).join("")}</w:tr>`,
  ];
  for (const row of rows) parts.push(`<w:tr>${row.map((c, i) => cellXml(c, i, false)).join("")}</w:tr>`);
  parts.push("</w:tbl>");
  return parts.join("");
}
