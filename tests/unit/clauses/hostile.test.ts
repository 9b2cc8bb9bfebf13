import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { flattenClauses, normaliseText, parseDocument, stripEmphasis } from "~/domain/clauses";
import { expectWellFormed } from "./well-formed";

const v1 = fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt"), "utf8");
const labelsOf = (text: string) => flattenClauses(parseDocument(text)).map((c) => c.label);

describe("hostile and messy input", () => {
  it("empty and blank text give no clause", () => {
    for (const text of ["", "   ", "\n\n\t\n", "\u00a0\u200b"]) {
      const doc = parseDocument(text);
      expect(doc.count).toBe(0);
      expect(doc.clauses).toEqual([]);
    }
  });

  it("only front matter gives no clause and keeps the front matter", () => {
    const doc = parseDocument("ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nDỰ THẢO\nKẾ HOẠCH");
    expect(doc.count).toBe(0);
    expect(doc.frontMatter).toHaveLength(6);
    expect(doc.title).toBe("KẾ HOẠCH");
  });

  it("one huge paragraph is one clause", () => {
    const text = "Nội dung dài ".repeat(100_000).trim() + ".";
    const doc = parseDocument(text);
    expect(doc.count).toBe(1);
    expect(doc.clauses[0]!.heading.length).toBe(text.length);
  });

  it("a 1 MB line of marks-like text does not hang", () => {
    const started = performance.now();
    parseDocument("1.".repeat(500_000));
    parseDocument("Điều " + "1".repeat(1_000_000));
    parseDocument("a)" + " ".repeat(1_000_000) + "x");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("5 MB of real text parses (a safety net, not a benchmark)", () => {
    const body = v1.split("Nơi nhận:")[0]!.split("Căn cứ Luật")[1]!;
    let text = "";
    for (let n = 1; text.length < 5_000_000; n++) text += `Điều ${n}. Điều khoản thứ ${n}\n${body}\n`;
    const started = performance.now();
    const doc = parseDocument(text);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(doc.count).toBeGreaterThan(10_000);
    expectWellFormed(doc);
  });

  it("CRLF, tabs and non-breaking spaces parse to the same labels as the clean text", () => {
    const messy = v1.replace(/\n/g, "\r\n").replace(/ /g, (m, i: number) => (i % 7 === 0 ? "\u00a0" : i % 11 === 0 ? "\t" : m));
    expect(labelsOf(messy)).toEqual(labelsOf(v1));
  });

  it("NFD-composed Vietnamese is normalised to NFC", () => {
    const nfd = "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về thực hiện dân chủ ở cơ sở.".normalize("NFD");
    const doc = parseDocument(nfd);
    expect(doc.clauses[0]).toMatchObject({ kind: "article", label: "D1", heading: "Phạm vi điều chỉnh" });
    expect(doc.clauses[0]!.heading).toBe("Phạm vi điều chỉnh".normalize("NFC"));
    expect(labelsOf(v1.normalize("NFD"))).toEqual(labelsOf(v1));
  });

  it("stray asterisks and emphasis do not break recognition", () => {
    expect(stripEmphasis("**TM. ỦY BAN NHÂN DÂN")).toBe("TM. ỦY BAN NHÂN DÂN");
    expect(stripEmphasis("*gửi về Sở Nội vụ*, để tổng hợp")).toBe("gửi về Sở Nội vụ, để tổng hợp");
    expect(stripEmphasis("__I. MỤC ĐÍCH__")).toBe("I. MỤC ĐÍCH");
    expect(labelsOf("**I. MỤC ĐÍCH**\n**1.** Mục đích\n*a)* Nội dung")).toEqual(["I", "I.1", "I.1.a"]);
  });

  it("normaliseText removes BOM and zero-width characters", () => {
    expect(normaliseText("\ufeffĐiều\u200b 1.\r\nA")).toBe("Điều 1.\nA");
  });
});
