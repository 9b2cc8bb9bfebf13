/**
 * What the report needs to be signed (Decree 30/2020): the drafter's "signing details" page, the
 * agency directory's document defaults (symbol, governing body, place name) and the Sóc Trăng demo's.
 */
import { describe, expect, it } from "vitest";
import * as agenciesRoute from "~/routes/staff.admin.agencies";
import * as newConsultation from "~/routes/staff.consultations.new";
import * as settingsRoute from "~/routes/staff.consultations.$id.report-settings";
import { DEMO_DRAFTER_AGENCY, DEMO_REPORT_SETTINGS, loadDemo } from "~/demo/load-demo.server";
import { readReportSettings, type ReportSettings } from "~/domain/report/settings";
import { getDb } from "#db/client.server";
import { agencyDocumentDefaults, findAgency, findAgencyByName, insertAgency, saveAgencyDocumentDefaults, updateAgency } from "#db/queries/agencies";
import { listAudit } from "#db/queries/audit";
import { findConsultation, findReportSettings, saveReportSettings } from "#db/queries/consultations";
import { ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: ctx });

type Loaded = {
  consultation: { id: number; title: string; letterRef: string };
  settings: ReportSettings;
  defaults: ReportSettings;
  printed: ReportSettings;
};
type Failure = { ok: false; errors: Record<string, string>; values: Record<string, string> };

const filled = {
  governingBody: "UBND TỈNH HẬU GIANG",
  issuingBody: "SỞ NỘI VỤ",
  symbol: "SNV",
  placeName: "Vị Thanh",
  requestSender: "Văn phòng Ủy ban nhân dân tỉnh",
  requestNumber: "123/VP-NC",
  requestDate: "2024-03-15",
  signerAuthority: "KT.",
  signerAuthorityTitle: "GIÁM ĐỐC",
  signerTitle: "PHÓ GIÁM ĐỐC",
  signerName: "Nguyễn Văn Ví Dụ",
  recipients: "- Như trên;\r\n\r\n- UBND tỉnh (b/c);\r\n  - Lưu: VT, XDCQ.  ",
};

async function setUp(agencyName: string) {
  const drafter = await makeStaff({ role: "drafter", agencyName });
  const res = await run(() =>
    newConsultation.action(
      args(
        postForm(
          "/staff/consultations/new",
          {
            title: `Kế hoạch của ${agencyName}`,
            kind: "plan",
            draftingAgencyId: String(drafter.agencyId),
            letterRef: "77/VP-VX",
            letterText: "Đề nghị góp ý.",
            cutoff: "2031-07-05T17:00",
            timeZone: "Asia/Ho_Chi_Minh",
          },
          drafter.cookie,
        ),
      ),
    ),
  );
  expect(res.status).toBe(302);
  const id = Number(res.location!.split("/").pop());
  return { drafter, id, url: `/staff/consultations/${id}/report-settings` };
}

const load = (url: string, id: number, cookie: string) => run(() => settingsRoute.loader(args(getRequest(url, cookie), { id: String(id) })));
const save = (url: string, id: number, cookie: string, fields: Record<string, string>, withCsrf = true) =>
  run(() => settingsRoute.action(args(postForm(url, fields, cookie, withCsrf), { id: String(id) })));
const storedJson = async (id: number) => (await findConsultation(await getDb(), id))!.consultation.reportSettings;
const auditCount = async (action: string) => (await listAudit(await getDb(), { limit: 10_000, offset: 0 })).filter((e) => e.action === action).length;

describe("the signing details page", () => {
  it("saves every field, records it, and shows the values again on reload", async () => {
    const { drafter, id, url } = await setUp("Sở Nội vụ (ký)");
    const before = await auditCount("consultation.report_settings_updated");
    const res = await save(url, id, drafter.cookie, filled);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ok: true });
    expect(await auditCount("consultation.report_settings_updated")).toBe(before + 1);

    const page = await load(url, id, drafter.cookie);
    expect(page.status).toBe(200);
    const { settings, printed, consultation } = page.data as Loaded;
    expect(consultation).toMatchObject({ id, letterRef: "77/VP-VX" });
    expect(settings).toEqual({
      ...filled,
      // One recipient a line, blank lines and surrounding spaces gone.
      recipients: "- Như trên;\n- UBND tỉnh (b/c);\n- Lưu: VT, XDCQ.",
    });
    // What the consultation says wins over the agency's defaults.
    expect(printed).toMatchObject({ governingBody: "UBND TỈNH HẬU GIANG", symbol: "SNV", placeName: "Vị Thanh" });
    expect(readReportSettings(await storedJson(id))).toEqual(settings);
  });

  it("shows the drafting agency's defaults for what is left empty", async () => {
    const { drafter, id, url } = await setUp("Sở Nội vụ tỉnh Sóc Trăng (mặc định)");
    await saveAgencyDocumentDefaults(await getDb(), drafter.agencyId!, { symbol: "SNV", governingBody: "UBND TỈNH SÓC TRĂNG", placeName: "Sóc Trăng" }, { actorUserId: null });
    const page = (await load(url, id, drafter.cookie)).data as Loaded;
    expect(Object.values(page.settings).every((v) => v === "")).toBe(true);
    expect(page.defaults).toMatchObject({
      governingBody: "UBND TỈNH SÓC TRĂNG",
      issuingBody: "SỞ NỘI VỤ TỈNH SÓC TRĂNG (MẶC ĐỊNH)",
      symbol: "SNV",
      placeName: "Sóc Trăng",
      signerName: "",
    });
    expect(page.printed).toEqual(page.defaults);

    // Clearing a field after saving it falls back to the default again.
    await save(url, id, drafter.cookie, { symbol: "VP" });
    expect(((await load(url, id, drafter.cookie)).data as Loaded).printed.symbol).toBe("VP");
    await save(url, id, drafter.cookie, { symbol: "" });
    const again = (await load(url, id, drafter.cookie)).data as Loaded;
    expect(again.settings.symbol).toBe("");
    expect(again.printed.symbol).toBe("SNV");
  });

  it.each([
    ["a date that does not exist", { requestDate: "2023-02-30" }, { requestDate: "reportSettings.error.date" }],
    ["a date in another format", { requestDate: "04/07/2023" }, { requestDate: "reportSettings.error.date" }],
    ["a symbol too long", { symbol: "S".repeat(31) }, { symbol: "error.tooLong" }],
    ["a signer's name too long", { signerName: "Nguyễn ".repeat(30) }, { signerName: "error.tooLong" }],
    ["an unknown authority", { signerAuthority: "GĐ." }, { signerAuthority: "reportSettings.error.authority" }],
    ["too many recipients", { recipients: Array.from({ length: 41 }, (_, i) => `- Nơi ${i};`).join("\n") }, { recipients: "reportSettings.error.recipientLines" }],
    ["recipients too long", { recipients: "x".repeat(4001) }, { recipients: "error.tooLong" }],
  ])("refuses %s with a 400, its message beside the field, typed values kept, nothing saved", async (_name, bad, expected) => {
    const { drafter, id, url } = await setUp(`Sở Tư pháp (${_name})`);
    await save(url, id, drafter.cookie, { ...filled, signerName: "Đã lưu trước" });
    const stored = await storedJson(id);
    const audits = await auditCount("consultation.report_settings_updated");
    const res = await save(url, id, drafter.cookie, { ...filled, ...bad });
    expect(res.status).toBe(400);
    const data = res.data as Failure;
    expect(data.ok).toBe(false);
    expect(data.errors).toEqual(expected);
    // (multipart turns the textarea's line ends into CRLF, as a browser sends them)
    const lf = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.replace(/\r\n/g, "\n")]));
    expect(lf(data.values)).toEqual(lf({ ...filled, ...bad }));
    expect(data.values.csrf).toBeUndefined();
    expect(await storedJson(id)).toBe(stored);
    expect(await auditCount("consultation.report_settings_updated")).toBe(audits);
  });

  it("names every wrong field at once", async () => {
    const { drafter, id, url } = await setUp("Sở Tài chính (nhiều lỗi)");
    const res = await save(url, id, drafter.cookie, { requestDate: "2023-13-01", signerAuthority: "XYZ", placeName: "P".repeat(61) });
    expect(res.status).toBe(400);
    expect((res.data as Failure).errors).toEqual({
      requestDate: "reportSettings.error.date",
      signerAuthority: "reportSettings.error.authority",
      placeName: "error.tooLong",
    });
    expect(await storedJson(id)).toBe("{}");
  });

  it("another agency's drafter gets a 404 and changes nothing; an administrator may edit", async () => {
    const { id, url } = await setUp("Sở Y tế (chủ, ký)");
    const other = await makeStaff({ role: "drafter", agencyName: "Sở Xây dựng (khác, ký)" });
    expect((await load(url, id, other.cookie)).status).toBe(404);
    const refused = await save(url, id, other.cookie, filled);
    expect(refused.status).toBe(404);
    expect(await storedJson(id)).toBe("{}");

    const admin = await makeStaff({ role: "admin" });
    expect((await load(url, id, admin.cookie)).status).toBe(200);
    expect((await save(url, id, admin.cookie, { signerName: "Quản trị ký" })).status).toBe(200);
    expect(readReportSettings(await storedJson(id)).signerName).toBe("Quản trị ký");
  });

  it("refuses a post without the CSRF token (403), and sends the signed-out to sign in", async () => {
    const { drafter, id, url } = await setUp("Sở Công Thương (csrf)");
    const res = await save(url, id, drafter.cookie, filled, false);
    expect(res.status).toBe(403);
    expect(await storedJson(id)).toBe("{}");
    const signedOut = await load(url, id, "");
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toMatch(/^\/signin/);
  });

  it("a consultation that does not exist is a 404", async () => {
    const { drafter } = await setUp("Sở Giáo dục (không có)");
    expect((await load("/staff/consultations/999999/report-settings", 999_999, drafter.cookie)).status).toBe(404);
    expect((await run(() => settingsRoute.loader(args(getRequest("/x", drafter.cookie), { id: "abc" })))).status).toBe(404);
  });

  it("the query refuses settings that do not validate", async () => {
    const { id } = await setUp("Sở Nông nghiệp (truy vấn)");
    await expect(saveReportSettings(await getDb(), id, { ...readReportSettings("{}"), requestDate: "hôm qua" }, { actorUserId: null })).rejects.toThrow();
    expect(await storedJson(id)).toBe("{}");
    expect(await findReportSettings(await getDb(), 999_999)).toBeNull();
  });
});

describe("the agency directory's document defaults", () => {
  const post = (cookie: string, fields: Record<string, string>) => run(() => agenciesRoute.action(args(postForm("/staff/admin/agencies", fields, cookie))));

  it("adds and edits an agency's symbol, governing body and place name, shown in the table", async () => {
    const admin = await makeStaff({ role: "admin" });
    const created = await post(admin.cookie, {
      name: "Sở Nội vụ tỉnh Bạc Liêu",
      shortName: "SNV BL",
      emails: "snv@baclieu.example",
      symbol: " SNV ",
      governingBody: "UBND TỈNH BẠC LIÊU",
      placeName: "Bạc Liêu",
    });
    expect(created.status).toBe(200);
    const id = (created.data as { savedId: number }).savedId;
    expect(await agencyDocumentDefaults(await getDb(), id)).toEqual({ name: "Sở Nội vụ tỉnh Bạc Liêu", symbol: "SNV", governingBody: "UBND TỈNH BẠC LIÊU", placeName: "Bạc Liêu" });
    const audit = (await listAudit(await getDb(), { limit: 1, offset: 0 }))[0]!;
    expect(audit.action).toBe("agency.created");
    expect(JSON.parse(audit.details)).toMatchObject({ symbol: "SNV", placeName: "Bạc Liêu" });

    const edited = await post(admin.cookie, { id: String(id), name: "Sở Nội vụ tỉnh Bạc Liêu", shortName: "", emails: "", symbol: "SNV", governingBody: "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", placeName: "" });
    expect(edited.status).toBe(200);
    expect(await findAgency(await getDb(), id)).toMatchObject({ governingBody: "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", placeName: "", symbol: "SNV" });

    const page = await run(() => agenciesRoute.loader(args(getRequest("/staff/admin/agencies", admin.cookie))));
    const row = (page.data as { agencies: { id: number; symbol: string; governingBody: string; placeName: string }[] }).agencies.find((a) => a.id === id)!;
    expect(row).toMatchObject({ symbol: "SNV", governingBody: "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", placeName: "" });
  });

  it("refuses values too long with a 400, keeping what was typed and saving nothing", async () => {
    const admin = await makeStaff({ role: "admin" });
    const fields = { name: "Sở Nội vụ tỉnh Cà Mau", shortName: "", emails: "", symbol: "S".repeat(31), governingBody: "G".repeat(121), placeName: "P".repeat(61) };
    const res = await post(admin.cookie, fields);
    expect(res.status).toBe(400);
    const data = res.data as { errors: Record<string, string>; values: Record<string, string> };
    expect(data.errors).toEqual({ symbol: "error.tooLong", governingBody: "error.tooLong", placeName: "error.tooLong" });
    expect(data.values).toMatchObject(fields);
    expect(await findAgencyByName(await getDb(), "Sở Nội vụ tỉnh Cà Mau")).toBeNull();
  });

  it("the old form (without the new fields) and other writers leave the defaults as they are", async () => {
    const db = await getDb();
    const id = await insertAgency(db, { name: "Sở Nội vụ tỉnh Kiên Giang", shortName: "", emails: [], symbol: "SNV", governingBody: "UBND TỈNH KIÊN GIANG", placeName: "Rạch Giá" });
    await updateAgency(db, id, { name: "Sở Nội vụ tỉnh Kiên Giang", shortName: "SNV KG", emails: [] });
    expect(await agencyDocumentDefaults(db, id)).toMatchObject({ symbol: "SNV", governingBody: "UBND TỈNH KIÊN GIANG", placeName: "Rạch Giá" });
    expect(await agencyDocumentDefaults(db, 999_999)).toBeNull();
  });

  it("a drafter cannot change an agency's defaults", async () => {
    const drafter = await makeStaff({ role: "drafter", agencyName: "Sở Nội vụ (không phải quản trị)" });
    const res = await post(drafter.cookie, { id: String(drafter.agencyId), name: "Sở Nội vụ (không phải quản trị)", symbol: "XX" });
    expect([302, 403, 404]).toContain(res.status);
    expect((await findAgency(await getDb(), drafter.agencyId!))!.symbol).toBe("");
  });
});

describe("the Sóc Trăng demo", () => {
  it("carries the Sở Nội vụ's defaults and the letter's signing details, loaded once", async () => {
    const first = await loadDemo(null);
    const agency = (await agencyDocumentDefaults(await getDb(), first.drafterAgencyId))!;
    expect(agency).toMatchObject({ symbol: "SNV", governingBody: "UBND TỈNH SÓC TRĂNG", placeName: "Sóc Trăng" });
    const found = (await findReportSettings(await getDb(), first.consultationId))!;
    expect(found.settings).toEqual(DEMO_REPORT_SETTINGS);
    expect(found.settings).toMatchObject({
      requestSender: "Văn phòng Ủy ban nhân dân tỉnh",
      requestNumber: "3593/VP-VX",
      requestDate: "2023-07-04",
      signerAuthority: "KT.",
      signerAuthorityTitle: "GIÁM ĐỐC",
      signerTitle: "PHÓ GIÁM ĐỐC",
    });
    expect(found.settings.recipients.split("\n")).toContain("- Như trên;");
    const stored = await storedJson(first.consultationId);
    const audits = (await listAudit(await getDb(), { limit: 10_000, offset: 0 })).length;
    await loadDemo(null);
    expect(await storedJson(first.consultationId)).toBe(stored);
    expect((await listAudit(await getDb(), { limit: 10_000, offset: 0 })).length).toBe(audits);
  });

  it("the demo's drafter sees them on the page, and loading the demo again keeps the drafter's edits", async () => {
    const { consultationId, drafterAgencyId } = await loadDemo(null);
    const url = `/staff/consultations/${consultationId}/report-settings`;
    const admin = await makeStaff({ role: "admin" });
    const page = (await load(url, consultationId, admin.cookie)).data as Loaded;
    expect(page.printed).toMatchObject({ governingBody: "UBND TỈNH SÓC TRĂNG", issuingBody: "SỞ NỘI VỤ", symbol: "SNV", placeName: "Sóc Trăng" });
    expect(page.defaults.issuingBody).toBe(DEMO_DRAFTER_AGENCY.name.toLocaleUpperCase("vi"));

    await save(url, consultationId, admin.cookie, { ...DEMO_REPORT_SETTINGS, signerName: "Người ký khác" });
    await saveAgencyDocumentDefaults(await getDb(), drafterAgencyId, { symbol: "SNV-ST", governingBody: "UBND TỈNH SÓC TRĂNG", placeName: "Sóc Trăng" }, { actorUserId: null });
    await loadDemo(null);
    expect((await findReportSettings(await getDb(), consultationId))!.settings.signerName).toBe("Người ký khác");
    expect((await agencyDocumentDefaults(await getDb(), drafterAgencyId))!.symbol).toBe("SNV-ST");
  });

  it("fills them in for a demo loaded before they existed", async () => {
    const { consultationId, drafterAgencyId } = await loadDemo(null);
    const db = await getDb();
    await saveAgencyDocumentDefaults(db, drafterAgencyId, { symbol: "", governingBody: "", placeName: "" }, { actorUserId: null });
    await saveReportSettings(db, consultationId, readReportSettings("{}"), { actorUserId: null });
    await loadDemo(null);
    expect(await agencyDocumentDefaults(db, drafterAgencyId)).toMatchObject({ symbol: "SNV", governingBody: "UBND TỈNH SÓC TRĂNG", placeName: "Sóc Trăng" });
    expect((await findReportSettings(db, consultationId))!.settings).toEqual(DEMO_REPORT_SETTINGS);
  });
});
