import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { flattenClauses, parseDocument, type ParsedDocument } from "~/domain/clauses";
import { expectWellFormed } from "./well-formed";

const dir = path.resolve("app/demo/samples");
const read = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");

function byLabel(doc: ParsedDocument) {
  return new Map(flattenClauses(doc).map((c) => [c.label, c]));
}

describe("Sóc Trăng plan, draft 1", () => {
  const doc = parseDocument(read("soc-trang-dan-chu-co-so/draft-v1.txt"));
  const clauses = byLabel(doc);

  it("recognises the front matter and the title, which are not clauses", () => {
    expect(doc.language).toBe("vi");
    expect(doc.title).toBe("KẾ HOẠCH Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở");
    expect(doc.frontMatter).toEqual(
      expect.arrayContaining(["ỦY BAN NHÂN DÂN", "TỈNH SÓC TRĂNG", "Số: /KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "DỰ THẢO"]),
    );
    for (const c of clauses.values()) {
      expect(`${c.heading}\n${c.body}`).not.toMatch(/CỘNG HÒA XÃ HỘI|Nơi nhận|DỰ THẢO/);
    }
  });

  it("keeps the preamble as paragraph clauses p1–p3", () => {
    expect(clauses.get("p1")?.heading).toBe("Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;");
    expect(clauses.get("p2")?.heading).toMatch(/^Căn cứ Quyết định số 346\/QĐ-TTg/);
    expect(clauses.get("p3")?.heading).toMatch(/^Để triển khai thi hành Luật/);
    expect(clauses.get("p1")?.kind).toBe("paragraph");
  });

  it("nests Roman sections, items and lettered points", () => {
    expect(clauses.get("I")).toMatchObject({ kind: "roman", number: "I", heading: "MỤC ĐÍCH, YÊU CẦU", depth: 0 });
    expect(clauses.get("I.1")).toMatchObject({ kind: "item", heading: "Mục đích", parentLabel: "I" });
    expect(clauses.get("I.1.a")).toMatchObject({ kind: "point", parentLabel: "I.1" });
    const point = clauses.get("II.1.a")!;
    expect(point.heading).toBe("Tổ chức quán triệt, phổ biến Luật");
    expect(point.body).toContain("- Cơ quan chủ trì: Sở Nội vụ.");
    expect(point.body.split("\n")).toHaveLength(3);
  });

  it("keeps plus bullets as paragraphs of their point, and handles đ)", () => {
    const d = clauses.get("II.1.d")!;
    expect(d.body).toContain("+ Sở Nội vụ chủ trì phối hợp");
    expect(d.body).toContain("- Thời gian thực hiện: Năm 2023 và các năm tiếp theo.");
    expect(clauses.get("II.2.đ")?.heading).toBe("Ban hành Quy chế thực hiện dân chủ ở cơ sở");
    expect(clauses.get("III.4")?.heading).toMatch(/^Kinh phí bảo đảm/);
  });

  it("joins a paragraph broken across a hard line break, and keeps the closing paragraph as a clause", () => {
    const closing = [...clauses.values()].find((c) => c.heading.startsWith("Trên đây là Kế hoạch"))!;
    expect(closing.kind).toBe("paragraph");
    expect(closing.depth).toBe(0);
    expect(closing.heading).toContain("kịp thời phản ánh về Ủy ban nhân dân tỉnh");
  });

  it("recognises the back matter, bold markers and all", () => {
    expect(doc.backMatter[0]).toBe("Nơi nhận:");
    expect(doc.backMatter).toContain("TM. ỦY BAN NHÂN DÂN");
    expect(doc.backMatter).toContain("CHỦ TỊCH");
  });

  it("is well formed", () => expectWellFormed(doc));
});

describe("Sóc Trăng plan, draft 2", () => {
  const doc = parseDocument(read("soc-trang-dan-chu-co-so/draft-v2.txt"));
  const clauses = byLabel(doc);

  it("keeps the dash paragraphs that replaced a) b) c) in the body of I.1", () => {
    expect(clauses.has("I.1.a")).toBe(false);
    expect(clauses.get("I.1")?.body).toContain("- Xác định cụ thể nội dung công việc");
    expect(clauses.get("II.1.b")?.body).toContain("Đài Phát thanh và Truyền hình tỉnh");
  });

  it("recognises 'Noi nhận' written without its diacritic as back matter", () => {
    expect(doc.backMatter[0]).toBe("Noi nhận:");
    expect([...clauses.values()].some((c) => c.heading.startsWith("- TT.Tỉnh ủy"))).toBe(false);
  });

  it("is well formed", () => expectWellFormed(doc));
});

describe("the local government plan (one paragraph per line, no front matter but the title)", () => {
  const doc = parseDocument(read("soc-trang-chinh-quyen-dia-phuong.txt"));
  const clauses = byLabel(doc);

  it("finds the title and the structure", () => {
    expect(doc.title).toMatch(/^KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG/);
    for (const label of ["I", "II", "II.1", "II.1.a", "II.1.b", "II.2", "II.3", "II.4", "III", "III.4"]) {
      expect(clauses.has(label), label).toBe(true);
    }
    expect(clauses.get("I")?.body.split("\n")).toHaveLength(3);
  });

  it("keeps the unnumbered closing paragraph as a clause", () => {
    const last = flattenClauses(doc).at(-1)!;
    expect(last.kind).toBe("paragraph");
    expect(last.heading).toMatch(/^Trong quá trình triển khai thực hiện/);
  });

  it("is well formed", () => expectWellFormed(doc));
});

describe("the invitation letter (no numbering at all)", () => {
  const doc = parseDocument(read("soc-trang-dan-chu-co-so/invitation-letter.txt"));

  it("puts issuer, number, subject, motto, date and recipients in the front matter", () => {
    expect(doc.frontMatter[0]).toBe("UBND TỈNH SÓC TRĂNG");
    expect(doc.frontMatter).toContain("Kính gửi:");
    expect(doc.frontMatter).toContain("- Lãnh đạo Sở Tư pháp;");
    expect(doc.frontMatter).toContain("tỉnh Sóc Trăng.");
    expect(doc.frontMatter.find((l) => l.startsWith("V/v"))).toBe(
      "V/v nghiên cứu, góp ý cho dự thảo Kế hoạch triển khai thi hành Luật thực hiện dân chủ ở cơ sở",
    );
  });

  it("makes every body paragraph a clause labelled by its position", () => {
    const flat = flattenClauses(doc);
    expect(flat.map((c) => c.label)).toEqual(["p1", "p2", "p3", "p4"]);
    expect(flat[0]!.heading).toMatch(/^Sở Nội vụ tham mưu/);
    // "*gửi về Sở Nội vụ trước ngày 06/7/2023*": emphasis gone, words kept.
    expect(flat[2]!.heading).toContain("gửi về Sở Nội vụ trước ngày 06/7/2023,");
  });

  it("puts Nơi nhận, the signature block and the signer in the back matter", () => {
    expect(doc.backMatter).toEqual(["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Trần Quốc Hưng"]);
  });

  it("is well formed", () => expectWellFormed(doc));
});
