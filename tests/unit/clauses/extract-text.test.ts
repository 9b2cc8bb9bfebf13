/** Reading uploaded drafts, and parsing what comes out of a real .docx (header and signature tables). */
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { extractText, UnsupportedFileError } from "~/documents/extract-text.server";
import { flattenClauses, parseDocument } from "~/domain/clauses";
import { expectWellFormed, readSample } from "./well-formed";

const cell = (...lines: string[]) => new TableCell({ children: lines.map((l) => new Paragraph({ children: [new TextRun({ text: l, bold: l === l.toUpperCase() })] })) });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });

async function planDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Table({ rows: [new TableRow({ children: [cell("ỦY BAN NHÂN DÂN", "TỈNH SÓC TRĂNG", "Số: /KH-UBND"), cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Sóc Trăng, ngày tháng năm 2023")] })] }),
          para("DỰ THẢO"),
          para("KẾ HOẠCH"),
          para("Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở"),
          para("Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;"),
          para("I. MỤC ĐÍCH, YÊU CẦU"),
          para("1. Mục đích"),
          para("a) Xác định cụ thể nội dung công việc."),
          para("- Cơ quan chủ trì: Sở Nội vụ."),
          para("II. NỘI DUNG"),
          para("1. Tổ chức quán triệt, phổ biến Luật"),
          para("Trên đây là Kế hoạch triển khai thi hành Luật./."),
          new Table({ rows: [new TableRow({ children: [cell("Nơi nhận:", "- Như trên;", "- Lưu: VT."), cell("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")] })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

describe("extractText", () => {
  it("reads .txt and .md as UTF-8 without a BOM", async () => {
    const bytes = Buffer.from("\ufeffĐiều 1. Phạm vi", "utf8");
    expect(await extractText(bytes, "du-thao.txt")).toBe("Điều 1. Phạm vi");
    expect(await extractText(bytes, "DU-THAO.MD")).toBe("Điều 1. Phạm vi");
  });

  it("reads a .docx, tables included, into text the parser understands", async () => {
    const text = await extractText(await planDocx(), "ke-hoach.docx");
    const doc = parseDocument(text);
    expect(doc.title).toBe("KẾ HOẠCH Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở");
    expect(doc.frontMatter).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(flattenClauses(doc).map((c) => c.label)).toEqual(["I", "I.1", "I.1.a", "II", "II.1", "p1"]);
    expect(flattenClauses(doc).find((c) => c.label === "I.1.a")?.body).toBe("- Cơ quan chủ trì: Sở Nội vụ.");
    expect(doc.backMatter).toEqual(["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
    expectWellFormed(doc);
  });

  it("refuses other types with a typed error", async () => {
    const error = await extractText(Buffer.from("%PDF-1.4"), "du-thao.pdf").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedFileError);
    expect(error).toMatchObject({ name: "UnsupportedFileError", filename: "du-thao.pdf", extension: ".pdf" });
    await expect(extractText(Buffer.from(""), "README")).rejects.toMatchObject({ extension: "" });
  });

  it("gives the same clauses for the sample as .txt and as .md", async () => {
    const bytes = Buffer.from(readSample("soc-trang-dan-chu-co-so/draft-v1.txt"), "utf8");
    const labels = async (name: string) => flattenClauses(parseDocument(await extractText(bytes, name))).map((c) => c.label);
    expect(await labels("a.md")).toEqual(await labels("a.txt"));
  });
});
