import { describe, expect, it } from "vitest";
import { wordDiff } from "~/domain/diff/word-diff";

const join = (parts: { op: string; text: string }[], side: "old" | "new") =>
  parts.filter((p) => p.op === "same" || p.op === (side === "old" ? "removed" : "added")).map((p) => p.text).join("");

describe("word diff", () => {
  it("reads a replacement of several words as one", () => {
    const oldText = "thi hành Luật Thanh niên đảm bảo hiệu quả";
    const newText = "thi hành Luật Thực hiện dân chủ ở cơ sở đảm bảo hiệu quả";
    const parts = wordDiff(oldText, newText);
    expect(parts).toEqual([
      { op: "same", text: "thi hành Luật " },
      { op: "removed", text: "Thanh niên " },
      { op: "added", text: "Thực hiện dân chủ ở cơ sở " },
      { op: "same", text: "đảm bảo hiệu quả" },
    ]);
  });

  it("always rebuilds both texts exactly", () => {
    const cases = [
      ["Đài Phát thanh - Truyền hình tỉnh", "Đài Phát thanh và Truyền hình tỉnh"],
      ["a b c d e", "a x c y e"],
      ["", "mới hoàn toàn"],
      ["bỏ hết", ""],
      ["  khoảng  trắng ", " khoảng trắng  "],
      ["Các sở, ban, ngành", "các sở, ban, ngành tỉnh"],
    ];
    for (const [a, b] of cases) {
      const parts = wordDiff(a!, b!);
      expect(join(parts, "old")).toBe(a);
      expect(join(parts, "new")).toBe(b);
    }
  });
});
