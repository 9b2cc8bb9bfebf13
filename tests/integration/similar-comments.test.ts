/**
 * Similar comments suggested on the answers board (issue 16, part 5), through the page's loader on a
 * real database: comments of several agencies that say the same thing come out as one group with its
 * similarity, unrelated and answered comments do not; the group's form answers them together through
 * the board's own action, after which they are no longer suggested. Runs the suggestion on the draft
 * worker thread, as the portal does.
 */
import { describe, expect, it } from "vitest";
import * as answers from "~/routes/staff.consultations.$id.answers";
import * as similar from "~/routes/staff.consultations.$id.answers_.similar";
import { loadDemo } from "~/demo/load-demo.server";
import { getDb } from "#db/client.server";
import { triageRows } from "#db/queries/answers";
import { boardRows, submitAnswer } from "#db/queries/invitations";
import { listClauses, listVersions } from "#db/queries/versions";
import { ctx, getRequest, makeStaff, run, useTempDatabase } from "./harness";

useTempDatabase();

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: ctx });
const BDBP = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng";
const LDLD = "Liên đoàn Lao động tỉnh Sóc Trăng";

let posted = 0;

async function setUp() {
  const admin = await makeStaff({ role: "admin" });
  const { consultationId } = await loadDemo(null);
  const params = { id: String(consultationId) };
  const db = await getDb();
  const v1 = (await listVersions(db, consultationId)).find((v) => v.label === "Dự thảo lần 1")!;
  const clauses = await listClauses(db, v1.id);
  const rows = await boardRows(db, consultationId, { limit: 100, offset: 0 });
  const comment = async (agency: string, texts: string[]) => {
    const invitation = rows.find((r) => r.agencyName === agency && r.personId === null)!;
    await submitAnswer(db, {
      invitationId: invitation.id,
      consultationId,
      versionId: v1.id,
      answerKind: "comments",
      signerName: "Người thử",
      signerPosition: "Chuyên viên",
      late: true,
      // loadDemo gives every test the same demo consultation: each post needs its own key.
      requestKey: `similar-${invitation.id}-${++posted}`,
      receiptPrefix: `GY-s-${invitation.id}-`,
      replyLetter: null,
      ip: "",
      comments: texts.map((text, i) => ({ clauseId: clauses[i % clauses.length]!.id, text, proposedWording: "" })),
      now: Date.now(),
    });
  };
  const page = async (min?: number) =>
    (await run(() => similar.loader(args(getRequest(`/x${min ? `?min=${min}` : ""}`, admin.cookie), params)))).data as Awaited<ReturnType<typeof similar.loader>>;
  const post = async (fields: Record<string, string | string[]>) => {
    const form = new FormData();
    form.set("csrf", "test-csrf-token-0123456789abcdefghijklmnop");
    for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) form.append(k, x);
    return (await run(() => answers.action(args(new Request("http://localhost/x", { method: "POST", body: form, headers: { Cookie: admin.cookie } }), params)))).data;
  };
  return { consultationId, comment, page, post, db };
}

const BUDGET_1 = "Đề nghị bổ sung nội dung kinh phí thực hiện từ ngân sách tỉnh và nguồn xã hội hóa cho các huyện.";
const BUDGET_2 = "De nghi bo sung kinh phi thuc hien tu ngan sach tinh cho cac huyen, nguon xa hoi hoa";
const UNRELATED = "Bổ sung Bộ Chỉ huy Bộ đội Biên phòng tỉnh vào danh sách cơ quan phối hợp ở khu vực biên giới.";

describe("similar comments on the answers board", () => {
  it("suggests the two agencies' budget comments as one group with its similarity, not the unrelated one", async () => {
    const s = await setUp();
    await s.comment(BDBP, [BUDGET_1, UNRELATED]);
    await s.comment(LDLD, [BUDGET_2]);
    const d = await s.page();
    expect(d.min).toBe(60);
    expect(d.capped).toBe(false);
    // Every unanswered comment was compared: the demo's open ones and the three new ones.
    const open = await triageRows(s.db, s.consultationId, { answered: false }, { limit: 1000, offset: 0 });
    expect(d.considered).toBe(open.length);
    const budget = d.groups.find((g) => g.comments.some((c) => c.text === BUDGET_1));
    expect(budget).toBeDefined();
    expect(budget!.comments.map((c) => [c.authorName, c.text])).toEqual([
      [BDBP, BUDGET_1],
      [LDLD, BUDGET_2],
    ]);
    expect(budget!.similarityPct).toBeGreaterThanOrEqual(60);
    expect(budget!.similarityPct).toBeLessThan(100);
    expect(d.groups.some((g) => g.comments.some((c) => c.text === UNRELATED))).toBe(false);
    // A stricter threshold than their similarity suggests nothing for them.
    const strict = await s.page(90);
    expect(strict.groups.some((g) => g.comments.some((c) => c.text === BUDGET_1))).toBe(budget!.similarityPct >= 90);
    // A threshold not offered falls back to the default.
    expect((await s.page(42)).min).toBe(60);
  });

  it("the group's form answers them together on the board; answered comments are no longer suggested", async () => {
    const s = await setUp();
    await s.comment(BDBP, [BUDGET_1]);
    await s.comment(LDLD, [BUDGET_2]);
    const group = (await s.page()).groups.find((g) => g.comments.some((c) => c.text === BUDGET_1))!;
    const result = await s.post({ intent: "group", group: group.comments.map((c) => String(c.commentId)), decision: "accepted", text: "Tiếp thu, bổ sung tại mục kinh phí." });
    expect(result).toMatchObject({ ok: true, message: "answers.grouped" });
    const after = await s.page();
    expect(after.groups.some((g) => g.comments.some((c) => c.text === BUDGET_1 || c.text === BUDGET_2))).toBe(false);
  });

  it("a comment that arrives after the page was computed is considered on the next view (the kept groups are not reused)", async () => {
    const s = await setUp();
    await s.comment(BDBP, [BUDGET_1]);
    expect((await s.page()).groups.some((g) => g.comments.some((c) => c.text === BUDGET_1))).toBe(false);
    await s.comment(LDLD, [BUDGET_2]);
    const again = await s.page();
    expect(again.groups.some((g) => g.comments.some((c) => c.text === BUDGET_1) && g.comments.some((c) => c.text === BUDGET_2))).toBe(true);
  });

  it("is the drafters' page only: a signed-out visitor is sent to sign in", async () => {
    const s = await setUp();
    const res = await run(() => similar.loader(args(getRequest("/x"), { id: String(s.consultationId) })));
    expect(res.status).toBe(302);
    expect(res.location).toContain("/signin");
  });
});
