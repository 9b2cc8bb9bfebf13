import { describe, expect, it } from "vitest";
import { csvCell, csvRow, looksLikeFormula, xlsxCell } from "~/report/safe-cell";

describe("safe spreadsheet cells (OWASP CSV injection)", () => {
  it.each([
    ["=", '=HYPERLINK("http://x","y")'],
    ["+", "+1 555"],
    ["-", "-2+3+cmd|' /C calc'!A0"],
    ["@", "@SUM(A1:A9)"],
    ["tab", "\t=1+1"],
    ["carriage return", "\r=1+1"],
  ])("a .csv cell starting with %s gets a single quote in front", (_name, text) => {
    expect(looksLikeFormula(text)).toBe(true);
    expect(csvCell(text)).toBe(`'${text}`);
  });

  it("a dash used as a bullet is quoted too (Excel would read it as a formula)", () => {
    expect(csvCell("- Đề nghị bỏ khoản 3.")).toBe("'- Đề nghị bỏ khoản 3.");
  });

  it("leaves ordinary text alone, also with a formula character inside or a quote already in front", () => {
    for (const text of ["Đề nghị sửa khoản 3 Điều 2.", "a = b + c", "Tổng: 1+1=2", "e-mail: a@b.vn", "'=1+1", " =1+1", "", "Điều 2"]) {
      expect(looksLikeFormula(text)).toBe(false);
      expect(csvCell(text)).toBe(text);
    }
  });

  it("numbers stay numbers, a plain negative number stays as it is, but not one followed by more", () => {
    expect(csvCell(12)).toBe(12);
    expect(csvCell(-3)).toBe(-3);
    expect(csvCell("-12")).toBe("-12");
    expect(csvCell("-3.5")).toBe("-3.5");
    expect(csvCell("-1+2")).toBe("'-1+2");
    expect(csvCell("-12 ngày")).toBe("'-12 ngày");
  });

  it("an empty value is an empty cell; a row goes through cell by cell", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvRow([1, "=A1", null, "Sở Tư pháp", "@x"])).toEqual([1, "'=A1", "", "Sở Tư pháp", "'@x"]);
  });

  it("an .xlsx cell keeps text exactly as typed (it is written as text, never as a formula)", () => {
    expect(xlsxCell('=HYPERLINK("http://x","y")')).toBe('=HYPERLINK("http://x","y")');
    expect(xlsxCell("+1 555")).toBe("+1 555");
    expect(xlsxCell(7)).toBe(7);
    expect(xlsxCell("")).toBeNull();
    expect(xlsxCell(null)).toBeNull();
  });
});
