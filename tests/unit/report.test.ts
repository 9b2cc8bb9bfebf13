import { describe, expect, it } from "vitest";
import { buildReport, type ReportCommentInput } from "~/domain/report/build-report";
import { translator } from "~/i18n";

const t = translator("vi");
const comment = (id: number, over: Partial<ReportCommentInput>): ReportCommentInput => ({
  commentId: id,
  clauseLabel: null,
  clauseCitation: "",
  clauseHeading: null,
  versionLabel: "Dự thảo lần 1",
  agencyName: "Sở Tư pháp",
  text: `Ý kiến ${id}`,
  proposedWording: "",
  answerId: null,
  decision: null,
  answerText: null,
  ...over,
});

describe("the report model", () => {
  const model = buildReport(
    {
      title: "Kế hoạch thử",
      draftingAgencyName: "Sở Nội vụ tỉnh Sóc Trăng",
      letterRef: "3593/VP-VX",
      versionLabel: "Dự thảo lần 1",
      nextVersionLabel: "Dự thảo lần 2",
      sentAt: Date.UTC(2023, 6, 4, 2),
      timeZone: "Asia/Ho_Chi_Minh",
      place: "Sóc Trăng",
      now: Date.UTC(2023, 6, 7, 2),
      invitations: [
        { agencyName: "Sở Tư pháp", answerKind: "comments", late: false },
        { agencyName: "Mặt trận Tổ quốc", answerKind: "comments", late: false },
        { agencyName: "Liên đoàn Lao động", answerKind: "agree", late: false },
        { agencyName: "Biên phòng", answerKind: null, late: false },
      ],
      comments: [
        comment(1, { text: "Chung", answerId: 10, decision: "noted", answerText: "Ghi nhận." }),
        comment(2, { clauseLabel: "II.1.b", clauseCitation: "điểm b khoản 1 Mục II", answerId: 11, decision: "accepted", answerText: "Đã sửa tên Đài." }),
        comment(3, { clauseLabel: "II.1.b", clauseCitation: "điểm b khoản 1 Mục II", agencyName: "Mặt trận Tổ quốc", answerId: 11, decision: "accepted", answerText: "Đã sửa tên Đài." }),
        // Stored before citations: the label stands in.
        comment(4, { clauseLabel: "III.3", clauseCitation: "", proposedWording: "Luật Thực hiện dân chủ ở cơ sở" }),
      ],
      appendix: [{ label: "II.1.b", clause: "Điểm b khoản 1 Mục II", oldText: "Đài Phát thanh - Truyền hình", newText: "Đài Phát thanh và Truyền hình", reason: "Đã sửa tên Đài." }],
    },
    t,
    "vi-VN",
  );

  it("has the header and the counts of the summary", () => {
    expect(model.issuer).toBe("SỞ NỘI VỤ TỈNH SÓC TRĂNG");
    expect(model.dateLine).toBe("Sóc Trăng, ngày 07 tháng 7 năm 2023");
    expect(model.counts).toEqual({ invited: 4, answered: 3, agreed: 1, declined: 0, silent: 1, comments: 4, answeredComments: 3 });
    expect(model.silentAgencies).toEqual(["Biên phòng"]);
    expect(model.summary.join(" ")).toContain("ngày 04 tháng 7 năm 2023");
  });

  it("puts comments sharing an answer in one row with all their agencies, in order", () => {
    expect(model.rows.map((r) => [r.stt, r.clause, r.agencies.join("+")])).toEqual([
      [1, "Ý kiến chung", "Sở Tư pháp"],
      [2, "Điểm b khoản 1 Mục II (Dự thảo lần 1)", "Sở Tư pháp+Mặt trận Tổ quốc"],
      [3, "III.3 (Dự thảo lần 1)", "Sở Tư pháp"],
    ]);
    expect(model.rows[1]!.answer).toBe("Tiếp thu. Đã sửa tên Đài.");
    expect(model.rows[2]!.answer).toBe("Chưa giải trình");
    expect(model.rows[2]!.comments[0]!.text).toContain("Đề xuất sửa: Luật Thực hiện dân chủ ở cơ sở");
  });

  it("titles the appendix with both versions", () => {
    expect(model.appendixTitle).toBe("PHỤ LỤC: SO SÁNH DỰ THẢO LẦN 1 VÀ DỰ THẢO LẦN 2");
    expect(model.columns).toEqual(["STT", "Điều, khoản dự thảo", "Cơ quan góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình"]);
  });
});

describe("clause references in the report", () => {
  const build = (comments: ReportCommentInput[], lang: "vi" | "en" = "vi") =>
    buildReport(
      {
        title: "T",
        draftingAgencyName: "Sở Nội vụ",
        letterRef: "",
        versionLabel: "Dự thảo lần 1",
        nextVersionLabel: null,
        sentAt: null,
        timeZone: "Asia/Ho_Chi_Minh",
        place: "",
        now: Date.UTC(2023, 6, 7, 2),
        invitations: [],
        comments,
        appendix: [],
      },
      translator(lang),
      "vi-VN",
    );

  it("writes the citation as is, capitalised only where it starts the cell", () => {
    const model = build([
      comment(1, { clauseLabel: "D2.3", clauseCitation: "khoản 3 Điều 2", answerId: 7, decision: "accepted", answerText: "Đã sửa." }),
      comment(2, { clauseLabel: "D2.4", clauseCitation: "khoản 4 Điều 2", answerId: 7, decision: "accepted", answerText: "Đã sửa." }),
      comment(3, { clauseLabel: "D2.3", clauseCitation: "khoản 3 Điều 2", agencyName: "Sở Tài chính", answerId: 7, decision: "accepted", answerText: "Đã sửa." }),
      comment(4, { clauseLabel: "D3.p2", clauseCitation: "", versionLabel: "Dự thảo lần 2" }),
      comment(5, { clauseLabel: "S1.2", clauseCitation: "пункт 3 статьи 2" }),
    ]);
    expect(model.rows.map((r) => r.clause)).toEqual([
      "Khoản 3 Điều 2 (Dự thảo lần 1); khoản 4 Điều 2 (Dự thảo lần 1)",
      "D3.¶2 (Dự thảo lần 2)",
      "Пункт 3 статьи 2 (Dự thảo lần 1)",
    ]);
    expect(model.rows.map((r) => r.clause).join(" ")).not.toContain("Mục");
  });

  it("reads the same in English: no word wrapped around the citation", () => {
    const model = build([comment(1, { clauseLabel: "C1", clauseCitation: "Chương I" })], "en");
    expect(model.rows[0]!.clause).toBe("Chương I (Dự thảo lần 1)");
  });
});
