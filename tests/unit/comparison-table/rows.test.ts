import { describe, expect, it } from "vitest";
import { buildComparisonTable } from "~/domain/comparison-table/model";
import { buildComparisonRows, pairLinks, type ReasonComment, type VersionLinkEdge } from "~/domain/comparison-table/rows";
import type { CompareClause } from "~/domain/diff/compare";
import { reportSettingsSchema } from "~/domain/report/settings";
import { translator } from "~/i18n";

const clause = (id: number, position: number, citation: string, body: string): CompareClause => ({ id, label: `L${id}`, citation, kind: "khoan", heading: "", body, position, depth: 1 });

// Version 1 (ids 1..), version 2 (ids 11..), version 3 (ids 21..).
const v1 = [clause(1, 0, "khoản 1 Điều 1", "Sở Thông tin và Truyền thông chủ trì."), clause(2, 1, "khoản 2 Điều 1", "Đài Phát thanh - Truyền hình phối hợp.")];
const v2 = [
  clause(11, 0, "khoản 1 Điều 1", "Sở Thông tin và Truyền thông chủ trì."),
  clause(12, 1, "khoản 2 Điều 1", "Đài Phát thanh - Truyền hình phối hợp."),
  clause(13, 2, "khoản 3 Điều 1", "Báo Sóc Trăng đăng tải."),
  clause(14, 3, "khoản 4 Điều 1", "Văn phòng UBND tỉnh theo dõi."),
];
const v3 = [
  clause(21, 0, "khoản 1 Điều 1", "Sở Thông tin và Truyền thông chủ trì, hướng dẫn."),
  clause(22, 1, "khoản 2 Điều 1", "Đài Phát thanh và Truyền hình phối hợp."),
  clause(23, 2, "khoản 3 Điều 1", "Báo Sóc Trăng đăng tải."),
  clause(25, 3, "khoản 4 Điều 1", "Các huyện, thị xã, thành phố triển khai."),
];
const edges: VersionLinkEdge[] = [
  { fromVersionId: 1, toVersionId: 2, oldClauseId: 1, newClauseId: 11, relation: "kept" },
  { fromVersionId: 1, toVersionId: 2, oldClauseId: 2, newClauseId: 12, relation: "kept" },
  { fromVersionId: 1, toVersionId: 2, oldClauseId: null, newClauseId: 13, relation: "new" },
  { fromVersionId: 1, toVersionId: 2, oldClauseId: null, newClauseId: 14, relation: "new" },
  { fromVersionId: 2, toVersionId: 3, oldClauseId: 11, newClauseId: 21, relation: "changed" },
  { fromVersionId: 2, toVersionId: 3, oldClauseId: 12, newClauseId: 22, relation: "changed" },
  { fromVersionId: 2, toVersionId: 3, oldClauseId: 13, newClauseId: 23, relation: "kept" },
  { fromVersionId: 2, toVersionId: 3, oldClauseId: 14, newClauseId: null, relation: "removed" },
  { fromVersionId: 2, toVersionId: 3, oldClauseId: null, newClauseId: 25, relation: "new" },
];

const accepted = (over: Partial<ReasonComment>): ReasonComment => ({
  clauseId: null,
  anchorQuote: null,
  suggestion: null,
  answerId: 1,
  decision: "accepted",
  answerText: "",
  answerNewClauseId: null,
  author: "Sở Tư pháp",
  ...over,
});

function rows(comments: ReasonComment[], from = v2, to = v3, fromId = 2, toId = 3) {
  return buildComparisonRows({ oldClauses: from, newClauses: to, links: pairLinks(edges, fromId, toId, from, to), edges, comments });
}

describe("comparison table rows", () => {
  it("lists changed, new and removed clauses, not unchanged ones, in the new version's order (removed ones where they stood)", () => {
    const r = rows([]);
    expect(r.map((x) => [x.relation, x.citation])).toEqual([
      ["changed", "khoản 1 Điều 1"],
      ["changed", "khoản 2 Điều 1"],
      ["new", "khoản 4 Điều 1"],
      ["removed", "khoản 4 Điều 1"],
    ]);
  });

  it("a removed clause: the old wording, struck through whole in the new column, cited by its old citation", () => {
    const removed = rows([]).find((x) => x.relation === "removed")!;
    expect(removed.oldText).toBe("Văn phòng UBND tỉnh theo dõi.");
    expect(removed.newText).toBe("");
    expect(removed.changes).toEqual([{ op: "removed", text: "Văn phòng UBND tỉnh theo dõi." }]);
  });

  it("a new clause: no old wording, all of it inserted", () => {
    const added = rows([]).find((x) => x.relation === "new")!;
    expect(added.oldText).toBe("");
    expect(added.changes).toEqual([{ op: "added", text: "Các huyện, thị xã, thành phố triển khai." }]);
  });

  it("a change with no comment behind it is the drafter's own edit", () => {
    const r = rows([]);
    expect(r.every((x) => x.reasons.length === 0)).toBe(true);
    const t = translator("vi");
    const model = buildComparisonTable(
      { lang: "vi", title: "Quyết định", draftingAgencyName: "Sở Nội vụ", oldLabel: "Dự thảo lần 2", newLabel: "Dự thảo lần 3", timeZone: "Asia/Ho_Chi_Minh", now: Date.UTC(2026, 10, 1), settings: reportSettingsSchema.parse({}), rows: r },
      t,
    );
    expect(model.rows[0]!.reason).toEqual(["Chỉnh sửa của cơ quan soạn thảo"]);
    expect(model.rows[0]!.drafterEdit).toBe(true);
    expect(model.columns).toEqual(["STT", "Điều, khoản", "Nội dung Dự thảo lần 2", "Nội dung Dự thảo lần 3", "Lý do chỉnh sửa"]);
    expect(model.title).toBe("BẢNG SO SÁNH");
    expect(model.header.motto).toBe("Độc lập - Tự do - Hạnh phúc");
  });

  it("a change with the reason from two agencies, one on an older version followed forward, and a phrase suggestion quoted", () => {
    const comments = [
      // On version 1's clause 2, which version 2 kept and version 3 changed.
      accepted({ clauseId: 2, answerId: 7, answerText: "Đã sửa tên đơn vị.", author: "Sở Tư pháp" }),
      accepted({ clauseId: 12, answerId: 7, answerText: "Đã sửa tên đơn vị.", author: "Đài Phát thanh - Truyền hình tỉnh", anchorQuote: "Phát thanh - Truyền hình", suggestion: "Phát thanh và Truyền hình" }),
      // Partly accepted, its answer saying where it landed: only that row.
      accepted({ clauseId: 14, answerId: 9, decision: "partly", answerText: "Chuyển giao cho các huyện.", answerNewClauseId: 25, author: "UBND huyện Mỹ Xuyên" }),
      // Explained or noted answers are not in the query; a general comment has no clause.
      accepted({ clauseId: null, answerId: 10, author: "Sở Tài chính" }),
    ];
    const r = rows(comments);
    const changed = r.find((x) => x.citation === "khoản 2 Điều 1")!;
    expect(changed.reasons).toEqual([
      {
        answerId: 7,
        decision: "accepted",
        authors: ["Sở Tư pháp", "Đài Phát thanh - Truyền hình tỉnh"],
        text: "Đã sửa tên đơn vị.",
        suggestions: [{ author: "Đài Phát thanh - Truyền hình tỉnh", quote: "Phát thanh - Truyền hình", suggestion: "Phát thanh và Truyền hình" }],
      },
    ]);
    expect(changed.changes.filter((p) => p.op !== "same")).toEqual([
      { op: "removed", text: "-" },
      { op: "added", text: "và" },
    ]);
    expect(r.find((x) => x.relation === "new")!.reasons.map((x) => x.answerId)).toEqual([9]);
    // The answer landed in the new clause: not attributed to the removed one as well.
    expect(r.find((x) => x.relation === "removed")!.reasons).toEqual([]);
    expect(r.find((x) => x.citation === "khoản 1 Điều 1")!.reasons).toEqual([]);

    const model = buildComparisonTable(
      { lang: "vi", title: "Quyết định", draftingAgencyName: "Sở Nội vụ", oldLabel: "Dự thảo lần 2", newLabel: "Dự thảo lần 3", timeZone: "Asia/Ho_Chi_Minh", now: 0, settings: reportSettingsSchema.parse({}), rows: r },
      translator("vi"),
    );
    expect(model.rows[1]!.reason).toEqual([
      "Tiếp thu ý kiến của Sở Tư pháp và Đài Phát thanh - Truyền hình tỉnh: Đã sửa tên đơn vị.",
      "Đài Phát thanh - Truyền hình tỉnh đề nghị sửa “Phát thanh - Truyền hình” thành “Phát thanh và Truyền hình”.",
    ]);
    expect(model.rows[2]!.reason).toEqual(["Tiếp thu một phần ý kiến của UBND huyện Mỹ Xuyên: Chuyển giao cho các huyện."]);
  });

  it("a comment on an older version is a reason only if its clause reached the old version unchanged", () => {
    // Here clause 1 of version 1 was changed in version 2.
    const changedEdges = edges.map((e) => (e.oldClauseId === 1 && e.newClauseId === 11 ? { ...e, relation: "changed" as const } : e));
    const r = buildComparisonRows({
      oldClauses: v2,
      newClauses: v3,
      links: pairLinks(changedEdges, 2, 3, v2, v3),
      edges: changedEdges,
      comments: [accepted({ clauseId: 1, answerId: 3, author: "Sở Tư pháp" }), accepted({ clauseId: 2, answerId: 4, author: "Sở Tài chính" })],
    });
    // Taken in by the change from version 1 to 2: not a reason for the change from 2 to 3.
    expect(r.find((x) => x.citation === "khoản 1 Điều 1")!.reasons).toEqual([]);
    // Kept word for word into version 2, then changed: this change answers it.
    expect(r.find((x) => x.citation === "khoản 2 Điều 1")!.reasons.map((x) => x.authors)).toEqual([["Sở Tài chính"]]);
  });

  it("versions not consecutive: the stored links composed through the version between, never aligned", () => {
    const r = rows([], v1, v3, 1, 3);
    expect(r.map((x) => [x.relation, x.citation])).toEqual([
      ["changed", "khoản 1 Điều 1"],
      ["changed", "khoản 2 Điều 1"],
      ["new", "khoản 3 Điều 1"],
      ["new", "khoản 4 Điều 1"],
    ]);
  });

  it("a split and a merge are rows even when no word changed; a change of form only is not", () => {
    const a = [clause(1, 0, "khoản 1", "Một. Hai."), clause(2, 1, "khoản 2", "Ba."), clause(3, 2, "khoản 3", "Bốn  năm.")];
    const b = [clause(11, 0, "khoản 1", "Một."), clause(12, 1, "khoản 2", "Hai.\nBa."), clause(13, 2, "khoản 3", "Bốn năm.")];
    const links = [
      { oldId: 1, newId: 11, relation: "split" as const, score: 1 },
      { oldId: 1, newId: 12, relation: "split" as const, score: 1 },
      { oldId: 2, newId: 12, relation: "merged" as const, score: 1 },
      { oldId: 3, newId: 13, relation: "changed" as const, score: 1 },
    ];
    const r = buildComparisonRows({ oldClauses: a, newClauses: b, links, edges: [], comments: [] });
    expect(r.map((x) => x.citation)).toEqual(["khoản 1", "khoản 2"]);
    expect(r[1]!.oldText).toBe("Một. Hai.\nBa.");
  });

  it("a long law: two versions of 3,000 clauses, 20,000 accepted comments on them and an earlier version, rows built at once (under 3 s on a loaded machine)", () => {
    const n = 3000;
    const make = (base: number, version: number) => Array.from({ length: n }, (_, i) => clause(base + i, i, `khoản ${i + 1}`, `Nội dung khoản ${i + 1} của dự thảo lần ${version % 2 === 0 && i % 3 === 0 ? "mới" : "cũ"}.`));
    const a = make(100_000, 2); // version 1 kept word for word in version 2
    const b = make(200_000, 2);
    const c = make(300_000, 3);
    const longEdges: VersionLinkEdge[] = [
      ...a.map((x, i) => ({ fromVersionId: 1, toVersionId: 2, oldClauseId: x.id, newClauseId: b[i]!.id, relation: "kept" as const })),
      ...b.map((x, i) => ({ fromVersionId: 2, toVersionId: 3, oldClauseId: x.id, newClauseId: c[i]!.id, relation: "changed" as const })),
    ];
    const many = Array.from({ length: 20_000 }, (_, i) => accepted({ clauseId: (i % 2 === 0 ? a : b)[i % n]!.id, answerId: i, author: `Cơ quan ${i % 40}` }));
    const started = performance.now();
    const r = buildComparisonRows({ oldClauses: b, newClauses: c, links: pairLinks(longEdges, 2, 3, b, c), edges: longEdges, comments: many });
    const ms = performance.now() - started;
    expect(r).toHaveLength(n / 3);
    expect(r.every((x) => x.reasons.length > 0)).toBe(true);
    expect(ms).toBeLessThan(3000);
  });
});
