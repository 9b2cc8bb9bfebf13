/**
 * Accepting proposals into the working copy (issue 16, part 2): phrase suggestions and wordings
 * applied to the clause's working text, overlaps recorded as conflicts, undo, "take this one instead",
 * a clause changed twice, and a suggestion made on an older version's clause.
 */
import { describe, expect, it } from "vitest";
import { makeAnchor, type Anchor } from "~/domain/anchors/reanchor";
import { acceptInto, takeInstead, undoIn, type AppliedAccept, type Proposal, type TargetClause } from "~/domain/working-copy/apply";

const BODY = "- Cơ quan chủ trì: Sở Thông tin và Truyền thông; Đài Phát thanh - Truyền hình tỉnh, Báo Sóc Trăng và các phương tiện thông tin đại chúng.\n- Thời gian thực hiện: Thường xuyên.";

function phrase(commentId: number, quote: string, suggestion: string, text = BODY, clauseId = 7, nth = 0): Proposal & { kind: "phrase" } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  expect(at).toBeGreaterThanOrEqual(0);
  return { kind: "phrase", commentId, anchor: makeAnchor({ id: clauseId, label: "II.1.b", text }, at, at + quote.length), suggestion };
}

function insertion(commentId: number, before: string, words: string): Proposal {
  const at = BODY.indexOf(before) + before.length;
  const anchor: Anchor = { clauseId: 7, clauseLabel: "II.1.b", quote: "", prefix: BODY.slice(Math.max(0, at - 32), at), suffix: BODY.slice(at, at + 32), start: at };
  return { kind: "phrase", commentId, anchor, suggestion: words };
}

const target = (body = BODY): TargetClause => ({ id: 7, label: "II.1.b", baseBody: BODY, body });

describe("accepting a proposal into the working copy", () => {
  it("applies a phrase suggestion to the words quoted", () => {
    const out = acceptInto(phrase(1, "Đài Phát thanh - Truyền hình", "Đài Phát thanh và Truyền hình"), target(), []);
    expect(out.state).toBe("applied");
    if (out.state !== "applied") return;
    expect(out.text).toContain("Đài Phát thanh và Truyền hình tỉnh");
    expect(out.text).not.toContain("thanh - Truyền");
    expect(out.before).toBe(BODY);
  });

  it("deletes words and inserts words at a point", () => {
    const del = acceptInto(phrase(1, " và các phương tiện thông tin đại chúng", ""), target(), []);
    expect(del.state === "applied" && del.text.includes("Báo Sóc Trăng.")).toBe(true);
    const ins = acceptInto(insertion(2, "Báo Sóc Trăng", ", Cổng thông tin điện tử tỉnh"), target(), []);
    expect(ins.state === "applied" && ins.text.includes("Báo Sóc Trăng, Cổng thông tin điện tử tỉnh và các")).toBe(true);
  });

  it("applies a whole-clause wording to an untouched clause", () => {
    const out = acceptInto({ kind: "wording", commentId: 3, wording: "Sở Thông tin và Truyền thông chủ trì." }, target(), []);
    expect(out).toEqual({ state: "applied", text: "Sở Thông tin và Truyền thông chủ trì.", before: BODY });
  });

  it("applies two suggestions on different words of one clause (a clause edited twice), and undoes either", () => {
    const a = phrase(1, "Đài Phát thanh - Truyền hình", "Đài Phát thanh và Truyền hình");
    const b = phrase(2, "Thường xuyên", "Hằng năm");
    const first = acceptInto(a, target(), []);
    if (first.state !== "applied") throw new Error("first not applied");
    const applied: AppliedAccept[] = [{ id: 10, proposal: a, before: first.before }];
    const second = acceptInto(b, target(first.text), applied);
    if (second.state !== "applied") throw new Error("second not applied");
    expect(second.text).toContain("Đài Phát thanh và Truyền hình");
    expect(second.text).toContain("Hằng năm");
    // Undo the first: the second stays.
    const undone = undoIn(applied[0]!, second.text, 7);
    expect(undone).toBe(BODY.replace("Thường xuyên", "Hằng năm"));
    // Undo the second instead: the first stays.
    expect(undoIn({ id: 11, proposal: b, before: second.before }, second.text, 7)).toBe(first.text);
  });

  it("records a conflict when another accepted suggestion changed the same words, and takes one instead on choice", () => {
    const a = phrase(1, "Đài Phát thanh - Truyền hình tỉnh", "Đài Phát thanh và Truyền hình tỉnh");
    const b = phrase(2, "Truyền hình", "Truyền hình Sóc Trăng");
    const first = acceptInto(a, target(), []);
    if (first.state !== "applied") throw new Error("first not applied");
    const applied: AppliedAccept[] = [{ id: 10, proposal: a, before: first.before }];
    const second = acceptInto(b, target(first.text), applied);
    expect(second).toEqual({ state: "conflict", rivals: [10], before: first.text });
    const taken = takeInstead(b, target(first.text), applied);
    expect(taken?.text).toBe(BODY.replace("Phát thanh - Truyền hình", "Phát thanh - Truyền hình Sóc Trăng"));
    expect(taken?.before).toBe(BODY);
  });

  it("a wording on a clause already changed is a conflict with every change of the clause", () => {
    const a = phrase(1, "Thường xuyên", "Hằng năm");
    const first = acceptInto(a, target(), []);
    if (first.state !== "applied") throw new Error("first not applied");
    const w: Proposal = { kind: "wording", commentId: 2, wording: "Văn bản mới." };
    expect(acceptInto(w, target(first.text), [{ id: 10, proposal: a, before: BODY }])).toEqual({ state: "conflict", rivals: [10], before: first.text });
    // A phrase after an accepted wording: the wording is in the way.
    const afterWording = acceptInto(a, target("Văn bản mới."), [{ id: 11, proposal: w, before: BODY }]);
    expect(afterWording.state).toBe("conflict");
  });

  it("two insertions at the same point conflict", () => {
    const a = insertion(1, "Báo Sóc Trăng", ", Cổng thông tin");
    const b = insertion(2, "Báo Sóc Trăng", ", Tạp chí");
    const first = acceptInto(a, target(), []);
    if (first.state !== "applied") throw new Error("first not applied");
    expect(acceptInto(b, target(first.text), [{ id: 10, proposal: a, before: BODY }]).state).toBe("conflict");
  });

  it("words changed by hand make a conflict with no rival; words not in the base are refused", () => {
    const a = phrase(1, "Thường xuyên", "Hằng năm");
    expect(acceptInto(a, target(BODY.replace("Thường xuyên", "Định kỳ")), [])).toEqual({ state: "conflict", rivals: [], before: BODY.replace("Thường xuyên", "Định kỳ") });
    const other = { ...target(), baseBody: "Một khoản khác hẳn.", body: "Một khoản khác hẳn." };
    expect(acceptInto(a, other, []).state).toBe("notFound");
  });

  it("a suggestion made on an older version's clause lands in its successor's working text", () => {
    const OLD = "Sở Thông tin và Truyền thông, Đài Phát thanh - Truyền hình tỉnh tuyên truyền sâu rộng Luật.";
    const p = phrase(5, "tuyên truyền sâu rộng", "tuyên truyền rộng rãi", OLD, 3);
    const NEW = "Sở Thông tin và Truyền thông, Đài Phát thanh - Truyền hình tỉnh, Báo Sóc Trăng tuyên truyền sâu rộng Luật Thực hiện dân chủ ở cơ sở.";
    const out = acceptInto(p, { id: 70, label: "II.1.c", baseBody: NEW, body: NEW }, []);
    expect(out.state === "applied" && out.text).toBe(NEW.replace("sâu rộng", "rộng rãi"));
  });

  it("an undo refuses when the words were changed since", () => {
    const a = phrase(1, "Thường xuyên", "Hằng năm");
    expect(undoIn({ id: 1, proposal: a, before: BODY }, BODY.replace("Thường xuyên", "Quý một lần"), 7)).toBeNull();
    const w: Proposal = { kind: "wording", commentId: 2, wording: "Văn bản mới." };
    expect(undoIn({ id: 2, proposal: w, before: BODY }, "Văn bản mới.", 7)).toBe(BODY);
    expect(undoIn({ id: 2, proposal: w, before: BODY }, "Văn bản mới, sửa tay.", 7)).toBeNull();
  });
});
