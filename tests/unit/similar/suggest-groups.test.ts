import { describe, expect, it } from "vitest";
import { suggestGroups } from "~/domain/similar/suggest-groups";
import { foldMarks } from "~/domain/fold-marks";
import { contentWords } from "~/domain/similar/words";

const DAI_1 = "Đề nghị sửa tên cơ quan thành Đài Phát thanh và Truyền hình tỉnh Sóc Trăng cho đúng tên gọi.";
const DAI_2 = "De nghi sua ten co quan thanh Dai Phat thanh va Truyen hinh tinh Soc Trang cho dung ten goi";
const DAI_3 = "Cho đúng tên gọi, đề nghị sửa thành Đài Phát thanh và Truyền hình tỉnh Sóc Trăng.";
const BUDGET = "Bổ sung nội dung về kinh phí thực hiện từ ngân sách tỉnh và nguồn xã hội hóa.";
const BUDGET_2 = "Đề nghị bổ sung kinh phí thực hiện từ ngân sách tỉnh, nguồn xã hội hóa.";
const BORDER = "Bổ sung Bộ Chỉ huy Bộ đội Biên phòng tỉnh vào danh sách cơ quan phối hợp ở khu vực biên giới.";

describe("the words comments are compared by", () => {
  it("drop tone and vowel marks, đ and case", () => {
    expect(foldMarks("Đài Phát thanh Ủy ban")).toBe("dai phat thanh uy ban");
  });
  it("leave out function words and a comment's formulas, keep what it proposes", () => {
    expect(contentWords("Đề nghị bổ sung nội dung về kinh phí của dự thảo")).toEqual(["bo", "sung", "kinh", "phi"]);
  });
});

describe("similar comments, suggested as groups", () => {
  it("groups the same proposal typed with and without marks, and in another word order", () => {
    const groups = suggestGroups([
      { id: 1, text: DAI_1 },
      { id: 2, text: BUDGET },
      { id: 3, text: DAI_2 },
      { id: 4, text: BORDER },
      { id: 5, text: DAI_3 },
    ]);
    expect(groups.map((g) => g.ids)).toEqual([[1, 3, 5]]);
    const g = groups[0]!;
    expect(g.closest.get(1)).toEqual({ id: 3, similarity: expect.closeTo(1, 5) });
    expect(g.similarity).toBeGreaterThan(0.6);
    expect(g.similarity).toBeLessThan(1);
  });

  it("groups two wordings of one proposal, not proposals that only share words", () => {
    const groups = suggestGroups([
      { id: 10, text: BUDGET },
      { id: 11, text: BUDGET_2 },
      { id: 12, text: BORDER },
      { id: 13, text: "Bổ sung quy định về thời hạn gửi báo cáo kết quả thực hiện." },
    ]);
    expect(groups.map((g) => g.ids)).toEqual([[10, 11]]);
  });

  it("does not group comments too short to judge ('Đồng ý.', 'Nhất trí')", () => {
    expect(suggestGroups([{ id: 1, text: "Đồng ý." }, { id: 2, text: "Đồng ý" }, { id: 3, text: "Nhất trí với dự thảo." }, { id: 4, text: "Nhất trí" }])).toEqual([]);
  });

  it("suggests nothing for unrelated comments, and the same groups every time", () => {
    const input = [
      { id: 1, text: BUDGET },
      { id: 2, text: BORDER },
      { id: 3, text: DAI_1 },
    ];
    expect(suggestGroups(input)).toEqual([]);
    const dup = [...input, { id: 4, text: DAI_2 }, { id: 5, text: BUDGET_2 }];
    expect(suggestGroups(dup).map((g) => g.ids)).toEqual(suggestGroups(dup).map((g) => g.ids));
  });

  it("a higher threshold asks for closer wording", () => {
    const input = [
      { id: 1, text: DAI_1 },
      { id: 2, text: DAI_3 },
    ];
    expect(suggestGroups(input, { threshold: 0.6 })).toHaveLength(1);
    expect(suggestGroups(input, { threshold: 0.99 })).toHaveLength(0);
  });
});
