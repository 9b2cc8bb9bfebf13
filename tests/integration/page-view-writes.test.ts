/**
 * Issue 14: viewing a page writes nothing. Several processes (or machines) serve one PostgreSQL; a
 * page view that wrote would queue behind every other writer (SQLite's one writer, PostgreSQL's row
 * locks) and turn reads into contention. The invitee page's loader does not mark the link opened (mail
 * scanners fetch links too): the page's own script posts intent "opened" (useOpenedBeacon → markOpened),
 * so the loader alone is measured here, after a first visit and its beacon. The staff consultation
 * page and the invitations board are read the same way. Statements are counted as
 * submission-statements.test.ts counts them (bench/load/statements.ts), on both databases.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as invitee from "~/routes/i.$token._index";
import * as consultationPage from "~/routes/staff.consultations.$id._index";
import * as board from "~/routes/staff.consultations.$id.invitations";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows } from "#db/queries/invitations";
import { listClauses } from "#db/queries/versions";
import { countStatements } from "../../bench/load/statements";
import { csrfCookiePair, ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

/** Statements that change data (a CTE that writes included). */
const WRITE = /\b(insert\s+into|update\s+("?[\w.]+"?)\s+set|delete\s+from|replace\s+into)\b/i;
const writesOf = (sql: string[]) => sql.filter((s) => WRITE.test(s));

let token = "";
let consultationId = 0;
let drafterCookie = "";

beforeAll(async () => {
  const drafter = await makeStaff({ role: "drafter", agencyName: "Sở Nội vụ (xem trang)" });
  drafterCookie = drafter.cookie;
  const db = await getDb();
  const [agency, other] = (await ensureAgencies(db, [
    { name: "Sở Tư pháp (xem trang)", shortName: "", emails: [] },
    { name: "Sở Y tế (xem trang)", shortName: "", emails: [] },
  ])) as number[];
  consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch xem trang", kind: "plan", draftingAgencyId: drafter.agencyId!, letterRef: "", letterText: "", cutoffAt: Date.now() + 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    drafter.id,
  );
  const text = ["KẾ HOẠCH", "I. MỤC ĐÍCH", "1. Bảo đảm quyền làm chủ của Nhân dân.", "2. Phát huy dân chủ ở cơ sở."].join("\n");
  const { versionId } = await storeVersion({ consultationId, text, source: { kind: "paste" }, createdBy: drafter.id, publish: true });
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, [agency!, other!], { userId: null, ip: "" });
  const rows = (await boardRows(db, consultationId, { limit: 10, offset: 0 })).sort((a, b) => a.id - b.id);
  token = invitationLink("", rows[0]!).split("/i/")[1]!;
  // Something to show: the agency submitted once, and the other has a draft.
  const clauseId = (await listClauses(db, versionId))[1]!.id;
  const page = (await openLink()).data as { requestKey: string };
  const fields = { intent: "submit", answerKind: "comments", signerName: "Nguyễn Văn Bình", signerPosition: "Phó Giám đốc", requestKey: page.requestKey, baseRevision: "0", [`c:${clauseId}`]: "Đề nghị làm rõ." };
  expect((await postLink(token, fields)).status).toBe(302);
  const otherToken = invitationLink("", rows[1]!).split("/i/")[1]!;
  expect((await postLink(otherToken, { intent: "autosave", [`c:${clauseId}`]: "Đang soạn." })).status).toBe(200);
});

const openLink = () => run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }));
async function postLink(t: string, fields: Record<string, string>) {
  const cookie = await csrfCookiePair();
  return run(() => invitee.action({ request: postForm(`/i/${t}`, fields, cookie), params: { token: t }, context: ctx }));
}

describe("a page view does no write", () => {
  it("the invitee page, after the first visit and its 'opened' beacon: selects only", async () => {
    expect((await openLink()).status).toBe(200);
    // The first visit's beacon is what records "opened": it is a write, and the counter sees it.
    const beacon = await countStatements(() => postLink(token, { intent: "opened" }));
    expect(beacon.result.status).toBe(200);
    expect(writesOf(beacon.sql).some((s) => /update\s+"?invitations"?\s+set/i.test(s))).toBe(true);

    for (let view = 0; view < 2; view++) {
      const { result, statements, sql } = await countStatements(() => openLink());
      expect(result.status).toBe(200);
      expect(statements).toBeGreaterThan(0);
      expect(writesOf(sql), sql.join("\n")).toEqual([]);
    }
  });

  it("the staff consultation page and the invitations board: selects only", async () => {
    const params = { id: String(consultationId) };
    const views = [
      () => run(() => consultationPage.loader({ request: getRequest(`/staff/consultations/${consultationId}`, drafterCookie), params, context: ctx })),
      () => run(() => board.loader({ request: getRequest(`/staff/consultations/${consultationId}/invitations`, drafterCookie), params, context: ctx })),
      () => run(() => board.loader({ request: getRequest(`/staff/consultations/${consultationId}/invitations?state=answered`, drafterCookie), params, context: ctx })),
    ];
    for (const view of views) {
      await view(); // first visit (warms the caches up)
      const { result, statements, sql } = await countStatements(view);
      expect(result.status).toBe(200);
      expect(statements).toBeGreaterThan(0);
      expect(writesOf(sql), sql.join("\n")).toEqual([]);
    }
  });
});
