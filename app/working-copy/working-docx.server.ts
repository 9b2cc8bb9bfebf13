/**
 * The working copy as a Word document (issue 16, part 2): the next version's text paragraph by
 * paragraph, as the parser reads it, so every article, clause and point keeps its printed numbering;
 * Markdown headings bold, pipe tables as tables. A4, Times New Roman 14 as the report's .docx.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { matchMarker } from "~/domain/clauses/markers";
import { readPipeTable } from "~/domain/clauses/tables";
import { paragraphSpans } from "~/domain/working-copy/next-text";

const FONT = "Times New Roman";
const SIZE = 28;
const MM = (n: number) => Math.round(n * 56.693);

export async function workingCopyDocx(input: { text: string; language: "vi" | "ru"; title: string }): Promise<Buffer> {
  const lines = input.text.split("\n");
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: input.title, bold: true, font: FONT, size: SIZE })] }),
  ];
  for (const span of paragraphSpans(input.text, input.language)) {
    const raw = lines.slice(span.first, span.last + 1);
    const table = span.last > span.first && raw.every((l) => l.trim().startsWith("|")) ? readPipeTable(raw) : null;
    if (table) {
      const row = (cells: string[], bold: boolean) =>
        new TableRow({
          children: cells.map((cell) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: cell, bold, font: FONT, size: 24 })] })] })),
        });
      children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [row(table.columns, true), ...table.rows.map((r) => row(r, false))] }));
      continue;
    }
    const heading = /^#{1,6}\s/.test(raw[0]!.trimStart());
    const marked = matchMarker(span.text, input.language) !== null;
    children.push(
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        spacing: { after: 120 },
        indent: heading ? undefined : { firstLine: MM(10) },
        children: [new TextRun({ text: span.text, bold: heading || (marked && span.text === span.text.toUpperCase()), font: FONT, size: SIZE })],
      }),
    );
  }
  const doc = new Document({
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: MM(20), bottom: MM(20), left: MM(30), right: MM(20) } } }, children }],
  });
  return Packer.toBuffer(doc);
}
