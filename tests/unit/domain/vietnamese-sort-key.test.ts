import { describe, expect, it } from "vitest";
import { compareVietnamese, vietnameseSortKey } from "~/domain/vietnamese-sort-key";

/** Sorts by the keys' byte order (UTF-8), as a database comparing bytes would. */
function byBytes(names: string[]): string[] {
  return [...names].sort((a, b) => Buffer.compare(Buffer.from(vietnameseSortKey(a)), Buffer.from(vietnameseSortKey(b))));
}

describe("vietnameseSortKey", () => {
  it("puts the letters in the Vietnamese alphabet order", () => {
    const alphabet = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"];
    expect(byBytes([...alphabet].reverse())).toEqual(alphabet);
  });

  it("orders a word's letters before its tone: unmarked, huyền, hỏi, ngã, sắc, nặng", () => {
    const words = ["ma", "mà", "mả", "mã", "má", "mạ", "mác", "mạc", "mách"];
    expect(byBytes([...words].reverse())).toEqual(words);
  });

  it("compares word by word, as a dictionary does", () => {
    const words = ["ba", "ba ba", "ba bảy", "bà", "bà ba", "bác", "bạc"];
    expect(byBytes([...words].reverse())).toEqual(words);
  });

  it("sorts agencies' names as a Vietnamese reader expects", () => {
    const names = [
      "Ban Dân tộc tỉnh",
      "Bộ Chỉ huy Quân sự tỉnh",
      "Công an tỉnh",
      "Cục Thuế tỉnh",
      "Đài Phát thanh và Truyền hình",
      "Liên đoàn Lao động tỉnh",
      "Sở Nội vụ",
      "Sở Nội vụ (bảng tính)",
      "Sở Tài chính",
      "Sở Tư pháp",
      "Sở Y tế",
      "Thanh tra tỉnh",
      "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
      "Văn phòng UBND tỉnh",
    ];
    // The names' own byte order (SQLite's) is not it: "Đài", "Ủy ban" and "Văn phòng" come last.
    const bytewise = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(bytewise).not.toEqual(names);
    expect(byBytes(bytewise)).toEqual(names);
    expect([...names].reverse().sort(compareVietnamese)).toEqual(names);
  });

  it("ignores case and where the tone mark sits", () => {
    expect(vietnameseSortKey("SỞ TƯ PHÁP")).toBe(vietnameseSortKey("Sở Tư pháp"));
    expect(vietnameseSortKey("Hoà Bình")).toBe(vietnameseSortKey("Hòa Bình"));
    // Composed or decomposed input gives the same key.
    expect(vietnameseSortKey("Ủy ban".normalize("NFD"))).toBe(vietnameseSortKey("Ủy ban".normalize("NFC")));
  });

  it("keeps đ a letter of its own after d, and the vowel forms after their base", () => {
    expect(byBytes(["Đồng Tháp", "Dĩ An", "Duyên Hải"])).toEqual(["Dĩ An", "Duyên Hải", "Đồng Tháp"]);
    expect(byBytes(["Ân Thi", "Ăn", "Anh Sơn", "Ứng Hòa", "Uông Bí", "Ô Môn", "Ơn", "Ong"])).toEqual(["Anh Sơn", "Ăn", "Ân Thi", "Ong", "Ô Môn", "Ơn", "Uông Bí", "Ứng Hòa"]);
  });

  it("treats spaces and punctuation as word breaks, digits before letters", () => {
    expect(vietnameseSortKey("Sở  Nội-vụ")).toBe(vietnameseSortKey("Sở Nội vụ"));
    expect(byBytes(["Cơ quan B", "Cơ quan 2", "Cơ quan 1"])).toEqual(["Cơ quan 1", "Cơ quan 2", "Cơ quan B"]);
  });

  it("is plain ASCII for Vietnamese text, so byte order and JavaScript's order agree", () => {
    expect(vietnameseSortKey("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng")).toMatch(/^[\x20-\x7e]*$/);
  });
});
