/**
 * Issue 17: people invited by name, alone or as members of a collective body. Each member gets a link of
 * their own (one invitation, one mail, one answer), grouped under the body on the board with its count;
 * a person is never invited twice; a person and their agency answer separately.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as board from "~/routes/staff.consultations.$id.invitations";
import * as print from "~/routes/staff.consultations.$id.invitations_.print";
import * as invitee from "~/routes/i.$token._index";
import * as receipt from "~/routes/i.$token.receipt";
import { invitationLink } from "~/invitations/invitations.server";
import { resetTransport } from "~/mail/transport.server";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { insertConsultation } from "#db/queries/consultations";
import { saveBodyList } from "#db/queries/directory";
import { boardRows, boardTotals, listCurrentComments, listSubmissions } from "#db/queries/invitations";
import { MEMBERS_SHOWN } from "~/invitations/board-limits";
import { startSmtp } from "../support/smtp";
import { csrfCookiePair, ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const BASE = "http://localhost";
const v1 = fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt"), "utf8");
const CUTOFF = Date.UTC(2023, 6, 5, 17, 0);
const MEMBERS = 6;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp();
  process.env.SMTP_URL = smtp.url;
  resetTransport();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetTransport();
  await smtp.close();
});
afterEach(() => {
  vi.useRealTimers();
});

function at(instant: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(instant);
}

type BoardData = Awaited<ReturnType<typeof board.loader>>;

/** A drafter, a consultation open for comments, a host agency and a body of MEMBERS named people. */
async function setUp() {
  const tag = Math.random().toString(36).slice(2, 8);
  const drafter = await makeStaff({ role: "drafter", agencyName: `Sở Nội vụ ${tag}` });
  const db = await getDb();
  const host = await insertAgency(db, { name: `UBND tỉnh ${tag}`, shortName: "", emails: [`ubnd-${tag}@example.test`] });
  const justice = await insertAgency(db, { name: `Sở Tư pháp ${tag}`, shortName: "", emails: [`stp-${tag}@example.test`] });
  const names = ["Trần Văn Chủ", "Lê Thị Phó", "Nguyễn Văn Ủy", "Phạm Thị Viên", "Đỗ Văn Năm", "Võ Thị Sáu"];
  const { bodyId } = await saveBodyList(db, {
    name: `Thành viên UBND tỉnh ${tag}`,
    agencyId: host,
    members: names.slice(0, MEMBERS).map((name, i) => ({
      name: `${name} ${tag}`,
      position: i === 0 ? "Chủ tịch UBND tỉnh" : `Ủy viên ${i}`,
      emails: [`m${i}-${tag}@example.test`],
      // The third member directs the Department of Justice: their agency is that department.
      agencyId: i === 2 ? justice : host,
    })),
  });
  const consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch thử", kind: "plan", draftingAgencyId: drafter.agencyId!, letterRef: "1/VP", letterText: "Đề nghị góp ý.", cutoffAt: CUTOFF, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    drafter.id,
  );
  await storeVersion({ consultationId, text: v1, source: { kind: "paste" }, createdBy: drafter.id, publish: true });
  const params = { id: String(consultationId) };
  const boardPost = async (fields: Record<string, string | string[]>) => {
    const form = new FormData();
    form.set("csrf", "test-csrf-token-0123456789abcdefghijklmnop");
    for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) form.append(k, x);
    return run(() =>
      board.action({ request: new Request(`${BASE}/staff/consultations/${consultationId}/invitations`, { method: "POST", body: form, headers: { Cookie: drafter.cookie } }), params, context: ctx }),
    );
  };
  const boardView = async (query = "") => (await run(() => board.loader({ request: getRequest(`/staff/consultations/${consultationId}/invitations${query}`, drafter.cookie), params, context: ctx }))).data as BoardData;
  return { tag, drafter, host, justice, bodyId, consultationId, params, boardPost, boardView };
}

const tokenOfRow = (row: { id: number; tokenNonce: string }) => invitationLink("", row).split("/i/")[1]!;
const allRows = async (consultationId: number) => boardRows(await getDb(), consultationId, { limit: 1000, offset: 0 });
const openLink = async (token: string) => run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }));
async function postLink(token: string, fields: Record<string, string | Blob>) {
  const cookie = await csrfCookiePair();
  return run(() => invitee.action({ request: postForm(`/i/${token}`, fields, cookie), params: { token }, context: ctx }));
}
async function submit(token: string, signerName: string, comment: string) {
  const page = (await openLink(token)).data as { requestKey: string };
  return postLink(token, { intent: "submit", answerKind: "comments", signerName, signerPosition: "Ủy viên", requestKey: page.requestKey, baseRevision: "0", "c:general": comment });
}

describe("inviting a collective body and people by name", () => {
  it("inviting a body creates one invitation per member, each with its own link, grouped under the body", async () => {
    at(CUTOFF - 86_400_000);
    const s = await setUp();
    const before = smtp.mails.length;
    const res = await s.boardPost({ intent: "invite", bodyIds: String(s.bodyId), sendMail: "on" });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ ok: true, count: MEMBERS });
    const rows = await allRows(s.consultationId);
    expect(rows).toHaveLength(MEMBERS);
    expect(new Set(rows.map((r) => r.personId)).size).toBe(MEMBERS);
    expect(rows.every((r) => r.bodyId === s.bodyId)).toBe(true);
    // The member directing the Department of Justice is invited with that agency, the others with the host's.
    expect(rows.filter((r) => r.agencyId === s.justice)).toHaveLength(1);
    const tokens = rows.map(tokenOfRow);
    expect(new Set(tokens).size).toBe(MEMBERS);
    for (const token of tokens) expect((await openLink(token)).status).toBe(200);

    // The board: no agency row, one section for the body, its members in the list's order.
    const view = await s.boardView();
    expect(view.rows).toHaveLength(0);
    expect(view.bodies).toHaveLength(1);
    expect(view.bodies[0]!.members.map((m) => m.personName)).toEqual(["Trần Văn Chủ", "Lê Thị Phó", "Nguyễn Văn Ủy", "Phạm Thị Viên", "Đỗ Văn Năm", "Võ Thị Sáu"].map((n) => `${n} ${s.tag}`));
    expect(view.bodies[0]!).toMatchObject({ invited: MEMBERS, answered: 0 });
    expect(view.bodies[0]!.members.every((m) => m.link !== null && m.hasEmail)).toBe(true);
    expect(view.totals).toMatchObject({ invited: MEMBERS, agencies: { invited: 0, answered: 0 }, people: { invited: MEMBERS, answered: 0 } });
    // Every member is now invited: the body's checkbox says so, and nobody of it is offered alone.
    expect(view.bodyCandidates.find((b) => b.id === s.bodyId)).toMatchObject({ members: MEMBERS, invited: MEMBERS });
    expect(view.personCandidates.filter((p) => p.name.endsWith(s.tag))).toHaveLength(0);

    // One mail per member, to the member's own address, addressed to them by name and position.
    await vi.waitFor(() => expect(smtp.mails.length).toBe(before + MEMBERS));
    const chair = smtp.mails.slice(before).find((m) => m.to.includes(`m0-${s.tag}@example.test`))!;
    expect(chair.text).toContain(`Kính gửi: Ông/Bà Trần Văn Chủ ${s.tag}, Chủ tịch UBND tỉnh`);
    expect(chair.text).toContain(`/i/${tokenOfRow(rows.find((r) => r.personName === `Trần Văn Chủ ${s.tag}`)!)}`);
    expect(smtp.mails.slice(before).some((m) => m.to.includes(`ubnd-${s.tag}@example.test`))).toBe(false);

    // The printable list groups the members under their body.
    const printed = (await run(() => print.loader({ request: getRequest(`/x`, s.drafter.cookie), params: s.params, context: ctx }))).data as Awaited<ReturnType<typeof print.loader>>;
    expect(printed.entries).toHaveLength(0);
    expect(printed.bodies).toHaveLength(1);
    expect(printed.bodies[0]!.entries[0]!.name).toBe(`Trần Văn Chủ ${s.tag}, Chủ tịch UBND tỉnh`);
    expect(printed.bodies[0]!.entries).toHaveLength(MEMBERS);
  });

  it("a large body shows its first members and a link to the whole list; opened, all of them, in the state chosen too", async () => {
    at(CUTOFF - 86_400_000);
    const s = await setUp();
    const size = MEMBERS_SHOWN + 3;
    const { bodyId } = await saveBodyList(await getDb(), {
      name: `Hội đồng nhân dân tỉnh ${s.tag}`,
      agencyId: s.host,
      members: Array.from({ length: size }, (_, i) => ({ name: `Đại biểu ${String(i + 1).padStart(3, "0")} ${s.tag}`, position: "Đại biểu", emails: [], agencyId: s.host })),
    });
    expect((await s.boardPost({ intent: "invite", bodyIds: String(bodyId) })).data).toMatchObject({ ok: true, count: size });
    const council = (view: BoardData) => view.bodies.find((b) => b.bodyId === bodyId)!;
    // At first: the first MEMBERS_SHOWN in the list's order, the count of all, the body's totals whole.
    const first = council(await s.boardView());
    expect(first.members).toHaveLength(MEMBERS_SHOWN);
    expect(first.members[0]!.personName).toBe(`Đại biểu 001 ${s.tag}`);
    expect(first).toMatchObject({ inState: size, invited: size, answered: 0 });
    // Opened: every member of that body.
    const opened = council(await s.boardView(`?members=${bodyId}`));
    expect(opened.members).toHaveLength(size);
    expect(opened.members.at(-1)!.personName).toBe(`Đại biểu ${String(size).padStart(3, "0")} ${s.tag}`);
    // With a state chosen: the members in that state, counted and cut the same way.
    const answeredOne = await submit(opened.members[0]!.link!.split("/i/")[1]!, opened.members[0]!.personName!, "Ý kiến đại biểu.");
    expect(answeredOne.status).toBe(302);
    expect(council(await s.boardView("?state=submitted"))).toMatchObject({ inState: 1, answered: 1 });
    expect(council(await s.boardView("?state=notOpened")).members).toHaveLength(MEMBERS_SHOWN);
    expect(council(await s.boardView("?state=notOpened")).inState).toBe(size - 1);
    // A malformed ?members= opens nothing.
    expect(council(await s.boardView("?members=abc")).members).toHaveLength(MEMBERS_SHOWN);
  });

  it("reminders go to the members who have not answered, each by name at their own address", async () => {
    at(CUTOFF - 86_400_000);
    const s = await setUp();
    await s.boardPost({ intent: "invite", bodyIds: String(s.bodyId) });
    const rows = (await allRows(s.consultationId)).sort((a, b) => a.id - b.id);
    expect((await submit(tokenOfRow(rows[0]!), rows[0]!.personName!, "Đã góp ý.")).status).toBe(302);
    await s.boardPost({ intent: "revoke", invitationId: String(rows[1]!.id) });
    const before = smtp.mails.length;
    expect((await s.boardPost({ intent: "remind" })).data).toMatchObject({ ok: true, count: MEMBERS - 2 });
    await vi.waitFor(() => expect(smtp.mails.length).toBe(before + MEMBERS - 2));
    const sent = smtp.mails.slice(before);
    const third = sent.find((m) => m.to.includes(`m2-${s.tag}@example.test`))!;
    expect(third.subject).toBe("Nhắc góp ý: Kế hoạch thử");
    expect(third.text).toContain(`Kính gửi: Ông/Bà Nguyễn Văn Ủy ${s.tag}, Ủy viên 2`);
    expect(third.text).toContain("chưa nhận được ý kiến của Ông/Bà");
    // Not the one who answered, not the revoked one, never the agency's addresses.
    for (const gone of [`m0-${s.tag}@example.test`, `m1-${s.tag}@example.test`, `ubnd-${s.tag}@example.test`, `stp-${s.tag}@example.test`]) {
      expect(sent.some((m) => m.to.includes(gone))).toBe(false);
    }
  });

  it("a member's page and receipt are in the member's name; the signer fields are filled in", async () => {
    at(CUTOFF - 86_400_000);
    const s = await setUp();
    await s.boardPost({ intent: "invite", bodyIds: String(s.bodyId) });
    const chairRow = (await allRows(s.consultationId)).find((r) => r.personName === `Trần Văn Chủ ${s.tag}`)!;
    const token = tokenOfRow(chairRow);
    const page = (await openLink(token)).data as { person: { name: string; position: string; bodyName: string | null } };
    expect(page.person).toEqual({ name: `Trần Văn Chủ ${s.tag}`, position: "Chủ tịch UBND tỉnh", bodyName: `Thành viên UBND tỉnh ${s.tag}` });
    const sent = await submit(token, `Trần Văn Chủ ${s.tag}`, "Thống nhất.");
    expect(sent.status).toBe(302);
    const sid = new URL(sent.location!, BASE).searchParams.get("s")!;
    const r = (await run(() => receipt.loader({ request: getRequest(`/i/${token}/receipt?s=${sid}`), params: { token }, context: ctx }))).data as { person: { name: string; bodyName: string } };
    expect(r.person).toMatchObject({ name: `Trần Văn Chủ ${s.tag}`, bodyName: `Thành viên UBND tỉnh ${s.tag}` });
  });

  it("a person invited personally after being invited through the body is not invited again, and the board says so", async () => {
    at(CUTOFF - 86_400_000);
    const s = await setUp();
    await s.boardPost({ intent: "invite", bodyIds: String(s.bodyId) });
    const member = (await allRows(s.consultationId)).find((r) => r.personName === `Lê Thị Phó ${s.tag}`)!;
    const again = await s.boardPost({ intent: "invite", personIds: String(member.personId) });
    expect(again.status).toBe(200);
    expect(again.data).toMatchObject({ ok: true, count: 0, alreadyInvited: [`Lê Thị Phó ${s.tag}`] });
    // The body again: nobody new.
    const body = await s.boardPost({ intent: "invite", bodyIds: String(s.bodyId) });
    expect(body.data).toMatchObject({ count: 0 });
    expect((body.data as { alreadyInvited: string[] }).alreadyInvited).toHaveLength(MEMBERS);
    const rows = await allRows(s.consultationId);
    expect(rows).toHaveLength(MEMBERS);
    expect(rows.filter((r) => r.personId === member.personId)).toHaveLength(1);
    // Nothing chosen: a 400 with the message, not a 500.
    const none = await s.boardPost({ intent: "invite" });
    expect(none.status).toBe(400);
    expect((none.data as { errors: Record<string, string> }).errors.agencyIds).toBe("members.pickSomeone");
  });

  it("a person invited personally and their agency invited answer separately", async () => {
    at(CUTOFF - 86_400_000);
    const s = await setUp();
    const db = await getDb();
    // The director of the Department of Justice (a member of the body) is invited alone, and so is the department.
    const view0 = await s.boardView();
    const director = view0.personCandidates.find((p) => p.name === `Nguyễn Văn Ủy ${s.tag}`)!;
    const res = await s.boardPost({ intent: "invite", agencyIds: String(s.justice), personIds: String(director.id) });
    expect(res.data).toMatchObject({ ok: true, count: 2 });
    const rows = await allRows(s.consultationId);
    expect(rows).toHaveLength(2);
    const agencyRow = rows.find((r) => r.personId === null)!;
    const personRow = rows.find((r) => r.personId !== null)!;
    expect(agencyRow.agencyId).toBe(s.justice);
    expect(personRow).toMatchObject({ agencyId: s.justice, personId: director.id, bodyId: null });
    // Invited alone: in the main table, with the person's name, not under the body.
    const view = await s.boardView();
    expect(view.rows.map((r) => r.personName)).toEqual([null, `Nguyễn Văn Ủy ${s.tag}`]);
    expect(view.bodies).toHaveLength(0);
    // The department itself is invited: no longer offered.
    expect(view.candidates.some((c) => c.id === s.justice)).toBe(false);

    expect((await submit(tokenOfRow(agencyRow), "Phó Giám đốc Sở", "Ý kiến của Sở.")).status).toBe(302);
    expect((await submit(tokenOfRow(personRow), `Nguyễn Văn Ủy ${s.tag}`, "Ý kiến cá nhân.")).status).toBe(302);
    const agencySubs = await listSubmissions(db, agencyRow.id);
    const personSubs = await listSubmissions(db, personRow.id);
    expect(agencySubs).toHaveLength(1);
    expect(personSubs).toHaveLength(1);
    expect(agencySubs[0]!.id).not.toBe(personSubs[0]!.id);
    const current = await listCurrentComments(db, s.consultationId, {}, { limit: 10, offset: 0 });
    expect(current.map((c) => c.text).sort()).toEqual(["Ý kiến cá nhân.", "Ý kiến của Sở."]);
    expect(await boardTotals(db, s.consultationId)).toMatchObject({ invited: 2, answered: 2, agencies: { invited: 1, answered: 1 }, people: { invited: 1, answered: 1 } });
  });

  it("revoking one member's link leaves the others working; the body counts its members' answers", async () => {
    at(CUTOFF - 86_400_000);
    const s = await setUp();
    await s.boardPost({ intent: "invite", bodyIds: String(s.bodyId) });
    const rows = (await allRows(s.consultationId)).sort((a, b) => a.id - b.id);
    const [first, second, third, revoked] = rows;
    expect((await s.boardPost({ intent: "revoke", invitationId: String(revoked!.id) })).status).toBe(200);
    expect((await openLink(tokenOfRow(revoked!))).status).toBe(410);
    for (const r of [first!, second!, third!]) expect((await openLink(tokenOfRow(r))).status).toBe(200);

    expect((await submit(tokenOfRow(first!), first!.personName!, "Ý kiến một.")).status).toBe(302);
    expect((await submit(tokenOfRow(second!), second!.personName!, "Ý kiến hai.")).status).toBe(302);
    const view = await s.boardView();
    const section = view.bodies[0]!;
    expect(section.members.find((m) => m.id === revoked!.id)).toMatchObject({ state: "revoked", link: null });
    expect(section.members.find((m) => m.id === first!.id)).toMatchObject({ state: "submitted" });
    expect(section.members.find((m) => m.id === third!.id)).toMatchObject({ state: "notOpened" });
    // "2 of 5 members answered": the revoked member no longer counts as invited.
    expect(section).toMatchObject({ invited: MEMBERS - 1, answered: 2 });
    expect(view.totals.people).toEqual({ invited: MEMBERS - 1, answered: 2 });
    // The state filter applies to the members too.
    const submitted = await s.boardView("?state=submitted");
    expect(submitted.bodies[0]!.members.map((m) => m.id).sort()).toEqual([first!.id, second!.id].sort());
    // Re-issuing the revoked member's link brings them back.
    expect((await s.boardPost({ intent: "reissue", invitationId: String(revoked!.id) })).status).toBe(200);
    expect((await s.boardView()).bodies[0]).toMatchObject({ invited: MEMBERS, answered: 2 });
  });
});
