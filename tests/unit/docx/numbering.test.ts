/** numbering.xml as Word renders it, on hand-written parts (cases the `docx` package cannot write). */
import { describe, expect, it } from "vitest";
import { readDocx, visibleLines, type DocxParagraph } from "~/documents/docx";
import { formatNumber } from "~/documents/docx/formats";
import { rawDocx } from "../../fixtures/docx/builders";

type Lvl = { ilvl: number; fmt: string; text: string; start?: number; extra?: string };

const lvl = ({ ilvl, fmt, text, start = 1, extra = "" }: Lvl) =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="${start}"/><w:numFmt w:val="${fmt}"/>${extra}<w:lvlText w:val="${text}"/></w:lvl>`;
const abstract = (id: number, levels: Lvl[], extra = "") => `<w:abstractNum w:abstractNumId="${id}">${extra}${levels.map(lvl).join("")}</w:abstractNum>`;
const num = (id: number, abstractId: number, overrides = "") => `<w:num w:numId="${id}"><w:abstractNumId w:val="${abstractId}"/>${overrides}</w:num>`;
const p = (text: string, props: { numId?: number | string; ilvl?: number; style?: string; outline?: number } = {}) => {
  const numPr =
    props.numId !== undefined || props.ilvl !== undefined
      ? `<w:numPr>${props.ilvl !== undefined ? `<w:ilvl w:val="${props.ilvl}"/>` : ""}${props.numId !== undefined ? `<w:numId w:val="${props.numId}"/>` : ""}</w:numPr>`
      : "";
  const style = props.style ? `<w:pStyle w:val="${props.style}"/>` : "";
  const outline = props.outline !== undefined ? `<w:outlineLvl w:val="${props.outline}"/>` : "";
  return `<w:p><w:pPr>${style}${numPr}${outline}</w:pPr><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
};

const paragraphs = (bytes: Buffer) => readDocx(bytes).blocks.filter((b): b is DocxParagraph => b.type === "paragraph");
const numbers = (bytes: Buffer) => paragraphs(bytes).map((b) => b.number);

describe("formats", () => {
  it("writes letters the Word way (z, aa, bb), Roman numerals, zero-padded decimals", () => {
    expect([1, 2, 26, 27, 28, 52, 53].map((n) => formatNumber(n, "lowerLetter"))).toEqual(["a", "b", "z", "aa", "bb", "zz", "aaa"]);
    expect(formatNumber(28, "upperLetter")).toBe("BB");
    expect([1, 4, 9, 14, 40, 90, 400, 1994, 3999].map((n) => formatNumber(n, "upperRoman"))).toEqual(["I", "IV", "IX", "XIV", "XL", "XC", "CD", "MCMXCIV", "MMMCMXCIX"]);
    expect(formatNumber(12, "lowerRoman")).toBe("xii");
    expect([formatNumber(7, "decimalZero"), formatNumber(12, "decimalZero")]).toEqual(["07", "12"]);
  });

  it("counts Russian letters without ё, й, ъ, ь, and falls back to digits for formats it does not spell out", () => {
    expect([1, 2, 3, 9, 10, 26, 29, 30, 31].map((n) => formatNumber(n, "russianLower"))).toEqual(["а", "б", "в", "и", "к", "ы", "я", "аа", "бб"]);
    expect(formatNumber(3, "russianUpper")).toBe("В");
    for (const format of ["ordinal", "vietnameseCounting", "cardinalText", "chineseCounting", "somethingNew"]) expect(formatNumber(3, format)).toBe("3");
    expect(formatNumber(3, "none")).toBe("");
    expect(formatNumber(3, "bullet")).toBe("-");
  });
});

describe("numbering", () => {
  it("renders lvlText patterns: '%1.', '%1)', 'Điều %1.', '%1.%2.', '(%1)'", () => {
    const numbering =
      abstract(1, [{ ilvl: 0, fmt: "decimal", text: "%1." }, { ilvl: 1, fmt: "decimal", text: "%1.%2." }, { ilvl: 2, fmt: "decimal", text: "(%3)" }]) +
      abstract(2, [{ ilvl: 0, fmt: "decimal", text: "Điều %1." }]) +
      abstract(3, [{ ilvl: 0, fmt: "lowerLetter", text: "%1)" }]) +
      num(1, 1) + num(2, 2) + num(3, 3);
    const body = [p("A", { numId: 1, ilvl: 0 }), p("B", { numId: 1, ilvl: 1 }), p("C", { numId: 1, ilvl: 2 }), p("D", { numId: 2, ilvl: 0 }), p("E", { numId: 3, ilvl: 0 })].join("");
    expect(visibleLines(readDocx(rawDocx({ body, numbering })))).toEqual(["1. A", "1.1. B", "(1) C", "Điều 1. D", "a) E"]);
  });

  it("leaves numId 0 and unknown lists un-numbered; numId 0 also switches off the style's numbering", () => {
    const numbering = abstract(1, [{ ilvl: 0, fmt: "decimal", text: "%1." }]) + num(1, 1);
    const styles = `<w:style w:type="paragraph" w:styleId="Khoan"><w:name w:val="Khoản"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`;
    const body = [p("một", { style: "Khoan" }), p("không", { numId: 0 }), p("không nữa", { style: "Khoan", numId: 0 }), p("lạ", { numId: 42 }), p("hai", { style: "Khoan" })].join("");
    expect(numbers(rawDocx({ body, numbering, styles }))).toEqual(["1.", null, null, null, "2."]);
  });

  it("shares counters between nums of one abstractNum; a startOverride restarts them where that num is first used", () => {
    const numbering = abstract(1, [{ ilvl: 0, fmt: "decimal", text: "%1." }]) + num(1, 1) + num(2, 1) + num(3, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>');
    const body = [p("a", { numId: 1, ilvl: 0 }), p("b", { numId: 1, ilvl: 0 }), p("c", { numId: 2, ilvl: 0 }), p("d", { numId: 3, ilvl: 0 }), p("e", { numId: 3, ilvl: 0 }), p("f", { numId: 2, ilvl: 0 })].join("");
    // "f" (num 2, no override) counts on from the restarted counter: 7, as Word and LibreOffice show it.
    expect(numbers(rawDocx({ body, numbering }))).toEqual(["1.", "2.", "3.", "5.", "6.", "7."]);
  });

  it("resets a lower level when a higher one advances, unless lvlRestart says otherwise", () => {
    const numbering =
      abstract(1, [
        { ilvl: 0, fmt: "upperRoman", text: "Chương %1" },
        { ilvl: 1, fmt: "decimal", text: "Mục %2", extra: '<w:lvlRestart w:val="0"/>' },
        { ilvl: 2, fmt: "decimal", text: "Điều %3.", extra: '<w:lvlRestart w:val="1"/>' },
        { ilvl: 3, fmt: "decimal", text: "%4." },
      ]) + num(1, 1);
    const at = (text: string, ilvl: number) => p(text, { numId: 1, ilvl });
    const body = [at("c", 0), at("m", 1), at("d", 2), at("k", 3), at("k", 3), at("m", 1), at("d", 2), at("k", 3), at("c", 0), at("m", 1), at("d", 2)].join("");
    // Mục never restarts; Điều restarts only under a new Chương (not under a new Mục); khoản under anything above.
    expect(numbers(rawDocx({ body, numbering }))).toEqual(["Chương I", "Mục 1", "Điều 1.", "1.", "2.", "Mục 2", "Điều 2.", "1.", "Chương II", "Mục 3", "Điều 1."]);
  });

  it("writes every level in decimal under isLgl, and shows start − 1 for a level above never used (Word's '0.1.')", () => {
    const numbering =
      abstract(1, [{ ilvl: 0, fmt: "upperRoman", text: "%1." }, { ilvl: 1, fmt: "decimal", text: "%1.%2.", extra: "<w:isLgl/>" }]) +
      abstract(2, [{ ilvl: 0, fmt: "decimal", text: "%1." }, { ilvl: 1, fmt: "decimal", text: "%1.%2." }]) +
      num(1, 1) + num(2, 2);
    const body = [p("I", { numId: 1, ilvl: 0 }), p("I", { numId: 1, ilvl: 0 }), p("legal", { numId: 1, ilvl: 1 }), p("orphan", { numId: 2, ilvl: 1 })].join("");
    expect(numbers(rawDocx({ body, numbering }))).toEqual(["I.", "II.", "2.1.", "0.1."]);
  });

  it("follows w:suff: tab and space give one space, nothing gives none", () => {
    const numbering =
      abstract(1, [{ ilvl: 0, fmt: "decimal", text: "Điều %1.", extra: '<w:suff w:val="nothing"/>' }]) +
      abstract(2, [{ ilvl: 0, fmt: "decimal", text: "%1.", extra: '<w:suff w:val="space"/>' }]) +
      abstract(3, [{ ilvl: 0, fmt: "decimal", text: "%1)" }]) +
      num(1, 1) + num(2, 2) + num(3, 3);
    const body = [p("A", { numId: 1, ilvl: 0 }), p("B", { numId: 2, ilvl: 0 }), p("C", { numId: 3, ilvl: 0 })].join("");
    const doc = readDocx(rawDocx({ body, numbering }));
    expect(visibleLines(doc)).toEqual(["Điều 1.A", "1. B", "1) C"]);
  });

  it("renders any bullet as '-', and a level of format none (or empty text) as no number while still counting", () => {
    const numbering =
      abstract(1, [{ ilvl: 0, fmt: "bullet", text: "\uF0B7" }, { ilvl: 1, fmt: "bullet", text: "o" }]) +
      abstract(2, [{ ilvl: 0, fmt: "none", text: "" }, { ilvl: 1, fmt: "decimal", text: "%1.%2" }]) +
      num(1, 1) + num(2, 2);
    const body = [p("a", { numId: 1, ilvl: 0 }), p("b", { numId: 1, ilvl: 1 }), p("c", { numId: 2, ilvl: 0 }), p("d", { numId: 2, ilvl: 1 })].join("");
    // A level of format none writes nothing, in its own number and where another level cites it.
    expect(numbers(rawDocx({ body, numbering }))).toEqual(["-", "-", null, ".1"]);
  });

  it("replaces a level by a whole w:lvl in a lvlOverride", () => {
    const numbering =
      abstract(1, [{ ilvl: 0, fmt: "decimal", text: "%1." }]) +
      num(1, 1) +
      num(2, 1, `<w:lvlOverride w:ilvl="0">${lvl({ ilvl: 0, fmt: "upperLetter", text: "%1/", start: 3 })}</w:lvlOverride>`);
    const body = [p("a", { numId: 1, ilvl: 0 }), p("b", { numId: 2, ilvl: 0 }), p("c", { numId: 2, ilvl: 0 })].join("");
    expect(numbers(rawDocx({ body, numbering }))).toEqual(["1.", "C/", "D/"]);
  });

  it("numbers a heading from its style (through basedOn), its level from the list level linked to the style", () => {
    const numbering =
      abstract(1, [
        { ilvl: 0, fmt: "upperRoman", text: "Chương %1", extra: '<w:pStyle w:val="Chuong"/>' },
        { ilvl: 1, fmt: "decimal", text: "Điều %2.", extra: '<w:pStyle w:val="Dieu"/><w:lvlRestart w:val="0"/>' },
      ]) + num(7, 1);
    const styles = [
      `<w:style w:type="paragraph" w:styleId="Chuong"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>`,
      `<w:style w:type="paragraph" w:styleId="Dieu"><w:name w:val="Điều"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>`,
      `<w:style w:type="paragraph" w:styleId="DieuDam"><w:name w:val="Điều đậm"/><w:basedOn w:val="Dieu"/></w:style>`,
      `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>`,
    ].join("");
    const body = [p("", { style: "Chuong" }), p("Phạm vi", { style: "Dieu" }), p("Đối tượng", { style: "DieuDam" }), p("", { style: "Chuong" }), p("Hiệu lực", { style: "Dieu" })].join("");
    const doc = readDocx(rawDocx({ body, numbering, styles }));
    expect(doc.blocks.map((b) => b.type === "paragraph" && [b.number, b.headingLevel, b.style])).toEqual([
      ["Chương I", 1, "Chuong"],
      ["Điều 1.", 2, "Dieu"],
      ["Điều 2.", 2, "DieuDam"],
      ["Chương II", 1, "Chuong"],
      ["Điều 3.", 2, "Dieu"],
    ]);
  });

  it("takes a heading level from w:outlineLvl (9 is body text) or a 'heading N' style name", () => {
    const styles = [
      `<w:style w:type="paragraph" w:styleId="a1"><w:name w:val="heading 3"/></w:style>`,
      `<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="Tiêu đề 2"/></w:style>`,
      `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>`,
    ].join("");
    const body = [p("a", { style: "a1" }), p("b", { style: "Heading2" }), p("c", { outline: 0 }), p("d", { style: "Heading2", outline: 9 }), p("e", { style: "Title" })].join("");
    expect(paragraphs(rawDocx({ body, styles })).map((b) => b.headingLevel)).toEqual([3, 2, 1, null, null]);
  });

  it("follows numStyleLink to the list a numbering style points at", () => {
    const numbering =
      `<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="DanhSach"/>${lvl({ ilvl: 0, fmt: "lowerRoman", text: "%1." })}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="DanhSach"/></w:abstractNum>` +
      num(1, 1) + num(2, 2);
    const styles = `<w:style w:type="numbering" w:styleId="DanhSach"><w:name w:val="Danh sách"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`;
    const body = [p("a", { numId: 2, ilvl: 0 }), p("b", { numId: 2, ilvl: 0 })].join("");
    expect(numbers(rawDocx({ body, numbering, styles }))).toEqual(["i.", "ii."]);
  });
});
