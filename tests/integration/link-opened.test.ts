/**
 * "Opened" means a person saw the page (issue 13, finding 11): a bare GET of the link, as a mail
 * scanner makes it, changes nothing; the page's own beacon (a POST with intent "opened", no cookie
 * needed) or the first autosave marks the agency opened, once; the board shows it.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as board from "~/routes/staff.consultations.$id.invitations";
import * as invitee from "~/routes/i.$token._index";
import * as receipt from "~/routes/i.$token.receipt";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows, findInvitation } from "#db/queries/invitations";
import { csrfCookiePair, ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const v1 = fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt"), "utf8");
const CUTOFF = Date.UTC(2023, 6, 5, 17, 0);
const T0 = CUTOFF - 86_400_000;

afterEach(() => {
  vi.useRealTimers();
});
function at(instant: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(instant);
}

async function setUp(n: number) {
  const drafter = await makeStaff({ role: "drafter", agencyName: `Sở Nội vụ ${Math.random()}` });
  const db = await getDb();
  const agencyIds: number[] = [];
  for (let i = 0; i < n; i++) agencyIds.push(await insertAgency(db, { name: `Cơ quan ${i} ${Math.random()}`, shortName: "", emails: [] }));
  const consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch thử", kind: "plan", draftingAgencyId: drafter.agencyId!, letterRef: "1/VP", letterText: "Đề nghị góp ý.", cutoffAt: CUTOFF, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    drafter.id,
  );
  await storeVersion({ consultationId, text: v1, source: { kind: "paste" }, createdBy: drafter.id, publish: true });
  const ids = (await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, agencyIds, { userId: drafter.id, ip: "" })).sort((a, b) => a - b);
  // A link stays the same as long as it is not re-issued (these tests never do).
  const tokens: string[] = [];
  for (const id of ids) tokens.push(invitationLink("", (await findInvitation(db, id))!).split("/i/")[1]!);
  const token = (i: number) => tokens[i]!;
  const boardView = async () => {
    const res = await run(() => board.loader({ request: getRequest(`/staff/consultations/${consultationId}/invitations`, drafter.cookie), params: { id: String(consultationId) }, context: ctx }));
    return new Map((res.data as { rows: { id: number; state: string; firstOpenedAt: number | null }[] }).rows.map((r) => [r.id, r]));
  };
  return { drafter, consultationId, ids, token, boardView };
}

/** The link fetched as a scanner fetches it: a plain GET, no cookie, nothing run. */
const scan = (token: string) => run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }));
/** The page's beacon as its script sends it: a form POST with intent "opened", and no cookie at all. */
const beacon = (token: string) =>
  run(() => invitee.action({ request: postForm(`/i/${token}?index`, { intent: "opened" }, undefined, false), params: { token }, context: ctx }));

describe("when an invitation counts as opened", () => {
  it("a bare GET of the link (a mail scanner) leaves it not opened", async () => {
    at(T0);
    const s = await setUp(1);
    for (let i = 0; i < 3; i++) expect((await scan(s.token(0))).status).toBe(200);
    // The receipt page's GET neither.
    expect((await run(() => receipt.loader({ request: getRequest(`/i/${s.token(0)}/receipt`), params: { token: s.token(0) }, context: ctx }))).status).not.toBe(500);
    const invitation = (await findInvitation(await getDb(), s.ids[0]!))!;
    expect(invitation.firstOpenedAt).toBeNull();
    expect(invitation.lastSeenAt).toBeNull();
    expect((await s.boardView()).get(s.ids[0]!)!.state).toBe("notOpened");
  });

  it("the page's own beacon marks it opened, without cookies, once; the board shows it", async () => {
    at(T0);
    const s = await setUp(1);
    await scan(s.token(0));
    at(T0 + 5_000);
    const res = await beacon(s.token(0));
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ errors: {} });
    let row = (await s.boardView()).get(s.ids[0]!)!;
    expect(row.state).toBe("opened");
    expect(row.firstOpenedAt).toBe(T0 + 5_000);
    // Viewed again later: first opened stays, last seen moves.
    at(T0 + 3_600_000);
    expect((await beacon(s.token(0))).status).toBe(200);
    row = (await s.boardView()).get(s.ids[0]!)!;
    expect(row.firstOpenedAt).toBe(T0 + 5_000);
    expect((await findInvitation(await getDb(), s.ids[0]!))!.lastSeenAt).toBe(T0 + 3_600_000);
  });

  it("the beacon of an unknown or revoked link is refused like the page", async () => {
    at(T0);
    const s = await setUp(1);
    expect((await beacon("z".repeat(43))).status).toBe(404);
    const cookie = s.drafter.cookie;
    const form = new FormData();
    form.set("csrf", "test-csrf-token-0123456789abcdefghijklmnop");
    form.set("intent", "revoke");
    form.set("invitationId", String(s.ids[0]));
    await run(() => board.action({ request: new Request(`http://localhost/staff/consultations/${s.consultationId}/invitations`, { method: "POST", body: form, headers: { Cookie: cookie } }), params: { id: String(s.consultationId) }, context: ctx }));
    expect((await beacon(s.token(0))).status).toBe(410);
    expect((await findInvitation(await getDb(), s.ids[0]!))!.firstOpenedAt).toBeNull();
  });

  it("the first autosave marks it opened too (a browser that ran no script), once", async () => {
    at(T0);
    const s = await setUp(2);
    await scan(s.token(0));
    const cookie = await csrfCookiePair();
    at(T0 + 60_000);
    const saved = await run(() => invitee.action({ request: postForm(`/i/${s.token(0)}`, { intent: "autosave", "c:general": "Ý kiến" }, cookie), params: { token: s.token(0) }, context: ctx }));
    expect(saved.status).toBe(200);
    expect((await findInvitation(await getDb(), s.ids[0]!))!.firstOpenedAt).toBe(T0 + 60_000);
    at(T0 + 120_000);
    await run(() => invitee.action({ request: postForm(`/i/${s.token(0)}`, { intent: "autosave", "c:general": "Ý kiến 2" }, cookie), params: { token: s.token(0) }, context: ctx }));
    expect((await findInvitation(await getDb(), s.ids[0]!))!.firstOpenedAt).toBe(T0 + 60_000);
    // The board: drafting for the one that typed, not opened for the other.
    const view = await s.boardView();
    expect(view.get(s.ids[0]!)!.state).toBe("drafting");
    expect(view.get(s.ids[1]!)!.state).toBe("notOpened");
    expect((await boardRows(await getDb(), s.consultationId, { state: "notOpened", limit: 10, offset: 0 })).map((r) => r.id)).toEqual([s.ids[1]]);
  });

  it("a submission without any earlier view marks it opened", async () => {
    at(T0);
    const s = await setUp(1);
    const page = (await scan(s.token(0))).data as { requestKey: string };
    const cookie = await csrfCookiePair();
    at(T0 + 10_000);
    const res = await run(() =>
      invitee.action({
        request: postForm(`/i/${s.token(0)}`, { intent: "submit", answerKind: "agree", signerName: "A", signerPosition: "B", requestKey: page.requestKey, baseRevision: "0" }, cookie),
        params: { token: s.token(0) },
        context: ctx,
      }),
    );
    expect(res.status).toBe(302);
    expect((await findInvitation(await getDb(), s.ids[0]!))!.firstOpenedAt).toBe(T0 + 10_000);
  });
});
