/**
 * The drafter corrects the outline of an unpublished version through the review page's action:
 * matter, commentable, join, split, level out/in, undo, reset; bad payloads and published versions
 * are refused; the stored clauses are always parseDocument(text, { corrections }).
 */
import { describe, expect, it } from "vitest";
import * as versionPage from "~/routes/staff.consultations.$id.versions.$vid";
import * as newVersion from "~/routes/staff.consultations.$id.versions.new";
import { flattenClauses, normaliseText, parseDocument } from "~/domain/clauses";
import { readCorrections, type OutlineCorrection } from "~/domain/clauses/corrections";
import { translate, type MessageKey } from "~/i18n";
import { en } from "~/i18n/messages/en";
import { ru } from "~/i18n/messages/ru";
import { vi } from "~/i18n/messages/vi";
import type { OutlineFix } from "~/versions/correct-outline.server";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { listAudit } from "#db/queries/audit";
import { insertAgency } from "#db/queries/agencies";
import { insertConsultation } from "#db/queries/consultations";
import { listLinks } from "#db/queries/lineage";
import { findVersion, findVersionOutlineSource, listClauses } from "#db/queries/versions";
import { ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

/** A title line the parser takes for a clause (p1), a body line that should be a clause, two khoản. */
const DRAFT = [
  "Dự thảo quy chế phối hợp trong công tác tiếp công dân",
  "Điều 1. Phạm vi điều chỉnh",
  "Quy chế này quy định việc phối hợp.",
  "Điều 2. Nguyên tắc phối hợp",
  "1. Bảo đảm sự lãnh đạo thống nhất.",
  "Việc phối hợp phải kịp thời.",
  "2. Công khai, minh bạch.",
  "Điều 3. Trách nhiệm thi hành",
  "Các sở chịu trách nhiệm thi hành.",
].join("\n");

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: ctx });

async function newConsultation(title: string): Promise<number> {
  const db = await getDb();
  return insertConsultation(
    db,
    { title, kind: "plan", draftingAgencyId: await insertAgency(db, { name: `Sở soạn thảo ${Math.random()}`, shortName: "", emails: [] }), letterRef: "", letterText: "", cutoffAt: Date.now() + 7 * 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
}

async function setUp(text = DRAFT) {
  const drafter = await makeStaff({ role: "admin" });
  const consultationId = await newConsultation(`Góp ý bố cục ${Math.random()}`);
  const added = await run(() => newVersion.action(args(postForm("/x", { label: "", text }, drafter.cookie), { id: String(consultationId) })));
  expect(added.status).toBe(302);
  const vid = added.location!.split("/").pop()!;
  const params = { id: String(consultationId), vid };
  const versionId = Number(vid);
  const post = (fields: Record<string, string>) => run(() => versionPage.action(args(postForm("/x", { intent: "correct", ...fields }, drafter.cookie), params)));
  const load = async (query = "?fix=1") => (await run(() => versionPage.loader(args(getRequest(`/x${query}`, drafter.cookie), params)))).data as {
    version: { clauseCount: number };
    outlineFix: OutlineFix | null;
  };
  const rows = async () => listClauses(await getDb(), versionId);
  const byLabel = async (label: string) => (await rows()).find((c) => c.label === label);
  const corrections = async () => readCorrections((await findVersionOutlineSource(await getDb(), versionId))!.corrections);
  return { drafter, consultationId, versionId, params, post, load, rows, byLabel, corrections, text };
}

/** The stored clauses as comparable rows, and the same from a fresh parse. */
async function storedShape(versionId: number) {
  const rows = await listClauses(await getDb(), versionId);
  const labelOf = new Map(rows.map((r) => [r.id, r.label]));
  return rows.map((r) => ({
    label: r.label,
    parentLabel: r.parentId === null ? null : labelOf.get(r.parentId)!,
    kind: r.kind,
    number: r.number,
    heading: r.heading,
    body: r.body,
    citation: r.citation,
    position: r.position,
    depth: r.depth,
  }));
}

function parsedShape(text: string, corrections: OutlineCorrection[]) {
  return flattenClauses(parseDocument(normaliseText(text), { corrections })).map((c) => ({
    label: c.label,
    parentLabel: c.parentLabel,
    kind: c.kind,
    number: c.number,
    heading: c.heading,
    body: c.body,
    citation: c.citation,
    position: c.position,
    depth: c.depth,
  }));
}

async function expectStoredEqualsParse(s: { versionId: number; text: string }) {
  const db = await getDb();
  const corrections = readCorrections((await findVersionOutlineSource(db, s.versionId))!.corrections);
  expect(await storedShape(s.versionId)).toEqual(parsedShape(s.text, corrections));
  const doc = parseDocument(normaliseText(s.text), { corrections });
  const version = (await findVersion(db, s.versionId))!;
  expect(version.clauseCount).toBe(doc.count);
  expect(JSON.parse(version.frontMatter)).toEqual(doc.frontMatter);
  expect(JSON.parse(version.backMatter)).toEqual(doc.backMatter);
  expect(version.title).toBe(doc.title);
}

/** The paragraph that opens the clause with this label, as the correction mode shows it. */
async function paraOf(s: Awaited<ReturnType<typeof setUp>>, label: string): Promise<number> {
  const fix = (await s.load()).outlineFix!;
  return fix.clauses.find((c) => c.label === label)!.para;
}

function expectTranslated(data: unknown, key: MessageKey) {
  const error = (data as { errors: { _form: MessageKey } }).errors._form;
  expect(error).toBe(key);
  expect(vi[key]).toBeTruthy();
  expect(en[key]).toBeTruthy();
  expect(ru[key]).toBeTruthy();
  expect(translate("vi", key)).not.toBe(key);
}

describe("correcting the outline of an unpublished version", () => {
  it("marks the stray title line not commentable: the clause goes to the front matter and the count drops", async () => {
    const s = await setUp();
    const before = await s.load();
    expect(before.outlineFix).not.toBeNull();
    expect(before.outlineFix!.corrections).toBe(0);
    const title = before.outlineFix!.clauses[0]!;
    expect(title.heading).toBe("Dự thảo quy chế phối hợp trong công tác tiếp công dân");
    expect(title.canJoin).toBe(false);
    const count = before.version.clauseCount;

    const done = await s.post({ op: "matter", para: String(title.para) });
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/staff/consultations/${s.consultationId}/versions/${s.versionId}?fix=1#para-${title.para}`);

    const after = await s.load();
    expect(after.version.clauseCount).toBe(count - 1);
    expect((await s.rows()).some((c) => c.heading === title.heading)).toBe(false);
    expect(after.outlineFix!.corrections).toBe(1);
    expect(after.outlineFix!.frontMatter).toContainEqual({ text: title.heading, para: title.para });
    expect((await s.corrections())).toEqual([{ op: "matter", para: title.para }]);
    await expectStoredEqualsParse(s);

    const audit = (await listAudit(await getDb(), { limit: 5, offset: 0 })).find((e) => e.action === "version.outline_corrected");
    expect(audit).toBeTruthy();
    expect(audit!.subjectId).toBe(String(s.versionId));

    // And back: the front matter line is made commentable again.
    expect((await s.post({ fix: `commentable:${title.para}` })).status).toBe(302);
    expect((await s.load()).version.clauseCount).toBe(count);
    expect((await s.rows()).some((c) => c.heading === title.heading)).toBe(true);
    await expectStoredEqualsParse(s);
  });

  it("joins a clause to the one before it, splits a body paragraph off, moves clauses a level out and in", async () => {
    const s = await setUp();
    const count = (await s.load()).version.clauseCount;

    // Join khoản 2 Điều 2 to khoản 1: its line becomes body of khoản 1.
    const k2 = await paraOf(s, "D2.2");
    expect((await s.post({ op: "join", para: String(k2) })).status).toBe(302);
    expect((await s.byLabel("D2.2"))).toBeUndefined();
    expect((await s.byLabel("D2.1"))!.body).toContain("Công khai, minh bạch.");
    expect((await s.load()).version.clauseCount).toBe(count - 1);
    await expectStoredEqualsParse(s);

    // Split "Việc phối hợp phải kịp thời." off khoản 1: a clause of its own.
    const fix = (await s.load()).outlineFix!;
    const k1 = fix.clauses.find((c) => c.label === "D2.1")!;
    const line = k1.body.find((l) => l.text === "Việc phối hợp phải kịp thời.")!;
    expect(line.para).not.toBeNull();
    expect((await s.post({ fix: `split:${line.para}` })).status).toBe(302);
    expect((await s.byLabel("D2.1"))!.body).not.toContain("Việc phối hợp phải kịp thời.");
    // At the level of the clause it was in: beside khoản 1, inside Điều 2.
    const splitOff = (await s.rows()).find((c) => c.heading === "Việc phối hợp phải kịp thời.")!;
    expect(splitOff.depth).toBe((await s.byLabel("D2.1"))!.depth);
    expect(splitOff.parentId).toBe((await s.byLabel("D2"))!.id);
    expect((await s.load()).version.clauseCount).toBe(count);
    await expectStoredEqualsParse(s);

    // Level out: khoản 1 Điều 2 becomes a top-level clause.
    const k1para = await paraOf(s, "D2.1");
    expect((await s.post({ op: "level", para: String(k1para), delta: "-1" })).status).toBe(302);
    const out = (await s.load()).outlineFix!.clauses.find((c) => c.para === k1para)!;
    expect(out.depth).toBe(0);
    expect((await s.rows()).find((c) => c.heading === "Bảo đảm sự lãnh đạo thống nhất.")!.depth).toBe(0);
    await expectStoredEqualsParse(s);

    // Level in: Điều 3 goes under the clause before it at its level.
    const d3 = await paraOf(s, "D3");
    expect((await s.post({ fix: `level:${d3}:1` })).status).toBe(302);
    const inner = (await s.rows()).find((c) => c.heading === "Trách nhiệm thi hành")!;
    expect(inner.depth).toBe(1);
    expect(inner.parentId).not.toBeNull();
    await expectStoredEqualsParse(s);

    expect((await s.corrections()).map((c) => c.op)).toEqual(["join", "split", "level", "level"]);
  });

  it("undoes the last correction and resets to the parser's outline", async () => {
    const s = await setUp();
    const original = await storedShape(s.versionId);
    const title = (await s.load()).outlineFix!.clauses[0]!.para;
    await s.post({ op: "matter", para: String(title) });
    const afterOne = await storedShape(s.versionId);
    await s.post({ op: "join", para: String(await paraOf(s, "D2.2")) });
    expect((await s.corrections())).toHaveLength(2);

    const undo = await s.post({ fix: "undo" });
    expect(undo.status).toBe(302);
    expect(undo.location).toBe(`/staff/consultations/${s.consultationId}/versions/${s.versionId}?fix=1`);
    expect((await s.corrections())).toEqual([{ op: "matter", para: title }]);
    expect(await storedShape(s.versionId)).toEqual(afterOne);

    await s.post({ op: "join", para: String(await paraOf(s, "D2.2")) });
    expect((await s.post({ op: "reset" })).status).toBe(302);
    expect((await s.corrections())).toEqual([]);
    expect(await storedShape(s.versionId)).toEqual(original);
    expect((await s.load()).outlineFix!.corrections).toBe(0);

    // Nothing left to undo or reset: refused, translated, nothing changes.
    const nothing = await s.post({ fix: "undo" });
    expect(nothing.status).toBe(400);
    expectTranslated(nothing.data, "outlineFix.unchanged");
    const audits = (await listAudit(await getDb(), { limit: 50, offset: 0 })).filter((e) => e.action === "version.outline_corrected" && e.subjectId === String(s.versionId));
    expect(audits).toHaveLength(5);
  });

  it("refuses a bad payload with 400 and a translated message, changing nothing", async () => {
    const s = await setUp();
    const title = (await s.load()).outlineFix!.clauses[0]!.para;
    await s.post({ op: "matter", para: String(title) });
    const rowsBefore = (await s.rows());
    const correctionsBefore = (await s.corrections());
    const bad: Record<string, string>[] = [
      { op: "join", para: "abc" },
      { op: "join", para: "1.5" },
      { op: "join", para: "-1" },
      { op: "join" },
      { op: "explode", para: "3" },
      { op: "level", para: "3" },
      { op: "level", para: "3", delta: "2" },
      { fix: "join:x" },
      { fix: "explode:3" },
      { fix: "level:3:0" },
      { fix: "x".repeat(100) },
      {},
    ];
    for (const fields of bad) {
      const res = await s.post(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expectTranslated(res.data, "outlineFix.invalid");
    }
    // Well formed, but pointing at no paragraph that can take it.
    for (const fields of [{ op: "split", para: "999999" }, { op: "join", para: String(await paraOf(s, "D1")) }, { op: "commentable", para: String(await paraOf(s, "D1")) }]) {
      const res = await s.post(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expectTranslated(res.data, "outlineFix.notApplicable");
    }
    // Level out of a clause already at the top is no correction.
    const levelTop = await s.post({ op: "level", para: String(await paraOf(s, "D1")), delta: "-1" });
    expect(levelTop.status).toBe(400);
    // Without the CSRF token: forbidden.
    const noCsrf = await run(() =>
      versionPage.action(args(postForm("/x", { intent: "correct", op: "matter", para: String(title) }, s.drafter.cookie, false), s.params)),
    );
    expect(noCsrf.status).toBe(403);
    expect((await s.rows())).toEqual(rowsBefore);
    expect((await s.corrections())).toEqual(correctionsBefore);
  });

  it("refuses any correction of a published version with 409, and shows no correction mode", async () => {
    const s = await setUp();
    const title = (await s.load()).outlineFix!.clauses[0]!.para;
    await run(() => versionPage.action(args(postForm("/x", { intent: "publish" }, s.drafter.cookie), s.params)));
    const rowsBefore = (await s.rows());
    const attempts: Record<string, string>[] = [{ op: "matter", para: String(title) }, { fix: "reset" }, { op: "explode", para: "x" }];
    for (const fields of attempts) {
      const res = await s.post(fields);
      expect(res.status).toBe(409);
      expectTranslated(res.data, "outlineFix.published");
    }
    expect((await s.rows())).toEqual(rowsBefore);
    expect((await s.load()).outlineFix).toBeNull();
  });

  it("keeps the corrections with the version: a reload shows them and the stored clauses equal the parse", async () => {
    const s = await setUp();
    const title = (await s.load()).outlineFix!.clauses[0]!.para;
    await s.post({ op: "matter", para: String(title) });
    await s.post({ op: "join", para: String(await paraOf(s, "D2.2")) });
    await s.post({ op: "level", para: String(await paraOf(s, "D3")), delta: "1" });
    const expected = (await s.corrections());
    expect(expected).toHaveLength(3);

    const reloaded = await s.load();
    expect(reloaded.outlineFix!.corrections).toBe(3);
    expect(reloaded.outlineFix!.stale).toBe(false);
    // The correction mode shows exactly the stored clauses, each matched to its row.
    expect(reloaded.outlineFix!.clauses.map((c) => c.label)).toEqual((await s.rows()).map((r) => r.label));
    expect(reloaded.outlineFix!.clauses.every((c) => c.id !== null)).toBe(true);
    await expectStoredEqualsParse(s);
    // The plain review page stays as it was, without the correction mode.
    expect((await s.load("")).outlineFix).toBeNull();
  });

  it("recomputes the links to the previous published version in the same write", async () => {
    const s = await setUp();
    await run(() => versionPage.action(args(postForm("/x", { intent: "publish" }, s.drafter.cookie), s.params)));
    const added = await run(() =>
      newVersion.action(args(postForm("/x", { label: "", text: DRAFT.replace("Công khai, minh bạch.", "Công khai, minh bạch, đúng pháp luật.") }, s.drafter.cookie), { id: String(s.consultationId) })),
    );
    const v2 = Number(added.location!.split("/").pop());
    const params2 = { id: String(s.consultationId), vid: String(v2) };
    const post2 = (fields: Record<string, string>) => run(() => versionPage.action(args(postForm("/x", { intent: "correct", ...fields }, s.drafter.cookie), params2)));
    const fix = ((await run(() => versionPage.loader(args(getRequest("/x?fix=1", s.drafter.cookie), params2)))).data as { outlineFix: OutlineFix }).outlineFix;
    const db = await getDb();
    expect((await listLinks(db, v2)).length).toBeGreaterThan(0);

    expect((await post2({ op: "matter", para: String(fix.clauses[0]!.para) })).status).toBe(302);
    const ids = new Set((await listClauses(db, v2)).map((c) => c.id));
    const links = await listLinks(db, v2);
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((l) => l.newClauseId === null || ids.has(l.newClauseId))).toBe(true);
    expect(links.every((l) => l.fromVersionId === s.versionId && !l.manual)).toBe(true);
    // The title line, now front matter in draft 2, reads as removed from draft 1.
    const oldTitle = (await listClauses(db, s.versionId)).find((c) => c.label === "p1")!;
    expect(links.find((l) => l.oldClauseId === oldTitle.id)?.relation).toBe("removed");
    const d22 = (await listClauses(db, v2)).find((c) => c.label === "D2.2")!;
    expect(links.find((l) => l.newClauseId === d22.id)?.relation).toBe("changed");
  });

  it("stores a version with initial corrections, parsed with them", async () => {
    const consultationId = await newConsultation("Bố cục ban đầu");
    const text = normaliseText(DRAFT);
    const title = parseDocument(text).clauses[0]!.para;
    const corrections: OutlineCorrection[] = [{ op: "matter", para: title }];
    const { versionId, clauseCount } = await storeVersion({ consultationId, text, source: { kind: "paste" }, createdBy: null, publish: false, corrections });
    expect(clauseCount).toBe(parseDocument(text).count - 1);
    expect(readCorrections((await findVersionOutlineSource(await getDb(), versionId))!.corrections)).toEqual(corrections);
    await expectStoredEqualsParse({ versionId, text });
  });
});
