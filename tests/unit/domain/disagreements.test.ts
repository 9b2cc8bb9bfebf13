/** The disagreements list (issue 16, part 4): grouped by agency, accepted comments left out, settlements counted. */
import { describe, expect, it } from "vitest";
import { disagreementTable, groupDisagreements, isDisagreement, type DisagreementInput } from "~/domain/disagreements/disagreements";
import { translator } from "~/i18n";

const t = translator("vi");

const row = (over: Partial<DisagreementInput>): DisagreementInput => ({
  commentId: 1,
  invitationId: 10,
  authorName: "Sở Tư pháp",
  clauseLabel: "2.1",
  clauseCitation: "khoản 1 Điều 2",
  clauseHeading: null,
  versionLabel: "Dự thảo 1",
  text: "Không đồng ý",
  proposedWording: "",
  objection: true,
  anchorQuote: null,
  anchorPrefix: "",
  anchorSuffix: "",
  anchorStart: null,
  suggestion: null,
  clauseBody: null,
  decision: null,
  answerText: null,
  settledAt: null,
  settlementNote: null,
  settledByName: null,
  ...over,
});

describe("groupDisagreements", () => {
  const summary = groupDisagreements([
    row({ commentId: 1 }),
    row({ commentId: 2, clauseLabel: null, clauseCitation: null, objection: false, decision: "explained", answerText: " Vì luật quy định " }),
    row({ commentId: 3, decision: "accepted", answerText: "Tiếp thu" }),
    row({ commentId: 4, invitationId: 11, authorName: "Sở Tài chính", decision: "partly", answerText: "Một phần", settledAt: 5, settlementNote: "Đã thống nhất tại cuộc họp", settledByName: "Chuyên viên" }),
  ]);
  it("groups by invitation in the order given, leaving accepted comments out", () => {
    expect(summary.groups.map((g) => [g.authorName, g.items.map((i) => i.commentId)])).toEqual([
      ["Sở Tư pháp", [1, 2]],
      ["Sở Tài chính", [4]],
    ]);
  });
  it("cites the clause, keeps the objection and the explanation", () => {
    const [first, second] = summary.groups[0]!.items;
    expect(first).toMatchObject({ clauseRef: "Khoản 1 Điều 2", objection: true, decision: null, explanation: "" });
    expect(second).toMatchObject({ clauseRef: null, objection: false, decision: "explained", explanation: "Vì luật quy định" });
  });
  it("counts open and settled, with the settlement's note", () => {
    expect([summary.open, summary.settled]).toEqual([2, 1]);
    expect(summary.groups[1]!.items[0]!.settlement).toEqual({ at: 5, note: "Đã thống nhất tại cuộc họp", by: "Chuyên viên" });
  });
  it("makes one numbered table row per disagreement", () => {
    const rows = disagreementTable(summary, { general: "Chung", unanswered: "Chưa trả lời", decision: (d) => `d:${d}` }, t);
    expect(rows.map((r) => [r.no, r.author, r.clause, r.decision, r.settlement])).toEqual([
      [1, "Sở Tư pháp", "Khoản 1 Điều 2 (Dự thảo 1)", "Chưa trả lời", ""],
      [2, "Sở Tư pháp", "Chung", "d:explained", ""],
      [3, "Sở Tài chính", "Khoản 1 Điều 2 (Dự thảo 1)", "d:partly", "Đã thống nhất tại cuộc họp"],
    ]);
  });
});

describe("a suggestion on a phrase", () => {
  const summary = groupDisagreements([
    row({ commentId: 5, text: "", anchorQuote: "Sở Nội vụ", anchorStart: 4, anchorPrefix: "Giao ", suggestion: "Sở Tư pháp", clauseBody: "Giao Sở Nội vụ chủ trì." }),
    row({ commentId: 6, text: " Cho gọn ", anchorQuote: "chủ trì", anchorStart: 15, suggestion: "", clauseBody: "Giao Sở Nội vụ chủ trì." }),
  ]);
  it("keeps the phrase for the page to show", () => {
    expect(summary.groups[0]!.items[0]!.phrase).toEqual({ anchorQuote: "Sở Nội vụ", anchorStart: 4, anchorPrefix: "Giao ", anchorSuffix: "", suggestion: "Sở Tư pháp", clauseBody: "Giao Sở Nội vụ chủ trì." });
    expect(groupDisagreements([row({})]).groups[0]!.items[0]!.phrase).toBeNull();
  });
  it("says the change in the table's comment cell, as the report does, then the reason", () => {
    const rows = disagreementTable(summary, { general: "Chung", unanswered: "Chưa trả lời", decision: (d) => `d:${d}` }, t);
    expect(rows.map((r) => r.comment)).toEqual(["Đề nghị sửa “Sở Nội vụ” thành “Sở Tư pháp”", "Đề nghị bỏ “chủ trì”. Cho gọn"]);
  });
});

describe("isDisagreement", () => {
  it("a disagreeing agency's comment unless accepted", () => {
    expect(isDisagreement({ decision: null }, "disagree")).toBe(true);
    expect(isDisagreement({ decision: "partly" }, "disagree")).toBe(true);
    expect(isDisagreement({ decision: "accepted" }, "disagree")).toBe(false);
    expect(isDisagreement({ decision: null }, "agree_with_comments")).toBe(false);
  });
});
