/**
 * Issue 12 item 6: publishing the answers closes the loop for the agencies. Each agency's link page
 * shows its own comments with the decisions and where each clause is in the newest version, and each
 * agency with comments gets one mail (kept in the outbox here: no SMTP), never twice.
 * The tests run in order on the demo; the last ones add a third draft and revoke a link.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as answers from "~/routes/staff.consultations.$id.answers";
import * as invitee from "~/routes/i.$token._index";
import { loadDemo } from "~/demo/load-demo.server";
import { invitationLink } from "~/invitations/invitations.server";
import type { PublishedAnswers } from "~/invitations/invitee.server";
import type { PublishMailOutcome } from "~/answers/answer-actions.server";
import { resetTransport } from "~/mail/transport.server";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { findAgencyByName, updateAgency } from "#db/queries/agencies";
import { boardRows, revokeInvitation, submitAnswer } from "#db/queries/invitations";
import { listOutbox } from "#db/queries/outbox";
import { listClauses, listVersions } from "#db/queries/versions";
import { CSRF, ctx, getRequest, makeStaff, run, useTempDatabase } from "./harness";

useTempDatabase();

beforeAll(() => {
  delete process.env.SMTP_URL;
  delete process.env.SMTP_HOST;
  delete process.env.PUBLIC_URL;
  resetTransport();
});

const STP = "Sở Tư pháp tỉnh Sóc Trăng";
const MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng";
const LDLD = "Liên đoàn Lao động tỉnh Sóc Trăng";
/** The chair of the People's Committee: a member of the demo's body, invited in his own name (issue 17). */
const TV_UBND = "Trần Quốc Khánh";
const BDBP = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng";

async function setUp() {
  const admin = await makeStaff({ role: "admin" });
  const { consultationId } = await loadDemo(null);
  const params = { id: String(consultationId) };
  const post = async (intent: "publish" | "unpublish") => {
    const form = new FormData();
    form.set("csrf", CSRF);
    form.set("intent", intent);
    const res = await run(() => answers.action({ request: new Request("https://gopy.example/staff/x", { method: "POST", body: form, headers: { Cookie: admin.cookie } }), params, context: ctx }));
    expect(res.status).toBe(200);
    return res.data as { ok: true; message: string; mail?: PublishMailOutcome };
  };
  const rowOf = async (agency: string) => (await boardRows(await getDb(), consultationId, { limit: 100, offset: 0 })).find((r) => (r.personName ?? r.agencyName) === agency)!;
  const tokenOf = async (agency: string) => invitationLink("", await rowOf(agency)).split("/i/")[1]!;
  const open = async (agency: string) => {
    const token = await tokenOf(agency);
    return run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }));
  };
  const page = async (agency: string) => ((await open(agency)).data as { answers: PublishedAnswers | null }).answers;
  const mails = async () => (await listOutbox(await getDb(), consultationId, { limit: 100, offset: 0 })).filter((m) => (m.kind as string) === "answers");
  return { consultationId, post, page, open, tokenOf, rowOf, mails };
}

describe("the agency's link page once the answers are published", () => {
  it("shows nothing before publishing; afterwards each agency's own comments, decisions and where the clause is now", async () => {
    const s = await setUp();
    expect(await s.page(STP)).toBeNull();
    expect(await s.page(MTTQ)).toBeNull();
    await s.post("publish");

    const stp = (await s.page(STP))!;
    expect(stp.newestLabel).toBe("Dự thảo lần 2");
    expect(stp.counts).toEqual({ accepted: 3 });
    expect(stp.items).toHaveLength(3);
    // General comments first, then clause by clause in the version commented on.
    expect(stp.items[0]).toMatchObject({ clauseRef: null, versionLabel: "Dự thảo lần 1", decision: "accepted", now: { kind: "none" } });
    expect(stp.items[1]).toMatchObject({
      clauseRef: "Điểm b khoản 1 Mục II",
      versionLabel: "Dự thảo lần 1",
      text: expect.stringContaining("Tên cơ quan chưa đúng tên gọi hiện nay"),
      proposedWording: expect.stringContaining("Đài Phát thanh và Truyền hình tỉnh, Báo Sóc Trăng"),
      decision: "accepted",
      answerText: "Đã sửa thành \"Đài Phát thanh và Truyền hình tỉnh\".",
      now: { kind: "at", refs: ["điểm b khoản 1 Mục II"] },
    });
    expect(stp.items[2]).toMatchObject({ clauseRef: "Khoản 3 Mục III", now: { kind: "at", refs: ["khoản 3 Mục III"] } });
    // Only its own comments: nothing of the Front's.
    expect(JSON.stringify(stp)).not.toContain("Thống nhất giao Ủy ban MTTQ");

    const mttq = (await s.page(MTTQ))!;
    expect(mttq.counts).toEqual({ accepted: 1, explained: 1 });
    expect(mttq.items.map((i) => [i.clauseRef, i.decision])).toEqual([
      ["Khoản 1 Mục I", "accepted"],
      ["Điểm d khoản 1 Mục II", "explained"],
    ]);
    expect(mttq.items[1]!.answerText).toContain("Kinh phí tập huấn đã được quy định chung tại khoản 4 Mục III");
    expect(JSON.stringify(mttq)).not.toContain("Tên cơ quan chưa đúng");

    // Agreed without comments, or never answered: no section.
    expect(await s.page(LDLD)).toBeNull();
    expect(await s.page(TV_UBND)).toBeNull();
  });
});

describe("the mail to the agencies", () => {
  it("the outbox holds one mail per agency with comments, with its own link and its counts", async () => {
    const s = await setUp();
    const mails = await s.mails();
    expect(mails.map((m) => m.toAddresses).sort()).toEqual(["mttq@soctrang.example", "stp@soctrang.example"]);
    const stp = mails.find((m) => m.agencyName === STP)!;
    expect(stp.status).toBe("kept");
    expect(stp.subject).toBe("Trả lời ý kiến góp ý: Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở");
    expect(stp.body).toContain("Kính gửi: Sở Tư pháp tỉnh Sóc Trăng");
    expect(stp.body).toContain("3 ý kiến: 3 tiếp thu.");
    // The link is the agency's own, on the address the drafter used.
    expect(stp.body).toContain(`https://gopy.example/i/${await s.tokenOf(STP)}`);
    expect(stp.body).not.toContain(await s.tokenOf(MTTQ));
    const mttq = mails.find((m) => m.agencyName === MTTQ)!;
    expect(mttq.body).toContain("2 ý kiến: 1 tiếp thu, 1 giải trình.");
    expect(mttq.body).toContain(`https://gopy.example/i/${await s.tokenOf(MTTQ)}`);
    for (const silent of [LDLD, TV_UBND, BDBP]) expect(mails.some((m) => m.agencyName === silent || m.body.includes(silent))).toBe(false);
  });

  it("publishing again, or after unpublishing, sends no second mail", async () => {
    const s = await setUp();
    const again = await s.post("publish");
    expect(again.mail).toMatchObject({ queued: 0, sent: 0, kept: 0, failed: 0 });
    await s.post("unpublish");
    expect(await s.page(STP)).toBeNull();
    const third = await s.post("publish");
    expect(third.mail?.queued).toBe(0);
    expect(await s.mails()).toHaveLength(2);
    expect(await s.page(STP)).not.toBeNull();
  });

  it("an agency that comments later is told at the next publishing; without an address it is counted, not mailed", async () => {
    const s = await setUp();
    const db = await getDb();
    const v1 = (await listVersions(db, s.consultationId)).find((v) => v.label === "Dự thảo lần 1")!;
    const clause = (await listClauses(db, v1.id)).find((c) => c.label === "I.2")!;
    const comment = async (agency: string) =>
      submitAnswer(db, {
        invitationId: (await s.rowOf(agency)).id,
        consultationId: s.consultationId,
        versionId: v1.id,
        answerKind: "comments",
        signerName: "Người thử",
        signerPosition: "Chuyên viên",
        late: true,
        requestKey: `late-${agency}`,
        receiptPrefix: `GY-late-${(await s.rowOf(agency)).id}-`,
        replyLetter: null,
        ip: "",
        comments: [{ clauseId: clause.id, text: `Ý kiến muộn của ${agency}.`, proposedWording: "" }],
        now: Date.now(),
      });
    await comment(TV_UBND);
    await comment(BDBP);
    const bdbp = (await findAgencyByName(db, BDBP))!;
    await updateAgency(db, bdbp.id, { name: bdbp.name, shortName: bdbp.shortName, emails: [] });

    const result = await s.post("publish");
    expect(result.mail).toMatchObject({ queued: 1, noAddress: 1, kept: 1 });
    const mails = await s.mails();
    expect(mails).toHaveLength(3);
    // The member's mail is addressed to him by name and position.
    const late = mails.find((m) => m.body.includes(`${TV_UBND}, Chủ tịch Ủy ban nhân dân tỉnh`))!;
    // Not answered yet: the count says so.
    expect(late.body).toContain("1 ý kiến: 1 chưa trả lời.");
    expect((await s.page(TV_UBND))!.items.map((i) => i.decision)).toEqual([null]);
  });
});

describe("a newer draft and a revoked link", () => {
  it("a clause removed from the newest draft is shown as removed", async () => {
    const s = await setUp();
    const v2 = fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v2.txt"), "utf8");
    const without = v2
      .split("\n")
      .filter((l) => !l.startsWith("3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Liên đoàn Lao động tỉnh"))
      .join("\n");
    expect(without).not.toBe(v2);
    await storeVersion({ consultationId: s.consultationId, text: without, label: "Dự thảo lần 3", source: { kind: "paste" }, createdBy: null, publish: true });
    const stp = (await s.page(STP))!;
    expect(stp.newestLabel).toBe("Dự thảo lần 3");
    expect(stp.items.find((i) => i.clauseRef === "Khoản 3 Mục III")!.now).toEqual({ kind: "removed" });
    expect(stp.items.find((i) => i.clauseRef === "Điểm b khoản 1 Mục II")!.now).toEqual({ kind: "at", refs: ["điểm b khoản 1 Mục II"] });
  });

  it("a revoked link sees nothing", async () => {
    const s = await setUp();
    await revokeInvitation(await getDb(), (await s.rowOf(STP)).id, Date.now());
    expect((await s.open(STP)).status).toBe(410);
    expect((await s.open(MTTQ)).status).toBe(200);
  });
});
