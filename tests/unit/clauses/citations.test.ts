/** How clauses are cited: what people read everywhere instead of internal labels. */
import { describe, expect, it } from "vitest";
import { flattenClauses, parseDocument } from "~/domain/clauses";
import { russianOrdinal } from "~/domain/clauses/citation";
import { expectWellFormed } from "./well-formed";

const cites = (text: string, language?: "vi" | "ru") =>
  new Map(flattenClauses(parseDocument(text, { language })).map((c) => [c.label, c.citation]));

describe("Vietnamese citations", () => {
  it("cites a law from the smallest unit up, stopping at the article", () => {
    const c = cites(
      ["Phần thứ nhất", "QUY ĐỊNH CHUNG", "Chương I", "NHỮNG QUY ĐỊNH CHUNG", "Mục 1", "PHẠM VI", "Điều 2. Giải thích", "1. Cơ sở;", "2. Công dân:", "3. Người:", "a) Từ đủ 18 tuổi;"].join("\n"),
    );
    expect(c.get("P1")).toBe("Phần thứ nhất");
    expect(c.get("C1")).toBe("Chương I");
    expect(c.get("C1.M1")).toBe("Mục 1 Chương I");
    expect(c.get("D2")).toBe("Điều 2");
    expect(c.get("D2.3")).toBe("khoản 3 Điều 2");
    expect(c.get("D2.3.a")).toBe("điểm a khoản 3 Điều 2");
  });

  it("cites a plan by its Roman sections, items, points and decimals", () => {
    const c = cites(["I. MỤC ĐÍCH", "1. Mục đích", "a) Xác định nội dung.", "2. Nội dung", "2.1. Chi tiết", "2.1.3. Chi tiết hơn", "II. NHIỆM VỤ"].join("\n"));
    expect(c.get("I")).toBe("Mục I");
    expect(c.get("I.1")).toBe("khoản 1 Mục I");
    expect(c.get("I.1.a")).toBe("điểm a khoản 1 Mục I");
    expect(c.get("I.2.1")).toBe("Mục I.2.1");
    expect(c.get("I.2.1.3")).toBe("Mục I.2.1.3");
  });

  it("cites an inserted clause inside an article by its printed number", () => {
    const c = cites(["Điều 3. Nguyên tắc", "5. Khoản năm.", "5.1. Khoản chèn.", "Điều 3a. Điều chèn"].join("\n"));
    expect(c.get("D3.5_1")).toBe("khoản 5.1 Điều 3");
    expect(c.get("D3a")).toBe("Điều 3a");
  });

  it("cites unnumbered paragraphs as the opening or closing paragraph", () => {
    const c = cites(["Năm 2023 tỉnh đã làm nhiều việc.", "I. KẾT QUẢ", "1. Tốt.", "Trên đây là báo cáo."].join("\n"));
    expect(c.get("p1")).toBe("đoạn mở đầu");
    expect(c.get("p2")).toBe("đoạn kết");
  });

  it("cites table rows by their container and STT, and appendices after the signature", () => {
    const doc = parseDocument(
      [
        "I. NHIỆM VỤ",
        "1. Tổ chức thực hiện.",
        "Nơi nhận:",
        "- Như trên;",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "PHỤ LỤC I",
        "DANH MỤC NHIỆM VỤ",
        "",
        "| STT | Nội dung công việc | Cơ quan chủ trì | Thời gian |",
        "| --- | --- | --- | --- |",
        "| 1 | Xây dựng kho dữ liệu | Sở Nội vụ | Quý II/2025 |",
        "| 2 | Tập huấn<br>cán bộ | Sở Tư pháp | Quý III/2025 |",
      ].join("\n"),
    );
    const flat = new Map(flattenClauses(doc).map((c) => [c.label, c]));
    expect(doc.backMatter).toEqual(["Nơi nhận:", "- Như trên;", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
    expect(flat.get("PL1")).toMatchObject({ kind: "appendix", number: "I", heading: "DANH MỤC NHIỆM VỤ", citation: "Phụ lục I" });
    expect(flat.get("PL1.T1")).toMatchObject({ kind: "table", heading: "", body: "Các cột: STT, Nội dung công việc, Cơ quan chủ trì, Thời gian" });
    expect(flat.get("PL1.T1.R1")).toMatchObject({
      kind: "row",
      number: "1",
      heading: "Xây dựng kho dữ liệu",
      body: "Cơ quan chủ trì: Sở Nội vụ\nThời gian: Quý II/2025",
      citation: "Phụ lục I, dòng 1",
    });
    expect(flat.get("PL1.T1.R2")).toMatchObject({ heading: "Tập huấn", body: "cán bộ\nCơ quan chủ trì: Sở Tư pháp\nThời gian: Quý III/2025" });
    expectWellFormed(doc);
  });

  it("names a table by the caption before it, and counts tables when a unit has several", () => {
    const text = ["II. NỘI DUNG", "Danh mục nhiệm vụ", "| STT | Việc |", "|---|---|", "| 1 | A |", "", "| STT | Việc |", "|---|---|", "| 1 | B |"].join("\n");
    const flat = new Map(flattenClauses(parseDocument(text)).map((c) => [c.label, c]));
    expect(flat.get("II.T1")).toMatchObject({ heading: "Danh mục nhiệm vụ", citation: "Mục II, bảng 1" });
    expect(flat.get("II.T2.R1")?.citation).toBe("Mục II, bảng 2, dòng 1");
    expect(flat.get("II")?.body).toBe("");
  });
});

describe("Russian citations", () => {
  const law = [
    "Статья 2. Основные понятия",
    "Для целей настоящего Федерального закона используются следующие понятия:",
    "объект — то, на что направлено;",
    "субъект — тот, кто действует.",
    "Статья 22. Полномочия",
    "1. Органы вправе:",
    "1) принимать решения;",
    "а) по вопросам местного значения;",
    "Статья 22.1. Дополнительные полномочия",
    "Текст статьи.",
  ].join("\n");
  const c = cites(law, "ru");

  it("cites абзацы, пункты and подпункты with the higher units in the genitive", () => {
    expect(c.get("S2.abz3")).toBe("абзац третий статьи 2");
    expect(c.get("S22.1")).toBe("часть 1 статьи 22");
    expect(c.get("S22.1.1")).toBe("пункт 1 части 1 статьи 22");
    expect(c.get("S22.1.1.а")).toBe("подпункт а пункта 1 части 1 статьи 22");
  });

  it("labels an inserted article apart from part 1 of the article before it", () => {
    expect(c.get("S22_1")).toBe("статья 22.1");
    expect(c.has("S22.1-2")).toBe(false);
  });

  it("writes ordinals in words", () => {
    expect(russianOrdinal(1)).toEqual({ nom: "первый", gen: "первого" });
    expect(russianOrdinal(3)).toEqual({ nom: "третий", gen: "третьего" });
    expect(russianOrdinal(21)).toEqual({ nom: "двадцать первый", gen: "двадцать первого" });
    expect(russianOrdinal(40).nom).toBe("сороковой");
  });

  it("keeps the adoption block in the front matter", () => {
    const doc = parseDocument(["ФЕДЕРАЛЬНЫЙ ЗАКОН", "О местном самоуправлении", "Принят Государственной Думой 16 сентября 2003 года", "Одобрен Советом Федерации 24 сентября 2003 года", "Статья 1. Предмет", "Текст."].join("\n"));
    expect(doc.frontMatter).toHaveLength(4);
    expect(flattenClauses(doc).map((x) => x.label)).toEqual(["S1"]);
  });

  it("reads an appendix to a resolution", () => {
    const doc = parseDocument(["1. Утвердить перечень.", "Председатель Правительства", "Российской Федерации М. Мишустин", "Приложение № 1 к постановлению Правительства от 12 мая 2023 г. № 45", "1. Первый пункт приложения."].join("\n"), { language: "ru" });
    const flat = flattenClauses(doc);
    expect(flat.map((x) => [x.label, x.citation])).toEqual([
      ["1", "пункт 1"],
      ["PL1", "приложение 1"],
      ["PL1.1", "пункт 1 приложения 1"],
    ]);
  });
});

describe("article headings as real texts print them", () => {
  it("takes 'Điều 5 Chính sách…' without its stop where article 5 comes next, and 'Điều 24:Nguyên tắc'", () => {
    const doc = parseDocument(["Điều 4. Phạm vi", "Nội dung.", "Điều 5 Chính sách của Nhà nước", "Nhà nước bảo đảm.", "Điều 24:Nguyên tắc", "Điều 7 Luật Đất đai quy định rõ."].join("\n"));
    const flat = flattenClauses(doc);
    expect(flat.map((x) => [x.label, x.heading])).toEqual([
      ["D4", "Phạm vi"],
      ["D5", "Chính sách của Nhà nước"],
      ["D24", "Nguyên tắc"],
    ]);
    expect(flat[2]!.body).toBe("Điều 7 Luật Đất đai quy định rõ.");
  });

  it("does not take a sentence naming an article out of sequence", () => {
    const flat = flattenClauses(parseDocument(["Điều 1. Phạm vi", "Điều 9 Luật Đất đai"].join("\n")));
    expect(flat.map((x) => x.label)).toEqual(["D1"]);
  });
});
