/**
 * Reading a collective body's member list (issue 17): .csv (BOM, ";" or ",", quoted cells) and .xlsx
 * (made here with exceljs), headers in three languages, every bad row reported with its number and
 * nothing returned to save, and files that are not what their name says (a zip bomb, text named .xlsx).
 */
import ExcelJS from "exceljs";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { checkListRows, headerKey, MAX_LIST_ROWS, readListRows, readMemberList, type ListProblem } from "~/directory/member-list.server";
import { translate } from "~/i18n";

const agencies = [
  { id: 1, name: "Ủy ban nhân dân tỉnh Sóc Trăng", shortName: "UBND tỉnh" },
  { id: 2, name: "Sở Nội vụ", shortName: "SNV" },
  { id: 3, name: "Sở Tài chính", shortName: "STC" },
  { id: 4, name: "Sở Tư pháp", shortName: "STP" },
  { id: 5, name: "Sở Tư pháp tỉnh khác", shortName: "STP" },
];
const body = { name: "Thành viên UBND tỉnh Sóc Trăng", agencyId: 1 };
const utf8 = (s: string) => new TextEncoder().encode(s);
const vi = (p: ListProblem) => translate("vi", p.key, p.params);

async function xlsx(rows: unknown[][], build?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("Danh sách");
  for (const r of rows) sheet.addRow(r);
  build?.(sheet);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("headers", () => {
  it("compares without case, accents or a trailing colon", () => {
    expect(headerKey(" HỌ VÀ TÊN: ")).toBe("ho va ten");
    expect(headerKey("Thư  điện tử*")).toBe("thu dien tu");
    expect(headerKey("ФИО")).toBe("фио");
  });

  it.each([
    ["Họ tên;Chức vụ;Cơ quan;Thư điện tử"],
    ["HỌ VÀ TÊN;CHỨC VỤ;CƠ QUAN;THƯ ĐIỆN TỬ"],
    ["ho ten;chuc vu;co quan;thu dien tu"],
    ["Name;Position;Agency;E-mail"],
    ["name;POSITION;agency;Email:"],
    ["ФИО;Должность;Организация;Эл. почта"],
    ["STT;Họ và tên;Ghi chú;Chức vụ;Cơ quan;Email"],
  ])("%s", async (header) => {
    const cells = header.split(";");
    const row = cells.map((h) => ({ stt: "1", "ghi chu": "x" })[headerKey(h)] ?? "");
    const at = (want: string[]) => cells.findIndex((h) => want.includes(headerKey(h)));
    row[at(["ho ten", "ho va ten", "name", "фио"])] = "Trần Văn An";
    row[at(["chuc vu", "position", "должность"])] = "Chủ tịch";
    row[at(["co quan", "agency", "организация"])] = "SNV";
    row[at(["thu dien tu", "email", "e-mail", "эл. почта"])] = "an@soctrang.gov.vn";
    const read = await readListRows(utf8(`${header}\n${row.join(";")}\n`), "list.csv");
    expect(read).toEqual({ ok: true, rows: [{ line: 2, name: "Trần Văn An", position: "Chủ tịch", agency: "SNV", emails: "an@soctrang.gov.vn" }] });
  });

  it("finds the header under a title, and refuses a file without one", async () => {
    const titled = await readListRows(utf8("DANH SÁCH THÀNH VIÊN UBND TỈNH\n\nHọ tên,Chức vụ\nTrần Văn An,Chủ tịch\n"), "l.csv");
    expect(titled.ok && titled.rows).toEqual([{ line: 4, name: "Trần Văn An", position: "Chủ tịch", agency: "", emails: "" }]);
    const none = await readListRows(utf8("Tên,Chức vụ\nTrần Văn An,Chủ tịch\n"), "l.csv");
    expect(none.ok ? null : none.problems.map(vi)).toEqual(["Không tìm thấy dòng tiêu đề có cột «Họ tên» (hoặc Name, ФИО) trong 10 dòng đầu."]);
    const twice = await readListRows(utf8("Họ tên,Name\nA,B\n"), "l.csv");
    expect(twice.ok ? null : twice.problems.map(vi)).toEqual(["Dòng 1: cột «Name» có hai lần trong dòng tiêu đề."]);
  });
});

describe(".csv", () => {
  it("UTF-8 with a BOM, semicolons, quoted cells, CRLF: rows with their line numbers", async () => {
    const text =
      "\uFEFFSTT;Họ tên;Chức vụ;Cơ quan;Thư điện tử\r\n" +
      "1;Trần Văn An;Chủ tịch UBND tỉnh;;an@soctrang.gov.vn\r\n" +
      "\r\n" +
      '2;"Lê Thị Bình";"Phó Chủ tịch; phụ trách\r\nkhối văn xã";UBND tỉnh;binh@soctrang.gov.vn, binh.le@gmail.com\r\n' +
      "3;Nguyễn Văn Cường;Giám đốc Sở Nội vụ;Sở Nội vụ;cuong@soctrang.gov.vn;  CUONG@SOCTRANG.GOV.VN\r\n";
    const result = await readMemberList({ bytes: utf8(text), filename: "Danh sach.CSV" }, body, agencies);
    expect(result).toEqual({
      ok: true,
      list: {
        name: body.name,
        agencyId: 1,
        members: [
          { name: "Trần Văn An", position: "Chủ tịch UBND tỉnh", agencyId: 1, emails: ["an@soctrang.gov.vn"] },
          { name: "Lê Thị Bình", position: "Phó Chủ tịch; phụ trách khối văn xã", agencyId: 1, emails: ["binh@soctrang.gov.vn", "binh.le@gmail.com"] },
          { name: "Nguyễn Văn Cường", position: "Giám đốc Sở Nội vụ", agencyId: 2, emails: ["cuong@soctrang.gov.vn"] },
        ],
      },
    });
    const rows = await readListRows(utf8(text), "l.csv");
    expect(rows.ok && rows.rows.map((r) => r.line)).toEqual([2, 4, 6]);
  });

  it("commas without a BOM, the agency by its short name, whatever its case", async () => {
    const result = await readMemberList({ bytes: utf8('Name,Position,Agency,Email\n"Phạm, Văn Dũng",Director,stc,dung@example.vn\n'), filename: "l.csv" }, body, agencies);
    expect(result.ok && result.list.members).toEqual([{ name: "Phạm, Văn Dũng", position: "Director", agencyId: 3, emails: ["dung@example.vn"] }]);
  });

  it("refuses what is not UTF-8 text, and a broken quote with its line", async () => {
    const latin1 = Uint8Array.from([...utf8("Name\n"), 0x54, 0x72, 0xe2, 0x6e, 0x0a]);
    const bad = await readListRows(latin1, "l.csv");
    expect(bad.ok ? null : bad.problems[0]!.key).toBe("directory.import.notUtf8");
    const zip = await readListRows(await xlsx([["Name"], ["A"]]), "list.csv");
    expect(zip.ok ? null : zip.problems[0]!.key).toBe("directory.import.notCsv");
    const quote = await readListRows(utf8('Name,Position\nA,B\n"C,D\n'), "l.csv");
    expect(quote.ok ? null : quote.problems.map(vi)).toEqual([expect.stringMatching(/^Dòng \d+: tệp \.csv sai định dạng/)]);
    const txt = await readListRows(utf8("Name\nA\n"), "list.txt");
    expect(txt.ok ? null : txt.problems[0]!.key).toBe("directory.import.wrongType");
    const empty = await readListRows(new Uint8Array(0), "list.csv");
    expect(empty.ok ? null : empty.problems[0]!.key).toBe("directory.import.emptyFile");
    const big = await readListRows(new Uint8Array(2 * 1024 * 1024 + 1).fill(65), "list.csv");
    expect(big.ok ? null : big.problems.map(vi)).toEqual(["Tệp danh sách quá lớn (tối đa 2 MB)."]);
  });

  it("at most 1,000 members; a header alone is no list", async () => {
    const lines = ["Họ tên", ...Array.from({ length: MAX_LIST_ROWS + 1 }, (_, i) => `Người ${i + 1}`)];
    const over = await readListRows(utf8(lines.join("\n")), "l.csv");
    expect(over.ok ? null : over.problems.map(vi)).toEqual(["Danh sách có hơn 1000 dòng."]);
    const exact = await readListRows(utf8(lines.slice(0, -1).join("\n")), "l.csv");
    expect(exact.ok && exact.rows.length).toBe(MAX_LIST_ROWS);
    const headerOnly = await readListRows(utf8("Họ tên;Chức vụ\n;\n"), "l.csv");
    expect(headerOnly.ok ? null : headerOnly.problems[0]!.key).toBe("directory.import.noRows");
  });
});

describe("bad rows", () => {
  it("every problem, in order, naming the row and the column; nothing to save", async () => {
    const text = [
      "Họ tên;Chức vụ;Cơ quan;Thư điện tử", // 1
      "Trần Văn An;Chủ tịch;;an@soctrang.gov.vn", // 2
      "Lê Thị Bình;Phó Chủ tịch;;binh@soctrang.gov.vn", // 3
      "Nguyễn Văn Cường;Giám đốc;Sở Nội vụ;", // 4
      "Phạm Văn Dũng;Giám đốc;Sở Tài chính;dung@soctrang.gov.vn", // 5
      "Võ Thị Em;Giám đốc;STC;", // 6
      ";Giám đốc Sở Y tế;;yte@soctrang.gov.vn", // 7
      "Đặng Văn Giang;Giám đốc;;giang@soctrang.gov.vn", // 8
      "Huỳnh Văn Hải;Giám đốc;;abc", // 9
      "Lâm Thị Kim;Giám đốc;;AN@soctrang.gov.vn", // 10
      "Nguyễn Văn Cường;Phó Giám đốc;SNV;", // 11
      "Tô Văn Long;Giám đốc;Sở X;long@soctrang.gov.vn", // 12
      "Mai Văn Minh;Giám đốc;STP;minh@soctrang.gov.vn", // 13
      `${"A".repeat(201)};;;`, // 14
    ].join("\n");
    const result = await readMemberList({ bytes: utf8(text), filename: "l.csv" }, body, agencies);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map(vi)).toEqual([
      "Dòng 7: thiếu họ tên",
      "Dòng 9: thư điện tử «abc» không hợp lệ",
      "Dòng 10: thư điện tử «AN@soctrang.gov.vn» đã có ở dòng 2",
      "Dòng 11: «Nguyễn Văn Cường» (cùng cơ quan) đã có ở dòng 4",
      "Dòng 12: không có cơ quan «Sở X» trong danh bạ",
      "Dòng 13: nhiều cơ quan có tên viết tắt «STP»; hãy ghi tên đầy đủ",
      "Dòng 14: họ tên dài quá 200 ký tự",
    ]);
    expect(translate("en", result.ok ? "app.name" : result.problems[4]!.key, result.ok ? {} : result.problems[4]!.params)).toBe("Row 12: there is no agency “Sở X” in the directory");
    expect(translate("ru", result.ok ? "app.name" : result.problems[0]!.key, result.ok ? {} : result.problems[0]!.params)).toBe("Строка 7: не указаны ФИО");
  });

  it("the same address twice on one row is one address", () => {
    const checked = checkListRows([{ line: 2, name: "A", position: "", agency: "", emails: "a@x.vn a@X.vn" }], body, agencies);
    expect(checked.ok && checked.list.members[0]!.emails).toEqual(["a@x.vn"]);
  });
});

describe(".xlsx", () => {
  it("a workbook made with exceljs: English headers under a title, a mailto link, a number, an empty row", async () => {
    const bytes = await xlsx(
      [
        ["LIST OF MEMBERS"],
        [],
        ["No.", "Name", "Position", "Agency", "E-mail"],
        [1, "Trần Văn An", "Chủ tịch", "", "an@soctrang.gov.vn"],
        [],
        [2, "Lê Thị Bình", "Phó Chủ tịch", "Sở Nội vụ", null],
        [3, "  Nguyễn   Văn Cường ", 12345, "STC", "cuong@soctrang.gov.vn; c2@soctrang.gov.vn"],
      ],
      (sheet) => {
        sheet.getCell("E6").value = { text: "binh@soctrang.gov.vn", hyperlink: "mailto:binh@soctrang.gov.vn" };
      },
    );
    const rows = await readListRows(bytes, "members.XLSX");
    expect(rows.ok && rows.rows.map((r) => r.line)).toEqual([4, 6, 7]);
    const result = await readMemberList({ bytes, filename: "members.xlsx" }, body, agencies);
    expect(result.ok && result.list.members).toEqual([
      { name: "Trần Văn An", position: "Chủ tịch", agencyId: 1, emails: ["an@soctrang.gov.vn"] },
      { name: "Lê Thị Bình", position: "Phó Chủ tịch", agencyId: 2, emails: ["binh@soctrang.gov.vn"] },
      { name: "Nguyễn Văn Cường", position: "12345", agencyId: 3, emails: ["cuong@soctrang.gov.vn", "c2@soctrang.gov.vn"] },
    ]);
  });

  it("bad rows are named by the sheet's row numbers", async () => {
    const bytes = await xlsx([["Họ tên", "Thư điện tử", "Cơ quan"], ["A", "a@x.vn"], [null, "b@x.vn"], ["C", "not-an-address"], ["D", "", "Sở X"]]);
    const result = await readMemberList({ bytes, filename: "l.xlsx" }, body, agencies);
    expect(result.ok ? [] : result.problems.map(vi)).toEqual([
      "Dòng 3: thiếu họ tên",
      "Dòng 4: thư điện tử «not-an-address» không hợp lệ",
      "Dòng 5: không có cơ quan «Sở X» trong danh bạ",
    ]);
  });

  it("text named .xlsx, and a zip that is no workbook, are refused by their content", async () => {
    const text = await readListRows(utf8("Họ tên\nA\n"), "list.xlsx");
    expect(text.ok ? null : text.problems.map(vi)).toEqual([expect.stringContaining("không phải là bảng tính .xlsx")]);
    const docx = zipSync({ "word/document.xml": utf8("<w:document/>"), "[Content_Types].xml": utf8("<Types/>") });
    const notWorkbook = await readListRows(docx, "list.xlsx");
    expect(notWorkbook.ok ? null : notWorkbook.problems[0]!.key).toBe("directory.import.notXlsx");
    const cut = await xlsx([["Name"], ["A"]]);
    const truncated = await readListRows(cut.subarray(0, cut.length - 40), "list.xlsx");
    expect(truncated.ok).toBe(false);
  });

  it("a zip bomb is refused: by its claimed size, and by the bytes it really inflates to when it lies", async () => {
    const sheetXml = utf8(`<worksheet><sheetData>${"<row/>".repeat(4_000_000)}</sheetData></worksheet>`); // 24 MB
    const files = { "xl/workbook.xml": utf8("<workbook/>"), "xl/worksheets/sheet1.xml": sheetXml, "[Content_Types].xml": utf8("<Types/>") };
    const honest = zipSync(files, { level: 9 });
    expect(honest.length).toBeLessThan(200_000);
    const claimed = await readListRows(honest, "bomb.xlsx");
    // 24 MB is under the central directory guard's 60 MB but over the list's 16 MB inflate budget.
    expect(claimed.ok ? null : claimed.problems[0]!.key).toBe("directory.import.bomb");
    // The central directory lies (1 KB): only the real count stops it.
    const lying = Buffer.from(honest);
    const eocd = lying.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    let at = lying.readUInt32LE(eocd + 16);
    for (let n = lying.readUInt16LE(eocd + 10); n > 0; n--) {
      lying.writeUInt32LE(1024, at + 24);
      at += 46 + lying.readUInt16LE(at + 28) + lying.readUInt16LE(at + 30) + lying.readUInt16LE(at + 32);
    }
    const lied = await readListRows(new Uint8Array(lying), "bomb.xlsx");
    expect(lied.ok ? null : lied.problems[0]!.key).toBe("directory.import.bomb");
    expect(lied.ok ? null : vi(lied.problems[0]!)).toBe("Tệp .xlsx này khi giải nén quá lớn; không thể nhận.");
  });
});
