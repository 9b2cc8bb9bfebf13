/**
 * Re-anchoring on redrafts (issue 16): each anchor ends in the state the redraft calls for, and none is
 * attached to a wrong place. The clauses are from the Sóc Trăng plan.
 */
import { describe, expect, it } from "vitest";
import { makeAnchor, reanchor, type AnchorClause } from "~/domain/anchors/reanchor";

const OLD: AnchorClause[] = [
  { id: 1, label: "II.1.b", text: "Sở Thông tin và Truyền thông, Đài Phát thanh - Truyền hình tỉnh, Báo Sóc Trăng tuyên truyền sâu rộng Luật Thực hiện dân chủ ở cơ sở." },
  { id: 2, label: "II.2", text: "Ủy ban nhân dân cấp huyện chỉ đạo Ủy ban nhân dân cấp xã tổ chức hội nghị; Ủy ban nhân dân cấp xã báo cáo kết quả trước ngày 15 tháng 12." },
  { id: 3, label: "II.3", text: "Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch từ nguồn ngân sách tỉnh." },
];

/** The anchor of the first (or `nth`) occurrence of `quote` in an old clause. */
function anchorOn(clauseId: number, quote: string, nth = 0) {
  const clause = OLD.find((c) => c.id === clauseId)!;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = clause.text.indexOf(quote, at + 1);
  expect(at).toBeGreaterThanOrEqual(0);
  return makeAnchor(clause, at, at + quote.length);
}

const lineage = (pairs: [number, number | null][]) => new Map(pairs);
const DAI = "Đài Phát thanh - Truyền hình";

describe("re-anchoring a comment on a phrase in a new version", () => {
  it("exact: the same clause, words changed around the quote", () => {
    const text = "Sở Thông tin và Truyền thông chủ trì, phối hợp với Đài Phát thanh - Truyền hình tỉnh và các cơ quan báo chí tuyên truyền Luật.";
    const result = reanchor(anchorOn(1, DAI), [{ id: 11, label: "II.1.b", text }], lineage([[1, 11]]));
    expect(result).toEqual({ state: "exact", clauseId: 11, start: text.indexOf(DAI), end: text.indexOf(DAI) + DAI.length });
  });

  it("moved: the clause continues under another number", () => {
    const result = reanchor(anchorOn(1, DAI), [{ id: 12, label: "III.1.c", text: OLD[0]!.text }], lineage([[1, 12]]));
    expect(result).toMatchObject({ state: "moved", clauseId: 12, start: OLD[0]!.text.indexOf(DAI) });
  });

  it("moved: the clause was removed and its sentence went into another clause, context and all", () => {
    const sentence = "Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch";
    const text = `Các sở, ngành thực hiện nhiệm vụ được giao. ${sentence} từ nguồn ngân sách tỉnh và nguồn hợp pháp khác.`;
    const result = reanchor(anchorOn(3, "bố trí kinh phí"), [{ id: 20, label: "IV.1", text }], lineage([[3, null]]));
    expect(result).toMatchObject({ state: "moved", clauseId: 20, start: text.indexOf("bố trí kinh phí") });
  });

  it("removed: the clause has no successor and the words are nowhere else", () => {
    const result = reanchor(anchorOn(3, "bố trí kinh phí"), [{ id: 21, label: "II.3", text: "Các sở, ngành tự bảo đảm kinh phí." }], lineage([[3, null]]));
    expect(result).toEqual({ state: "removed" });
  });

  it("removed, not moved: a short quote found in an unrelated clause without its context", () => {
    const result = reanchor(anchorOn(3, "Sở Tài chính"), [{ id: 22, label: "V.2", text: "Giao Sở Tài chính hướng dẫn quyết toán theo quy định." }], lineage([[3, null]]));
    expect(result).toEqual({ state: "removed" });
  });

  it("changed: the quoted words were rewritten, the context on both sides kept: old and new given", () => {
    const text = OLD[0]!.text.replace(DAI, "Đài Phát thanh và Truyền hình");
    const result = reanchor(anchorOn(1, DAI), [{ id: 13, label: "II.1.b", text }], lineage([[1, 13]]));
    expect(result.state).toBe("changed");
    expect(result.clauseId).toBe(13);
    expect(result.newText).toBe("Đài Phát thanh và Truyền hình");
    expect(text.slice(result.start, result.end)).toBe("Đài Phát thanh và Truyền hình");
  });

  it("the quote appearing twice: the anchored occurrence is found again, after text was inserted before both", () => {
    const quote = "Ủy ban nhân dân cấp xã";
    const anchor = anchorOn(2, quote, 1); // the second: "…hội nghị; Ủy ban nhân dân cấp xã báo cáo…"
    const text = `Căn cứ hướng dẫn của tỉnh, ${OLD[1]!.text}`;
    const second = text.indexOf(quote, text.indexOf(quote) + 1);
    expect(reanchor(anchor, [{ id: 14, label: "II.2", text }], lineage([[2, 14]]))).toEqual({ state: "exact", clauseId: 14, start: second, end: second + quote.length });
    // and the first occurrence's anchor stays on the first
    const first = text.indexOf(quote);
    expect(reanchor(anchorOn(2, quote, 0), [{ id: 14, label: "II.2", text }], lineage([[2, 14]]))).toMatchObject({ state: "exact", start: first });
  });

  it("the quote appearing twice, the anchored occurrence rewritten: never attached to the other one", () => {
    const quote = "Ủy ban nhân dân cấp xã";
    const anchor = anchorOn(2, quote, 1);
    const text = "Ủy ban nhân dân cấp huyện chỉ đạo Ủy ban nhân dân cấp xã tổ chức hội nghị; Ban Chỉ đạo cấp xã báo cáo kết quả trước ngày 15 tháng 12.";
    const result = reanchor(anchor, [{ id: 15, label: "II.2", text }], lineage([[2, 15]]));
    const other = text.indexOf(quote);
    expect(result.start).not.toBe(other);
    expect(result).toMatchObject({ state: "changed", clauseId: 15, newText: "Ban Chỉ đạo cấp xã" });
  });

  it("notFound: the clause continues, rewritten so that neither the words nor their context remain", () => {
    const result = reanchor(anchorOn(3, "bố trí kinh phí"), [{ id: 16, label: "II.3", text: "Kinh phí do các cơ quan, đơn vị tự cân đối trong dự toán được giao." }], lineage([[3, 16]]));
    expect(result).toEqual({ state: "notFound", clauseId: 16 });
  });

  it("an anchor must quote words of its clause (or be a point in it, for an insertion)", () => {
    expect(makeAnchor(OLD[0]!, 5, 5)).toMatchObject({ quote: "", start: 5, prefix: OLD[0]!.text.slice(0, 5) });
    expect(() => makeAnchor(OLD[0]!, 6, 5)).toThrow(RangeError);
    expect(() => makeAnchor(OLD[0]!, 0, 10_000)).toThrow(RangeError);
  });
});
