/**
 * Accept into the next draft (issue 16, part 2) through the pages' loaders and actions, on a real
 * database (SQLite, and PostgreSQL with TEST_DATABASE_URL): on the Sóc Trăng example (base: its
 * draft 2), phrase suggestions and a wording accepted from the answers board (each comment's answer
 * made "accepted"), an overlap recorded as a conflict and settled, a suggestion made on draft 1 landing
 * in draft 2's successor clause, undo, an edit refused on a stale revision with the typed text kept,
 * and publishing: version 3 with its declared links (manual, never aligned), derived from draft 2,
 * whose comparison shows exactly the accepted changes, and the answers pointing at the clauses they
 * landed in. Access: another agency's drafter and a form without the CSRF token are refused; bad
 * input is a 400.
 */
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as answersRoute from "~/routes/staff.consultations.$id.answers";
import * as compareRoute from "~/routes/staff.consultations.$id.compare";
import * as workingRoute from "~/routes/staff.consultations.$id.working-copy";
import * as docxRoute from "~/routes/staff.consultations.$id.working-copy[.]docx";
import { makeAnchor } from "~/domain/anchors/reanchor";
import { loadDemo } from "~/demo/load-demo.server";
import { getDb, transaction } from "#db/client.server";
import { DIALECT } from "#db/dialect";
import { boardRows, listSubmissionComments, submitAnswer } from "#db/queries/invitations";
import { listLinks } from "#db/queries/lineage";
import { listClauses, listVersions } from "#db/queries/versions";
import { saveWorkingClause } from "#db/queries/working-copy";
import { answers, auditEvents, clauseLinks, commentAnswers, versions } from "#db/schema";
import { ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";
import { countStatements } from "../../bench/load/statements";

useTempDatabase();

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: ctx });
const BDBP = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng";
const LDLD = "Liên đoàn Lao động tỉnh Sóc Trăng";

type Page = NonNullable<Awaited<ReturnType<typeof workingRoute.loader>>["page"]>;

async function setUp() {
  const admin = await makeStaff({ role: "admin" });
  const { consultationId } = await loadDemo(null);
  const params = { id: String(consultationId) };
  const db = await getDb();
  const all = await listVersions(db, consultationId);
  const v1 = all.find((v) => v.number === 1)!;
  const v2 = all.find((v) => v.number === 2)!;
  const c1 = (await listClauses(db, v1.id)).find((c) => c.body.includes("Đài Phát thanh - Truyền hình"))!;
  const v2Clauses = await listClauses(db, v2.id);
  const c2 = v2Clauses.find((c) => c.body.includes("Đài Phát thanh và Truyền hình"))!;
  const other = v2Clauses.find((c) => c.id !== c2.id && c.kind !== "table" && c.kind !== "row" && c.body !== "")!;
  const rows = await boardRows(db, consultationId, { limit: 100, offset: 0 });
  const phrase = (clause: { id: number; label: string; body: string }, quote: string, suggestion: string) => {
    const at = clause.body.indexOf(quote);
    expect(at).toBeGreaterThanOrEqual(0);
    const a = makeAnchor({ id: clause.id, label: clause.label, text: clause.body }, at, at + quote.length);
    return { clauseId: clause.id, text: `Đề nghị sửa «${quote}»`, proposedWording: "", anchor: { quote: a.quote, prefix: a.prefix, suffix: a.suffix, start: a.start }, suggestion };
  };
  /** One agency's answer with these comments on a version; the ids of its comments, in order. */
  const submit = async (agency: string, versionId: number, list: Parameters<typeof submitAnswer>[1]["comments"]) => {
    const invitation = rows.find((r) => r.agencyName === agency && r.personId === null)!;
    const out = await submitAnswer(db, {
      invitationId: invitation.id,
      consultationId,
      versionId,
      answerKind: "comments",
      signerName: "Người thử",
      signerPosition: "Chuyên viên",
      late: true,
      requestKey: `working-${invitation.id}-${Math.random()}`,
      receiptPrefix: `GY-w-${invitation.id}-${Math.random().toString(36).slice(2, 6)}-`,
      replyLetter: null,
      ip: "",
      comments: list,
      now: Date.now(),
    });
    if (out.stale) throw new Error("stale");
    // In the order given (the stored list is in document order).
    const stored = await listSubmissionComments(db, out.submissionId);
    return list.map((c) => stored.find((x) => x.text === c.text && x.clauseId === c.clauseId)!.id);
  };
  const page = async (cookie = admin.cookie) => (await run(() => workingRoute.loader(args(getRequest(`/x`, cookie), params)))).data as Awaited<ReturnType<typeof workingRoute.loader>>;
  const post = async (route: "answers" | "working", fields: Record<string, string>, cookie = admin.cookie, withCsrf = true) => {
    const request = postForm("http://localhost/x", fields, cookie, withCsrf);
    return run(() => (route === "answers" ? answersRoute.action(args(request, params)) : workingRoute.action(args(request, params))));
  };
  const accept = (commentId: number) => post("answers", { intent: "accept", commentId: String(commentId) });
  /** "Publish" as the page's form posts it: with the base and the stamp the page showed. */
  const publishFields = async () => {
    const p = (await page()).page!;
    return { intent: "publish", baseVersionId: String(p.base.id), stamp: p.stamp };
  };
  const clauseOf = (p: Page, id: number) => p.clauses.find((c) => c.id === id)!;
  const byLabel = (p: Page, label: string) => p.clauses.find((c) => c.label === label)!;
  const decisionOf = async (commentId: number) => {
    const [row] = await db.select({ decision: answers.decision, text: answers.text, newClauseId: answers.newClauseId }).from(commentAnswers).innerJoin(answers, eq(answers.id, commentAnswers.answerId)).where(eq(commentAnswers.commentId, commentId));
    return row ?? null;
  };
  return { db, admin, consultationId, params, v1, v2, c1, c2, other, phrase, submit, page, post, accept, publishFields, clauseOf, byLabel, decisionOf };
}

describe("accepting proposals into the working copy", () => {
  it("applies suggestions and a wording, records an overlap as a conflict, settles it, undoes, and publishes version 3 with declared lineage", async () => {
    const s = await setUp();
    const [a, c, w] = await s.submit(BDBP, s.v2.id, [
      s.phrase(s.c2, "Đài Phát thanh và Truyền hình tỉnh", "Đài Phát thanh - Truyền hình tỉnh"),
      s.phrase(s.c2, "Thường xuyên", "Hằng năm"),
      { clauseId: s.other.id, text: "Đề nghị viết lại", proposedWording: `${s.other.body} (đã viết lại)` },
    ]);
    const [b] = await s.submit(LDLD, s.v2.id, [s.phrase(s.c2, "Truyền hình tỉnh", "Truyền hình Sóc Trăng")]);
    // On draft 1 (an older version): its words are still in draft 2's successor clause.
    const [old] = await s.submit("Sở Tư pháp tỉnh Sóc Trăng", s.v1.id, [s.phrase(s.c1, "Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông tỉnh")]);

    // The board offers the button on the comments with words, not on the others.
    const board = (await run(() => answersRoute.loader(args(getRequest("/x", s.admin.cookie), s.params)))).data as Awaited<ReturnType<typeof answersRoute.loader>>;
    expect(board.working[a!]).toBeNull();
    expect(Object.keys(board.working).map(Number)).toEqual(expect.arrayContaining([a!, b!, c!, w!]));

    // Accept a: applied, the comment's answer is "accepted".
    const r1 = await s.accept(a!);
    expect(r1.status).toBe(200);
    expect((r1.data as { message: string }).message).toBe("working.accepted");
    expect((await s.decisionOf(a!))?.decision).toBe("accepted");
    let p = (await s.page()).page!;
    expect(s.clauseOf(p, s.c2.id).changed).toBe(true);
    expect(s.clauseOf(p, s.c2.id).body).toContain("Đài Phát thanh - Truyền hình tỉnh");
    expect(s.clauseOf(p, s.c2.id).bodyParts!.filter((x) => x.op !== "same").map((x) => [x.op, x.text.trim()])).toEqual([["removed", "và"], ["added", "-"]]);
    // Accepting it twice is refused.
    expect((await s.accept(a!)).status).toBe(409);

    // b changes words a already changed: a conflict, nothing applied, and its comment not accepted until taken.
    const r2 = await s.accept(b!);
    expect(r2.status).toBe(200);
    expect((r2.data as { message: string }).message).toBe("working.acceptedConflict");
    expect(await s.decisionOf(b!)).toBeNull();
    // c: other words of the same clause (the clause edited twice).
    expect((await s.accept(c!)).status).toBe(200);
    // The older version's suggestion lands in draft 2's clause.
    expect((await s.accept(old!)).status).toBe(200);
    p = (await s.page()).page!;
    const body = s.clauseOf(p, s.c2.id).body;
    expect(body).toContain("Sở Thông tin và Truyền thông tỉnh; Đài Phát thanh - Truyền hình tỉnh");
    expect(body).toContain("Thời gian thực hiện: Hằng năm.");
    expect(p.conflictCount).toBe(1);
    const conflict = s.clauseOf(p, s.c2.id).accepts.find((x) => x.commentId === b)!;
    expect(conflict.state).toBe("conflict");
    expect(conflict.conflict!.thisOne!.filter((x) => x.op !== "removed").map((x) => x.text).join("")).toContain("Đài Phát thanh và Truyền hình Sóc Trăng");

    // Publishing while the conflict waits for a choice is refused, nothing written.
    const early = await s.post("working", await s.publishFields());
    expect(early.status).toBe(409);
    expect(early.data).toMatchObject({ ok: false, error: "working.publishConflicts" });
    expect((await s.page()).page!.base.id).toBe(s.v2.id);

    // Take b instead of a: a is set aside, the other changes stay.
    const taken = await s.post("working", { intent: "take", acceptId: String(conflict.acceptId) });
    expect(taken.status).toBe(200);
    p = (await s.page()).page!;
    const after = s.clauseOf(p, s.c2.id);
    expect(after.body).toContain("Đài Phát thanh và Truyền hình Sóc Trăng,");
    expect(after.body).toContain("Hằng năm");
    expect(after.body).toContain("Truyền thông tỉnh;");
    expect(after.accepts.find((x) => x.commentId === a)!.state).toBe("set_aside");
    expect(p.conflictCount).toBe(0);
    // b is accepted now; a, set aside, has no answer again (the accept had made it).
    expect((await s.decisionOf(b!))?.decision).toBe("accepted");
    expect(await s.decisionOf(a!)).toBeNull();

    // Undo c: its words go back, the rest stays.
    const cAccept = after.accepts.find((x) => x.commentId === c)!;
    expect((await s.post("working", { intent: "undo", acceptId: String(cAccept.acceptId) })).status).toBe(200);
    p = (await s.page()).page!;
    expect(s.clauseOf(p, s.c2.id).body).toContain("Thời gian thực hiện: Thường xuyên.");
    expect(s.clauseOf(p, s.c2.id).accepts.some((x) => x.commentId === c)).toBe(false);
    expect(await s.decisionOf(c!)).toBeNull();

    // The whole-clause wording.
    expect((await s.accept(w!)).status).toBe(200);

    // Edit with a stale revision: refused, the typed text kept and theirs shown; then saved.
    const current = s.clauseOf(p, s.c2.id);
    const typed = `${current.body}\n- Kinh phí: ngân sách tỉnh.`;
    const stale = await s.post("working", { intent: "edit", clauseId: String(s.c2.id), revision: String(current.revision - 1), heading: current.heading, body: typed });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ ok: false, error: "working.stale", values: { body: typed }, theirs: { revision: current.revision } });
    const saved = await s.post("working", { intent: "edit", clauseId: String(s.c2.id), revision: String(current.revision), heading: current.heading, body: typed });
    expect(saved.status).toBe(200);
    // A body line that would open a new clause is refused (400), text kept.
    const broken = await s.post("working", { intent: "edit", clauseId: String(s.other.id), revision: "0", heading: s.other.heading, body: `${s.other.body}\nIV. MỤC MỚI` });
    // The wording made the other clause's revision 1: a stale revision is found first; with the right one the structure is refused.
    expect(broken.status).toBe(409);
    const otherRev = s.clauseOf((await s.page()).page!, s.other.id).revision;
    const broken2 = await s.post("working", { intent: "edit", clauseId: String(s.other.id), revision: String(otherRev), heading: s.other.heading, body: `${s.other.body}\nIV. MỤC MỚI` });
    expect(broken2.status).toBe(400);
    expect(broken2.data).toMatchObject({ ok: false, error: "working.structure", values: { body: `${s.other.body}\nIV. MỤC MỚI` } });

    // The .docx of the working copy.
    const docx = await docxRoute.loader(args(getRequest("/x", s.admin.cookie), s.params));
    expect(docx.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()));
    const xml = await zip.file("word/document.xml")!.async("string");
    // The working text, with the clause's printed mark kept.
    expect(xml).toContain("Đài Phát thanh và Truyền hình Sóc Trăng");
    expect(xml).toContain(`b) ${s.c2.heading}`);

    // Publish: version 3.
    const published = await s.post("working", await s.publishFields());
    expect(published.status).toBe(200);
    const v3Id = (published.data as { versionId: number }).versionId;
    const [v3] = await s.db.select().from(versions).where(eq(versions.id, v3Id));
    expect(v3!.number).toBe(3);
    expect(v3!.derivedFromVersionId).toBe(s.v2.id);
    expect(v3!.publishedAt).not.toBeNull();
    // The base's text where nothing changed: its front and back matter and title too.
    const [v2Row] = await s.db.select().from(versions).where(eq(versions.id, s.v2.id));
    expect([v3!.title, v3!.frontMatter, v3!.backMatter]).toEqual([v2Row!.title, v2Row!.frontMatter, v2Row!.backMatter]);
    expect(JSON.parse(v3!.frontMatter).length).toBeGreaterThan(0);
    const v2Clauses = await listClauses(s.db, s.v2.id);
    const v3Clauses = await listClauses(s.db, v3Id);
    expect(v3Clauses.map((x) => [x.label, x.kind, x.depth])).toEqual(v2Clauses.map((x) => [x.label, x.kind, x.depth]));
    const links = await listLinks(s.db, v3Id);
    expect(links.length).toBe(v2Clauses.length);
    expect(links.every((l) => l.manual && l.fromVersionId === s.v2.id)).toBe(true);
    const changedLabels = links.filter((l) => l.relation === "changed").map((l) => v2Clauses.find((x) => x.id === l.oldClauseId)!.label).sort();
    expect(changedLabels).toEqual([s.c2.label, s.other.label].sort());
    expect(links.filter((l) => l.relation !== "changed").every((l) => l.relation === "kept")).toBe(true);
    const newC2 = v3Clauses.find((x) => x.label === s.c2.label)!;
    expect(newC2.body).toBe(typed);
    expect(v3Clauses.find((x) => x.label === s.other.label)!.body).toBe(`${s.other.body} (đã viết lại)`);
    // Answers: where each accepted comment landed; the set-aside one has none.
    expect((await s.decisionOf(b!))?.newClauseId).toBe(newC2.id);
    expect((await s.decisionOf(old!))?.newClauseId).toBe(newC2.id);
    expect((await s.decisionOf(w!))?.newClauseId).toBe(v3Clauses.find((x) => x.label === s.other.label)!.id);
    expect(await s.decisionOf(a!)).toBeNull();
    const [event] = await s.db.select().from(auditEvents).where(and(eq(auditEvents.action, "working.published"), eq(auditEvents.subjectId, String(v3Id))));
    expect(event).toBeDefined();

    // The comparison of drafts 2 and 3 shows exactly the two changed clauses.
    const cmp = (await run(() => compareRoute.loader(args(getRequest(`/x?from=${s.v2.id}&to=${v3Id}`, s.admin.cookie), s.params)))).data as Awaited<ReturnType<typeof compareRoute.loader>>;
    const shown = cmp.comparison!.rows.map((r) => r.new?.label ?? r.old?.label).sort();
    expect(shown).toEqual([s.c2.label, s.other.label].sort());

    // The next working copy starts from version 3, empty.
    const next = (await s.page()).page!;
    expect(next.base.id).toBe(v3Id);
    expect(next.changedCount).toBe(0);
    expect(next.clauses.every((x) => x.accepts.length === 0)).toBe(true);
  });

  it("keeps the current text on choice", async () => {
    // The first test published draft 3: these comments on draft 2 follow their clause into it.
    const s = await setUp();
    const [a] = await s.submit(BDBP, s.v2.id, [s.phrase(s.c2, "Báo Sóc Trăng", "Báo Sóc Trăng điện tử")]);
    const [b] = await s.submit(LDLD, s.v2.id, [s.phrase(s.c2, "Báo Sóc Trăng và", "Báo Sóc Trăng cùng")]);
    expect((await s.accept(a!)).status).toBe(200);
    expect((await s.accept(b!)).status).toBe(200);
    let p = (await s.page()).page!;
    const conflict = s.byLabel(p, s.c2.label).accepts.find((x) => x.commentId === b)!;
    expect(conflict.state).toBe("conflict");
    const before = s.byLabel(p, s.c2.label).body;
    expect((await s.post("working", { intent: "keep", acceptId: String(conflict.acceptId) })).status).toBe(200);
    p = (await s.page()).page!;
    expect(s.byLabel(p, s.c2.label).body).toBe(before);
    expect(s.byLabel(p, s.c2.label).accepts.find((x) => x.commentId === b)!.state).toBe("set_aside");
    expect(await s.decisionOf(b!)).toBeNull();
    // Settling it again: not a conflict any more.
    expect((await s.post("working", { intent: "take", acceptId: String(conflict.acceptId) })).status).toBe(404);
  });

  it("undo and set-aside put the comment's answer back as it was; publishing points only the answers whose words are still in the text", async () => {
    const s = await setUp();
    if ((await s.page()).page!.changedCount > 0) expect((await s.post("working", await s.publishFields())).status).toBe(200);
    const base = (await s.page()).page!;
    const clause = s.byLabel(base, s.c2.label);
    const baseClause = { id: clause.id, label: clause.label, body: clause.body };
    const words = clause.body.match(/[A-ZĐ][\p{L}]+ [\p{L}]+ [\p{L}]+/u)![0];
    const [x, y] = await s.submit(BDBP, base.base.id, [s.phrase(baseClause, words, `${words} mới`), { clauseId: clause.id, text: "Đề nghị viết lại khoản", proposedWording: `${clause.body} (viết lại)` }]);
    // x already had an answer "Giải trình" before the accept.
    const explained = await s.post("answers", { intent: "answer", commentId: String(x), decision: "explained", text: "Giữ như dự thảo." });
    expect(explained.status).toBeLessThan(400);
    expect((await s.decisionOf(x!))?.decision).toBe("explained");
    expect((await s.accept(x!)).status).toBe(200);
    expect((await s.decisionOf(x!))?.decision).toBe("accepted");
    let p = (await s.page()).page!;
    const acc = s.byLabel(p, s.c2.label).accepts.find((a) => a.commentId === x)!;
    expect((await s.post("working", { intent: "undo", acceptId: String(acc.acceptId) })).status).toBe(200);
    expect(await s.decisionOf(x!)).toMatchObject({ decision: "explained", text: "Giữ như dự thảo." });
    // y's wording is a conflict with nothing applied: its comment is not accepted; "keep current" leaves it so.
    expect((await s.accept(x!)).status).toBe(200);
    expect((await s.accept(y!)).status).toBe(200);
    expect(await s.decisionOf(y!)).toBeNull();
    p = (await s.page()).page!;
    const yAccept = s.byLabel(p, s.c2.label).accepts.find((a) => a.commentId === y)!;
    expect(yAccept.state).toBe("conflict");
    expect((await s.post("working", { intent: "keep", acceptId: String(yAccept.acceptId) })).status).toBe(200);
    expect(await s.decisionOf(y!)).toBeNull();
    // The drafter then types over x's words: at publish x's answer gets no new clause.
    p = (await s.page()).page!;
    const now = s.byLabel(p, s.c2.label);
    expect((await s.post("working", { intent: "edit", clauseId: String(now.id), revision: String(now.revision), heading: now.heading, body: now.body.replace(`${words} mới`, "Nội dung khác") })).status).toBe(200);
    const published = await s.post("working", await s.publishFields());
    expect(published.status).toBe(200);
    expect((await s.decisionOf(x!))?.newClauseId).toBeNull();
  });

  it("refuses an accept that would break the next version's structure, and does not download the base's text for a working copy that cannot be built", async () => {
    const s = await setUp();
    if ((await s.page()).page!.changedCount > 0) expect((await s.post("working", await s.publishFields())).status).toBe(200);
    const base = (await s.page()).page!;
    const clause = s.byLabel(base, s.other.label);
    const [w] = await s.submit(LDLD, base.base.id, [{ clauseId: clause.id, text: "Đề nghị viết lại thành hai khoản", proposedWording: "Nội dung mới thứ nhất.\n\n2. Nội dung mới thứ hai.\n\na) Ý thứ ba." }]);
    const refused = await s.accept(w!);
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ ok: false, errors: { accept: "working.structure" } });
    expect(s.byLabel((await s.page()).page!, s.other.label).changed).toBe(false);
    expect(await s.decisionOf(w!)).toBeNull();
    // A working copy that does not read back (written past the checks): the .docx is a 400, not the base's text.
    const scope = { consultationId: s.consultationId, baseVersionId: base.base.id, userId: s.admin.id, now: Date.now() };
    const actor = { actorUserId: s.admin.id, ip: "" };
    expect((await saveWorkingClause(s.db, scope, { clauseId: clause.id, expectedRevision: clause.revision, heading: clause.heading, body: `${clause.body}\n\n2. Khoản chen vào.` }, actor)).ok).toBe(true);
    const docx = await docxRoute.loader(args(getRequest("/x", s.admin.cookie), s.params)).catch((e: unknown) => e as Response);
    expect(docx.status).toBe(400);
    expect(await docx.text()).toContain("không còn đọc được");
    // Put back as it was, for the tests after.
    expect((await saveWorkingClause(s.db, scope, { clauseId: clause.id, expectedRevision: clause.revision + 1, heading: clause.heading, body: clause.body }, actor)).ok).toBe(true);
    expect((await docxRoute.loader(args(getRequest("/x", s.admin.cookie), s.params))).status).toBe(200);
  });

  it("does not put an older version's whole-clause wording over one of the clauses its clause was split into", async () => {
    const s = await setUp();
    const v2Clauses = await listClauses(s.db, s.v2.id);
    const twin = v2Clauses.find((c) => c.id !== s.c2.id && c.kind !== "table" && c.kind !== "row" && c.body !== "" && c.id !== s.other.id)!;
    // Draft 1's clause declared split into draft 2's c2 and another clause.
    const [split] = await transaction(s.db, (tx) => tx.insert(clauseLinks).values({ toVersionId: s.v2.id, fromVersionId: s.v1.id, oldClauseId: s.c1.id, newClauseId: twin.id, relation: "split", manual: true }).returning({ id: clauseLinks.id }));
    try {
      const [w] = await s.submit(LDLD, s.v1.id, [{ clauseId: s.c1.id, text: "Đề nghị viết lại cả khoản (dự thảo 1)", proposedWording: `${s.c1.body} (viết lại)` }]);
      const refused = await s.accept(w!);
      expect(refused.status).toBe(409);
      expect(refused.data).toMatchObject({ ok: false, errors: { accept: "working.lineageSplit" } });
      expect(await s.decisionOf(w!)).toBeNull();
      const p = (await s.page()).page!;
      expect(p.clauses.flatMap((c) => c.accepts).some((a) => a.commentId === w)).toBe(false);
    } finally {
      await transaction(s.db, (tx) => tx.delete(clauseLinks).where(eq(clauseLinks.id, split!.id)));
    }
  });

  it("publishes once: a second click, a resubmitted form or a second drafter is refused, and so is a publish with no change", async () => {
    const s = await setUp();
    // The tests before left changes in the working copy: publish them first, to start clean.
    if ((await s.page()).page!.changedCount > 0) expect((await s.post("working", await s.publishFields())).status).toBe(200);
    const count = async () => (await listVersions(s.db, s.consultationId)).length;
    const start = await count();
    // Nothing changed yet: nothing to publish.
    const empty = await s.post("working", await s.publishFields());
    expect(empty.status, JSON.stringify(empty.data)).toBe(400);
    expect(empty.data).toMatchObject({ ok: false, error: "working.nothingToPublish" });
    // The form without what the page showed is bad input.
    expect((await s.post("working", { intent: "publish" })).status).toBe(400);
    const edit = async (label: string, suffix: string) => {
      const cl = s.byLabel((await s.page()).page!, label);
      return s.post("working", { intent: "edit", clauseId: String(cl.id), revision: String(cl.revision), heading: cl.heading, body: `${cl.body} ${suffix}` });
    };
    expect((await edit(s.c2.label, "(sửa lần một)")).status).toBe(200);
    const seen = await s.publishFields();
    // Another drafter edits meanwhile: the page's stamp is no longer the working copy's.
    expect((await edit(s.other.label, "(sửa của người khác)")).status).toBe(200);
    const stale = await s.post("working", seen);
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ ok: false, error: "working.stalePublish" });
    expect(await count()).toBe(start);
    // Two clicks of the same page at once: one version.
    const fields = await s.publishFields();
    const both = await Promise.all([s.post("working", fields), s.post("working", fields)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    // The form resubmitted later: its base is no longer the newest published version.
    const again = await s.post("working", fields);
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ ok: false, error: "working.stalePublish" });
    expect(await count()).toBe(start + 1);
    // And on the new base, with nothing changed, nothing is published either.
    expect((await s.post("working", await s.publishFields())).status).toBe(400);
    expect(await count()).toBe(start + 1);
  });

  it("publishes with a constant number of statements whatever the number of clauses accepted into", async () => {
    const s = await setUp();
    if ((await s.page()).page!.changedCount > 0) expect((await s.post("working", await s.publishFields())).status).toBe(200);
    const base = (await s.page()).page!;
    const wordOf = (body: string) => /[\p{L}]{4,}/u.exec(body)?.[0];
    const targets = base.clauses.filter((c) => !c.fixed && wordOf(c.body) !== undefined).slice(0, 4);
    expect(targets.length).toBe(4);
    const ids = await s.submit(
      BDBP,
      base.base.id,
      targets.map((c) => {
        const word = wordOf(c.body)!;
        return s.phrase({ id: c.id, label: c.label, body: c.body }, word, `${word} (sửa)`);
      }),
    );
    for (const id of ids) expect((await s.accept(id!)).status).toBe(200);
    const fields = await s.publishFields();
    const { result, sql } = await countStatements(() => s.post("working", fields));
    expect(result.status).toBe(200);
    // One select of the comments' answers and one update of them, not one pair per clause. (The
    // counter sees better-sqlite3's statements; on PostgreSQL the test checks the result only.)
    if (DIALECT === "sqlite") {
      expect(sql.filter((q) => /^\s*update\s+"answers"/i.test(q)).length).toBe(1);
      expect(sql.filter((q) => /^\s*select .* from "comment_answers"/is.test(q)).length).toBe(1);
    }
    const v = (result.data as { versionId: number }).versionId;
    const landed = await listClauses(s.db, v);
    for (const [k, id] of ids.entries()) expect((await s.decisionOf(id!))?.newClauseId).toBe(landed.find((c) => c.label === targets[k]!.label)!.id);
  });

  it("refuses another agency's drafter, a form without the CSRF token, and bad input", async () => {
    const s = await setUp();
    const [a] = await s.submit(BDBP, s.v2.id, [s.phrase(s.c2, "Báo Sóc Trăng", "Báo Sóc Trăng điện tử")]);
    const stranger = await makeStaff({ role: "drafter", agencyName: "Sở Khác" });
    // The example is shared by the tests of this file: what the working copy was before these requests.
    const changedBefore = (await s.page()).page!.clauses.filter((x) => x.changed).map((x) => [x.label, x.revision]);
    const refused = await s.post("answers", { intent: "accept", commentId: String(a) }, stranger.cookie);
    expect([403, 404]).toContain(refused.status);
    expect([403, 404]).toContain((await run(() => workingRoute.loader(args(getRequest("/x", stranger.cookie), s.params)))).status);
    expect([403, 404]).toContain((await s.post("working", { intent: "publish" }, stranger.cookie)).status);
    expect((await s.post("working", { intent: "publish" }, s.admin.cookie, false)).status).toBe(403);
    expect((await s.post("answers", { intent: "accept", commentId: String(a) }, s.admin.cookie, false)).status).toBe(403);
    expect(await s.decisionOf(a!)).toBeNull();
    // Bad input: 400, nothing written.
    expect((await s.post("answers", { intent: "accept", commentId: "abc" })).status).toBe(400);
    expect((await s.post("working", { intent: "edit", clauseId: "x", revision: "0", heading: "", body: "" })).status).toBe(400);
    expect((await s.post("working", { intent: "undo", acceptId: "-1" })).status).toBe(400);
    expect((await s.post("working", { intent: "nonsense" })).status).toBe(400);
    // A comment without words to accept: 400.
    const [plain] = await s.submit(LDLD, s.v2.id, [{ clauseId: s.c2.id, text: "Chỉ là nhận xét.", proposedWording: "" }]);
    expect((await s.post("answers", { intent: "accept", commentId: String(plain) })).status).toBe(400);
    const last = (await s.page()).page!;
    expect(last.clauses.filter((x) => x.changed).map((x) => [x.label, x.revision])).toEqual(changedBefore);
  });
});
