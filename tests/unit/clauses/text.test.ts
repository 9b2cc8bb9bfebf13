/** The building blocks: normalisation, emphasis, marks, paragraph joining, front and back matter. */
import { describe, expect, it } from "vitest";
import { normaliseText, parseDocument, stripEmphasis } from "~/domain/clauses";
import { matchMarker } from "~/domain/clauses/markers";
import { cleanLine } from "~/domain/clauses/normalise";
import { splitParagraphs } from "~/domain/clauses/paragraphs";

describe("normaliseText", () => {
  it("makes line ends, spaces and composition regular", () => {
    expect(normaliseText("\ufeffĐiều\u200b 1.\r\nA\rB\u2028C")).toBe("Điều 1.\nA\nB\nC");
    expect(normaliseText("a\u00a0b\tc\u2009d\u202fe\u3000f")).toBe("a b c d e f");
    expect(normaliseText("Đi\u00adều\u2060")).toBe("Điều");
    expect(normaliseText("Điều".normalize("NFD"))).toBe("Điều");
    expect(normaliseText("a\u0000b\u0007c\fd")).toBe("abc\nd");
  });
});

describe("stripEmphasis", () => {
  it("removes Markdown emphasis and stray asterisks", () => {
    expect(stripEmphasis("**TM. ỦY BAN NHÂN DÂN")).toBe("TM. ỦY BAN NHÂN DÂN");
    expect(stripEmphasis("CHỦ TỊCH**")).toBe("CHỦ TỊCH");
    expect(stripEmphasis("*gửi về Sở Nội vụ*, để tổng hợp")).toBe("gửi về Sở Nội vụ, để tổng hợp");
    expect(stripEmphasis("__I. MỤC ĐÍCH__")).toBe("I. MỤC ĐÍCH");
    expect(stripEmphasis("_nghiêng_ và **đậm**")).toBe("nghiêng và đậm");
    expect(stripEmphasis('Sóc Trăng").*hlu*')).toBe('Sóc Trăng").hlu');
    expect(stripEmphasis("a  **  b")).toBe("a b");
  });

  it("keeps what is real text", () => {
    expect(stripEmphasis("Ghi chú (*) và (**) là bắt buộc")).toBe("Ghi chú (*) và (**) là bắt buộc");
    expect(stripEmphasis("diện tích 2*3 m")).toBe("diện tích 2*3 m");
    expect(stripEmphasis("tệp ten_tep_moi.docx")).toBe("tệp ten_tep_moi.docx");
    expect(stripEmphasis("* gạch đầu dòng")).toBe("* gạch đầu dòng");
    expect(stripEmphasis("Điều 5. Phạm vi")).toBe("Điều 5. Phạm vi");
  });

  it("cleanLine also drops Markdown heading marks and pandoc escapes", () => {
    expect(cleanLine("## I. MỤC ĐÍCH")).toBe("I. MỤC ĐÍCH");
    expect(cleanLine("1\\. Mục đích")).toBe("1. Mục đích");
    expect(cleanLine("a\\) điểm")).toBe("a) điểm");
    expect(cleanLine("> trích dẫn")).toBe("trích dẫn");
    expect(cleanLine("#hashtag")).toBe("#hashtag");
  });
});

describe("matchMarker", () => {
  const vi = (line: string) => {
    const m = matchMarker(line, "vi");
    return m && [m.style, m.number, m.rest];
  };
  const ru = (line: string) => {
    const m = matchMarker(line, "ru");
    return m && [m.style, m.number, m.rest];
  };

  it("recognises the Vietnamese marks", () => {
    expect(vi("Phần thứ nhất")).toEqual(["part", "thứ nhất", ""]);
    expect(vi("PHẦN I. QUY ĐỊNH CHUNG")).toEqual(["part", "I", "QUY ĐỊNH CHUNG"]);
    expect(vi("Chương II")).toEqual(["chapter", "II", ""]);
    expect(vi("CHƯƠNG 3 - TỔ CHỨC")).toEqual(["chapter", "3", "TỔ CHỨC"]);
    expect(vi("Mục 1. Quyền")).toEqual(["section", "1", "Quyền"]);
    expect(vi("Tiểu mục 2: Nghĩa vụ")).toEqual(["subsection", "2", "Nghĩa vụ"]);
    expect(vi("Điều 5. Phạm vi")).toEqual(["article", "5", "Phạm vi"]);
    expect(vi("Điều 5: Phạm vi")).toEqual(["article", "5", "Phạm vi"]);
    expect(vi("ĐIỀU 12.")).toEqual(["article", "12", ""]);
    expect(vi("Điều1.Phạm vi")).toEqual(["article", "1", "Phạm vi"]);
    expect(vi("II. NỘI DUNG")).toEqual(["roman", "II", "NỘI DUNG"]);
    expect(vi("IV - KINH PHÍ")).toEqual(["roman", "IV", "KINH PHÍ"]);
    expect(vi("III: TỔ CHỨC")).toEqual(["roman", "III", "TỔ CHỨC"]);
    expect(vi("II.2. Khó khăn")).toEqual(["roman-decimal", "II.2", "Khó khăn"]);
    expect(vi("1. Mục đích")).toEqual(["num-dot", "1", "Mục đích"]);
    expect(vi("2.1. Ở cấp tỉnh")).toEqual(["decimal", "2.1", "Ở cấp tỉnh"]);
    expect(vi("2.1.3 Sở Nội vụ")).toEqual(["decimal", "2.1.3", "Sở Nội vụ"]);
    expect(vi("1) Thứ nhất")).toEqual(["num-paren", "1", "Thứ nhất"]);
    expect(vi("(2) Thứ hai")).toEqual(["num-paren", "2", "Thứ hai"]);
    expect(vi("a) Tổ chức")).toEqual(["alpha", "a", "Tổ chức"]);
    expect(vi("đ) Ban hành")).toEqual(["alpha", "đ", "Ban hành"]);
    expect(vi("(b) Nội dung")).toEqual(["alpha", "b", "Nội dung"]);
  });

  it("leaves sentences, amounts and other letters alone", () => {
    for (const line of [
      "Phần việc còn lại",
      "Mục tiêu của Kế hoạch",
      "Mục vi phạm",
      "Chương trình hành động",
      "Chương 2 của Luật này",
      "Điều 5 của Luật này",
      "2.5 triệu đồng",
      "1.000.000 đồng",
      "12.5.2023 là ngày",
      "2023. Năm",
      "X quang",
      "V/v góp ý",
      "VIỆT NAM",
      "V - thời gian",
      "Статья 1. Общие положения",
      "- Cơ quan chủ trì",
      "",
    ]) {
      expect(vi(line), line).toBeNull();
    }
  });

  it("recognises article headings without their stop, or with a colon and no space, as loose or firm", () => {
    expect(matchMarker("Điều 5 Chính sách của Nhà nước", "vi")).toMatchObject({ style: "article", number: "5", rest: "Chính sách của Nhà nước", loose: true });
    expect(matchMarker("Điều 24:Nguyên tắc hoạt động", "vi")).toMatchObject({ number: "24", rest: "Nguyên tắc hoạt động" });
    expect(matchMarker("Điều 24:Nguyên tắc hoạt động", "vi")?.loose).toBeUndefined();
    expect(matchMarker("Điều1.Phạm vi", "vi")).toMatchObject({ number: "1", rest: "Phạm vi" });
    // A sentence: it ends with a stop, or runs on in lower case.
    expect(matchMarker("Điều 5 Luật Đất đai quy định rõ.", "vi")).toBeNull();
    expect(matchMarker("Điều 5 của Luật này", "vi")).toBeNull();
  });

  it("recognises appendix headings, not sentences about appendices", () => {
    expect(matchMarker("PHỤ LỤC", "vi")).toMatchObject({ style: "appendix", number: "" });
    expect(matchMarker("Phụ lục I", "vi")).toMatchObject({ style: "appendix", number: "I" });
    expect(matchMarker("PHỤ LỤC SỐ 02: DANH MỤC", "vi")).toMatchObject({ number: "02", rest: "DANH MỤC" });
    expect(matchMarker("Phụ lục: Danh mục nhiệm vụ", "vi")).toMatchObject({ number: "", rest: "Danh mục nhiệm vụ" });
    expect(matchMarker("Phụ lục kèm theo Kế hoạch này gồm hai biểu.", "vi")).toBeNull();
    expect(matchMarker("ПРИЛОЖЕНИЕ № 1", "ru")).toMatchObject({ style: "appendix", number: "1" });
    expect(matchMarker("Приложение № 2 к постановлению Правительства от 12 мая 2023 г. № 45", "ru")).toMatchObject({ number: "2" });
    expect(matchMarker("Приложение к настоящему Положению содержит перечень.", "ru")).toBeNull();
  });

  it("takes Word's a … z points, f and w included, and inserted points 15.1)", () => {
    expect(vi("f) điểm thứ sáu theo Word")).toEqual(["alpha", "f", "điểm thứ sáu theo Word"]);
    expect(ru("15.1) вставленный пункт")).toEqual(["num-paren", "15.1", "вставленный пункт"]);
  });

  it("recognises the Russian marks", () => {
    expect(ru("Раздел I. Общие положения")).toEqual(["part", "I", "Общие положения"]);
    expect(ru("ГЛАВА 2")).toEqual(["chapter", "2", ""]);
    expect(ru("§ 3. Порядок")).toEqual(["section", "3", "Порядок"]);
    expect(ru("Статья 12.1. Порядок")).toEqual(["article", "12.1", "Порядок"]);
    expect(ru("1.1. Сбор")).toEqual(["decimal", "1.1", "Сбор"]);
    expect(ru("1) на обращения")).toEqual(["num-paren", "1", "на обращения"]);
    expect(ru("б) юридических лиц")).toEqual(["alpha", "б", "юридических лиц"]);
    expect(ru("Статья 3 настоящего Закона")).toBeNull();
    expect(ru("Глава администрации района")).toBeNull();
    expect(ru("Điều 1. Phạm vi")).toBeNull();
  });
});

describe("splitParagraphs", () => {
  const split = (text: string) => splitParagraphs(text, "vi").map((p) => p.text);

  it("joins a line that continues the previous one, across one blank line at most", () => {
    expect(split("các cơ quan kịp\n\nthời phản ánh.")).toEqual(["các cơ quan kịp thời phản ánh."]);
    expect(split("Ủy ban nhân\ndân tỉnh.")).toEqual(["Ủy ban nhân dân tỉnh."]);
    expect(split("các cơ quan kịp\n\n\nthời phản ánh.")).toEqual(["các cơ quan kịp", "thời phản ánh."]);
  });

  it("does not join after a sentence end, after a title in capitals, or before a bullet or a mark", () => {
    expect(split("Căn cứ Luật;\ncăn cứ Nghị định;")).toEqual(["Căn cứ Luật;", "căn cứ Nghị định;"]);
    expect(split("KẾ HOẠCH\ntriển khai")).toEqual(["KẾ HOẠCH", "triển khai"]);
    expect(split("Nội dung gồm\n- một\na) hai\nđ) ba")).toEqual(["Nội dung gồm", "- một", "a) hai", "đ) ba"]);
    expect(split("Một dòng\nHai dòng")).toEqual(["Một dòng", "Hai dòng"]);
  });

  it("drops decoration lines", () => {
    expect(split("ỦY BAN\n-------\nSố: 1/KH\n* * *\n___")).toEqual(["ỦY BAN", "Số: 1/KH"]);
  });
});

describe("front and back matter", () => {
  it("takes the subtitle of a decision and the signature block without Nơi nhận", () => {
    const doc = parseDocument(
      "ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG\n-------\nSố: 12/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nSóc Trăng, ngày 5 tháng 6 năm 2023\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.\nĐiều 2. Quyết định có hiệu lực từ ngày ký.\nGIÁM ĐỐC\nNguyễn Văn A",
    );
    expect(doc.title).toBe("QUYẾT ĐỊNH Về việc ban hành Quy chế làm việc");
    // The legal bases and the enacting "QUYẾT ĐỊNH:" are the preamble: kept, not commented on.
    expect(doc.frontMatter).toHaveLength(11);
    expect(doc.frontMatter.slice(-2)).toEqual(["Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYẾT ĐỊNH:"]);
    expect(doc.clauses.map((c) => c.label)).toEqual(["D1", "D2"]);
    expect(doc.backMatter).toEqual(["GIÁM ĐỐC", "Nguyễn Văn A"]);
  });

  it("does not take procedure text for Nơi nhận, nor a 'Số liệu' sentence for a number line", () => {
    const doc = parseDocument("Số liệu năm 2023 như sau.\n1. Thủ tục\nNơi nhận hồ sơ: Bộ phận một cửa.\n2. Thời hạn");
    expect(doc.frontMatter).toEqual([]);
    expect(doc.backMatter).toEqual([]);
    expect(doc.clauses.map((c) => c.label)).toEqual(["p1", "1", "2"]);
  });

  it("a first body paragraph after the recipients is not a recipient", () => {
    const doc = parseDocument("Kính gửi:\n- Sở Tư pháp;\n- Sở Nội vụ.\nVăn phòng xin gửi dự thảo để góp ý.");
    expect(doc.frontMatter).toEqual(["Kính gửi:", "- Sở Tư pháp;", "- Sở Nội vụ."]);
    expect(doc.clauses.map((c) => c.heading)).toEqual(["Văn phòng xin gửi dự thảo để góp ý."]);
  });
});
