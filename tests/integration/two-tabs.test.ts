/**
 * Issue 14: two tabs opened from the same page post the invitee form at the same time, each with its
 * own request key (a key is drawn per page view) but on the same base revision. Exactly one is stored;
 * the other gets the stale-form answer (409, "invitee.submittedMeanwhile", what the portal answers a
 * page that someone else submitted over), never a 500 and never two submissions of one revision. On
 * PostgreSQL the invitation's row is locked (select … for update in submitInTransaction); on SQLite the
 * write transactions run one at a time. Repeated to shake out races.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as invitee from "~/routes/i.$token._index";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows, listSubmissions } from "#db/queries/invitations";
import { listClauses } from "#db/queries/versions";
import { csrfCookiePair, ctx, getRequest, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const ROUNDS = 10;
let token = "";
let invitationId = 0;
let clauseIds: number[] = [];

beforeAll(async () => {
  const db = await getDb();
  const [drafter, agency] = (await ensureAgencies(db, [
    { name: "Sở Nội vụ (hai thẻ)", shortName: "", emails: [] },
    { name: "Sở Tư pháp (hai thẻ)", shortName: "", emails: [] },
  ])) as number[];
  const consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch hai thẻ", kind: "plan", draftingAgencyId: drafter!, letterRef: "", letterText: "", cutoffAt: Date.now() + 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
  const text = ["KẾ HOẠCH", "I. MỤC ĐÍCH", "1. Bảo đảm quyền làm chủ của Nhân dân.", "2. Phát huy dân chủ ở cơ sở.", "II. NỘI DUNG", "1. Tuyên truyền, phổ biến."].join("\n");
  const { versionId } = await storeVersion({ consultationId, text, source: { kind: "paste" }, createdBy: null, publish: true });
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, [agency!], { userId: null, ip: "" });
  const [row] = await boardRows(db, consultationId, { limit: 1, offset: 0 });
  token = invitationLink("", row!).split("/i/")[1]!;
  invitationId = row!.id;
  clauseIds = (await listClauses(db, versionId)).map((c) => c.id);
  expect(clauseIds.length).toBeGreaterThan(0);
});

type Page = { requestKey: string; latest: { revision: number } | null };
const openPage = async () => (await run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }))).data as Page;

async function submit(page: Page, tab: string) {
  const cookie = await csrfCookiePair();
  const fields = {
    intent: "submit",
    answerKind: "comments",
    signerName: `Người ký ${tab}`,
    signerPosition: "Phó Giám đốc",
    requestKey: page.requestKey,
    baseRevision: String(page.latest?.revision ?? 0),
    [`c:${clauseIds[0]}`]: `Ý kiến của thẻ ${tab}`,
  };
  return run(() => invitee.action({ request: postForm(`/i/${token}`, fields, cookie), params: { token }, context: ctx }));
}

describe("two tabs, different request keys, the same base revision", () => {
  it(`exactly one is stored, the other is told the form is stale (${ROUNDS} rounds at the same time)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Two tabs opened from the same page: the same base revision, a request key each.
      const [a, b] = [await openPage(), await openPage()];
      expect(a.requestKey).not.toBe(b.requestKey);
      expect(a.latest?.revision ?? 0).toBe(round);
      expect(b.latest?.revision ?? 0).toBe(round);

      const answers = await Promise.all([submit(a, `A${round}`), submit(b, `B${round}`)]);
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses, `round ${round}`).toEqual([302, 409]);
      const stored = answers.find((r) => r.status === 302)!;
      const stale = answers.find((r) => r.status === 409)!;
      expect(stored.location).toMatch(new RegExp(`^/i/${token}/receipt\\?s=\\d+$`));
      expect((stale.data as { errors: { _form: string } }).errors._form).toBe("invitee.submittedMeanwhile");

      // In the database: one submission for this revision, and one per round so far.
      const subs = await listSubmissions(await getDb(), invitationId);
      expect(subs.filter((s) => s.revision === round + 1), `round ${round}`).toHaveLength(1);
      expect(subs).toHaveLength(round + 1);
      expect(String(subs[0]!.id)).toBe(new URL(stored.location!, "http://localhost").searchParams.get("s"));
    }
    const revisions = (await listSubmissions(await getDb(), invitationId)).map((s) => s.revision).sort((x, y) => x - y);
    expect(revisions).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 1));
  }, 60_000);
});
