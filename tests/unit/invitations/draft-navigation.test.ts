/**
 * The invitee page's ways through a long draft (issue 15): the table of contents, the search over the
 * clauses, the comments not sent yet, and the refused form's error summary naming each field.
 */
import { describe, expect, it } from "vitest";
import { clauseAnchor, GENERAL_ANCHOR, matchClauses, searchKey, tocEntries, unsentDrafts, type NavClause } from "~/components/draft-navigation";
import { errorSummaryItems } from "~/components/invitee-errors";
import { GENERAL } from "~/domain/answer-form";
import { translator } from "~/i18n";

let nextId = 1;
const clause = (label: string, kind: string, depth: number, ref: string, heading: string, body = ""): NavClause => ({ id: nextId++, label, kind, depth, ref, heading, body });

const law = [
  clause("C1", "chapter", 0, "Chương I", "Những quy định chung"),
  clause("C1.D1", "article", 1, "Điều 1", "Phạm vi điều chỉnh", "Luật này quy định về quản lý thuế."),
  clause("C1.D1.1", "item", 2, "Khoản 1 Điều 1", "Người nộp thuế là tổ chức, cá nhân"),
  clause("C1.D2", "article", 1, "Điều 2", "Đối tượng áp dụng"),
  clause("C2", "chapter", 0, "Chương II", "Đăng ký thuế"),
  clause("C2.D3", "article", 1, "Điều 3", "Thời hạn đăng ký thuế", "Trong thời hạn 10 ngày làm việc kể từ ngày cấp giấy phép."),
  clause("C2.D3.1.a", "point", 3, "Điểm a khoản 1 Điều 3", "hộ kinh doanh"),
];

describe("table of contents", () => {
  it("lists the chapters and articles, not the items and points, with their anchors and levels", () => {
    const toc = tocEntries(law);
    expect(toc.map((e) => [e.ref, e.level, e.anchor])).toEqual([
      ["Chương I", 0, "clause-C1"],
      ["Điều 1", 1, "clause-C1.D1"],
      ["Điều 2", 1, "clause-C1.D2"],
      ["Chương II", 0, "clause-C2"],
      ["Điều 3", 1, "clause-C2.D3"],
    ]);
    expect(toc[1].heading).toBe("Phạm vi điều chỉnh");
  });

  it("a draft without chapters or articles lists its outermost clauses", () => {
    const plan = [clause("1", "decimal", 0, "1", "Mục tiêu"), clause("1.1", "decimal", 1, "1.1", "Mục tiêu chung"), clause("2", "decimal", 0, "2", "Nhiệm vụ")];
    expect(tocEntries(plan).map((e) => [e.ref, e.level])).toEqual([["1", 0], ["2", 0]]);
    expect(tocEntries([])).toEqual([]);
  });

  it("the anchors are the clause cards' ids", () => {
    expect(clauseAnchor("II.1.a")).toBe("clause-II.1.a");
    expect(GENERAL_ANCHOR).toBe("clause-general");
  });
});

describe("search over the clauses", () => {
  it("compares without case and Vietnamese diacritics", () => {
    expect(searchKey("  Điều  5 Đăng KÝ thuế ")).toBe("dieu 5 dang ky thue");
  });

  it("an empty query shows every clause", () => {
    expect(matchClauses(law, "")).toBeNull();
    expect(matchClauses(law, "   ")).toBeNull();
  });

  it("finds the clauses holding the text, in the citation, heading or body, typed with or without accents", () => {
    const refs = (q: string) => law.filter((c) => matchClauses(law, q)!.has(c.id)).map((c) => c.ref);
    expect(refs("đăng ký thuế")).toEqual(["Chương II", "Điều 3"]);
    expect(refs("dang ky thue")).toEqual(["Chương II", "Điều 3"]);
    expect(refs("10 ngày làm việc")).toEqual(["Điều 3"]);
    expect(refs("điều 1")).toEqual(["Điều 1", "Khoản 1 Điều 1"]);
    expect(refs("dieu  3")).toEqual(["Điều 3", "Điểm a khoản 1 Điều 3"]);
    expect(refs("thuế đăng ký")).toEqual([]);
  });
});

describe("comments not sent yet", () => {
  const [, d1, k1, , , d3] = law;
  it("before any submission: every written draft, the general one first, then in the draft's order", () => {
    const drafts = {
      [String(d3.id)]: { text: "Đề nghị kéo dài thời hạn.", proposedWording: "" },
      [GENERAL]: { text: "Cần rà soát toàn bộ.", proposedWording: "" },
      [String(d1.id)]: { text: "", proposedWording: "Luật này quy định về quản lý thuế và phí." },
      [String(k1.id)]: { text: "  ", proposedWording: "" },
    };
    const list = unsentDrafts(law, drafts, [], GENERAL);
    expect(list.map((d) => [d.clauseKey, d.anchor, d.ref])).toEqual([
      [GENERAL, "clause-general", null],
      [String(d1.id), "clause-C1.D1", "Điều 1"],
      [String(d3.id), "clause-C2.D3", "Điều 3"],
    ]);
    expect(list[1].excerpt).toBe("Luật này quy định về quản lý thuế và phí.");
  });

  it("after a submission: only the drafts changed or added since", () => {
    const drafts = {
      [String(d1.id)]: { text: "Đã gửi.", proposedWording: "" },
      [String(d3.id)]: { text: "Sửa sau khi gửi.", proposedWording: "" },
      [String(k1.id)]: { text: "Mới thêm.", proposedWording: "" },
    };
    const sent = [
      { clauseId: d1.id, text: "Đã gửi.", proposedWording: "" },
      { clauseId: d3.id, text: "Bản đã gửi.", proposedWording: "" },
    ];
    expect(unsentDrafts(law, drafts, sent, GENERAL).map((d) => d.ref)).toEqual(["Khoản 1 Điều 1", "Điều 3"]);
  });

  it("a long comment is cut to a short excerpt", () => {
    const long = "ý kiến ".repeat(40);
    const [item] = unsentDrafts(law, { [String(d1.id)]: { text: long, proposedWording: "" } }, [], GENERAL);
    expect(item.excerpt.length).toBe(80);
    expect(item.excerpt.endsWith("…")).toBe(true);
  });
});

describe("error summary of the answer form", () => {
  const [, d1] = law;
  it("names each field in the interface language and links to it, the form's own error first", () => {
    const errors = {
      signerName: "error.required",
      [`c:${d1.id}`]: "body.commentTooLong",
      _form: "body.commentTooLong",
      signerPosition: "error.required",
    } as const;
    const en = errorSummaryItems(errors, translator("en"), law);
    expect(en.map((i) => [i.fieldId, i.field])).toEqual([
      [null, null],
      [`c-${d1.id}`, "Comment on Điều 1"],
      ["signerName", translator("en")("invitee.signerName")],
      ["signerPosition", translator("en")("invitee.signerPosition")],
    ]);
    expect(en[2].message).toBe(translator("en")("error.required"));
    const vi = errorSummaryItems({ signerName: "error.required" }, translator("vi"), law);
    expect(vi).toEqual([{ fieldId: "signerName", field: "Họ tên người ký / người gửi", message: translator("vi")("error.required") }]);
  });

  it("no errors, no summary", () => {
    expect(errorSummaryItems(undefined, translator("ru"), law)).toEqual([]);
    expect(errorSummaryItems({}, translator("ru"), law)).toEqual([]);
  });
});
