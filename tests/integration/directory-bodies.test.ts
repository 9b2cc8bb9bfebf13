/**
 * The administrator's page of collective bodies (issue 17): importing a member list from a .csv/.xlsx
 * (bad rows give clear errors and nothing is half-imported; a good list creates the body and its
 * members in order; a new list updates people matched by e-mail and takes dropped members out of the
 * body, not out of the directory), adding, editing and removing one member, and who may do it.
 */
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as bodiesRoute from "~/routes/staff.admin.bodies";
import type { ListProblem } from "~/directory/member-list.server";
import { translate } from "~/i18n";
import { getDb, rows } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { listAudit } from "#db/queries/audit";
import { findBodyByName, listPeople, membersOf } from "#db/queries/directory";
import { ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const URL_ = "/staff/admin/bodies";
const args = (request: Request) => ({ request, params: {}, context: ctx });
type Staff = Awaited<ReturnType<typeof makeStaff>>;
type ImportFailure = { intent: "import"; errors: Record<string, string>; problems: ListProblem[]; more: number; values: Record<string, string> };
type ImportSaved = { intent: "import"; saved: { bodyId: number; name: string; created: number; updated: number; removed: number } };

let admin: Staff;
let drafter: Staff;
let host: number;
let noiVu: number;
let taiChinh: number;

async function counts() {
  const db = await getDb();
  const [r] = await rows<{ people: number | string; bodies: number | string; members: number | string; audit: number | string }>(
    db,
    sql`select (select count(*) from people) as people, (select count(*) from bodies) as bodies, (select count(*) from body_members) as members, (select count(*) from audit_events) as audit`,
  );
  return { people: Number(r!.people), bodies: Number(r!.bodies), members: Number(r!.members), audit: Number(r!.audit) };
}

const csv = (text: string, name = "danh-sach.csv") => new File([new TextEncoder().encode(text)], name, { type: "text/csv" });

function importList(file: File, fields: Record<string, string> = {}, cookie = admin.cookie, withCsrf = true) {
  return run(() =>
    bodiesRoute.action(args(postForm(URL_, { intent: "import", name: "Thành viên UBND tỉnh Sóc Trăng", agencyId: String(host), ...fields, file }, cookie, withCsrf))),
  );
}

const vi = (p: ListProblem) => translate("vi", p.key, p.params);

beforeAll(async () => {
  admin = await makeStaff({ role: "admin" });
  drafter = await makeStaff({ role: "drafter", agencyName: "Sở Xây dựng" });
  const db = await getDb();
  host = await insertAgency(db, { name: "Ủy ban nhân dân tỉnh Sóc Trăng", shortName: "UBND tỉnh", emails: [] });
  noiVu = await insertAgency(db, { name: "Sở Nội vụ", shortName: "SNV", emails: [] });
  taiChinh = await insertAgency(db, { name: "Sở Tài chính", shortName: "STC", emails: [] });
});

describe("importing a member list", () => {
  it("a list with bad rows: every error named by row and column, and nothing saved (no body, no person, no event)", async () => {
    const before = await counts();
    const res = await importList(
      csv(
        "\uFEFFHọ tên;Chức vụ;Cơ quan;Thư điện tử\n" +
          "Trần Văn An;Chủ tịch;;an@soctrang.gov.vn\n" +
          "Lê Thị Bình;Phó Chủ tịch;;binh@soctrang.gov.vn\n" +
          "Nguyễn Văn Cường;Giám đốc Sở Nội vụ;SNV;cuong@soctrang.gov.vn\n" +
          "Phạm Văn Dũng;Giám đốc Sở Tài chính;Sở Tài chính;dung@soctrang.gov.vn\n" +
          "Võ Thị Em;Giám đốc Sở Tư pháp;;em@soctrang.gov.vn\n" +
          ";Giám đốc Sở Y tế;;yte@soctrang.gov.vn\n" +
          "Đặng Văn Giang;Giám đốc Sở Xây dựng;;giang@soctrang.gov.vn\n" +
          "Huỳnh Văn Hải;Giám đốc Sở Công Thương;;abc\n" +
          "Lâm Thị Kim;Giám đốc Sở Y tế;;an@soctrang.gov.vn\n" +
          "Tô Văn Long;Giám đốc;Sở X;long@soctrang.gov.vn\n" +
          "Mai Văn Minh;Giám đốc;;minh@soctrang.gov.vn\n",
      ),
    );
    expect(res.status).toBe(400);
    const data = res.data as ImportFailure;
    expect(data.problems.map(vi)).toEqual([
      "Dòng 7: thiếu họ tên",
      "Dòng 9: thư điện tử «abc» không hợp lệ",
      "Dòng 10: thư điện tử «an@soctrang.gov.vn» đã có ở dòng 2",
      "Dòng 11: không có cơ quan «Sở X» trong danh bạ",
    ]);
    // What was typed comes back for the form.
    expect(data.values).toMatchObject({ name: "Thành viên UBND tỉnh Sóc Trăng", agencyId: String(host) });
    expect(await counts()).toEqual(before);
    expect(await findBodyByName(await getDb(), "Thành viên UBND tỉnh Sóc Trăng")).toBeNull();
  });

  it("a good list creates the body and its members in the list's order, with one audit event", async () => {
    const before = await counts();
    const res = await importList(
      csv(
        "STT,Họ tên,Chức vụ,Cơ quan,Thư điện tử\n" +
          "1,Trần Văn An,Chủ tịch UBND tỉnh,,an@soctrang.gov.vn\n" +
          '2,Lê Thị Bình,"Phó Chủ tịch, phụ trách khối văn xã",UBND tỉnh,binh@soctrang.gov.vn; binh.le@gmail.com\n' +
          "3,Nguyễn Văn Cường,Giám đốc Sở Nội vụ,SNV,cuong@soctrang.gov.vn\n" +
          "4,Phạm Văn Dũng,Giám đốc Sở Tài chính,Sở Tài chính,\n",
      ),
    );
    expect(res.status).toBe(200);
    const saved = (res.data as ImportSaved).saved;
    expect(saved).toMatchObject({ name: "Thành viên UBND tỉnh Sóc Trăng", created: 4, updated: 0, removed: 0 });
    const db = await getDb();
    const members = (await membersOf(db, [saved.bodyId])).get(saved.bodyId)!;
    expect(members.map((m) => [m.name, m.position, m.agencyId, m.emails])).toEqual([
      ["Trần Văn An", "Chủ tịch UBND tỉnh", host, "an@soctrang.gov.vn"],
      ["Lê Thị Bình", "Phó Chủ tịch, phụ trách khối văn xã", host, "binh@soctrang.gov.vn\nbinh.le@gmail.com"],
      ["Nguyễn Văn Cường", "Giám đốc Sở Nội vụ", noiVu, "cuong@soctrang.gov.vn"],
      ["Phạm Văn Dũng", "Giám đốc Sở Tài chính", taiChinh, ""],
    ]);
    expect(await counts()).toEqual({ people: before.people + 4, bodies: before.bodies + 1, members: before.members + 4, audit: before.audit + 1 });
    const [event] = await listAudit(db, { limit: 1 });
    expect(event).toMatchObject({ action: "body.list_saved", subjectType: "body", subjectId: String(saved.bodyId) });
    expect(JSON.parse(event!.details)).toMatchObject({ members: 4, created: 4, updated: 0, removed: 0 });

    // The page lists it with its host agency and size, and shows its members in order.
    const page = await run(() => bodiesRoute.loader(args(getRequest(URL_, admin.cookie))));
    const loaded = page.data as Awaited<ReturnType<typeof bodiesRoute.loader>>;
    expect(loaded.bodies).toEqual([expect.objectContaining({ id: saved.bodyId, agencyName: "Ủy ban nhân dân tỉnh Sóc Trăng", members: 4 })]);
    const one = await run(() => bodiesRoute.loader(args(getRequest(`${URL_}?body=${saved.bodyId}`, admin.cookie))));
    const selected = (one.data as typeof loaded).selected!;
    expect(selected.members.map((m) => [m.name, m.agencyName, m.emails])).toEqual([
      ["Trần Văn An", "Ủy ban nhân dân tỉnh Sóc Trăng", ["an@soctrang.gov.vn"]],
      ["Lê Thị Bình", "Ủy ban nhân dân tỉnh Sóc Trăng", ["binh@soctrang.gov.vn", "binh.le@gmail.com"]],
      ["Nguyễn Văn Cường", "Sở Nội vụ", ["cuong@soctrang.gov.vn"]],
      ["Phạm Văn Dũng", "Sở Tài chính", []],
    ]);
    expect((await run(() => bodiesRoute.loader(args(getRequest(`${URL_}?body=999999`, admin.cookie))))).status).toBe(404);
    expect((await run(() => bodiesRoute.loader(args(getRequest(`${URL_}?body=abc`, admin.cookie))))).status).toBe(404);
  });

  it("a new list (.xlsx) updates the person matched by e-mail, adds the new one, and takes the dropped one out of the body only", async () => {
    const db = await getDb();
    const body = (await findBodyByName(db, "Thành viên UBND tỉnh Sóc Trăng"))!;
    const cuong = (await listPeople(db)).find((p) => p.name === "Nguyễn Văn Cường")!;
    const before = await counts();
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("Sheet1");
    sheet.addRow(["Name", "Position", "Agency", "E-mail"]);
    sheet.addRow(["Lê Thị Bình", "Chủ tịch UBND tỉnh", "", "BINH@soctrang.gov.vn"]);
    sheet.addRow(["Nguyễn Văn Cường", "Phó Chủ tịch UBND tỉnh", "", "cuong@soctrang.gov.vn"]);
    sheet.addRow(["Trần Văn An", "Chủ tịch UBND tỉnh (đến tháng 6)", "", "an@soctrang.gov.vn"]);
    sheet.addRow(["Hồ Thị Nga", "Giám đốc Sở Tư pháp", "", "nga@soctrang.gov.vn"]);
    const file = new File([await wb.xlsx.writeBuffer()], "thanh-vien.xlsx");
    const res = await importList(file);
    expect(res.status).toBe(200);
    expect((res.data as ImportSaved).saved).toEqual({ bodyId: body.id, name: body.name, created: 1, updated: 3, removed: 1 });
    const members = (await membersOf(db, [body.id])).get(body.id)!;
    expect(members.map((m) => [m.name, m.position, m.agencyId])).toEqual([
      ["Lê Thị Bình", "Chủ tịch UBND tỉnh", host],
      ["Nguyễn Văn Cường", "Phó Chủ tịch UBND tỉnh", host],
      ["Trần Văn An", "Chủ tịch UBND tỉnh (đến tháng 6)", host],
      ["Hồ Thị Nga", "Giám đốc Sở Tư pháp", host],
    ]);
    // The same person (same id), moved to the host agency by the new list.
    expect(members[1]!.personId).toBe(cuong.id);
    // Phạm Văn Dũng left the body but is still in the directory.
    expect((await listPeople(db)).map((p) => p.name)).toContain("Phạm Văn Dũng");
    expect(await counts()).toEqual({ people: before.people + 1, bodies: before.bodies, members: before.members, audit: before.audit + 1 });
  });

  it("a file that is not a workbook but named .xlsx is refused with a message, nothing saved", async () => {
    const before = await counts();
    const res = await importList(new File(["Họ tên\nTrần Văn An\n"], "danh-sach.xlsx"), { name: "Ban chỉ đạo" });
    expect(res.status).toBe(400);
    const data = res.data as ImportFailure;
    expect(data.problems.map(vi)).toEqual(["Tệp này không phải là bảng tính .xlsx (nội dung không khớp với tên tệp). Hãy mở bằng Excel và lưu lại dưới dạng .xlsx."]);
    expect(data.values.name).toBe("Ban chỉ đạo");
    expect(await counts()).toEqual(before);
  });

  it("the form's own fields: a name, a known host agency and a file are required", async () => {
    const before = await counts();
    const res = await run(() => bodiesRoute.action(args(postForm(URL_, { intent: "import", name: "  ", agencyId: "" }, admin.cookie))));
    expect(res.status).toBe(400);
    expect((res.data as ImportFailure).errors).toEqual({ name: "error.required", agencyId: "error.required", file: "directory.import.fileRequired" });
    const unknown = await importList(csv("Họ tên\nA\n"), { agencyId: "999999" });
    expect(unknown.status).toBe(400);
    expect((unknown.data as ImportFailure).errors).toEqual({ agencyId: "directory.unknownAgency" });
    expect(await counts()).toEqual(before);
  });

  it("a damaged or oversized post is 400 or 413, never a 500", async () => {
    const broken = new Request(`http://localhost${URL_}`, {
      method: "POST",
      headers: { Cookie: admin.cookie, "Content-Type": "multipart/form-data; boundary=XYZ" },
      body: '--XYZ\r\nContent-Disposition: form-data; name="intent"\r\n\r\nimport\r\n--XYZ\r\nContent-Disposition: form-da',
    });
    expect((await run(() => bodiesRoute.action(args(broken)))).status).toBe(400);
    const big = await importList(new File([new Uint8Array(2 * 1024 * 1024 + 10)], "big.csv"));
    expect(big.status).toBe(413);
    expect((big.data as ImportFailure).problems.map(vi)).toEqual(["Tệp danh sách quá lớn (tối đa 2 MB)."]);
  });
});

describe("one member at a time", () => {
  it("adds a person at the end of the list, edits one, and removes one (who stays in the directory)", async () => {
    const db = await getDb();
    const body = (await findBodyByName(db, "Thành viên UBND tỉnh Sóc Trăng"))!;
    const post = (fields: Record<string, string>) => run(() => bodiesRoute.action(args(postForm(`${URL_}?body=${body.id}`, { bodyId: String(body.id), ...fields }, admin.cookie))));

    const added = await post({ intent: "person", personName: "Châu Văn Phúc", position: "Giám đốc Sở Y tế", personAgencyId: String(host), emails: "phuc@soctrang.gov.vn" });
    expect(added).toMatchObject({ status: 200, data: { done: "added", name: "Châu Văn Phúc" } });
    let members = (await membersOf(db, [body.id])).get(body.id)!;
    expect(members.map((m) => m.name)).toEqual(["Lê Thị Bình", "Nguyễn Văn Cường", "Trần Văn An", "Hồ Thị Nga", "Châu Văn Phúc"]);

    // Adding someone under another person's address is refused, not saved as that person renamed.
    const usurper = await post({ intent: "person", personName: "Trần Thị Mới", position: "", personAgencyId: String(host), emails: "nga@soctrang.gov.vn" });
    expect(usurper.status).toBe(400);
    expect((usurper.data as { errors: Record<string, string> }).errors).toEqual({ emails: "directory.person.emailTaken" });
    expect((await membersOf(db, [body.id])).get(body.id)!.map((m) => m.name)).toEqual(["Lê Thị Bình", "Nguyễn Văn Cường", "Trần Văn An", "Hồ Thị Nga", "Châu Văn Phúc"]);

    const phuc = members[4]!;
    const bad = await post({ intent: "person", personId: String(phuc.personId), personName: "", position: "", personAgencyId: String(host), emails: "nga@soctrang.gov.vn x" });
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string>; values: Record<string, string> }).errors).toMatchObject({ personName: "error.required", emails: "error.emailList" });
    expect((bad.data as { values: Record<string, string> }).values.emails).toBe("nga@soctrang.gov.vn x");
    const taken = await post({ intent: "person", personId: String(phuc.personId), personName: "Châu Văn Phúc", position: "", personAgencyId: String(host), emails: "nga@soctrang.gov.vn" });
    expect(taken.status).toBe(400);
    expect((taken.data as { errors: Record<string, string> }).errors).toEqual({ emails: "directory.person.emailTaken" });

    const edited = await post({ intent: "person", personId: String(phuc.personId), personName: "Châu Văn Phúc", position: "Giám đốc Sở Y tế tỉnh Sóc Trăng", personAgencyId: String(noiVu), emails: "phuc@soctrang.gov.vn\nphuc.chau@gmail.com" });
    expect(edited).toMatchObject({ status: 200, data: { done: "saved" } });
    members = (await membersOf(db, [body.id])).get(body.id)!;
    expect(members[4]).toMatchObject({ personId: phuc.personId, position: "Giám đốc Sở Y tế tỉnh Sóc Trăng", agencyId: noiVu, emails: "phuc@soctrang.gov.vn\nphuc.chau@gmail.com" });
    const [event] = await listAudit(db, { limit: 1 });
    expect(event).toMatchObject({ action: "person.updated", subjectType: "person", subjectId: String(phuc.personId) });

    const removed = await post({ intent: "remove", personId: String(members[0]!.personId) });
    expect(removed).toMatchObject({ status: 200, data: { done: "removed", name: "Lê Thị Bình" } });
    members = (await membersOf(db, [body.id])).get(body.id)!;
    expect(members.map((m) => m.name)).toEqual(["Nguyễn Văn Cường", "Trần Văn An", "Hồ Thị Nga", "Châu Văn Phúc"]);
    expect((await listPeople(db)).map((p) => p.name)).toContain("Lê Thị Bình");
    const again = await post({ intent: "remove", personId: String(phuc.personId + 1000) });
    expect(again.status).toBe(400);
  });
});

describe("who may", () => {
  it("a drafter is refused (403), on the page and on every form, and nothing changes", async () => {
    const before = await counts();
    expect((await run(() => bodiesRoute.loader(args(getRequest(URL_, drafter.cookie))))).status).toBe(403);
    expect((await importList(csv("Họ tên\nNgười lạ\n"), { name: "Tổ biên tập" }, drafter.cookie)).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("nobody signed in is sent to sign in", async () => {
    const res = await run(() => bodiesRoute.loader(args(getRequest(URL_))));
    expect(res.status).toBe(302);
    expect(res.location).toContain("/signin");
  });

  it("a post without the CSRF token is refused (403), nothing saved", async () => {
    const before = await counts();
    expect((await importList(csv("Họ tên\nNgười lạ\n"), { name: "Tổ biên tập" }, admin.cookie, false)).status).toBe(403);
    expect(await counts()).toEqual(before);
    expect(await findBodyByName(await getDb(), "Tổ biên tập")).toBeNull();
  });
});
