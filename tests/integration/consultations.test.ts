import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as newConsultation from "~/routes/staff.consultations.new";
import * as editConsultation from "~/routes/staff.consultations.$id.edit";
import * as consultationPage from "~/routes/staff.consultations.$id._index";
import * as newVersion from "~/routes/staff.consultations.$id.versions.new";
import * as versionPage from "~/routes/staff.consultations.$id.versions.$vid";
import * as versionSource from "~/routes/staff.consultations.$id.versions.$vid_.source";
import * as clausesApi from "~/routes/api.v1.versions.$id.clauses";
import * as homeRoute from "~/routes/staff._index";
import * as demoRoute from "~/routes/staff.demo";
import { loadDemo, DEMO_DIR } from "~/demo/load-demo.server";
import { getDb } from "#db/client.server";
import { listVersions } from "#db/queries/versions";
import { listAgencies } from "#db/queries/agencies";
import { boardRows, boardTotals } from "#db/queries/invitations";
import { ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const sample = (name: string) => path.join(DEMO_DIR, name);
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: ctx });

const validConsultation = (agencyId: number) => ({
  title: "Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở",
  kind: "plan",
  draftingAgencyId: String(agencyId),
  letterRef: "3593/VP-VX",
  letterText: "Đề nghị các đồng chí nghiên cứu, đóng góp ý kiến.",
  cutoff: "2023-07-05T17:00",
  timeZone: "Asia/Ho_Chi_Minh",
});

async function createConsultation(cookie: string, agencyId: number): Promise<number> {
  const res = await run(() => newConsultation.action(args(postForm("/staff/consultations/new", validConsultation(agencyId), cookie))));
  expect(res.status).toBe(302);
  return Number(res.location!.split("/").pop());
}

function fileField(name: string, type = "text/plain"): File {
  return new File([fs.readFileSync(sample(name))], name, { type });
}

describe("consultations", () => {
  it("keeps what was typed and names each wrong field", async () => {
    const drafter = await makeStaff({ role: "drafter", agencyName: "Sở Nội vụ" });
    const res = await run(() =>
      newConsultation.action(
        args(postForm("/staff/consultations/new", { ...validConsultation(drafter.agencyId!), title: "  ", cutoff: "2023-02-30T10:00" }, drafter.cookie)),
      ),
    );
    expect(res.status).toBe(400);
    const data = res.data as { errors: Record<string, string>; values: Record<string, string> };
    expect(data.errors).toMatchObject({ title: "error.required", cutoff: "error.dateTime" });
    expect(data.values.letterText).toBe("Đề nghị các đồng chí nghiên cứu, đóng góp ý kiến.");
  });

  it("stores the cutoff as the instant it is in the consultation's time zone", async () => {
    const drafter = await makeStaff({ role: "drafter", agencyName: "Sở Nội vụ (giờ)" });
    const id = await createConsultation(drafter.cookie, drafter.agencyId!);
    const page = await run(() => consultationPage.loader(args(getRequest(`/staff/consultations/${id}`, drafter.cookie), { id: String(id) })));
    const c = (page.data as { consultation: { cutoffAt: number; status: string } }).consultation;
    // 17:00 in Hanoi (UTC+7) is 10:00 UTC.
    expect(new Date(c.cutoffAt).toISOString()).toBe("2023-07-05T10:00:00.000Z");
    expect(c.status).toBe("preparing");
  });

  it("a drafter cannot create for, see or edit another agency's consultation", async () => {
    const owner = await makeStaff({ role: "drafter", agencyName: "Sở Y tế (chủ)" });
    const other = await makeStaff({ role: "drafter", agencyName: "Sở Xây dựng (khác)" });
    const id = await createConsultation(owner.cookie, owner.agencyId!);
    const forOther = await run(() => newConsultation.action(args(postForm("/staff/consultations/new", validConsultation(owner.agencyId!), other.cookie))));
    expect(forOther.status).toBe(400);
    expect((forOther.data as { errors: Record<string, string> }).errors.draftingAgencyId).toBe("error.agencyNotAllowed");
    const view = await run(() => consultationPage.loader(args(getRequest(`/staff/consultations/${id}`, other.cookie), { id: String(id) })));
    expect(view.status).toBe(404);
    const edit = await run(() =>
      editConsultation.action(args(postForm(`/staff/consultations/${id}/edit`, validConsultation(other.agencyId!), other.cookie), { id: String(id) })),
    );
    expect(edit.status).toBe(404);
    const home = await run(() => homeRoute.loader(args(getRequest("/staff", other.cookie))));
    expect((home.data as { consultations: { id: number }[] }).consultations.map((c) => c.id)).not.toContain(id);
    const admin = await makeStaff({ role: "admin" });
    const adminView = await run(() => consultationPage.loader(args(getRequest(`/staff/consultations/${id}`, admin.cookie), { id: String(id) })));
    expect(adminView.status).toBe(200);
  });
});

describe("draft versions", () => {
  it("uploads draft-v1.txt, keeps the original, shows II.1.a, then publishes once", async () => {
    const drafter = await makeStaff({ role: "drafter", agencyName: "Sở Nội vụ (phiên bản)" });
    const id = await createConsultation(drafter.cookie, drafter.agencyId!);
    const params = { id: String(id) };
    const added = await run(() =>
      newVersion.action(args(postForm(`/staff/consultations/${id}/versions/new`, { label: "", file: fileField("draft-v1.txt") }, drafter.cookie), params)),
    );
    expect(added.status).toBe(302);
    const vid = Number(added.location!.split("/").pop());
    const vparams = { id: String(id), vid: String(vid) };

    const page = await run(() => versionPage.loader(args(getRequest(`/x`, drafter.cookie), vparams)));
    const data = page.data as { version: { label: string; publishedAt: number | null; number: number }; clauses: { label: string; heading: string }[] };
    expect(data.version.label).toBe("Dự thảo lần 1");
    expect(data.version.publishedAt).toBeNull();
    expect(data.clauses.find((c) => c.label === "II.1.a")?.heading).toMatch(/^Tổ chức quán triệt, phổ biến Luật/);

    const source = await run(() => versionSource.loader(args(getRequest(`/x`, drafter.cookie), vparams)));
    expect(source.status).toBe(200);

    const publish = () => run(() => versionPage.action(args(postForm(`/x`, { intent: "publish" }, drafter.cookie), vparams)));
    expect((await publish()).status).toBe(302);
    const firstPublishedAt = (await listVersions(await getDb(), id))[0]!.publishedAt;
    expect(firstPublishedAt).not.toBeNull();
    // A double click publishes once and changes nothing the second time.
    expect((await publish()).status).toBe(302);
    expect((await listVersions(await getDb(), id))[0]!.publishedAt).toBe(firstPublishedAt);
    // A published version cannot be discarded.
    const discard = await run(() => versionPage.action(args(postForm(`/x`, { intent: "discard" }, drafter.cookie), vparams)));
    expect(discard.status).toBe(409);

    const second = await run(() =>
      newVersion.action(args(postForm(`/staff/consultations/${id}/versions/new`, { label: "", text: fs.readFileSync(sample("draft-v2.txt"), "utf8") }, drafter.cookie), params)),
    );
    expect(second.status).toBe(302);
    const versions = await listVersions(await getDb(), id);
    expect(versions.map((v) => v.label)).toEqual(["Dự thảo lần 2", "Dự thảo lần 1"]);
  });

  it("refuses a wrong file type by its content, an empty submission, and keeps the label typed", async () => {
    const drafter = await makeStaff({ role: "drafter", agencyName: "Sở Nội vụ (tệp)" });
    const id = await createConsultation(drafter.cookie, drafter.agencyId!);
    const params = { id: String(id) };
    const exe = new File([Buffer.from("MZ\u0090\u0000binary")], "draft.exe");
    const wrongExt = await run(() => newVersion.action(args(postForm("/x", { label: "Bản A", file: exe }, drafter.cookie), params)));
    expect((wrongExt.data as { errors: Record<string, string> }).errors.file).toBe("upload.wrongType");
    // A renamed binary: .docx by name, not a ZIP package inside.
    const fakeDocx = new File([Buffer.from("just text pretending")], "draft.docx");
    const fake = await run(() => newVersion.action(args(postForm("/x", { label: "Bản B", file: fakeDocx }, drafter.cookie), params)));
    expect(fake.status).toBe(400);
    expect((fake.data as { errors: Record<string, string> }).errors.file).toBe("upload.wrongType");
    expect((fake.data as { values: Record<string, string> }).values.label).toBe("Bản B");
    const latin1 = new File([Buffer.from([0x44, 0x69, 0xea, 0x75, 0x20, 0x31])], "draft.txt");
    const notUtf8 = await run(() => newVersion.action(args(postForm("/x", { file: latin1 }, drafter.cookie), params)));
    expect((notUtf8.data as { errors: Record<string, string> }).errors.file).toBe("upload.notUtf8");
    const nothing = await run(() => newVersion.action(args(postForm("/x", { label: "Bản C", text: "   " }, drafter.cookie), params)));
    expect((nothing.data as { errors: Record<string, string> }).errors.text).toBe("version.textOrFile");
    expect(await listVersions(await getDb(), id)).toHaveLength(0);
  });

  it("serves the clause tree as JSON to signed-in staff only", async () => {
    const drafter = await makeStaff({ role: "drafter", agencyName: "Sở Nội vụ (API)" });
    const id = await createConsultation(drafter.cookie, drafter.agencyId!);
    const added = await run(() =>
      newVersion.action(args(postForm("/x", { file: fileField("draft-v1.txt") }, drafter.cookie), { id: String(id) })),
    );
    const vid = added.location!.split("/").pop()!;
    const anonymous = (await clausesApi.loader(args(getRequest(`/api/v1/versions/${vid}/clauses`), { id: vid }))) as Response;
    expect(anonymous.status).toBe(401);
    const outsider = await makeStaff({ role: "drafter", agencyName: "Sở khác (API)" });
    const denied = await run(() => clausesApi.loader(args(getRequest(`/api/v1/versions/${vid}/clauses`, outsider.cookie), { id: vid })));
    expect(denied.status).toBe(404);
    const res = (await clausesApi.loader(args(getRequest(`/api/v1/versions/${vid}/clauses`, drafter.cookie), { id: vid }))) as Response;
    expect(res.status).toBe(200);
    const tree = (await res.json()) as { count: number; clauses: { label: string; children: { label: string; children: { label: string; heading: string }[] }[] }[] };
    const two = tree.clauses.find((c) => c.label === "II")!;
    const point = two.children.find((c) => c.label === "II.1")!.children.find((c) => c.label === "II.1.a")!;
    expect(point.heading).toMatch(/^Tổ chức quán triệt, phổ biến Luật/);
    expect(tree.count).toBeGreaterThan(20);
  });
});

describe("the demo", () => {
  it("loads the Sóc Trăng case once, with its letter, cutoff, five invited bodies and both drafts", async () => {
    const first = await loadDemo(null);
    const again = await loadDemo(null);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, consultationId: first.consultationId });
    const versions = await listVersions(await getDb(), first.consultationId);
    expect(versions.map((v) => v.label)).toEqual(["Dự thảo lần 2", "Dự thảo lần 1"]);
    expect(versions.every((v) => v.publishedAt !== null)).toBe(true);
    const agencies = await listAgencies(await getDb());
    // Invitations to the four agencies and the 13 members of the People's Committee (issue 17), each
    // in their own name; answers from three agencies and two members on Dự thảo lần 1; two other
    // members have opened theirs.
    expect(await boardTotals(await getDb(), first.consultationId)).toMatchObject({ invited: 17, answered: 5, agreed: 3, comments: 5 });
    const rows = await boardRows(await getDb(), first.consultationId, { limit: 100, offset: 0 });
    const states = rows.map((r) => r.state).sort();
    expect(states).toEqual(["agreed", "agreed", "agreed", ...Array<string>(10).fill("notOpened"), "opened", "opened", "submitted", "submitted"]);
    const members = rows.filter((r) => r.bodyName === "Thành viên Ủy ban nhân dân tỉnh Sóc Trăng");
    expect(members).toHaveLength(13);
    expect(members.find((r) => r.personName === "Võ Thanh Tùng")).toMatchObject({ personPosition: "Giám đốc Sở Tư pháp", agencyName: "Sở Tư pháp tỉnh Sóc Trăng" });
    for (const name of ["Sở Tư pháp tỉnh Sóc Trăng", "Liên đoàn Lao động tỉnh Sóc Trăng", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng"]) {
      expect(agencies.map((a) => a.name)).toContain(name);
    }
  });

  it("the staff home button loads it for an administrator", async () => {
    const admin = await makeStaff({ role: "admin" });
    const res = await run(() => demoRoute.action(args(postForm("/staff/demo", {}, admin.cookie))));
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/staff\/consultations\/\d+$/);
  });
});
