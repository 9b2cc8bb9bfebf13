/** Messy and hostile input: nothing may crash, hang or take quadratic time. */
import { describe, expect, it } from "vitest";
import { flattenClauses, parseDocument } from "~/domain/clauses";
import { expectWellFormed, labelsOf, readSample } from "./well-formed";

const v1 = readSample("soc-trang-dan-chu-co-so/draft-v1.txt");
const shape = (text: string) => flattenClauses(parseDocument(text)).map((c) => `${c.label}|${c.heading}|${c.body}`);

/** Runs `fn` and fails if it takes longer than `ms` (a guard against hangs, not a benchmark). */
function within<T>(ms: number, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

describe("empty and degenerate input", () => {
  it("empty and blank text give no clause", () => {
    for (const text of ["", "   ", "\n\n\t\n", "\u00a0\u200b\ufeff", "\r\n\r\n", "-----\n***\n___\n./."]) {
      const doc = parseDocument(text);
      expect(doc).toMatchObject({ count: 0, clauses: [], frontMatter: [], backMatter: [], title: null });
    }
  });

  it("only front matter gives no clause and keeps the front matter", () => {
    const doc = parseDocument("ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG\nSố: /KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nDỰ THẢO\nKẾ HOẠCH");
    expect(doc.count).toBe(0);
    expect(doc.frontMatter).toHaveLength(7);
    expect(doc.title).toBe("KẾ HOẠCH");
  });

  it("only back matter gives no clause", () => {
    const doc = parseDocument("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH");
    expect(doc.count).toBe(0);
    expect(doc.backMatter).toHaveLength(5);
  });

  it("one huge paragraph is one clause", () => {
    const text = "Nội dung dài ".repeat(100_000).trim() + ".";
    const doc = within(2_000, () => parseDocument(text));
    expect(doc.count).toBe(1);
    expect(doc.clauses[0]!.heading).toBe(text);
  });

  it("control characters and binary garbage neither crash nor leave blank clauses", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const bytes = Buffer.from(Array.from({ length: 200_000 }, () => Math.floor(random() * 256)));
    for (const text of [bytes.toString("utf8"), bytes.toString("latin1"), "\u0000\u0007Điều\u0001 1.\u0008 A"]) {
      expectWellFormed(within(2_000, () => parseDocument(text)));
    }
  });
});

describe("no catastrophic time on long lines and odd shapes", () => {
  const MB = 1_000_000;
  const cases: [string, string][] = [
    ["'1.' a million times", "1.".repeat(MB / 2)],
    ["'I.' a million times", "I.".repeat(MB / 2)],
    ["Điều and a million digits", `Điều ${"1".repeat(MB)}`],
    ["a) then a megabyte of spaces", `a)${" ".repeat(MB)}x`],
    ["a megabyte of asterisks", `${"*".repeat(MB)}a`],
    ["alternating underscores", `a${"_ ".repeat(MB / 2)}`],
    ["a megabyte of brackets", "(".repeat(MB)],
    ["Nơi nhận and a megabyte", `Nơi nhận ${"x".repeat(MB)}`],
    ["a date line and a megabyte", `Sóc Trăng, ${"x".repeat(MB)}`],
    ["backslashes", "\\".repeat(MB)],
    ["decimals", "1.1.1.1.1.1.1.1 ".repeat(MB / 16)],
    ["colons and spaces", "I. A" + " :".repeat(MB / 2)],
  ];
  for (const [name, text] of cases) {
    it(`a 1 MB single line: ${name}`, () => {
      expectWellFormed(within(2_000, () => parseDocument(text)));
    });
  }

  it("a megabyte of hard-wrapped lower-case lines joins in linear time", () => {
    const doc = within(3_000, () => parseDocument("phần nội dung tiếp theo\n".repeat(45_000)));
    expect(doc.count).toBe(1);
  });

  it("a hundred thousand restarted numbers get unique labels in linear time", () => {
    const doc = within(5_000, () => parseDocument("1. Một\na) Điểm\n".repeat(50_000)));
    expect(doc.count).toBe(100_000);
    const labels = flattenClauses(doc).map((c) => c.label);
    expect(labels.slice(0, 4)).toEqual(["1", "1.a", "1-2", "1-2.a"]);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("5 MB of real text parses (a safety net, not a benchmark)", () => {
    const body = v1.split("Nơi nhận:")[0]!.split("Căn cứ Luật")[1]!;
    const parts: string[] = [];
    let size = 0;
    for (let n = 1; size < 5_000_000; n++) {
      const article = `Điều ${n}. Điều khoản thứ ${n}\n${body}\n`;
      parts.push(article);
      size += article.length;
    }
    const doc = within(5_000, () => parseDocument(parts.join("")));
    expect(doc.count).toBeGreaterThan(10_000);
    expectWellFormed(doc);
  });
});

describe("the same document, however it is encoded", () => {
  it("CRLF, tabs and non-breaking spaces parse to the same clauses as the clean text", () => {
    let k = 0;
    const messy = v1.replace(/\n/g, "\r\n").replace(/ /g, () => (++k % 7 === 0 ? "\u00a0" : k % 11 === 0 ? "\t" : k % 13 === 0 ? "\u2009" : " "));
    expect(messy).not.toBe(v1);
    expect(shape(messy)).toEqual(shape(v1));
    expect(parseDocument(messy).backMatter).toEqual(parseDocument(v1).backMatter);
  });

  it("old Mac line ends, a BOM and zero-width characters change nothing", () => {
    const messy = "\ufeff" + v1.replace(/\n/g, "\r").replace(/Điều|Luật/g, (w) => `${w}\u200b`);
    expect(shape(messy)).toEqual(shape(v1));
  });

  it("NFD-composed Vietnamese is normalised to NFC", () => {
    const nfd = "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về thực hiện dân chủ ở cơ sở.".normalize("NFD");
    expect(nfd).not.toBe(nfd.normalize("NFC"));
    const doc = parseDocument(nfd);
    expect(doc.clauses[0]).toMatchObject({ kind: "article", label: "D1", number: "1", heading: "Phạm vi điều chỉnh".normalize("NFC") });
    expect(shape(v1.normalize("NFD"))).toEqual(shape(v1));
  });

  it("Markdown emphasis and stray asterisks do not break recognition", () => {
    expect(labelsOf("**I. MỤC ĐÍCH**\n**1.** Mục đích\n*a)* Nội dung\n__b)__ Nội dung")).toEqual(["I", "I.1", "I.1.a", "I.1.b"]);
    const doc = parseDocument("**KẾ HOẠCH\nTriển khai thi hành Luật**\n## I. MỤC ĐÍCH\n1\\. Mục đích\n**Nơi nhận:**\n- Lưu: VT.\n**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**");
    expect(doc.title).toBe("KẾ HOẠCH Triển khai thi hành Luật");
    expect(flattenClauses(doc).map((c) => [c.label, c.heading])).toEqual([["I", "MỤC ĐÍCH"], ["I.1", "Mục đích"]]);
    expect(doc.backMatter).toEqual(["Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
  });
});
