import { describe, expect, it } from "vitest";
import { capitalizeFirst, clauseRef, commentClauseRef, displayLabel } from "~/domain/clause-ref";

describe("clauseRef", () => {
  it("gives the citation as is", () => {
    expect(clauseRef({ label: "D2.3", citation: "khoản 3 Điều 2" })).toBe("khoản 3 Điều 2");
    expect(clauseRef({ label: "II.1.a", citation: "điểm a khoản 1 Mục II" })).toBe("điểm a khoản 1 Mục II");
    expect(clauseRef({ label: "PL1.R2", citation: "Phụ lục I, dòng 2" })).toBe("Phụ lục I, dòng 2");
    expect(clauseRef({ label: "S2.p3", citation: "абзац третий статьи 2" })).toBe("абзац третий статьи 2");
  });

  it("falls back to the label as it was shown when the citation is empty", () => {
    expect(clauseRef({ label: "D2.3", citation: "" })).toBe("D2.3");
    expect(clauseRef({ label: "D2.3", citation: "  " })).toBe("D2.3");
    expect(clauseRef({ label: "D3.p2", citation: null })).toBe("D3.¶2");
    expect(clauseRef({ label: "p1" })).toBe("¶1");
    expect(displayLabel("C1.p12")).toBe("C1.¶12");
  });

  it("is null for a general comment", () => {
    expect(commentClauseRef({ clauseLabel: null, clauseCitation: null })).toBeNull();
    expect(commentClauseRef({ clauseLabel: "D2.3", clauseCitation: "khoản 3 Điều 2" })).toBe("khoản 3 Điều 2");
    expect(commentClauseRef({ clauseLabel: "D2.3", clauseCitation: "" })).toBe("D2.3");
  });
});

describe("capitalizeFirst", () => {
  it("capitalises the first letter only", () => {
    expect(capitalizeFirst("khoản 3 Điều 2")).toBe("Khoản 3 Điều 2");
    expect(capitalizeFirst("điểm đ khoản 1 Điều 5")).toBe("Điểm đ khoản 1 Điều 5");
    expect(capitalizeFirst("пункт 3 статьи 2")).toBe("Пункт 3 статьи 2");
    expect(capitalizeFirst("Chương I")).toBe("Chương I");
    expect(capitalizeFirst("¶3")).toBe("¶3");
    expect(capitalizeFirst("")).toBe("");
  });
});
