import { describe, expect, it } from "vitest";
import { flattenClauses, formatOutline, parseDocument } from "~/domain/clauses";
import { expectWellFormed } from "./well-formed";

const labels = (text: string, language?: "vi" | "ru") => flattenClauses(parseDocument(text, { language })).map((c) => c.label);

describe("Vietnamese legal structure", () => {
  const law = [
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
    "Chương II",
    "QUYỀN VÀ NGHĨA VỤ",
    "Mục 1",
    "QUYỀN CỦA CÔNG DÂN",
    "Điều 3.",
    "Quyền của công dân",
    "1. Được thông tin.",
    "Mục 2. NGHĨA VỤ",
    "Tiểu mục 1. Nghĩa vụ chung",
    "Điều 4: Nghĩa vụ của công dân",
    "Công dân có nghĩa vụ tuân thủ pháp luật.",
  ].join("\n");
  const doc = parseDocument(law);
  const flat = new Map(flattenClauses(doc).map((c) => [c.label, c]));

  it("labels parts, chapters, sections, articles, clauses and points", () => {
    expect([...flat.keys()]).toEqual([
      "Pthứ nhất".replace(" ", ""),
      "C1",
      "D1",
      "D2",
      "D2.1",
      "D2.2",
      "D2.2.a",
      "D2.2.đ",
      "CII",
      "CII.M1",
      "D3",
      "D3.1",
      "CII.M2",
      "CII.M2.TM1",
      "D4",
    ].map((l) => (l === "C1" ? "CI" : l)));
  });

  it("takes the heading from the next line when the mark stands alone", () => {
    expect(flat.get("D3")?.heading).toBe("Quyền của công dân");
    expect(flat.get("CII.M1")?.heading).toBe("QUYỀN CỦA CÔNG DÂN");
    expect(flat.get("D4")?.heading).toBe("Nghĩa vụ của công dân");
    expect(flat.get("D4")?.body).toBe("Công dân có nghĩa vụ tuân thủ pháp luật.");
    expect(flat.get("D2.2")?.heading).toBe("Công dân là người có quốc tịch Việt Nam");
  });

  it("nests articles under their chapter", () => {
    expect(flat.get("D1")?.parentLabel).toBe("CI");
    expect(flat.get("D3")?.parentLabel).toBe("CII.M1");
    expect(flat.get("D4")?.parentLabel).toBe("CII.M2.TM1");
  });

  it("is well formed", () => expectWellFormed(doc));
});

describe("decimal numbering and mixed documents", () => {
  it("puts 2.1. and 2.1.3. under their parents without repeating the number", () => {
    const text = "I. NỘI DUNG\n1. Tuyên truyền\n2. Triển khai\n2.1. Ở cấp tỉnh\n2.1.3. Sở Nội vụ\n2.2 Ở cấp huyện\nII. TỔ CHỨC";
    expect(labels(text)).toEqual(["I", "I.1", "I.2", "I.2.1", "I.2.1.3", "I.2.2", "II"]);
  });

  it("keeps numbered and plain paragraphs both", () => {
    const text = "Kính gửi: Sở Tư pháp\n\nSở Nội vụ xin báo cáo như sau.\n\n1. Về tiến độ: đã xong.\n\nCác đơn vị đã gửi báo cáo đúng hạn.\n\n2. Về kinh phí: đủ.\n\nTrên đây là báo cáo của Sở Nội vụ.";
    const doc = parseDocument(text);
    const flat = flattenClauses(doc);
    expect(flat.map((c) => c.label)).toEqual(["p1", "1", "2", "p2"]);
    expect(flat[1]!.body).toBe("Các đơn vị đã gửi báo cáo đúng hạn.");
    expect(doc.frontMatter).toEqual(["Kính gửi: Sở Tư pháp"]);
  });

  it("makes every paragraph of an unnumbered report a clause, bullets included", () => {
    const text = "Năm 2023, tỉnh đã triển khai nhiều nhiệm vụ.\n\n- Tổ chức 12 hội nghị;\n- Ban hành 5 văn bản.\n\nKết quả bước đầu là tích cực.";
    expect(labels(text)).toEqual(["p1", "p2", "p3", "p4"]);
  });

  it("keeps printed numbers that skip, and makes restarted numbers unique", () => {
    expect(labels("1. Một\n3. Ba\n4. Bốn")).toEqual(["1", "3", "4"]);
    expect(labels("I. A\n1. Một\n2. Hai\n1. Một lại\n2. Hai lại")).toEqual(["I", "I.1", "I.2", "I.1-2", "I.2-2"]);
    expect(labels("Điều 1. A\nĐiều 1. B")).toEqual(["D1", "D1-2"]);
  });

  it("closes points when the next item comes", () => {
    expect(labels("1. A\na) x\nb) y\n2. B\na) z")).toEqual(["1", "1.a", "1.b", "2", "2.a"]);
  });

  it("prints an outline", () => {
    const out = formatOutline(parseDocument("I. NỘI DUNG\n1. Tuyên truyền\na) Báo chí"));
    const lines = out.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^I\s+NỘI DUNG$/);
    expect(lines[1]).toMatch(/^ {2}I\.1\s+Tuyên truyền$/);
    expect(lines[2]).toMatch(/^ {4}I\.1\.a\s+Báo chí$/);
    // Headings start in one column.
    expect(new Set(lines.map((l) => l.search(/[NTB]/u))).size).toBe(1);
  });
});

describe("Russian documents", () => {
  it("parses a law: Раздел, Глава, Статья, 1., 1), а)", () => {
    const text = [
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
      "Президент Российской Федерации",
    ].join("\n");
    const doc = parseDocument(text);
    expect(doc.language).toBe("ru");
    expect(doc.title).toBe("ФЕДЕРАЛЬНЫЙ ЗАКОН О ПОРЯДКЕ РАССМОТРЕНИЯ ОБРАЩЕНИЙ");
    const flat = flattenClauses(doc);
    expect(flat.map((c) => c.label)).toEqual(["PI", "C1", "S1", "S1.1", "S1.2", "S1.2.1", "S1.2.2", "S1.2.2.а", "S1.2.2.б", "S2"]);
    expect(flat.find((c) => c.label === "S2")?.body).toContain("Граждане имеют право обращаться лично.");
    expectWellFormed(doc);
  });

  it("parses a plan with Roman sections and 1.1. decimals", () => {
    const text = "ПЛАН\nмероприятий на 2024 год\nI. Организационные мероприятия\n1. Подготовка\n1.1. Сбор предложений\n1.2. Обобщение\n2. Проведение\nII. Контроль\nГлава администрации И.И. Иванов";
    const doc = parseDocument(text);
    expect(flattenClauses(doc).map((c) => c.label)).toEqual(["I", "I.1", "I.1.1", "I.1.2", "I.2", "II"]);
    expect(doc.backMatter).toEqual(["Глава администрации И.И. Иванов"]);
  });

  it("makes each paragraph of a plain letter a clause", () => {
    const text = "Уважаемые коллеги!\n\nНаправляем проект положения для согласования.\n\nПросим представить замечания до 1 июля.";
    expect(labels(text)).toEqual(["p1", "p2", "p3"]);
  });
});
