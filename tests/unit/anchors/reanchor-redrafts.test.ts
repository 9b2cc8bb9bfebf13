/**
 * Re-anchoring on redrafts (issue 16), beyond reanchor.test.ts: insertion points (context only), the
 * quote appearing twice in the version (in the clause and in another one), the clause deleted while
 * its words remain elsewhere, and anchorsNow() following the stored lineage through versions and
 * splits. In every case a comment is either where it belongs or honestly not placed.
 */
import { describe, expect, it } from "vitest";
import { anchorsNow, type AnchoredComment } from "~/domain/anchors/anchors-now";
import { makeAnchor, reanchor, type AnchorClause } from "~/domain/anchors/reanchor";

const B: AnchorClause = { id: 1, label: "II.1.b", text: "- Cơ quan chủ trì: Sở Thông tin và Truyền thông; Đài Phát thanh - Truyền hình tỉnh, Báo Sóc Trăng và các phương tiện thông tin đại chúng." };
const C: AnchorClause = { id: 2, label: "II.1.c", text: "- Cơ quan phối hợp: Sở Nội vụ, Ủy ban nhân dân các huyện, thị xã, thành phố; Đài Phát thanh - Truyền hình tỉnh phối hợp đưa tin." };
const DAI = "Đài Phát thanh - Truyền hình";
const lineage = (pairs: [number, number | null][]) => new Map(pairs);
const pointAfter = (clause: AnchorClause, words: string) => {
  const at = clause.text.indexOf(words) + words.length;
  return makeAnchor(clause, at, at);
};

describe("insertion points (an empty quote: context only)", () => {
  it("exact: words added elsewhere in the clause, the point's context intact", () => {
    const anchor = pointAfter(B, "Báo Sóc Trăng");
    const text = `${B.text.slice(0, -1)}, Cổng Thông tin điện tử tỉnh.`;
    const at = text.indexOf("Báo Sóc Trăng") + "Báo Sóc Trăng".length;
    expect(reanchor(anchor, [{ id: 11, label: "II.1.b", text }], lineage([[1, 11]]))).toEqual({ state: "exact", clauseId: 11, start: at, end: at });
  });

  it("moved: the clause renumbered", () => {
    const anchor = pointAfter(B, "Báo Sóc Trăng");
    const result = reanchor(anchor, [{ id: 12, label: "II.2.a", text: B.text }], lineage([[1, 12]]));
    expect(result).toMatchObject({ state: "moved", clauseId: 12, start: anchor.start, end: anchor.start });
  });

  it("changed: words now stand between the point's two sides, given as the new text", () => {
    const anchor = pointAfter(B, "Báo Sóc Trăng");
    const text = B.text.replace("Báo Sóc Trăng và", "Báo Sóc Trăng, Cổng Thông tin điện tử tỉnh và");
    const result = reanchor(anchor, [{ id: 13, label: "II.1.b", text }], lineage([[1, 13]]));
    expect(result).toMatchObject({ state: "changed", clauseId: 13, newText: ", Cổng Thông tin điện tử tỉnh" });
  });

  it("removed: the clause deleted and its text nowhere", () => {
    expect(reanchor(pointAfter(B, "Báo Sóc Trăng"), [C], lineage([[1, null]]))).toEqual({ state: "removed" });
  });

  it("notFound: the clause continues, its text rewritten", () => {
    const result = reanchor(pointAfter(B, "Báo Sóc Trăng"), [{ id: 14, label: "II.1.b", text: "- Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch." }], lineage([[1, 14]]));
    expect(result).toEqual({ state: "notFound", clauseId: 14 });
  });
});

describe("the quote appearing twice in the version", () => {
  it("in its own clause and another: stays in its own clause", () => {
    const anchor = makeAnchor(B, B.text.indexOf(DAI), B.text.indexOf(DAI) + DAI.length);
    const result = reanchor(anchor, [B, C].map((c) => ({ ...c, id: c.id + 10 })), lineage([[1, 11], [2, 12]]));
    expect(result).toMatchObject({ state: "exact", clauseId: 11, start: B.text.indexOf(DAI) });
  });

  it("its clause deleted, the same words in another clause with other context: removed, not attached there", () => {
    const anchor = makeAnchor(B, B.text.indexOf(DAI), B.text.indexOf(DAI) + DAI.length);
    expect(reanchor(anchor, [{ ...C, id: 12 }], lineage([[1, null], [2, 12]]))).toEqual({ state: "removed" });
  });

  it("its clause rewritten around the words, the same words in another clause: changed or notFound in its own clause, never the other", () => {
    const anchor = makeAnchor(B, B.text.indexOf(DAI), B.text.indexOf(DAI) + DAI.length);
    const result = reanchor(anchor, [{ id: 11, label: "II.1.b", text: "- Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch." }, { ...C, id: 12 }], lineage([[1, 11], [2, 12]]));
    expect(result.clauseId).toBe(11);
    expect(["changed", "notFound"]).toContain(result.state);
  });
});

describe("anchorsNow: through the stored lineage, one pass for all comments", () => {
  const comment = (id: number, clause: AnchorClause, quote: string, versionId = 100): AnchoredComment => {
    const start = clause.text.indexOf(quote);
    const a = makeAnchor(clause, start, start + quote.length);
    return { id, clauseId: clause.id, clauseLabel: clause.label, versionId, anchorQuote: a.quote, anchorPrefix: a.prefix, anchorSuffix: a.suffix, anchorStart: a.start };
  };

  it("follows a clause through two versions, a split, and a deletion; leaves whole-clause comments and the newest version's own out", () => {
    // v1 (100): B=1, C=2. v2 (200): B→21, C→22. v3 (300): 21 split into 31 (first sentence part) and 32; 22 removed.
    const links = [
      { oldClauseId: 1, newClauseId: 21, relation: "kept" },
      { oldClauseId: 2, newClauseId: 22, relation: "kept" },
      { oldClauseId: 21, newClauseId: 31, relation: "split" },
      { oldClauseId: 21, newClauseId: 32, relation: "split" },
      { oldClauseId: 22, newClauseId: null, relation: "removed" },
    ];
    const newest = {
      id: 300,
      label: "Dự thảo lần 3",
      clauses: [
        { id: 31, label: "II.1.b", text: "- Cơ quan chủ trì: Sở Thông tin và Truyền thông." },
        { id: 32, label: "II.1.c", text: "- Tham gia: Đài Phát thanh - Truyền hình tỉnh, Báo Sóc Trăng và các phương tiện thông tin đại chúng." },
        { id: 33, label: "II.1.d", text: "- Cơ quan phối hợp: các sở, ngành." },
      ],
    };
    const found = anchorsNow(
      [
        comment(1, B, DAI),
        comment(2, C, "Ủy ban nhân dân các huyện"),
        { id: 3, clauseId: 1, clauseLabel: "II.1.b", versionId: 100, anchorQuote: null, anchorPrefix: "", anchorSuffix: "", anchorStart: null },
        { ...comment(4, newest.clauses[1]!, "Báo Sóc Trăng"), clauseId: 32, versionId: 300 },
      ],
      links,
      newest,
    );
    const t32 = newest.clauses[1]!.text;
    expect(found.get(1)).toMatchObject({ state: "moved", clauseId: 32, nowText: DAI, start: t32.indexOf(DAI), versionLabel: "Dự thảo lần 3" });
    expect(found.get(2)).toMatchObject({ state: "removed", clauseId: null, nowText: null });
    expect(found.has(3)).toBe(false);
    expect(found.has(4)).toBe(false);
  });
});
