/**
 * Uploads are read, parsed and aligned on the draft worker thread (issue 14): the upload route stores
 * what the same work on the request's own thread gives, and an agency's submission posted while a
 * 1 MB draft is being taken in is answered without waiting for it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as invitee from "~/routes/i.$token._index";
import * as newVersion from "~/routes/staff.consultations.$id.versions.new";
import { readUpload, readUploadBytes } from "~/documents/read-upload.server";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import { inDraftWorker } from "~/versions/draft-pool.server";
import { draftOutline } from "~/versions/draft-work";
import { storeVersion } from "~/versions/store-version.server";
import { applyCorrection, outlineForCorrection } from "~/versions/correct-outline.server";
import { buildComparison } from "~/versions/compare.server";
import { getDb } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows } from "#db/queries/invitations";
import { listClauses, listVersions } from "#db/queries/versions";
import { ANSWER_CONTENT_TYPE, answerBody } from "../../bench/load/drive";
import { makeVietnameseLawDocx } from "../../bench/make-docx";
import { makeArticleLaw, makeVietnameseLaw, redraft } from "../../bench/make-law";
import { longLaw } from "../../bench/load/seed";
import { planWithNumbering } from "../fixtures/docx/builders";
import { CSRF, csrfCookiePair, ctx, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const AGENCIES = 160;
/** The next agency that has not answered yet: each one answers once. */
let nextAgency = 0;

let consultationId = 0;
let clauseIds: number[] = [];
let tokens: string[] = [];

beforeAll(async () => {
  const db = await getDb();
  const [drafter, ...agencyIds] = (await ensureAgencies(db, [
    { name: "Sở Soạn thảo", shortName: "", emails: [] },
    ...Array.from({ length: AGENCIES }, (_, i) => ({ name: `Cơ quan ${i + 1}`, shortName: "", emails: [] })),
  ])) as number[];
  consultationId = await insertConsultation(
    db,
    { title: "Luật 34 điều", kind: "plan", draftingAgencyId: drafter!, letterRef: "", letterText: "", cutoffAt: Date.now() + 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
  const { versionId } = await storeVersion({ consultationId, text: longLaw(34), source: { kind: "paste" }, createdBy: null, publish: true });
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, agencyIds, { userId: null, ip: "" });
  clauseIds = (await listClauses(db, versionId)).map((c) => c.id);
  tokens = (await boardRows(db, consultationId, { limit: AGENCIES, offset: 0 })).map((row) => invitationLink("", row).split("/i/")[1]!);
}, 60_000);

/**
 * Submissions posted one after another while `work` runs: the first is answered before the work is
 * done (on the request's thread it would have waited for all of it). Returns the work's result.
 */
async function answeredMeanwhile<T>(work: () => Promise<T>): Promise<T> {
  let done = 0;
  const running = work().then((result) => {
    done = performance.now();
    return result;
  });
  const answered: number[] = [];
  const last = Math.min(AGENCIES, nextAgency + 30);
  while (nextAgency < last && done === 0) {
    expect((await submit(nextAgency++)).status).toBe(302);
    answered.push(performance.now());
  }
  const result = await running;
  expect(answered.length).toBeGreaterThan(0);
  expect(answered[0]!).toBeLessThan(done);
  return result;
}

/** Agency `n`'s answer with two comments, posted as the browser posts it; its status and time. */
async function submit(n: number): Promise<{ status: number; ms: number }> {
  const token = tokens[n]!;
  const request = new Request(`http://localhost/i/${token}`, {
    method: "POST",
    headers: { "content-type": ANSWER_CONTENT_TYPE, cookie: await csrfCookiePair() },
    body: answerBody(CSRF, clauseIds, n, 2),
  });
  const started = performance.now();
  const result = await run(() => invitee.action({ request, params: { token }, context: ctx }));
  return { status: result.status, ms: performance.now() - started };
}

describe("draft worker", () => {
  it("an uploaded .docx goes through the worker and is stored as read and parsed on the request's thread", async () => {
    const bytes = await planWithNumbering();
    const here = await readUploadBytes(bytes, "ke-hoach.docx");
    expect(here.ok).toBe(true);
    expect(await readUpload(bytes, "ke-hoach.docx")).toEqual(here);
    if (!here.ok) return;

    const admin = await makeStaff({ role: "admin" });
    const file = new File([new Uint8Array(bytes)], "ke-hoach.docx", { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    const posted = await run(() =>
      newVersion.action({ request: postForm("/x", { label: "Dự thảo Word", file }, admin.cookie), params: { id: String(consultationId) }, context: ctx }),
    );
    expect(posted.status).toBe(302);
    const versionId = Number(posted.location!.split("/").pop());
    const stored = await listClauses(await getDb(), versionId);
    const expected = draftOutline(here.text, []);
    expect(stored.map((c) => [c.label, c.heading, c.body])).toEqual(expected.clauses.map((c) => [c.label, c.heading, c.body]));
    expect((await listVersions(await getDb(), consultationId)).find((v) => v.id === versionId)).toBeTruthy();
  });

  it("a job that fails in the worker fails its caller with the error, and the next job runs", async () => {
    await expect(inDraftWorker("lineage", { fromVersionId: 1, oldClauses: null as never, list: [] })).rejects.toThrow();
    expect(await readUpload(Buffer.from("Điều 1. Phạm vi"), "du-thao.txt")).toEqual({ ok: true, text: "Điều 1. Phạm vi", mime: "text/plain; charset=utf-8" });
  });

  it("submissions are answered while a 1 MB draft is being read on the worker", async () => {
    const docx = Buffer.from(await makeVietnameseLawDocx(5_400_000, 400));
    expect(docx.length).toBeGreaterThan(900_000);
    let readDone = 0;
    const reading = readUpload(docx, "luat.docx").then((result) => {
      readDone = performance.now();
      return result;
    });
    const answered: number[] = [];
    while (nextAgency < 30 && readDone === 0) {
      const { status } = await submit(nextAgency++);
      expect(status).toBe(302);
      answered.push(performance.now());
    }
    const read = await reading;
    expect(read.ok).toBe(true);
    // On the request's thread the first submission would have waited for the whole read.
    expect(answered.length).toBeGreaterThan(0);
    expect(answered[0]!).toBeLessThan(readDone);
  }, 180_000);

  it("an outline correction of a 1 MB draft is parsed on the worker: submissions are answered meanwhile", async () => {
    const { versionId } = await storeVersion({ consultationId, text: makeVietnameseLaw(1_000_000), source: { kind: "paste" }, createdBy: null, publish: false });
    const fix = await answeredMeanwhile(async () => (await outlineForCorrection(versionId))!);
    const second = fix.clauses.find((c) => c.canJoin)!;
    expect(second.id).not.toBeNull();
    const corrected = await answeredMeanwhile(() => applyCorrection(versionId, { op: "join", para: second.para }));
    expect(corrected).toMatchObject({ ok: true, clauseCount: fix.clauses.length - 1 });
    // A step that does not fit is refused the same way as before.
    expect(await applyCorrection(versionId, { op: "split", para: 0 })).toEqual({ ok: false, reason: "notApplicable" });
  }, 180_000);

  it("two versions with no stored links between them are aligned on the worker when compared", async () => {
    const db = await getDb();
    const other = await insertConsultation(
      db,
      { title: "Luật 300 điều", kind: "plan", draftingAgencyId: (await ensureAgencies(db, [{ name: "Sở Soạn thảo", shortName: "", emails: [] }]))[0]!, letterRef: "", letterText: "", cutoffAt: Date.now() + 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
      null,
    );
    const articles = makeArticleLaw(300);
    const v1 = await storeVersion({ consultationId: other, text: articles.join("\n"), source: { kind: "paste" }, createdBy: null, publish: true });
    await storeVersion({ consultationId: other, text: longLaw(5), source: { kind: "paste" }, createdBy: null, publish: true });
    const v3 = await storeVersion({ consultationId: other, text: redraft(articles), source: { kind: "paste" }, createdBy: null, publish: true });
    const compared = await answeredMeanwhile(() => buildComparison(other, v1.versionId, v3.versionId, { only: "changed", showForm: false, ignoreCase: false, page: 1 }));
    // Most of the 300 articles go on from draft 1 to draft 3 (aligned, not all new and removed).
    expect(compared.summary.added).toBeLessThan(100);
    expect(compared.summary.unchanged + compared.summary.changed + compared.summary.moved).toBeGreaterThan(200);
  }, 180_000);
});
