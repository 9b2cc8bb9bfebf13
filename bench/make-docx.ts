/**
 * The synthetic Vietnamese law of make-law.ts as a Word file the way drafters really make them: the
 * chapter, article, khoản and điểm numbers come from Word's AUTOMATIC numbering (numbering.xml), not
 * typed in the text, and the plan ends with a task table (STT / Nội dung công việc / Cơ quan chủ trì /
 * Thời gian) of a few hundred rows.
 *
 * Articles run through the whole law, so chapters and articles are two lists rather than two levels
 * of one list (a lower level of a Word list starts again after every higher one). Khoản and điểm are
 * the two levels of a third list, started again wherever the typed text started again at "1." (the
 * điểm level's text is "%2)": in Word, %N is the counter of level N, so "%1)" would repeat the khoản).
 */
import {
  AlignmentType,
  Document,
  LevelFormat,
  LevelSuffix,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { makeVietnameseLaw } from "./make-law";

const FONT = "Times New Roman";
const SIZE = 26; // half-points: 13 pt

const numbering = {
  config: [
    {
      reference: "chuong",
      levels: [{ level: 0, format: LevelFormat.UPPER_ROMAN, text: "Chương %1", alignment: AlignmentType.CENTER, suffix: LevelSuffix.NOTHING }],
    },
    {
      reference: "dieu",
      levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "Điều %1.", alignment: AlignmentType.LEFT, suffix: LevelSuffix.SPACE }],
    },
    {
      reference: "khoan",
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.LEFT, suffix: LevelSuffix.SPACE },
        { level: 1, format: LevelFormat.LOWER_LETTER, text: "%2)", alignment: AlignmentType.LEFT, suffix: LevelSuffix.SPACE },
      ],
    },
  ],
};

const run = (text: string, bold = false) => new TextRun({ text, bold, font: FONT, size: SIZE });

const AGENCIES = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Thông tin và Truyền thông", "Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân các huyện, thị xã, thành phố", "Công an tỉnh", "Liên đoàn Lao động tỉnh"];
const WHEN = ["Năm 2023", "Quý IV năm 2023", "Tháng 10 năm 2023", "Thường xuyên", "Năm 2023 và các năm tiếp theo", "Định kỳ và khi có yêu cầu"];

function cell(text: string, bold = false, width?: number): TableCell {
  return new TableCell({ width: width === undefined ? undefined : { size: width, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [run(text, bold)] })] });
}

function taskTable(tasks: string[], rows: number): Table {
  const header = new TableRow({ tableHeader: true, children: [cell("STT", true, 8), cell("Nội dung công việc", true, 52), cell("Cơ quan chủ trì", true, 25), cell("Thời gian", true, 15)] });
  const body = Array.from({ length: rows }, (_, i) =>
    new TableRow({
      children: [cell(String(i + 1)), cell(`${tasks[i % tasks.length]!} (nhiệm vụ ${i + 1})`), cell(AGENCIES[(i * 3) % AGENCIES.length]!), cell(WHEN[(i * 5) % WHEN.length]!)],
    }),
  );
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...body] });
}

/** The paragraphs of makeVietnameseLaw(textBytes), numbered by Word, and the task table. */
export async function makeVietnameseLawDocx(textBytes: number, tableRows: number): Promise<Buffer> {
  const lines = makeVietnameseLaw(textBytes)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const children: (Paragraph | Table)[] = [];
  const tasks = new Set<string>();
  let khoanList = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let m: RegExpMatchArray | null;
    if (/^Chương \d+$/.test(line)) {
      // "Chương I" by Word, and the chapter's name on the next line of the same paragraph.
      const title = lines[++i]!;
      children.push(new Paragraph({ numbering: { reference: "chuong", level: 0 }, alignment: AlignmentType.CENTER, children: [new TextRun({ text: title, bold: true, font: FONT, size: SIZE, break: 1 })] }));
    } else if ((m = /^Điều \d+\. (.*)$/.exec(line))) {
      children.push(new Paragraph({ numbering: { reference: "dieu", level: 0 }, children: [run(m[1]!, true)] }));
    } else if ((m = /^(\d+)\. (.*)$/.exec(line))) {
      if (m[1] === "1") khoanList++;
      children.push(new Paragraph({ numbering: { reference: "khoan", level: 0, instance: khoanList }, children: [run(m[2]!)] }));
    } else if ((m = /^[a-zđ]\) (.*)$/u.exec(line))) {
      tasks.add(m[1]!);
      children.push(new Paragraph({ numbering: { reference: "khoan", level: 1, instance: khoanList }, children: [run(m[1]!)] }));
    } else {
      children.push(new Paragraph({ alignment: children.length < 2 ? AlignmentType.CENTER : AlignmentType.JUSTIFIED, children: [run(line, children.length < 2)] }));
    }
  }
  children.push(
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run("PHỤ LỤC", true)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run("DANH MỤC NHIỆM VỤ TRIỂN KHAI THI HÀNH LUẬT", true)] }),
    taskTable([...tasks], tableRows),
  );
  const doc = new Document({ numbering, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
