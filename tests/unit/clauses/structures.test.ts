/** Numbering schemes, nesting and labels, Vietnamese and Russian. */
import { describe, expect, it } from "vitest";
import { flattenClauses, formatOutline, parseDocument } from "~/domain/clauses";
import { byLabel, expectWellFormed, labelsOf } from "./well-formed";

describe("Vietnamese legal structure", () => {
  const law = [
    "QUỐC HỘI",
    "LUẬT",
    "THỰC HIỆN DÂN CHỦ Ở CƠ SỞ",
    "Phần thứ nhất",
    "QUY ĐỊNH CHUNG",
    "Chương I",
    "NHỮNG QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh",
    "Luật này quy định về thực hiện dân chủ ở cơ sở.",
    "Điều 2. Giải thích từ ngữ",
    "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:",
    "1. Cơ sở là xã, phường, thị trấn;",
    "2. Công dân là người có quốc tịch Việt Nam:",
    "a) Từ đủ 18 tuổi;",
    "đ) Cư trú tại cơ sở.",
    "PHẦN THỨ HAI",
    "QUYỀN VÀ NGHĨA VỤ",
    "CHƯƠNG II",
    "QUYỀN CỦA CÔNG DÂN",
    "Mục 1",
    "QUYỀN ĐƯỢC THÔNG TIN",
    "Điều 3.",
    "Quyền của công dân",
    "1. Được thông tin.",
    "Mục 2. NGHĨA VỤ",
    "Tiểu mục 1. Nghĩa vụ chung",
    "Điều 4: Nghĩa vụ của công dân",
    "Công dân có nghĩa vụ tuân thủ pháp luật.",
    "Điều 5 của Luật này được hướng dẫn bởi Chính phủ.",
  ].join("\n");
  const doc = parseDocument(law);
  const flat = byLabel(doc);

  it("labels parts, chapters, sections, subsections, articles, clauses and points", () => {
    expect([...flat.keys()]).toEqual([
      "P1", "C1", "D1", "D2", "D2.1", "D2.2", "D2.2.a", "D2.2.đ",
      "P2", "C2", "C2.M1", "D3", "D3.1", "C2.M2", "C2.M2.TM1", "D4",
    ]);
    expect(doc.title).toBe("LUẬT THỰC HIỆN DÂN CHỦ Ở CƠ SỞ");
    expect(doc.frontMatter).toEqual(["QUỐC HỘI", "LUẬT", "THỰC HIỆN DÂN CHỦ Ở CƠ SỞ"]);
  });

  it("keeps printed numbers and kinds", () => {
    expect(flat.get("P1")).toMatchObject({ kind: "part", number: "thứ nhất", heading: "QUY ĐỊNH CHUNG" });
    expect(flat.get("C2")).toMatchObject({ kind: "chapter", number: "II", heading: "QUYỀN CỦA CÔNG DÂN", parentLabel: "P2" });
    expect(flat.get("D2")).toMatchObject({ kind: "article", number: "2", heading: "Giải thích từ ngữ" });
    expect(flat.get("D2.2.đ")).toMatchObject({ kind: "point", number: "đ" });
    expect(flat.get("C2.M2.TM1")).toMatchObject({ kind: "subsection", number: "1", heading: "Nghĩa vụ chung" });
  });

  it("takes the heading from the next line when the mark stands alone", () => {
    expect(flat.get("D3")?.heading).toBe("Quyền của công dân");
    expect(flat.get("C2.M1")?.heading).toBe("QUYỀN ĐƯỢC THÔNG TIN");
    expect(flat.get("D4")?.heading).toBe("Nghĩa vụ của công dân");
    expect(flat.get("D2.2")?.heading).toBe("Công dân là người có quốc tịch Việt Nam");
  });

  it("keeps body text, and a sentence naming an article is not an article", () => {
    expect(flat.get("D2")?.body).toBe("Trong Luật này, các từ ngữ dưới đây được hiểu như sau:");
    expect(flat.get("D4")?.body).toBe("Công dân có nghĩa vụ tuân thủ pháp luật.\nĐiều 5 của Luật này được hướng dẫn bởi Chính phủ.");
  });

  it("nests articles under their chapter, section and subsection", () => {
    expect(flat.get("D1")?.path).toEqual(["P1", "C1", "D1"]);
    expect(flat.get("D3")?.parentLabel).toBe("C2.M1");
    expect(flat.get("D4")?.parentLabel).toBe("C2.M2.TM1");
  });

  it("is well formed", () => expectWellFormed(doc));
});

describe("plans: Roman sections, items, decimals", () => {
  it("puts 2.1. and 2.1.3. under their parents without repeating the number", () => {
    const text = "I. NỘI DUNG\n1. Tuyên truyền\n2. Triển khai\n2.1. Ở cấp tỉnh\n2.1.3. Sở Nội vụ\n2.2 Ở cấp huyện\na) Huyện A\nII. TỔ CHỨC";
    expect(labelsOf(text)).toEqual(["I", "I.1", "I.2", "I.2.1", "I.2.1.3", "I.2.2", "I.2.2.a", "II"]);
    const d = byLabel(parseDocument(text));
    expect(d.get("I.2.1.3")).toMatchObject({ kind: "decimal", number: "2.1.3", heading: "Sở Nội vụ", parentLabel: "I.2.1" });
    expect(d.get("I.2.2")).toMatchObject({ number: "2.2", heading: "Ở cấp huyện" });
  });

  it("accepts 'I -', 'I:' and 'I.' Roman headings, and Roman-dotted decimals I.1.", () => {
    expect(labelsOf("I - MỤC ĐÍCH\n1. Một\nII: NỘI DUNG\nIII. TỔ CHỨC")).toEqual(["I", "I.1", "II", "III"]);
    expect(labelsOf("I. TÌNH HÌNH\nI.1. Thuận lợi\n1. Một\nI.2. Khó khăn\nII. GIẢI PHÁP")).toEqual(["I", "I.1", "I.1.1", "I.2", "II"]);
  });

  it("does not take amounts, dates or sentences for marks", () => {
    const text = "1. Kinh phí\n2.5 triệu đồng được cấp cho mỗi xã.\n1.000.000 đồng cho mỗi huyện.\n12.5.2023 là ngày bắt đầu.\nPhần việc còn lại giao Sở Nội vụ.\nMục tiêu là hoàn thành sớm.\nChương 2 của Luật này quy định rõ.\nX quang được trang bị.\nV/v không phải mục.";
    const doc = parseDocument(text);
    expect(flattenClauses(doc).map((c) => c.label)).toEqual(["1"]);
    expect(doc.clauses[0]!.body.split("\n")).toHaveLength(8);
  });

  it("keeps numbered and plain paragraphs both", () => {
    const text = "Kính gửi: Sở Tư pháp\n\nSở Nội vụ xin báo cáo như sau.\n\n1. Về tiến độ: đã xong.\n\nCác đơn vị đã gửi báo cáo đúng hạn.\n\n2. Về kinh phí: đủ.\n\nTrên đây là báo cáo của Sở Nội vụ.";
    const doc = parseDocument(text);
    const flat = flattenClauses(doc);
    expect(flat.map((c) => c.label)).toEqual(["p1", "1", "2", "p2"]);
    expect(flat[1]!.body).toBe("Các đơn vị đã gửi báo cáo đúng hạn.");
    expect(doc.frontMatter).toEqual(["Kính gửi: Sở Tư pháp"]);
    expectWellFormed(doc);
  });

  it("makes every paragraph of an unnumbered report a clause, bullets included", () => {
    const text = "Năm 2023, tỉnh đã triển khai nhiều nhiệm vụ.\n\n- Tổ chức 12 hội nghị;\n- Ban hành 5 văn bản.\n\nKết quả bước đầu là tích cực.";
    const doc = parseDocument(text);
    expect(flattenClauses(doc).map((c) => [c.label, c.kind, c.heading])).toEqual([
      ["p1", "paragraph", "Năm 2023, tỉnh đã triển khai nhiều nhiệm vụ."],
      ["p2", "paragraph", "- Tổ chức 12 hội nghị;"],
      ["p3", "paragraph", "- Ban hành 5 văn bản."],
      ["p4", "paragraph", "Kết quả bước đầu là tích cực."],
    ]);
  });

  it("keeps printed numbers that skip, and makes restarted or repeated numbers unique", () => {
    expect(labelsOf("1. Một\n3. Ba\n4. Bốn")).toEqual(["1", "3", "4"]);
    expect(labelsOf("I. A\n1. Một\n2. Hai\n1. Một lại\n2. Hai lại\n1. Lần ba")).toEqual(["I", "I.1", "I.2", "I.1-2", "I.2-2", "I.1-3"]);
    expect(labelsOf("Điều 1. A\nĐiều 1. B\n1. Khoản")).toEqual(["D1", "D1-2", "D1-2.1"]);
    expect(labelsOf("Chương I\nĐiều 1. A\nChương II\nĐiều 1. B")).toEqual(["C1", "D1", "C2", "D1-2"]);
    const restarted = parseDocument("I. A\n1. Một\n2. Hai\n1. Một lại");
    expect(flattenClauses(restarted).map((c) => c.depth)).toEqual([0, 1, 1, 1]);
  });

  it("closes points when the next item comes, and items when the next Roman section comes", () => {
    expect(labelsOf("1. A\na) x\nb) y\n2. B\na) z")).toEqual(["1", "1.a", "1.b", "2", "2.a"]);
    expect(labelsOf("I. A\n1. x\na) y\nII. B\n1. z")).toEqual(["I", "I.1", "I.1.a", "II", "II.1"]);
  });

  it("closes the numbered part at a closing formula after the last mark, not before", () => {
    const text = "I. A\n1. Một\nTrong quá trình thực hiện, các sở báo cáo hằng tháng.\n2. Hai\nTrên đây là Kế hoạch của tỉnh.\nTrong quá trình triển khai, nếu có vướng mắc thì báo cáo.";
    const d = byLabel(parseDocument(text));
    expect([...d.keys()]).toEqual(["I", "I.1", "I.2", "p1", "p2"]);
    expect(d.get("I.1")?.body).toMatch(/^Trong quá trình thực hiện/);
  });

  it("gives a mark printed alone and followed only by children its printed mark as heading", () => {
    const doc = parseDocument("I.\n1. Mục đích\nĐiều 5.");
    expect(flattenClauses(doc).map((c) => [c.label, c.heading])).toEqual([
      ["I", "I."],
      ["I.1", "Mục đích"],
      ["D5", "Điều 5."],
    ]);
    expectWellFormed(doc);
  });

  it("prints an outline, headings in one column", () => {
    const out = formatOutline(parseDocument("I. NỘI DUNG\n1. Tuyên truyền\na) Tổ chức quán triệt, phổ biến Luật"));
    expect(out.split("\n")).toEqual(["I          NỘI DUNG", "  I.1      Tuyên truyền", "    I.1.a  Tổ chức quán triệt, phổ biến Luật"]);
  });
});

describe("Russian documents", () => {
  it("parses a law: Раздел, Глава, Статья, 1., 1), а)", () => {
    const text = [
      "ПРОЕКТ",
      "ФЕДЕРАЛЬНЫЙ ЗАКОН",
      "О ПОРЯДКЕ РАССМОТРЕНИЯ ОБРАЩЕНИЙ",
      "Раздел I. Общие положения",
      "Глава 1. Основные понятия",
      "Статья 1. Сфера действия",
      "1. Настоящий Федеральный закон регулирует правоотношения.",
      "2. Установленный порядок распространяется:",
      "1) на обращения граждан;",
      "2) на обращения организаций, в том числе:",
      "а) общественных объединений;",
      "б) юридических лиц.",
      "Статья 2. Права граждан",
      "Граждане имеют право обращаться лично.",
      "Статья 3 настоящего Закона применяется с 2025 года.",
      "Глава 2. Заключительные положения",
      "Статья 3. Вступление в силу",
      "Настоящий Федеральный закон вступает в силу с 1 января 2025 года.",
      "Президент Российской Федерации",
      "В. Путин",
    ].join("\n");
    const doc = parseDocument(text);
    expect(doc.language).toBe("ru");
    expect(doc.title).toBe("ФЕДЕРАЛЬНЫЙ ЗАКОН О ПОРЯДКЕ РАССМОТРЕНИЯ ОБРАЩЕНИЙ");
    expect(doc.frontMatter).toEqual(["ПРОЕКТ", "ФЕДЕРАЛЬНЫЙ ЗАКОН", "О ПОРЯДКЕ РАССМОТРЕНИЯ ОБРАЩЕНИЙ"]);
    const flat = byLabel(doc);
    // The two paragraphs of article 2 are its абзацы, each cited on its own.
    expect([...flat.keys()]).toEqual(["P1", "C1", "S1", "S1.1", "S1.2", "S1.2.1", "S1.2.2", "S1.2.2.а", "S1.2.2.б", "S2", "S2.abz1", "S2.abz2", "C2", "S3"]);
    expect(flat.get("S1.2.2.а")).toMatchObject({ kind: "point", number: "а", heading: "общественных объединений;", depth: 5 });
    expect(flat.get("S1.2.1")).toMatchObject({ kind: "item", number: "1" });
    expect(flat.get("S2")?.body).toBe("");
    expect(flat.get("S2.abz2")).toMatchObject({ kind: "paragraph", heading: "Статья 3 настоящего Закона применяется с 2025 года.", citation: "абзац второй статьи 2" });
    expect(flat.get("S1.2.2.а")?.citation).toBe("подпункт а пункта 2 части 2 статьи 1");
    expect(flat.get("S1.2")?.citation).toBe("часть 2 статьи 1");
    expect(flat.get("S3")?.body).toBe("Настоящий Федеральный закон вступает в силу с 1 января 2025 года.");
    // "Глава 2." near the end is a chapter, not the signature of a head of administration.
    expect(flat.get("C2")?.heading).toBe("Заключительные положения");
    expect(doc.backMatter).toEqual(["Президент Российской Федерации", "В. Путин"]);
    expectWellFormed(doc);
  });

  it("parses a plan with Roman sections and 1.1. decimals", () => {
    const text = [
      "УТВЕРЖДЕН",
      "ПЛАН",
      "мероприятий по реализации закона на 2024 год",
      "I. Организационные мероприятия",
      "1. Подготовка",
      "1.1. Сбор предложений",
      "- от органов власти;",
      "1.2. Обобщение",
      "1.2.1. Свод замечаний",
      "2. Проведение",
      "II. Контроль",
      "2.1. Отчёт",
      "Глава администрации И.И. Иванов",
    ].join("\n");
    const doc = parseDocument(text);
    expect(doc.title).toBe("ПЛАН мероприятий по реализации закона на 2024 год");
    const flat = byLabel(doc);
    expect([...flat.keys()]).toEqual(["I", "I.1", "I.1.1", "I.1.2", "I.1.2.1", "I.2", "II", "II.2.1"]);
    expect(flat.get("I.1.1")?.body).toBe("- от органов власти;");
    expect(doc.backMatter).toEqual(["Глава администрации И.И. Иванов"]);
    expectWellFormed(doc);
  });

  it("recognises a resolution's title block and signature", () => {
    const text = [
      "ПРАВИТЕЛЬСТВО РОССИЙСКОЙ ФЕДЕРАЦИИ",
      "ПОСТАНОВЛЕНИЕ",
      "от 12 мая 2023 г. № 45",
      "",
      "г. Москва",
      "Об утверждении положения о порядке согласования",
      "В соответствии с законом Правительство Российской Федерации постановляет:",
      "1. Утвердить прилагаемое положение.",
      "2. Контроль оставляю за собой.",
      "Председатель Правительства",
      "Российской Федерации М. Мишустин",
    ].join("\n");
    const doc = parseDocument(text);
    expect(doc.title).toBe("ПОСТАНОВЛЕНИЕ Об утверждении положения о порядке согласования");
    // The enacting preamble ("… постановляет:") is front matter; "1." in a resolution is a пункт.
    expect(flattenClauses(doc).map((c) => c.label)).toEqual(["1", "2"]);
    expect(doc.frontMatter.at(-1)).toMatch(/постановляет:$/u);
    expect(flattenClauses(doc).map((c) => c.citation)).toEqual(["пункт 1", "пункт 2"]);
    expect(doc.backMatter[0]).toBe("Председатель Правительства");
    expectWellFormed(doc);
  });

  it("makes each paragraph of a plain letter a clause and keeps the closing in the back matter", () => {
    const text = "Уважаемые коллеги!\n\nНаправляем проект положения для согласования.\n\nПросим представить замечания до 1 июля.\n\nС уважением,\nДиректор департамента\nИ.И. Иванов";
    const doc = parseDocument(text);
    expect(flattenClauses(doc).map((c) => c.label)).toEqual(["p1", "p2", "p3"]);
    expect(doc.backMatter).toEqual(["С уважением,", "Директор департамента", "И.И. Иванов"]);
    expectWellFormed(doc);
  });

  it("detects the language unless told, and obeys when told", () => {
    expect(parseDocument("Статья 1. Общие положения").language).toBe("ru");
    expect(parseDocument("Điều 1. Phạm vi").language).toBe("vi");
    expect(parseDocument("", { language: "ru" }).language).toBe("ru");
    expect(parseDocument("Статья 1. Общие", { language: "auto" }).language).toBe("ru");
    // Told Vietnamese, a Russian article mark is not recognised: a plain paragraph.
    expect(labelsOf("Статья 1. Общие", "vi")).toEqual(["p1"]);
  });
});
