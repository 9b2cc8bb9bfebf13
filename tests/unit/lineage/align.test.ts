import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { flattenClauses, parseDocument } from "~/domain/clauses";
import { alignVersions, type AlignClause, type Link } from "~/domain/lineage/align";

let nextId = 1;
function clausesOf(text: string): AlignClause[] {
  return flattenClauses(parseDocument(text)).map((c) => ({ id: nextId++, label: c.label, heading: c.heading, body: c.body, position: c.position }));
}

/** Links as "relation oldLabel -> newLabel" strings, easy to read in a failing test. */
function describeLinks(links: Link[], olds: AlignClause[], news: AlignClause[]): Map<string, string> {
  const label = new Map([...olds, ...news].map((c) => [c.id, c.label]));
  const out = new Map<string, string>();
  for (const l of links) {
    const key = l.oldId !== null ? `old ${label.get(l.oldId)}` : `new ${label.get(l.newId!)}`;
    out.set(key, `${l.relation} ${l.newId === null ? "-" : label.get(l.newId)}`);
  }
  return out;
}

const sample = (name: string) => fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so", name), "utf8");

describe("the Sóc Trăng pair: draft 1 -> draft 2", () => {
  const v1 = clausesOf(sample("draft-v1.txt"));
  const v2 = clausesOf(sample("draft-v2.txt"));
  const links = alignVersions(v1, v2);
  const map = describeLinks(links, v1, v2);

  it("follows items whose lettered points became dash paragraphs, and merges the points into them", () => {
    expect(map.get("old I.1")).toBe("changed I.1");
    expect(map.get("old I.1.a")).toBe("merged I.1");
    expect(map.get("old I.1.b")).toBe("merged I.1");
    expect(map.get("old I.1.c")).toBe("merged I.1");
    expect(map.get("old I.2.c")).toBe("merged I.2");
  });

  it("sees wording, capitalisation and typo fixes as changes of the same clause", () => {
    expect(map.get("old II.1.b")).toBe("changed II.1.b"); // Đài Phát thanh - Truyền hình -> và
    expect(map.get("old II.1.c")).toBe("changed II.1.c"); // Các sở -> các sở
    expect(map.get("old III.3")).toBe("changed III.3"); // Luật Thanh niên -> Luật Thực hiện dân chủ ở cơ sở
    expect(map.get("old p1")).toBe("changed p1"); // the closing paragraph

  });

  it("keeps what did not change, and accounts for every clause of both versions", () => {
    for (const label of ["I", "II", "II.1", "II.1.a", "II.4", "III"]) expect(map.get(`old ${label}`)).toBe(`kept ${label}`);
    const oldIds = new Set(links.map((l) => l.oldId).filter((x) => x !== null));
    const newIds = new Set(links.map((l) => l.newId).filter((x) => x !== null));
    expect(oldIds.size).toBe(v1.length);
    expect(newIds.size).toBe(v2.length);
  });
});

describe("synthetic redrafting", () => {
  const law = (articles: string[]) => articles.map((a, i) => `Điều ${i + 1}. ${a}`).join("\n");
  const A = [
    "Phạm vi điều chỉnh\nLuật này quy định về thực hiện dân chủ ở cơ sở.",
    "Đối tượng áp dụng\nLuật này áp dụng đối với công dân, cơ quan, tổ chức.",
    "Giải thích từ ngữ\nCơ sở là xã, phường, thị trấn. Cơ quan, đơn vị là cơ quan nhà nước, tổ chức chính trị.",
    "Nguyên tắc thực hiện\nBảo đảm sự lãnh đạo của Đảng, quản lý của Nhà nước.",
    "Trách nhiệm thi hành\nỦy ban nhân dân các cấp tổ chức thi hành Luật này.",
  ];

  it("an article inserted renumbers the rest, which are kept, not changed", () => {
    const olds = clausesOf(law(A));
    const news = clausesOf(law([A[0]!, "Chính sách của Nhà nước\nNhà nước bảo đảm quyền làm chủ của Nhân dân.", ...A.slice(1)]));
    const map = describeLinks(alignVersions(olds, news), olds, news);
    expect(map.get("old D1")).toBe("kept D1");
    expect(map.get("new D2")).toBe("new D2");
    expect(map.get("old D2")).toBe("kept D3");
    expect(map.get("old D5")).toBe("kept D6");
  });

  it("a reordered article is moved; an article split in two and two merged are recognised", () => {
    const olds = clausesOf(law(A));
    const news = clausesOf(
      law([
        A[0]!,
        A[3]!, // moved up
        A[1]!,
        "Giải thích từ ngữ\nCơ sở là xã, phường, thị trấn.", // split: first half
        "Cơ quan, đơn vị\nCơ quan, đơn vị là cơ quan nhà nước, tổ chức chính trị.", // split: second half
        "Trách nhiệm thi hành và hướng dẫn\nỦy ban nhân dân các cấp tổ chức thi hành Luật này. Bộ Nội vụ hướng dẫn thi hành.",
      ]),
    );
    const links = alignVersions(olds, news);
    const map = describeLinks(links, olds, news);
    expect(map.get("old D1")).toBe("kept D1");
    const moved = links.filter((l) => l.relation === "moved").map((l) => l.oldId);
    expect(moved).toHaveLength(1);
    expect([olds[1]!.id, olds[3]!.id]).toContain(moved[0]);
    expect(links.filter((l) => l.relation === "split").map((l) => l.oldId)).toEqual([olds[2]!.id, olds[2]!.id]);
    expect(map.get("old D5")).toMatch(/^changed D6$/);
  });

  it("two articles merged into one: the second is merged into the first's successor", () => {
    const olds = clausesOf(law(A));
    const news = clausesOf(law([A[0]!, "Đối tượng áp dụng\nLuật này áp dụng đối với công dân, cơ quan, tổ chức. Cơ sở là xã, phường, thị trấn. Cơ quan, đơn vị là cơ quan nhà nước, tổ chức chính trị.", A[3]!, A[4]!]));
    const map = describeLinks(alignVersions(olds, news), olds, news);
    expect(map.get("old D2")).toBe("changed D2");
    expect(map.get("old D3")).toBe("merged D2");
    expect(map.get("old D4")).toBe("kept D3");
  });

  it("a removed article is removed; an empty version removes everything", () => {
    const olds = clausesOf(law(A));
    const news = clausesOf(law([A[0]!, A[1]!, A[3]!, A[4]!]));
    expect(describeLinks(alignVersions(olds, news), olds, news).get("old D3")).toBe("removed -");
    expect(alignVersions(olds, []).every((l) => l.relation === "removed")).toBe(true);
    expect(alignVersions([], news).every((l) => l.relation === "new")).toBe(true);
  });
});

describe("the drafter's correction", () => {
  it("recomputes relations from the chosen predecessors", async () => {
    const { linksFromMapping } = await import("~/domain/lineage/align");
    const olds = clausesOf("Điều 1. Phạm vi\nNội dung một.\nĐiều 2. Đối tượng\nNội dung hai.\nĐiều 3. Giải thích\nNội dung ba.");
    const news = clausesOf("Điều 1. Phạm vi\nNội dung một.\nĐiều 2. Đối tượng mới\nNội dung khác hẳn.\nĐiều 3. Giải thích\nNội dung ba.");
    const proposed = alignVersions(olds, news);
    // The drafter says: the new D2 continues the old D2, and the new D3 too (a split).
    const mapping = new Map<number, number | null>([
      [news[0]!.id, olds[0]!.id],
      [news[1]!.id, olds[1]!.id],
      [news[2]!.id, olds[1]!.id],
    ]);
    const map = describeLinks(linksFromMapping(olds, news, mapping, proposed), olds, news);
    expect(map.get("old D1")).toBe("kept D1");
    expect(map.get("old D3")).toBe("removed -");
    const corrected = linksFromMapping(olds, news, mapping, proposed).filter((l) => l.oldId === olds[1]!.id).map((l) => l.relation);
    expect(corrected).toEqual(["split", "split"]);
  });
});
