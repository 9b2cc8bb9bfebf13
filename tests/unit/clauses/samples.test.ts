/** The real Sóc Trăng documents (app/demo/samples), as agencies actually received them. */
import { describe, expect, it } from "vitest";
import { flattenClauses, parseDocument } from "~/domain/clauses";
import { byLabel, expectWellFormed, readSample } from "./well-formed";

const V1_LABELS = [
  "I", "I.1", "I.1.a", "I.1.b", "I.1.c", "I.2", "I.2.a", "I.2.b", "I.2.c",
  "II", "II.1", "II.1.a", "II.1.b", "II.1.c", "II.1.d",
  "II.2", "II.2.a", "II.2.b", "II.2.c", "II.2.d", "II.2.đ",
  "II.3", "II.3.a", "II.3.b", "II.4",
  "III", "III.1", "III.2", "III.3", "III.4",
  "p1",
];

describe("Sóc Trăng plan, draft 1", () => {
  const doc = parseDocument(readSample("soc-trang-dan-chu-co-so/draft-v1.txt"));
  const clauses = byLabel(doc);

  it("finds every clause, in order", () => {
    expect(doc.language).toBe("vi");
    expect([...clauses.keys()]).toEqual(V1_LABELS);
    expect(doc.count).toBe(V1_LABELS.length);
  });

  it("recognises the front matter and the title, which are not clauses", () => {
    expect(doc.title).toBe("KẾ HOẠCH Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở");
    expect(doc.frontMatter).toEqual([
      "ỦY BAN NHÂN DÂN",
      "TỈNH SÓC TRĂNG",
      "Số: /KH-UBND",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "Sóc Trăng, ngày tháng năm 2023",
      "DỰ THẢO",
      "KẾ HOẠCH",
      "Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở",
      "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;",
      "Căn cứ Quyết định số 346/QĐ-TTg ngày 06 tháng 4 năm 2023 của Thủ tướng Chính phủ ban hành kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở;",
      "Để triển khai thi hành Luật Thực hiện dân chủ ở cơ sở kịp thời, thống nhất, hiệu quả, Ủy ban nhân dân tỉnh Sóc Trăng ban hành Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở, cụ thể như sau:",
    ]);
    for (const c of clauses.values()) {
      expect(`${c.heading}\n${c.body}`).not.toMatch(/CỘNG HÒA XÃ HỘI|Nơi nhận|DỰ THẢO|TM\. ỦY BAN/);
    }
  });

  it("keeps the preamble (legal bases and the enacting line) with the front matter, not as clauses", () => {
    expect(flattenClauses(doc)[0]).toMatchObject({ label: "I", position: 0 });
    expect(doc.frontMatter.at(-1)).toMatch(/^Để triển khai thi hành Luật .* cụ thể như sau:$/);
  });

  it("nests Roman sections, items and lettered points", () => {
    expect(clauses.get("I")).toMatchObject({ kind: "roman", number: "I", heading: "MỤC ĐÍCH, YÊU CẦU", depth: 0, body: "" });
    expect(clauses.get("I.1")).toMatchObject({ kind: "item", number: "1", heading: "Mục đích", parentLabel: "I", depth: 1 });
    expect(clauses.get("I.1.a")).toMatchObject({ kind: "point", number: "a", parentLabel: "I.1", depth: 2, path: ["I", "I.1", "I.1.a"] });
    expect(clauses.get("I.1.a")?.heading).toMatch(/^Xác định cụ thể nội dung công việc/);
  });

  it("puts dash bullets in the body of their point", () => {
    const point = clauses.get("II.1.a")!;
    expect(point.heading).toBe("Tổ chức quán triệt, phổ biến Luật");
    expect(point.body.split("\n")).toEqual([
      "- Cơ quan chủ trì: Sở Nội vụ.",
      "- Cơ quan phối hợp: Sở Tư pháp và các sở, ban, ngành tỉnh, các cơ quan có liên quan, Ủy ban nhân dân các huyện, thị xã, thành phố.",
      "- Thời gian thực hiện: Năm 2023.",
    ]);
  });

  it("keeps plus bullets as paragraphs of their point, and handles đ)", () => {
    const d = clauses.get("II.1.d")!;
    const body = d.body.split("\n");
    expect(body.filter((l) => l.startsWith("+ "))).toHaveLength(3);
    expect(body[0]).toMatch(/^\+ Sở Nội vụ chủ trì phối hợp/);
    expect(body.at(-1)).toBe("- Thời gian thực hiện: Năm 2023 và các năm tiếp theo.");
    expect(clauses.get("II.2.đ")).toMatchObject({ kind: "point", number: "đ", heading: "Ban hành Quy chế thực hiện dân chủ ở cơ sở" });
    expect(clauses.get("III.4")?.heading).toMatch(/^Kinh phí bảo đảm để triển khai/);
  });

  it("joins a paragraph broken across a hard line break, and keeps the closing paragraph as a root clause", () => {
    const closing = clauses.get("p1")!;
    expect(closing).toMatchObject({ kind: "paragraph", depth: 0, parentLabel: null, position: V1_LABELS.length - 1 });
    expect(closing.heading).toMatch(/^Trên đây là Kế hoạch triển khai/);
    expect(closing.heading).toContain("địa phương kịp thời phản ánh về Ủy ban nhân dân tỉnh");
    expect(closing.heading).toMatch(/quyết định\.\/\.$/);
    expect(clauses.get("III.4")?.body).toBe("");
  });

  it("recognises the back matter", () => {
    expect(doc.backMatter).toEqual([
      "Nơi nhận:",
      "- TT.Tỉnh ủy, TT.HĐND tỉnh;",
      "- Ủy ban MTTQ Việt Nam tỉnh;",
      "- Sở, ngành tỉnh;",
      "- Liên đoàn Lao động tỉnh;",
      "- UBND huyện, thị xã, thành phố;",
      "- Lưu: NC, HC.",
      "TM. ỦY BAN NHÂN DÂN",
      "CHỦ TỊCH",
    ]);
  });

  it("is well formed", () => expectWellFormed(doc));
});

describe("Sóc Trăng plan, draft 2 (bold markers, dashes instead of points, a typo in Nơi nhận)", () => {
  const doc = parseDocument(readSample("soc-trang-dan-chu-co-so/draft-v2.txt"));
  const clauses = byLabel(doc);

  it("parses like draft 1, without the points of I.1 and I.2", () => {
    expect([...clauses.keys()]).toEqual(V1_LABELS.filter((l) => !/^I\.\d\.[a-c]$/.test(l)));
    expect(doc.title).toBe("KẾ HOẠCH Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở");
    expect(doc.frontMatter).toContain("ỦY BAN NHÂN DÂN");
    expect(doc.frontMatter).toContain("Độc lập - Tự do - Hạnh phúc");
  });

  it("keeps the dash paragraphs that replaced a) b) c) in the body of I.1", () => {
    const body = clauses.get("I.1")!.body.split("\n");
    expect(body).toHaveLength(3);
    expect(body[0]).toMatch(/^- Xác định cụ thể nội dung công việc/);
    expect(clauses.get("II.1.b")?.body).toContain("Đài Phát thanh và Truyền hình tỉnh");
    // An unbulleted paragraph after the bullets still belongs to the point.
    expect(clauses.get("II.1.d")?.body.split("\n").at(-1)).toBe("Thời gian thực hiện: Năm 2023 và các năm tiếp theo.");
  });

  it("joins hard-broken lines inside bullets and headings", () => {
    expect(clauses.get("II.3.a")?.body).toContain("do mình chủ trì trình cấp thẩm quyền ban hành, gửi kết quả");
    expect(clauses.get("III.4")?.heading).toContain("Sở Tài chính và Ủy ban nhân dân các huyện, thị xã");
  });

  it("recognises 'Noi nhận' written without its diacritic, and the bold signature block", () => {
    expect(doc.backMatter[0]).toBe("Noi nhận:");
    expect(doc.backMatter.slice(-2)).toEqual(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]);
    expect(clauses.get("p1")?.heading).toMatch(/^Trên đây là Kế hoạch.*\/\.$/);
  });

  it("is well formed", () => expectWellFormed(doc));
});

describe("the local government plan (one paragraph per line, no front matter but the title)", () => {
  const doc = parseDocument(readSample("soc-trang-chinh-quyen-dia-phuong.txt"));
  const clauses = byLabel(doc);

  it("finds the title and the preamble, and nothing else, before the body", () => {
    expect(doc.title).toBe("KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG TRÊN ĐỊA BÀN TỈNH SÓC TRĂNG");
    expect(doc.frontMatter.slice(0, 2)).toEqual(["KẾ HOẠCH", "TRIỂN KHAI THI HÀNH LUẬT TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG TRÊN ĐỊA BÀN TỈNH SÓC TRĂNG"]);
    expect(doc.frontMatter[2]).toMatch(/^Căn cứ Quyết định số 1910\/QĐ-TTg.*cụ thể như sau:$/);
    expect(doc.frontMatter).toHaveLength(3);
    expect(doc.backMatter).toEqual([]);
  });

  it("finds the structure", () => {
    expect([...clauses.keys()]).toEqual([
      "I", "II", "II.1", "II.1.a", "II.1.b", "II.2", "II.3", "II.4", "III", "III.1", "III.2", "III.3", "III.4", "p1",
    ]);
    expect(clauses.get("II.1.a")?.heading).toBe("Nội dung, hình thức và cơ quan chủ trì, thực hiện");
    expect(clauses.get("II.1.a")?.body.split("\n")).toHaveLength(4);
  });

  it("keeps the dashes directly under I in its body", () => {
    const body = clauses.get("I")!.body.split("\n");
    expect(body).toHaveLength(3);
    expect(body.every((l) => l.startsWith("- "))).toBe(true);
    // A plain paragraph under an item, before its bullets.
    expect(clauses.get("II.3")?.body).toMatch(/^Sau khi kết thúc cuộc Bầu cử/);
  });

  it("keeps the unnumbered closing paragraph as a root clause", () => {
    const last = flattenClauses(doc).at(-1)!;
    expect(last).toMatchObject({ label: "p1", kind: "paragraph", depth: 0, citation: "đoạn kết" });
    expect(last.heading).toMatch(/^Trong quá trình triển khai thực hiện/);
  });

  it("is well formed", () => expectWellFormed(doc));
});

describe("the invitation letter (no numbering at all)", () => {
  const doc = parseDocument(readSample("soc-trang-dan-chu-co-so/invitation-letter.txt"));

  it("puts issuer, number, subject, motto, date and recipients in the front matter", () => {
    expect(doc.title).toBeNull();
    expect(doc.frontMatter).toEqual([
      "UBND TỈNH SÓC TRĂNG",
      "VĂN PHÒNG",
      "Số.3593 /VP-VX",
      "V/v nghiên cứu, góp ý cho dự thảo Kế hoạch triển khai thi hành Luật thực hiện dân chủ ở cơ sở",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "Sóc Trăng, ngày 04 tháng 7 năm 2023",
      "Kính gửi:",
      "- Các Thành viên Ủy ban nhân dân tỉnh;",
      "- Lãnh đạo Mặt trận Tổ quốc Việt Nam tỉnh;",
      "- Lãnh đạo Liên đoàn Lao động tỉnh;",
      "- Lãnh đạo Bộ Chỉ huy Bộ đội Biên phòng;",
      "- Lãnh đạo Sở Tư pháp;",
      "tỉnh Sóc Trăng.",
    ]);
  });

  it("makes every body paragraph a clause labelled by its position", () => {
    const flat = flattenClauses(doc);
    expect(flat.map((c) => c.label)).toEqual(["p1", "p2", "p3", "p4"]);
    expect(flat.every((c) => c.kind === "paragraph" && c.depth === 0 && c.body === "")).toBe(true);
    expect(flat[0]!.heading).toMatch(/^Sở Nội vụ tham mưu/);
    // "*gửi về Sở Nội vụ trước ngày 06/7/2023*": emphasis gone, words kept.
    expect(flat[2]!.heading).toContain("bằng văn bản, gửi về Sở Nội vụ trước ngày 06/7/2023, để tổng hợp");
    // ".*hlu*": the stray asterisks go, the typist's initials stay.
    expect(flat[3]!.heading).toMatch(/Sóc Trăng"\)\.hlu$/);
    expect(flat.some((c) => c.heading.includes("*"))).toBe(false);
  });

  it("puts Nơi nhận, the signature block and the signer in the back matter", () => {
    expect(doc.backMatter).toEqual(["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Trần Quốc Hưng"]);
  });

  it("is well formed", () => expectWellFormed(doc));
});
