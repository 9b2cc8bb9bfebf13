/** What counts as a paragraph's text, and how tables are read, on hand-written document.xml. */
import { describe, expect, it } from "vitest";
import { docxToText, readDocx, visibleLines, type DocxTable } from "~/documents/docx";
import { rawDocx } from "../../fixtures/docx/builders";

const r = (inner: string) => `<w:r>${inner}</w:r>`;
const t = (text: string) => `<w:t xml:space="preserve">${text}</w:t>`;
const p = (...runs: string[]) => `<w:p>${runs.join("")}</w:p>`;
const only = (body: string) => visibleLines(readDocx(rawDocx({ body })));

describe("paragraph text", () => {
  it("turns w:tab into a space, w:br and w:cr into a line break, but a page or column break into nothing", () => {
    expect(only(p(r(`${t("a")}<w:tab/>${t("b")}<w:br/>${t("c")}<w:cr/>${t("d")}<w:br w:type="page"/>${t("e")}<w:br w:type="column"/>${t("f")}`)))).toEqual(["a b\nc\ndef"]);
  });

  it("does not mistake tab stops in the paragraph's properties for text", () => {
    expect(only(`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>${r(t("x"))}</w:p>`)).toEqual(["x"]);
  });

  it("writes a non-breaking hyphen as '-', drops soft hyphens and symbols, decodes entities", () => {
    expect(only(p(r(`${t("Độc lập")}<w:noBreakHyphen/>${t("Tự do")}<w:softHyphen/><w:sym w:font="Wingdings" w:char="F0E0"/>${t(" &amp; &lt;1&gt;")}`)))).toEqual(["Độc lập-Tự do & <1>"]);
  });

  it("drops deleted text and keeps inserted text (tracked changes as Word shows them once accepted)", () => {
    expect(only(p(r(t("Thời hạn ")), `<w:del w:id="1" w:author="A">${r(`<w:delText>30</w:delText>`)}</w:del>`, `<w:ins w:id="2" w:author="A">${r(t("45"))}</w:ins>`, r(t(" ngày"))))).toEqual(["Thời hạn 45 ngày"]);
    expect(only(p(r(t("a")), `<w:moveFrom w:id="3">${r(t("x"))}</w:moveFrom>`, `<w:moveTo w:id="4">${r(t("b"))}</w:moveTo>`))).toEqual(["ab"]);
  });

  it("keeps a field's result but not its instruction, nested fields included; keeps fldSimple's result", () => {
    const field = (instr: string, result: string) =>
      r('<w:fldChar w:fldCharType="begin"/>') + r(`<w:instrText> ${instr} </w:instrText>`) + r('<w:fldChar w:fldCharType="separate"/>') + r(t(result)) + r('<w:fldChar w:fldCharType="end"/>');
    expect(only(p(r(t("Xem trang ")), field("PAGEREF _Toc1 \\h", "12"), r(t("."))))).toEqual(["Xem trang 12."]);
    const nested = r('<w:fldChar w:fldCharType="begin"/>') + r("<w:instrText>IF </w:instrText>") + field("DATE", "2023") + r("<w:instrText> = 1 </w:instrText>") + r('<w:fldChar w:fldCharType="separate"/>') + r(t("kết quả")) + r('<w:fldChar w:fldCharType="end"/>');
    expect(only(p(nested))).toEqual(["kết quả"]);
    expect(only(p(`<w:fldSimple w:instr=" NUMPAGES ">${r(t("7"))}</w:fldSimple>`))).toEqual(["7"]);
  });

  it("keeps the content of content controls, smart tags, hyperlinks and custom XML", () => {
    const body =
      `<w:sdt><w:sdtPr><w:alias w:val="Tên"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr><w:sdtContent>${p(r(t("Trong khối")))}</w:sdtContent></w:sdt>` +
      p(`<w:smartTag w:uri="u" w:element="place"><w:smartTagPr><w:attr w:name="n" w:val="v"/></w:smartTagPr>${r(t("Sóc Trăng"))}</w:smartTag>`, `<w:hyperlink r:id="rId9">${r(t(", xem cổng"))}</w:hyperlink>`, `<w:customXml w:element="x">${r(t("."))}</w:customXml>`);
    expect(only(body)).toEqual(["Trong khối", "Sóc Trăng, xem cổng."]);
  });

  it("leaves out text boxes, drawings, mc:Fallback copies, hidden runs, footnote and comment references, ruby annotations", () => {
    const textbox = `<w:drawing><wp:inline xmlns:wp="wp"><a:graphic xmlns:a="a"><a:graphicData><wps:wsp xmlns:wps="wps"><wps:txbx><w:txbxContent>${p(r(t("trong hộp")))}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing>`;
    const alternate = `<mc:AlternateContent xmlns:mc="mc"><mc:Choice Requires="wps">${r(textbox)}</mc:Choice><mc:Fallback>${r(`<w:pict><v:shape xmlns:v="v"><v:textbox><w:txbxContent>${p(r(t("bản cũ")))}</w:txbxContent></v:textbox></v:shape></w:pict>`)}</mc:Fallback></mc:AlternateContent>`;
    const body = p(
      r(t("Điều 1")),
      alternate,
      r('<w:footnoteReference w:id="1"/>'),
      r('<w:commentReference w:id="0"/>'),
      `<w:r><w:rPr><w:vanish/></w:rPr>${t(" ẩn")}</w:r>`,
      `<w:r><w:rPr><w:vanish w:val="0"/></w:rPr>${t(".")}</w:r>`,
      `<w:r><w:ruby><w:rt>${r(t("chú"))}</w:rt><w:rubyBase>${r(t(" x"))}</w:rubyBase></w:ruby></w:r>`,
    );
    expect(only(body)).toEqual(["Điều 1. x"]);
  });

  it("ignores the old properties of a tracked formatting change (pPrChange)", () => {
    const numbering = `<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>`;
    const body = `<w:p><w:pPr><w:pPrChange w:id="1"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr>${r(t("không còn số"))}</w:p>`;
    expect(visibleLines(readDocx(rawDocx({ body, numbering })))).toEqual(["không còn số"]);
  });
});

const tc = (text: string | string[], props = "") => `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ""}${(Array.isArray(text) ? text : [text]).map((x) => p(r(t(x)))).join("")}</w:tc>`;
const tr = (cells: string, props = "") => `<w:tr>${props ? `<w:trPr>${props}</w:trPr>` : ""}${cells}</w:tr>`;
const tbl = (columns: number, rows: string) => `<w:tbl><w:tblPr/><w:tblGrid>${'<w:gridCol w:w="100"/>'.repeat(columns)}</w:tblGrid>${rows}</w:tbl>`;
const tableOf = (body: string) => readDocx(rawDocx({ body })).blocks.find((b): b is DocxTable => b.type === "table")!;

describe("tables", () => {
  it("repeats a vertically merged cell's text in every row it spans and pads a horizontal merge with empty cells", () => {
    const table = tableOf(
      tbl(
        3,
        tr(tc("A") + tc("B") + tc("C")) +
          tr(tc("1") + tc("Sở Nội vụ", '<w:vMerge w:val="restart"/>') + tc("x")) +
          tr(tc("2") + tc("", "<w:vMerge/>") + tc("y")) +
          tr(tc("nhóm", '<w:gridSpan w:val="2"/>') + tc("z")) +
          tr(tc("3", '<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>') + tc("u")) +
          tr(tc("", '<w:gridSpan w:val="2"/><w:vMerge w:val="continue"/>') + tc("v")),
      ),
    );
    expect(table.rows).toEqual([["A", "B", "C"], ["1", "Sở Nội vụ", "x"], ["2", "Sở Nội vụ", "y"], ["nhóm", "", "z"], ["3", "", "u"], ["3", "", "v"]]);
    // What a person sees: the merged text once.
    expect(table.paragraphs.map((x) => x.text).filter((x) => x !== "")).toEqual(["A", "B", "C", "1", "Sở Nội vụ", "x", "2", "y", "nhóm", "z", "3", "u", "v"]);
  });

  it("pads rows with gridBefore / gridAfter and rows shorter than the grid", () => {
    const table = tableOf(tbl(3, tr(tc("A") + tc("B") + tc("C")) + tr(tc("x"), '<w:gridBefore w:val="1"/><w:gridAfter w:val="1"/>') + tr(tc("y"))));
    expect(table.rows).toEqual([["A", "B", "C"], ["", "x", ""], ["y", "", ""]]);
  });

  it("takes the leading w:tblHeader rows as the header, merges them per column, drops a column-number row after them", () => {
    const table = tableOf(
      tbl(
        3,
        tr(tc("STT", '<w:vMerge w:val="restart"/>') + tc("Kinh phí", '<w:gridSpan w:val="2"/>'), "<w:tblHeader/>") +
          tr(tc("", "<w:vMerge/>") + tc("Trung ương") + tc("Địa phương"), "<w:tblHeader/>") +
          tr(tc("1") + tc("2") + tc("3")) +
          tr(tc("1") + tc("100") + tc("50")),
      ),
    );
    expect(table.headerRows).toBe(2);
    expect(table.header).toEqual(["STT", "Kinh phí – Trung ương", "Kinh phí – Địa phương"]);
    expect(table.rows.slice(2)).toEqual([["1", "100", "50"]]);
    expect(docxToText(readDocx(rawDocx({ body: tbl(2, tr(tc("a|b") + tc(["x", "y"])) + tr(tc("") + tc("1"))) })))).toBe("| a\\|b | x<br>y |\n| --- | --- |\n|  | 1 |\n");
  });

  it("keeps a first body row that only looks like numbers but is not a column count", () => {
    const table = tableOf(tbl(2, tr(tc("STT") + tc("Số lượng")) + tr(tc("1") + tc("1"))));
    expect(table.rows).toEqual([["STT", "Số lượng"], ["1", "1"]]);
  });

  it("flattens a nested table into the outer cell", () => {
    const inner = tbl(2, tr(tc("a") + tc("b")) + tr(tc("c") + tc("d")));
    const table = tableOf(tbl(2, tr(tc("Tiêu đề") + tc("Chi tiết")) + tr(tc("1") + `<w:tc>${p(r(t("trước")))}${inner}${p(r(t("sau")))}</w:tc>`)));
    expect(table.rows[1]).toEqual(["1", "trước\na\nb\nc\nd\nsau"]);
    expect(readDocx(rawDocx({ body: inner })).blocks).toHaveLength(1);
  });

  it("calls a table layout by its text: national name, motto, 'Số: …/…', 'Nơi nhận', TM./KT./TL./Q. signatures, Russian signatures", () => {
    const layout = (text: string) => tableOf(tbl(1, tr(tc(text)))).layout;
    expect(layout("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).toBe(true);
    expect(layout("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")).toBe(true);
    expect(layout("Độc lập – Tự do – Hạnh phúc")).toBe(true);
    expect(layout("Số: 12/2023/QĐ-UBND")).toBe(true);
    expect(layout("Nơi nhận:")).toBe(true);
    expect(layout("TM. ỦY BAN NHÂN DÂN")).toBe(true);
    expect(layout("KT. CHỦ TỊCH")).toBe(true);
    expect(layout("TL. GIÁM ĐỐC")).toBe(true);
    expect(layout("Q. CHỦ TỊCH")).toBe(true);
    expect(layout("Президент Российской Федерации")).toBe(true);
    expect(layout("Москва, Кремль")).toBe(true);
    expect(layout("Số lượng cán bộ")).toBe(false);
    expect(layout("Sở Nội vụ")).toBe(false);
    expect(layout("KT.")).toBe(false);
  });
});
