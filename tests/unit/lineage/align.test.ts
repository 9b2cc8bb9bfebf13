import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { flattenClauses, parseDocument } from "~/domain/clauses";
import { alignVersions, LOW_CONFIDENCE, MIN_CONFIDENCE, type AlignClause, type Link } from "~/domain/lineage/align";
import { ARTICLES, REDRAFTS, lawText } from "../../fixtures/lineage-law";

let nextId = 1;
function clausesOf(text: string): AlignClause[] {
  return flattenClauses(parseDocument(text)).map((c) => ({ id: nextId++, label: c.label, heading: c.heading, body: c.body, position: c.position, depth: c.depth }));
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

describe("the drafter's correction of a merge", () => {
  it("undoes a merge (the source is removed) and keeps the proposed confidence of the pairs left as they were", async () => {
    const { linksFromMapping } = await import("~/domain/lineage/align");
    const olds = clausesOf(lawText(ARTICLES));
    const news = clausesOf(lawText(REDRAFTS.merged));
    const proposed = alignVersions(olds, news);
    const merge = proposed.find((l) => l.relation === "merged")!;
    const mapping = new Map(proposed.filter((l) => l.newId !== null && l.oldId !== null && l.relation !== "merged").map((l) => [l.newId!, l.oldId]));
    const kept = linksFromMapping(olds, news, mapping, proposed);
    expect(kept.find((l) => l.oldId === merge.oldId)).toEqual(merge);
    const undone = linksFromMapping(olds, news, mapping, proposed, new Set([merge.oldId!]));
    expect(undone.find((l) => l.oldId === merge.oldId)).toEqual({ oldId: merge.oldId, newId: null, relation: "removed", score: 0 });
    const primary = proposed.find((l) => l.newId === merge.newId && l.relation !== "merged")!;
    expect(undone.find((l) => l.newId === merge.newId)!.score).toBe(primary.score);
  });
});

describe("a twelve-article law redrafted: every clause pairs with its real counterpart or with none", () => {
  const olds = clausesOf(lawText(ARTICLES));

  /** "D8.2" -> [8, ".2"]. */
  const split = (label: string): [number, string] => {
    const m = /^D(\d+)(.*)$/.exec(label)!;
    return [Number(m[1]), m[2]!];
  };

  /**
   * Checks the links against the articles' fate: `fate(n)` is the new number of old article n (null:
   * deleted). Every clause of a surviving article must pair with the clause of the same place in its new
   * article, kept unless `expected` says otherwise (a pattern, or "removed -"; undefined: not checked
   * here); a deleted article's clauses are removed; no link joins clauses of articles that are not
   * counterparts (`also` names other new articles an old one may reach: a split).
   */
  function check(
    news: AlignClause[],
    fate: (n: number) => number | null,
    expected: (label: string) => string | undefined = () => "kept",
    also: (n: number) => number[] = () => [],
  ) {
    const links = alignVersions(olds, news);
    const map = describeLinks(links, olds, news);
    const label = new Map([...olds, ...news].map((c) => [c.id, c.label]));
    for (const o of olds) {
      const [n, rest] = split(o.label);
      const to = fate(n);
      const want = to === null ? "removed -" : expected(o.label);
      if (want === undefined) continue;
      expect(map.get(`old ${o.label}`), o.label).toMatch(new RegExp(`^${want === "removed -" ? want : `${want} D${to}${rest.replace(/\./g, "\\.")}`}$`));
    }
    const unrelated = links.filter((l) => {
      if (l.oldId === null || l.newId === null) return false;
      const from = split(label.get(l.oldId)!)[0];
      const to = split(label.get(l.newId)!)[0];
      return fate(from) !== to && !also(from).includes(to);
    });
    expect(unrelated.map((l) => `${l.relation} ${label.get(l.oldId!)} -> ${label.get(l.newId!)}`)).toEqual([]);
    // Every pairing other than an identical text carries its confidence, at least MIN_CONFIDENCE.
    for (const l of links) {
      if (l.oldId === null || l.newId === null) expect(l.score).toBe(0);
      else if (l.relation === "kept") expect(l.score).toBe(1);
      else expect(l.score).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    }
    return { links, map };
  }

  it("an article deleted (the later ones renumbered): it is removed, nothing is merged into its neighbour", () => {
    // Điều 7's heading "Hình thức công khai thông tin": every word of it is in Điều 6, unchanged.
    const news = clausesOf(lawText(REDRAFTS.deleted));
    const { links, map } = check(news, (n) => (n === 7 ? null : n < 7 ? n : n - 1));
    expect(map.get("old D6")).toBe("kept D6");
    expect(links.filter((l) => l.relation !== "kept" && l.relation !== "removed")).toEqual([]);
    expect(links.filter((l) => l.relation === "removed")).toHaveLength(4);
  });

  it("whichever article is deleted, only its clauses are removed", () => {
    for (let k = 1; k <= ARTICLES.length; k++) {
      const news = clausesOf(lawText(ARTICLES.filter((_, i) => i !== k - 1)));
      const { links } = check(news, (n) => (n === k ? null : n < k ? n : n - 1));
      expect(links.filter((l) => l.relation !== "kept" && l.relation !== "removed"), `Điều ${k} deleted`).toEqual([]);
    }
  });

  it("an article inserted (renumbering all later ones): it is new, the rest kept", () => {
    const news = clausesOf(lawText(REDRAFTS.inserted));
    const { map } = check(news, (n) => (n <= 3 ? n : n + 1));
    expect(map.get("old D1")).toBe("kept D1"); // not split, though the new heading's words are all in it
    for (const label of ["D4", "D4.1", "D4.2"]) expect(map.get(`new ${label}`)).toBe("new D4" + label.slice(2));
  });

  it("an article inserted anywhere leaves every other clause kept", () => {
    const extra = "Kinh phí thực hiện\nKinh phí bảo đảm cho việc thực hiện dân chủ ở cơ sở do ngân sách nhà nước bố trí theo phân cấp.";
    for (let k = 0; k <= ARTICLES.length; k++) {
      const news = clausesOf(lawText([...ARTICLES.slice(0, k), extra, ...ARTICLES.slice(k)]));
      const { links } = check(news, (n) => (n <= k ? n : n + 1));
      expect(links.filter((l) => l.relation === "new"), `inserted as Điều ${k + 1}`).toHaveLength(1);
    }
  });

  it("two articles swapped: both found, one of them moved", () => {
    const news = clausesOf(lawText(REDRAFTS.swapped));
    const fate = (n: number) => (n === 8 ? 9 : n === 9 ? 8 : n);
    const links = alignVersions(olds, news);
    const map = describeLinks(links, olds, news);
    const moved = links.filter((l) => l.relation === "moved");
    expect(moved.length).toBeGreaterThan(0);
    // Either Điều 9 moved up, or Điều 8 with its khoản moved down.
    expect([["D9"], ["D8", "D8.1", "D8.2", "D8.3"]]).toContainEqual(moved.map((l) => olds.find((o) => o.id === l.oldId)!.label));
    for (const o of olds) {
      const [n, rest] = split(o.label);
      expect(map.get(`old ${o.label}`)).toMatch(new RegExp(`^(kept|moved) D${fate(n)}${rest.replace(/\./g, "\\.")}$`));
    }
  });

  it("one article split into two: both halves linked to the source", () => {
    const news = clausesOf(lawText(REDRAFTS.split));
    const links = alignVersions(olds, news);
    const label = new Map(news.map((c) => [c.id, c.label]));
    const fromD6 = links.filter((l) => l.oldId === olds.find((o) => o.label === "D6")!.id);
    expect(fromD6.map((l) => [l.relation, label.get(l.newId!)])).toEqual([
      ["split", "D6"],
      ["split", "D7"],
    ]);
    for (const l of fromD6) expect(l.score).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    check(news, (n) => (n <= 6 ? n : n + 1), (l) => (l === "D6" ? undefined : "kept"), (n) => (n === 6 ? [7] : []));
  });

  it("two articles merged into one: both sources linked to it, one of them as merged", () => {
    const news = clausesOf(lawText(REDRAFTS.merged));
    const { links } = check(news, (n) => (n <= 9 ? n : n === 10 ? 9 : n - 1), (l) => (l === "D9" || l === "D10" ? "(changed|merged)" : "kept"));
    const into = links.filter((l) => l.newId === news.find((c) => c.label === "D9")!.id).map((l) => [olds.find((o) => o.id === l.oldId)!.label, l.relation]);
    expect(into.map(([o]) => o).sort()).toEqual(["D10", "D9"]);
    expect(into.map(([, r]) => r).sort()).toEqual(["changed", "merged"]);
  });

  it("a khoản rewritten beyond recognition is removed and new, not changed", () => {
    const news = clausesOf(lawText(REDRAFTS.rewritten));
    const { map } = check(news, (n) => n, (l) => (l === "D5.2" ? "removed -" : "kept"));
    expect(map.get("new D5.2")).toBe("new D5.2");
  });

  it("a khoản reworded is changed, with its confidence; a heavier rewording is flagged low", () => {
    const light = ARTICLES.map((a, i) => (i === 2 ? a.replace("có sử dụng người lao động", "có sử dụng lao động theo hợp đồng") : a));
    const heavy = ARTICLES.map((a, i) =>
      i === 3 ? a.replace(/\n2\. [^\n]+/, "\n2. Công khai, minh bạch, khách quan khi tổ chức lấy ý kiến của Nhân dân về các nội dung thực hiện dân chủ.") : a,
    );
    const lightLinks = alignVersions(olds, clausesOf(lawText(light)));
    const d31 = lightLinks.find((l) => l.oldId === olds.find((o) => o.label === "D3.1")!.id)!;
    expect(d31.relation).toBe("changed");
    expect(d31.score).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
    const heavyNews = clausesOf(lawText(heavy));
    const d42 = alignVersions(olds, heavyNews).find((l) => l.oldId === olds.find((o) => o.label === "D4.2")!.id)!;
    expect(d42.relation).toBe("changed");
    expect(d42.newId).toBe(heavyNews.find((c) => c.label === "D4.2")!.id);
    expect(d42.score).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    expect(d42.score).toBeLessThan(LOW_CONFIDENCE);
  });
});
