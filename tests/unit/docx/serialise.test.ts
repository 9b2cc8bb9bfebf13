/** docxToText, the contract with the clause parser, for each fixture; and the blocks behind it. */
import { describe, expect, it } from "vitest";
import { docxToText, readDocx, type DocxTable } from "~/documents/docx";
import { FIXTURES } from "../../fixtures/docx/builders";

const text = async (build: () => Promise<Buffer>) => docxToText(readDocx(await build()));
const tables = async (build: () => Promise<Buffer>) => readDocx(await build()).blocks.filter((b): b is DocxTable => b.type === "table");

describe("docxToText", () => {
  it("writes automatic numbers, lower levels and bullets as Word renders them, one paragraph per blank-line block", async () => {
    const out = await text(FIXTURES.planWithNumbering);
    expect(out).toContain(
      [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "a) Xác định cụ thể nội dung công việc, thời hạn, tiến độ hoàn thành.",
        "b) Xác định trách nhiệm và cơ chế phối hợp giữa các Sở, ban, ngành.",
        "2. Yêu cầu",
        "a) Bảo đảm sự chỉ đạo thống nhất của Ủy ban nhân dân tỉnh.",
        "II. NỘI DUNG",
        "1. Tổ chức quán triệt, phổ biến Luật",
        "a) Tổ chức quán triệt, phổ biến Luật",
        "- Cơ quan chủ trì: Sở Nội vụ.",
        "- Thời gian thực hiện: Năm 2023.",
        "b) Tổ chức tuyên truyền Luật trên các phương tiện thông tin đại chúng",
        "- Cơ quan chủ trì: Sở Thông tin và Truyền thông.",
        "2. Rà soát văn bản quy phạm pháp luật",
        "III. TỔ CHỨC THỰC HIỆN",
      ].join("\n\n"),
    );
    // The header and signature tables are layout: plain paragraphs, cell by cell, as mammoth wrote them.
    expect(out.startsWith("ỦY BAN NHÂN DÂN\n\nTỈNH SÓC TRĂNG\n\nSố:      /KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n")).toBe(true);
    expect(out.endsWith("Nơi nhận:\n\n- Như trên;\n\n- TT. Tỉnh ủy, TT. HĐND tỉnh;\n\n- Lưu: VT, NC.\n\nTM. ỦY BAN NHÂN DÂN\n\nKT. CHỦ TỊCH\n\nPHÓ CHỦ TỊCH\n\nLâm Hoàng Nghiệp\n")).toBe(true);
    expect(out).not.toContain("|");
  });

  it("restarts a second list instance and a level under a new parent", async () => {
    expect(await text(FIXTURES.restarts)).toBe(
      [
        "Các bước chuẩn bị:", "1. Thu thập ý kiến", "2. Tổng hợp ý kiến", "3. Giải trình, tiếp thu",
        "Các bước thẩm định:", "1. Gửi hồ sơ thẩm định", "2. Nhận báo cáo thẩm định",
        "1. Phạm vi", "1.1. Đối tượng", "1.2. Địa bàn", "2. Nội dung", "2.1. Tuyên truyền", "2.2. Tập huấn", "2.3. Kiểm tra",
      ].join("\n\n") + "\n",
    );
  });

  it("continues numbering across plain paragraphs, a section break and two w:num sharing one list", async () => {
    expect(await text(FIXTURES.continued)).toBe(
      [
        "1. Điều chỉnh quy hoạch", "2. Bổ sung danh mục dự án", "Đoạn văn không đánh số ở giữa danh sách.", "3. Cập nhật kế hoạch vốn",
        "a) Điểm thứ nhất", "b) Điểm thứ hai", "4. Báo cáo kết quả thực hiện", "5. Tổng kết, đánh giá",
        "Các điểm tiếp theo:", "c) Điểm thứ ba", "d) Điểm thứ tư",
      ].join("\n\n") + "\n",
    );
  });

  it("prefixes headings with '#'s, numbers them from their style, runs 'Điều' on through chapters", async () => {
    expect(await text(FIXTURES.headingStyles)).toBe(
      [
        "LUẬT", "THỰC HIỆN DÂN CHỦ Ở CƠ SỞ",
        "# Chương I", "NHỮNG QUY ĐỊNH CHUNG",
        "## Điều 1. Phạm vi điều chỉnh", "Luật này quy định nguyên tắc thực hiện dân chủ ở cơ sở.",
        "## Điều 2. Đối tượng áp dụng", "1. Công dân Việt Nam.", "2. Cơ quan, tổ chức có liên quan.",
        "# Chương II", "NỘI DUNG THỰC HIỆN DÂN CHỦ Ở XÃ, PHƯỜNG, THỊ TRẤN",
        // "Dieu" is based on Heading 2: its heading level and its numbering come through basedOn.
        "## Điều 3. Những nội dung công dân được biết", "1. Chủ trương, chính sách.",
        "## Điều 4. Hình thức công khai thông tin",
        // numId 0 on the paragraph turns the Heading 1 numbering off.
        "# PHỤ LỤC",
      ].join("\n\n") + "\n",
    );
    const paragraphs = readDocx(await FIXTURES.headingStyles()).blocks;
    expect(paragraphs.find((b) => b.type === "paragraph" && b.text.startsWith("Những nội dung"))).toMatchObject({ style: "Dieu", headingLevel: 2, number: "Điều 3.", numberSuffix: " " });
    expect(paragraphs.find((b) => b.type === "paragraph" && b.number === "Chương I")).toMatchObject({ text: "", headingLevel: 1, numberSuffix: "" });
  });

  it("writes a task table as a pipe table: column-number row dropped, group row padded, merged agency repeated, <br> and \\|", async () => {
    expect(await text(FIXTURES.taskTable)).toBe(
      [
        "Danh mục nhiệm vụ",
        [
          "| STT | Nội dung công việc | Cơ quan chủ trì | Thời gian |",
          "| --- | --- | --- | --- |",
          "| I | Nhiệm vụ chung |  |  |",
          "| 1 | Tổ chức quán triệt Luật | Sở Nội vụ | Năm 2023 |",
          "| 2 | Tuyên truyền Luật \\| trên báo chí | Sở Nội vụ | Quý III/2023 |",
          "| 3 | Rà soát văn bản<br>Đề xuất sửa đổi, bổ sung | Sở Tư pháp | Thường xuyên |",
        ].join("\n"),
        "Các cơ quan tổ chức thực hiện theo danh mục trên.",
      ].join("\n\n") + "\n",
    );
    const [table] = await tables(FIXTURES.taskTable);
    expect(table).toMatchObject({ layout: false, headerRows: 1, header: ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian"] });
    expect(table.rows[2]).toEqual(["1", "Tổ chức quán triệt Luật", "Sở Nội vụ", "Năm 2023"]);
    expect(table.rows[3][2]).toBe("Sở Nội vụ");
    expect(table.rows[4][1]).toBe("Rà soát văn bản\nĐề xuất sửa đổi, bổ sung");
  });

  it("keeps the signature block as paragraphs and the appendix table after it, two header rows merged per column", async () => {
    const out = await text(FIXTURES.appendixAfterSignature);
    expect(out).toContain("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\nNơi nhận:\n\n- Như trên;");
    expect(out).toContain(
      [
        "Lâm Hoàng Nghiệp",
        "# PHỤ LỤC",
        "## Danh mục nhiệm vụ năm 2023",
        [
          "| STT | Nội dung công việc | Cơ quan chủ trì | Thời gian – Bắt đầu | Thời gian – Kết thúc |",
          "| --- | --- | --- | --- | --- |",
          "| 1 | Xây dựng quy chế | Văn phòng UBND tỉnh | 01/2023 | 06/2023 |",
          "| 2 | Kiểm tra việc thực hiện | Sở Nội vụ | 07/2023 |  |",
        ].join("\n"),
      ].join("\n\n"),
    );
    const [header, signature, appendix] = await tables(FIXTURES.appendixAfterSignature);
    expect([header.layout, signature.layout, appendix.layout]).toEqual([true, true, false]);
    expect(appendix.headerRows).toBe(2);
    expect(appendix.rows[0]).toEqual(["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian", ""]);
    expect(appendix.rows[1]).toEqual(["STT", "Nội dung công việc", "Cơ quan chủ trì", "Bắt đầu", "Kết thúc"]);
  });

  it("numbers a Russian law: 'Статья N.', '1)' points, 'а)' Cyrillic sub-points; the signature table is layout", async () => {
    const out = await text(FIXTURES.russianLaw);
    expect(out).toContain("Статья 2. Основные понятия\n\nДля целей настоящего Федерального закона используются следующие понятия:\n\n1) муниципальное образование;\n\n2) сельское поселение;\n\n3) городской округ, в том числе:\n\nа) внутригородской район;\n\nб) городской округ с внутригородским делением;\n\nСтатья 3. Вступление");
    expect(out.endsWith("Президент\n\nРоссийской Федерации\n\nВ. Путин\n\nМосква, Кремль\n")).toBe(true);
    expect((await tables(FIXTURES.russianLaw))[0].layout).toBe(true);
  });
});
