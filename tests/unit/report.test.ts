import { describe, expect, it } from "vitest";
import { buildReport, type ReportCommentInput, type ReportInput } from "~/domain/report/build-report";
import { formatCalendarDate } from "~/domain/report/date-line";
import { reportSettingsSchema, type ReportSettings } from "~/domain/report/settings";
import { translator, type Lang } from "~/i18n";
import { en } from "~/i18n/messages/en";
import { ru } from "~/i18n/messages/ru";
import { vi } from "~/i18n/messages/vi";

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

const SETTINGS: ReportSettings = {
  ...reportSettingsSchema.parse({}),
  governingBody: "UBND tỉnh Sóc Trăng",
  issuingBody: "SỞ NỘI VỤ",
  symbol: "SNV",
  placeName: "Sóc Trăng",
  signerAuthority: "KT.",
  signerAuthorityTitle: "Giám đốc",
  signerTitle: "Phó Giám đốc",
  signerName: "Trần Văn Lâm",
  recipients: "- UBND tỉnh (b/c);\n\n- Lưu: VT, XDCQ.\n",
  requestSender: "Văn phòng UBND tỉnh",
  requestNumber: "3593/VP-VX",
  requestDate: "2023-07-04",
};

const NOW = Date.UTC(2026, 10, 23, 2);

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    lang: "vi",
    title: "Kế hoạch thử",
    draftingAgencyName: "Sở Nội vụ tỉnh Sóc Trăng",
    letterRef: "",
    commentedVersions: ["Dự thảo lần 1"],
    appendixVersions: { old: "Dự thảo lần 1", new: "Dự thảo lần 2" },
    timeZone: "Asia/Ho_Chi_Minh",
    now: NOW,
    settings: SETTINGS,
    invitations: [
      { agencyName: "Sở Tư pháp", answerKind: "comments", late: false },
      { agencyName: "Mặt trận Tổ quốc", answerKind: "comments", late: false },
      { agencyName: "Liên đoàn Lao động", answerKind: "agree", late: false },
      { agencyName: "Biên phòng", answerKind: null, late: false },
      { agencyName: "Công an tỉnh", answerKind: null, late: false },
    ],
    comments: [
      comment(1, { text: "Chung", answerId: 10, decision: "noted", answerText: "Ghi nhận." }),
      comment(2, { clauseLabel: "II.1.b", clauseCitation: "điểm b khoản 1 Mục II", answerId: 11, decision: "accepted", answerText: "Đã sửa tên Đài." }),
      comment(3, { clauseLabel: "II.1.b", clauseCitation: "điểm b khoản 1 Mục II", agencyName: "Mặt trận Tổ quốc", answerId: 11, decision: "accepted", answerText: "Đã sửa tên Đài." }),
      // Stored before citations: the label stands in.
      comment(4, { clauseLabel: "III.3", clauseCitation: "", proposedWording: "Luật Thực hiện dân chủ ở cơ sở" }),
    ],
    appendix: [
      {
        clause: "điểm b khoản 1 Mục II",
        oldText: "Đài Phát thanh - Truyền hình tỉnh",
        newText: "Đài Phát thanh và Truyền hình tỉnh",
        relation: "changed",
        answers: [
          { answerId: 11, agencyName: "Sở Tư pháp", decision: "accepted", text: "Đã sửa tên Đài." },
          { answerId: 11, agencyName: "Mặt trận Tổ quốc", decision: "accepted", text: "Đã sửa tên Đài." },
        ],
      },
      { clause: "khoản 4 Mục III", oldText: "Các Sở, ban, ngành", newText: "Các sở, ban, ngành tỉnh", relation: "changed", answers: [] },
      { clause: "khoản 5 Mục III", oldText: "", newText: "Nội dung mới.", relation: "new", answers: [] },
    ],
    ...over,
  };
}

const build = (over: Partial<ReportInput> = {}, lang: Lang = "vi") => buildReport({ ...input(over), lang }, translator(lang));

describe("the report model: header, signature, recipients", () => {
  const model = build();

  it("has the header of Decree 30/2020: governing body, issuer, number with symbol, place and year, day and month left blank", () => {
    expect(model.header).toEqual({
      governingBody: "UBND TỈNH SÓC TRĂNG",
      issuingBody: "SỞ NỘI VỤ",
      numberLine: "Số:        /BC-SNV",
      nationalName: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      motto: "Độc lập - Tự do - Hạnh phúc",
      dateLine: "Sóc Trăng, ngày      tháng      năm 2026",
    });
    expect(JSON.stringify(model)).not.toContain("ngày ngày");
  });

  it("falls back to the drafting agency's name and no place", () => {
    const bare = build({ settings: reportSettingsSchema.parse({}) });
    expect(bare.header.governingBody).toBe("");
    expect(bare.header.issuingBody).toBe("SỞ NỘI VỤ TỈNH SÓC TRĂNG");
    expect(bare.header.dateLine).toBe("Ngày      tháng      năm 2026");
    expect(bare.signature).toEqual({ authority: "", title: "", name: "" });
    expect(bare.recipients).toEqual(["- Lưu: VT."]);
  });

  it("has the signature block and the recipients, one a line", () => {
    expect(model.signature).toEqual({ authority: "KT. GIÁM ĐỐC", title: "PHÓ GIÁM ĐỐC", name: "Trần Văn Lâm" });
    expect(model.recipientsLabel).toBe("Nơi nhận:");
    expect(model.recipients).toEqual(["- UBND tỉnh (b/c);", "- Lưu: VT, XDCQ."]);
  });
});

describe("the report model: the body reads right", () => {
  it("names the real sender, number and date of the request letter, and the versions sent", () => {
    const model = build({ commentedVersions: ["Dự thảo lần 1", "Dự thảo lần 2"] });
    expect(model.paragraphs[0]).toBe(
      "Thực hiện Văn bản số 3593/VP-VX ngày 04/7/2023 của Văn phòng UBND tỉnh về việc góp ý dự thảo Kế hoạch thử, Sở Nội vụ tỉnh Sóc Trăng báo cáo kết quả tổng hợp, tiếp thu, giải trình ý kiến góp ý như sau:",
    );
    expect(model.paragraphs[1]).toBe("Dự thảo lần 1 và Dự thảo lần 2 đã được gửi xin ý kiến của 5 cơ quan, đơn vị.");
  });

  it("uses the consultation's letter number when the settings have none, and never invents a sender", () => {
    const model = build({ letterRef: "12/SNV", settings: { ...SETTINGS, requestSender: "", requestNumber: "", requestDate: "" } });
    expect(model.paragraphs[0]).toMatch(/^Thực hiện Văn bản số 12\/SNV về việc góp ý/);
    const none = build({ settings: { ...SETTINGS, requestSender: "", requestNumber: "", requestDate: "" } });
    expect(none.paragraphs[0]).toBe("Sở Nội vụ tỉnh Sóc Trăng báo cáo kết quả tổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo Kế hoạch thử như sau:");
  });

  it("names who answered, who agreed and who did not answer; counts without fractions", () => {
    const model = build();
    const text = model.paragraphs.join("\n");
    expect(text).toContain(
      "Đến nay, đã nhận được ý kiến của 3 cơ quan, đơn vị, trong đó: 2 cơ quan có ý kiến góp ý (Sở Tư pháp, Mặt trận Tổ quốc); 1 cơ quan thống nhất với dự thảo, không có ý kiến khác (Liên đoàn Lao động).",
    );
    expect(text).toContain("Còn 2 cơ quan, đơn vị chưa có ý kiến: Biên phòng, Công an tỉnh.");
    expect(text).toContain("Tổng hợp được 4 ý kiến góp ý. Sở Nội vụ tỉnh Sóc Trăng đã nghiên cứu, tiếp thu 2 ý kiến, ghi nhận 1 ý kiến, còn 1 ý kiến chưa giải trình; kết quả cụ thể như sau:");
    expect(text).not.toMatch(/\d+\/\d+ (ý kiến|cơ quan)/);
    expect(model.counts).toEqual({ invited: 5, answered: 3, withComments: 2, agreed: 1, declined: 0, silent: 2, comments: 4, answeredComments: 3, agenciesInvited: 5, agenciesAnswered: 3, bodies: 0, membersInvited: 0, membersAnswered: 0, verdicts: { agree: 1, agree_with_comments: 2, disagree: 0 } });
    // Answers given before verdicts (issue 16): agree counts as agree, comments as agree with comments.
    expect(text).toContain("Về quan điểm đối với dự thảo: 1 đồng ý, không có ý kiến, 2 đồng ý và có ý kiến góp ý.");
  });

  it("counts the verdicts (issue 16): stored verdicts first, declined answers in none", () => {
    const model = build({
      invitations: [
        { agencyName: "Sở Tư pháp", answerKind: "comments", verdict: "disagree", late: false },
        { agencyName: "Sở Tài chính", answerKind: "comments", verdict: "agree_with_comments", late: false },
        { agencyName: "Sở Y tế", answerKind: "agree", verdict: "agree", late: false },
        { agencyName: "Sở Xây dựng", answerKind: "decline", verdict: null, late: false },
      ],
    });
    expect(model.counts.verdicts).toEqual({ agree: 1, agree_with_comments: 1, disagree: 1 });
    expect(model.paragraphs).toContain("Về quan điểm đối với dự thảo: 1 đồng ý, không có ý kiến, 1 đồng ý và có ý kiến góp ý, 1 không đồng ý.");
    const en = build({ invitations: [{ agencyName: "Sở Tư pháp", answerKind: "comments", verdict: "disagree", late: false }] }, "en");
    expect(en.paragraphs.join("\n")).toContain("1 disagrees");
  });

  it("skips every phrase whose count is zero", () => {
    const model = build({
      invitations: [
        { agencyName: "Sở Tư pháp", answerKind: "comments", late: false },
        { agencyName: "Sở Tài chính", answerKind: "comments", late: false },
      ],
      comments: [comment(1, { answerId: 1, decision: "accepted", answerText: "Đã sửa." })],
    });
    const text = model.paragraphs.join("\n");
    expect(text).not.toMatch(/\b0 /);
    expect(text).not.toContain("thống nhất");
    expect(text).not.toContain("không tham gia");
    expect(text).not.toContain("chưa có ý kiến");
    expect(text).toContain("Tất cả các cơ quan, đơn vị được xin ý kiến đều đã có ý kiến.");
    expect(text).toContain("đã nghiên cứu, tiếp thu 1 ý kiến; kết quả");
  });

  it("says so when nobody answered, and when the answers carry no comments", () => {
    const silent = build({ invitations: [{ agencyName: "A", answerKind: null, late: false }], comments: [] });
    expect(silent.paragraphs.slice(2)).toEqual(["Đến nay, chưa nhận được ý kiến của cơ quan, đơn vị nào.", "Còn 1 cơ quan, đơn vị chưa có ý kiến: A."]);
    const agreed = build({ invitations: [{ agencyName: "A", answerKind: "agree", late: false }], comments: [] });
    expect(agreed.paragraphs.join(" ")).toContain("Các cơ quan, đơn vị đã trả lời không có ý kiến góp ý cụ thể đối với dự thảo.");
    expect(agreed.paragraphs.join(" ")).not.toMatch(/\b0 /);
  });

  it("separates agency names by semicolons when a name holds a comma", () => {
    const model = build({ invitations: [{ agencyName: "Sở Văn hóa, Thể thao và Du lịch", answerKind: "decline", late: false }, { agencyName: "Sở Y tế", answerKind: "decline", late: false }], comments: [] });
    expect(model.paragraphs.join(" ")).toContain("2 cơ quan không tham gia góp ý (Sở Văn hóa, Thể thao và Du lịch; Sở Y tế)");
  });

  it("closes with the usual sentence", () => {
    expect(build().closing).toBe("Trên đây là báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo Kế hoạch thử của Sở Nội vụ tỉnh Sóc Trăng./.");
  });
});

describe("the report model: the table", () => {
  const model = build();

  it("puts comments sharing an answer in one row listing all their agencies, in order", () => {
    expect(model.rows.map((r) => [r.stt, r.clause, r.agencies.join("+")])).toEqual([
      [1, "Ý kiến chung", "Sở Tư pháp"],
      [2, "Điểm b khoản 1 Mục II (Dự thảo lần 1)", "Sở Tư pháp+Mặt trận Tổ quốc"],
      [3, "III.3 (Dự thảo lần 1)", "Sở Tư pháp"],
    ]);
    expect(model.rows[1]!.comments.map((c) => c.agency)).toEqual(["Sở Tư pháp", "Mặt trận Tổ quốc"]);
    expect(model.rows[1]!.answer).toBe("Tiếp thu. Đã sửa tên Đài.");
    expect([model.rows[1]!.decision, model.rows[1]!.explanation]).toEqual(["Tiếp thu", "Đã sửa tên Đài."]);
    expect(model.rows[2]!.answer).toBe("Chưa giải trình");
    expect(model.rows[2]!.comments[0]!.proposed).toBe("Luật Thực hiện dân chủ ở cơ sở");
    expect(model.columns).toEqual(["STT", "Điều, khoản dự thảo", "Cơ quan góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình"]);
  });

  it("writes citations, capitalised only where they start the cell, never internal labels when there is a citation", () => {
    const m = build({
      comments: [
        comment(1, { clauseLabel: "D2.3", clauseCitation: "khoản 3 Điều 2", answerId: 7, decision: "accepted", answerText: "Đã sửa." }),
        comment(2, { clauseLabel: "D2.4", clauseCitation: "khoản 4 Điều 2", answerId: 7, decision: "accepted", answerText: "Đã sửa." }),
        comment(3, { clauseLabel: "D2.3", clauseCitation: "khoản 3 Điều 2", agencyName: "Sở Tài chính", answerId: 7, decision: "accepted", answerText: "Đã sửa." }),
        comment(4, { clauseLabel: "PL.r1", clauseCitation: "Phụ lục, dòng 1", versionLabel: "Dự thảo lần 2" }),
        comment(5, { clauseLabel: "S1.2", clauseCitation: "пункт 3 статьи 2" }),
      ],
    });
    expect(m.rows.map((r) => r.clause)).toEqual([
      "Khoản 3 Điều 2 (Dự thảo lần 1); khoản 4 Điều 2 (Dự thảo lần 1)",
      "Phụ lục, dòng 1 (Dự thảo lần 2)",
      "Пункт 3 статьи 2 (Dự thảo lần 1)",
    ]);
    expect(m.rows[0]!.agencies).toEqual(["Sở Tư pháp", "Sở Tài chính"]);
    expect(JSON.stringify(m.rows)).not.toMatch(/D2\.3|PL\.r1|S1\.2/);
  });
});

describe("the report model: the appendix", () => {
  const model = build();

  it("has a clause column with citations, the word changes, and the reason from the answers", () => {
    expect(model.appendixTitle).toBe("PHỤ LỤC");
    expect(model.appendixSubtitle).toBe("So sánh Dự thảo lần 1 và Dự thảo lần 2");
    expect(model.appendixNote).toBe("(Kèm theo Báo cáo số        /BC-SNV của Sở Nội vụ tỉnh Sóc Trăng)");
    expect(model.appendixColumns).toEqual(["STT", "Điều, khoản", "Dự thảo lần 1", "Dự thảo lần 2", "Lý do chỉnh sửa"]);
    const [first, second, third] = model.appendix;
    expect(first!.clause).toBe("Điểm b khoản 1 Mục II");
    expect(first!.changes).toEqual([
      { op: "same", text: "Đài Phát thanh " },
      { op: "removed", text: "-" },
      { op: "added", text: "và" },
      { op: "same", text: " Truyền hình tỉnh" },
    ]);
    // One answer for two agencies: one sentence naming both.
    expect(first!.reason).toBe("Tiếp thu ý kiến của Sở Tư pháp và Mặt trận Tổ quốc: Đã sửa tên Đài.");
    // No answer: a real phrase, not "Sửa đổi".
    expect(second!.reason).toBe("Cơ quan soạn thảo chỉnh sửa câu chữ khi hoàn thiện dự thảo.");
    expect(third!.reason).toBe("Cơ quan soạn thảo bổ sung nội dung này khi hoàn thiện dự thảo.");
    expect(model.appendix.map((a) => a.reason).join(" ")).not.toMatch(/^Sửa đổi$/m);
  });

  it("is empty when there is nothing to compare", () => {
    const m = build({ appendixVersions: null });
    expect([m.appendix, m.appendixTitle, m.appendixColumns]).toEqual([[], "", []]);
  });
});

describe("the report in each language", () => {
  it("translates the header consistently in English and Russian, keeps names as they are", () => {
    const en = build({}, "en");
    expect(en.header).toMatchObject({ nationalName: "SOCIALIST REPUBLIC OF VIET NAM", motto: "Independence - Freedom - Happiness", numberLine: "No.:        /BC-SNV", issuingBody: "SỞ NỘI VỤ" });
    expect(en.header.dateLine).toBe("Sóc Trăng, …… …………… 2026");
    expect(en.signature.authority).toBe("FOR GIÁM ĐỐC");
    expect(en.paragraphs[0]).toContain("Pursuant to letter No. 3593/VP-VX of 4 July 2023 of Văn phòng UBND tỉnh");
    expect(en.paragraphs.join(" ")).toContain("So far 3 agencies have answered: 2 with comments (Sở Tư pháp, Mặt trận Tổ quốc); 1 agreed with the draft without further comments (Liên đoàn Lao động).");
    expect(en.recipientsLabel).toBe("Recipients:");
    const ru = build({}, "ru");
    expect(ru.header).toMatchObject({ nationalName: "СОЦИАЛИСТИЧЕСКАЯ РЕСПУБЛИКА ВЬЕТНАМ", motto: "Независимость - Свобода - Счастье", numberLine: "№        /BC-SNV" });
    expect(ru.title).toBe("ДОКЛАД");
    expect(ru.columns).toEqual(["№", "Пункт проекта", "Организация", "Замечание", "Учёт, разъяснение"]);
    expect(ru.paragraphs[0]).toContain("письма № 3593/VP-VX от 04.07.2023 (Văn phòng UBND tỉnh)");
    for (const m of [en, ru]) {
      const text = JSON.stringify(m);
      expect(text).not.toMatch(/CỘNG HÒA|Độc lập|Nơi nhận|BÁO CÁO|Tiếp thu/);
      expect(text).not.toMatch(/\b0 /);
    }
  });

  it("has every report key in the Russian and English catalogs", () => {
    const keys = Object.keys(vi).filter((k) => k.startsWith("report.") || k.startsWith("reportDoc.") || k.startsWith("decision."));
    expect(keys.filter((k) => !(k in ru))).toEqual([]);
    expect(keys.filter((k) => !(k in en))).toEqual([]);
  });

  it("quotes dates as each language writes them (Decree 30: leading zero for days below 10 and months 1, 2)", () => {
    expect(["2023-07-04", "2024-02-15", "2024-12-01"].map((d) => formatCalendarDate(d, "vi"))).toEqual(["04/7/2023", "15/02/2024", "01/12/2024"]);
    expect(formatCalendarDate("2023-07-04", "en")).toBe("4 July 2023");
    expect(formatCalendarDate("2023-07-04", "ru")).toBe("04.07.2023");
  });
});

describe("the report's layout", () => {
  it("keeps the national name on one line: 12 pt in Vietnamese, smaller for a longer translation", async () => {
    const { nationalNameSize } = await import("~/domain/report/layout");
    expect(nationalNameSize("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).toBe(12);
    expect(nationalNameSize("SOCIALIST REPUBLIC OF VIET NAM")).toBe(12);
    const ru = nationalNameSize("СОЦИАЛИСТИЧЕСКАЯ РЕСПУБЛИКА ВЬЕТНАМ");
    expect(ru).toBeLessThan(12);
    expect(ru).toBeGreaterThanOrEqual(10);
  });
});
