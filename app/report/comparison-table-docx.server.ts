/**
 * The comparison table (bảng so sánh) as a Word document in the report's official form: A4
 * landscape with the report's margins, the report's header block, the title with the two versions
 * and the consultation's title, the table with its header row repeated on every page (inserted
 * words bold and underlined, deleted ones struck through), then "Nơi nhận" and the signature block.
 * The blocks and the table writer are the report's (export-docx.server.ts).
 */
import { AlignmentType, Document, Header, Packer, PageNumber, PageOrientation, Paragraph, TextRun, type Table } from "docx";
import type { ComparisonTableModel, ComparisonTableRow } from "~/domain/comparison-table/model";
import { COMPARISON_WIDTHS, LANDSCAPE_MM } from "~/domain/comparison-table/layout";
import { FONT, fillTables, headerBlock, MM, p, placeholder, PT, rule, signatureBlock, tableXml, type Cell, type Run } from "./export-docx.server";

/** A4 landscape in twentieths of a point (docx swaps width and height for a landscape page). */
const PAGE = { width: 11906, height: 16838, top: MM(LANDSCAPE_MM.top), bottom: MM(LANDSCAPE_MM.bottom), left: MM(LANDSCAPE_MM.left), right: MM(LANDSCAPE_MM.right), header: MM(10) } as const;
const TEXT_WIDTH = PAGE.height - PAGE.left - PAGE.right;

function rowCells(r: ComparisonTableRow): Cell[] {
  const marked: Run[] = r.changes.map((part) => (part.op === "added" ? { text: part.text, b: true, u: true } : part.op === "removed" ? { text: part.text, s: true } : { text: part.text }));
  return [[[{ text: String(r.stt) }]], [[{ text: r.clause }]], [[{ text: r.oldText }]], [marked], r.reason.map((line) => [{ text: line, i: r.drafterEdit }])];
}

export async function comparisonTableDocx(model: ComparisonTableModel): Promise<Buffer> {
  const tables: string[] = [];
  const children: (Paragraph | Table)[] = [
    headerBlock(model, TEXT_WIDTH),
    p(model.title, { bold: true, size: PT(14), align: AlignmentType.CENTER, before: 360 }),
    p(model.subtitle, { bold: true, size: PT(14), align: AlignmentType.CENTER }),
    p(model.draftTitle, { bold: true, size: PT(14), align: AlignmentType.CENTER }),
    p(model.note, { italics: true, size: PT(14), align: AlignmentType.CENTER }),
    rule(TEXT_WIDTH, 1985),
  ];
  if (model.rows.length > 0) {
    children.push(p(model.legend, { italics: true, size: PT(12), before: 120, after: 60 }), placeholder(0));
    tables.push(tableXml(model.columns.map((c) => [[{ text: c, b: true }]]), model.rows.map(rowCells), COMPARISON_WIDTHS, [true, false, false, false, false], TEXT_WIDTH));
  } else {
    children.push(p(model.empty, { size: PT(14), before: 240 }));
  }
  children.push(p("", { size: PT(8) }), signatureBlock(model, TEXT_WIDTH));
  const pageNumber = new Header({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: PT(13) })] })],
  });
  const doc = new Document({
    styles: { default: { document: { run: { font: FONT, size: PT(14) } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.LANDSCAPE },
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
