/** The drafter's outline corrections: the parse is the text plus the corrections, reproducibly. */
import { describe, expect, it } from "vitest";
import { flattenClauses, parseDocument } from "~/domain/clauses";
import { readCorrections, type OutlineCorrection } from "~/domain/clauses/corrections";
import { expectWellFormed } from "./well-formed";

const TEXT = [
  "KẾ HOẠCH", // 0
  "Triển khai chương trình", // 1
  "Dòng tiêu đề lạc", // 2: a stray title line the parser takes for content
  "I. MỤC ĐÍCH", // 3
  "1. Mục đích chung", // 4
  "Nội dung thứ nhất.", // 5
  "Nội dung thứ hai tách ra.", // 6
  "2. Yêu cầu", // 7
  "3. Một khoản đáng lẽ thuộc mục II", // 8
  "II. NỘI DUNG", // 9
].join("\n");

const parse = (corrections: OutlineCorrection[]) => parseDocument(TEXT, { corrections });
const outline = (corrections: OutlineCorrection[]) => flattenClauses(parse(corrections)).map((c) => `${"  ".repeat(c.depth)}${c.label} ${c.heading}`);

describe("outline corrections", () => {
  it("reports where every clause and body paragraph came from", () => {
    const doc = parse([]);
    const flat = new Map(flattenClauses(doc).map((c) => [c.label, c]));
    expect(doc.frontParas).toEqual([0, 1]);
    expect(doc.clauses[0]).toMatchObject({ label: "p1", heading: "Dòng tiêu đề lạc", para: 2 });
    expect(doc.clauses[1]!.children[0]).toMatchObject({ label: "I.1", para: 4, bodyParas: [5, 6] });
    expect(flat.get("I.1")?.body).toBe("Nội dung thứ nhất.\nNội dung thứ hai tách ra.");
  });

  it("marks a paragraph as front matter: not commentable", () => {
    const doc = parse([{ op: "matter", para: 2 }]);
    expect(doc.frontMatter).toEqual(["KẾ HOẠCH", "Triển khai chương trình", "Dòng tiêu đề lạc"]);
    expect(doc.frontParas).toEqual([0, 1, 2]);
    expect(flattenClauses(doc)[0]!.label).toBe("I");
    expectWellFormed(doc);
  });

  it("makes a front matter line commentable", () => {
    const doc = parse([{ op: "commentable", para: 1 }]);
    expect(doc.frontMatter).toEqual(["KẾ HOẠCH"]);
    expect(flattenClauses(doc).slice(0, 2).map((c) => c.heading)).toEqual(["Triển khai chương trình", "Dòng tiêu đề lạc"]);
  });

  it("joins a clause to the one before it, and splits a body paragraph off", () => {
    const joined = flattenClauses(parse([{ op: "join", para: 7 }]));
    expect(joined.map((c) => c.label)).not.toContain("I.2");
    expect(joined.find((c) => c.label === "I.1")?.body).toBe("Nội dung thứ nhất.\nNội dung thứ hai tách ra.\n2. Yêu cầu");

    const split = parse([{ op: "split", para: 6 }]);
    const flat = flattenClauses(split);
    expect(flat.find((c) => c.label === "I.1")?.body).toBe("Nội dung thứ nhất.");
    expect(flat.find((c) => c.label === "I.p1")).toMatchObject({ kind: "paragraph", heading: "Nội dung thứ hai tách ra.", depth: 1 });
    expectWellFormed(split);
  });

  it("moves a clause one level in, under the clause before it, and one level out", () => {
    expect(outline([{ op: "level", para: 7, delta: 1 }])).toEqual([
      "p1 Dòng tiêu đề lạc",
      "I MỤC ĐÍCH",
      "  I.1 Mục đích chung",
      "    I.1.2 Yêu cầu",
      "  I.3 Một khoản đáng lẽ thuộc mục II",
      "II NỘI DUNG",
    ]);
    // Out of I, the clauses after it at its old level follow it (as in Word's outline).
    expect(outline([{ op: "level", para: 8, delta: -1 }])).toEqual([
      "p1 Dòng tiêu đề lạc",
      "I MỤC ĐÍCH",
      "  I.1 Mục đích chung",
      "  I.2 Yêu cầu",
      "3 Một khoản đáng lẽ thuộc mục II",
      "II NỘI DUNG",
    ]);
    expectWellFormed(parse([{ op: "level", para: 8, delta: -1 }, { op: "level", para: 4, delta: 1 }]));
  });

  it("lets the last word win, and ignores stored corrections it cannot read", () => {
    const doc = parse([{ op: "matter", para: 2 }, { op: "commentable", para: 2 }]);
    expect(flattenClauses(doc)[0]!.heading).toBe("Dòng tiêu đề lạc");
    expect(readCorrections('[{"op":"join","para":3}]')).toEqual([{ op: "join", para: 3 }]);
    expect(readCorrections("not json")).toEqual([]);
    expect(readCorrections('[{"op":"explode","para":1}]')).toEqual([]);
  });

  it("is the same parse every time for the same text and corrections", () => {
    const fixes: OutlineCorrection[] = [{ op: "matter", para: 2 }, { op: "split", para: 6 }, { op: "level", para: 8, delta: -1 }];
    expect(JSON.stringify(parse(fixes))).toBe(JSON.stringify(parse(fixes)));
  });
});
