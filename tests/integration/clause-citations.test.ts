/**
 * Whatever a person reads names a clause by its citation ("khoản 3 Điều 2"), never by its internal
 * label ("D2.3"), which stays in URLs, anchors and form values; a clause stored before citations
 * (citation "") falls back to its label as it used to be shown ("D2.¶1"). Built without the parser:
 * the clauses are stored as given, so the test holds whatever the parser writes.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import * as api from "~/routes/api.v1.versions.$id.clauses";
import * as answers from "~/routes/staff.consultations.$id.answers";
import * as comments from "~/routes/staff.consultations.$id.comments";
import * as compare from "~/routes/staff.consultations.$id.compare";
import * as exportRoute from "~/routes/staff.consultations.$id.export.$format";
import * as report from "~/routes/staff.consultations.$id.report";
import * as submissionPage from "~/routes/staff.consultations.$id.submissions.$sid";
import * as versionPage from "~/routes/staff.consultations.$id.versions.$vid";
import * as invitee from "~/routes/i.$token._index";
import * as receipt from "~/routes/i.$token.receipt";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import { getDb } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { saveAnswer, triageRows } from "#db/queries/answers";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows, invitationIdsByAgency, submitAnswer } from "#db/queries/invitations";
import { replaceLinks } from "#db/queries/lineage";
import { insertVersion, listClauses, type ClauseToStore } from "#db/queries/versions";
import { ctx, getRequest, makeStaff, run, useTempDatabase } from "./harness";

useTempDatabase();

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: ctx });

const clause = (position: number, c: Pick<ClauseToStore, "label" | "citation" | "heading"> & Partial<ClauseToStore>): ClauseToStore => ({
  parentLabel: "D2",
  kind: "item",
  number: null,
  body: "",
  depth: 1,
  position,
  ...c,
});

const V1: ClauseToStore[] = [
  clause(0, { label: "D2", parentLabel: null, kind: "article", number: "2", citation: "Điều 2", heading: "Điều 2. Phạm vi điều chỉnh", depth: 0 }),
  clause(1, { label: "D2.3", number: "3", citation: "khoản 3 Điều 2", heading: "3. Cơ quan chủ trì là Sở Nội vụ." }),
  // Stored before citations existed: the label stands in.
  clause(2, { label: "D2.p1", kind: "paragraph", citation: "", heading: "Một đoạn văn không đánh số." }),
];
const V2: ClauseToStore[] = [
  clause(0, { label: "D2", parentLabel: null, kind: "article", number: "2", citation: "Điều 2", heading: "Điều 2. Phạm vi điều chỉnh", depth: 0 }),
  clause(1, { label: "D2.3", number: "3", citation: "khoản 3 Điều 2", heading: "3. Cơ quan chủ trì là Sở Nội vụ tỉnh." }),
  clause(2, { label: "D2.4", number: "4", citation: "khoản 4 Điều 2", heading: "4. Đoạn văn nay đã đánh số." }),
];

let s: Awaited<ReturnType<typeof setUp>>;

async function setUp() {
  const db = await getDb();
  const admin = await makeStaff({ role: "admin" });
  const [drafterAgencyId, agencyId] = await ensureAgencies(db, [
    { name: "Sở Nội vụ (trích dẫn)", shortName: "", emails: [] },
    { name: "Sở Tư pháp (trích dẫn)", shortName: "", emails: [] },
  ]) as [number, number];
  const consultationId = await insertConsultation(
    db,
    { title: "Quyết định thử trích dẫn", kind: "plan", draftingAgencyId: drafterAgencyId, letterRef: "1/TD", letterText: "", cutoffAt: Date.now() + 7 * 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
  // Draft 2 is stored without the alignment's links (lineage with none): the test sets its own below.
  const store = async (label: string, list: ClauseToStore[], previous: number | null) => {
    const stored = await insertVersion(db, {
      consultationId, label, text: list.map((c) => c.heading).join("\n"), title: null, language: "vi", frontMatter: [], backMatter: [], clauses: list, source: { kind: "paste" }, createdBy: null, publish: true,
      lineage: previous === null ? null : { fromVersionId: previous, links: [] },
      audit: null,
    });
    if (stored.status !== "ok") throw new Error("stale");
    return stored.versionId;
  };
  const v1 = await store("Dự thảo lần 1", V1, null);
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, [agencyId], { userId: null, ip: "" });
  const invitationId = (await invitationIdsByAgency(db, consultationId)).get(agencyId)!;
  const c1 = new Map((await listClauses(db, v1)).map((c) => [c.label, c.id]));
  const submitted = await submitAnswer(db, {
    invitationId,
    consultationId,
    versionId: v1,
    answerKind: "comments",
    signerName: "Nguyễn Văn A",
    signerPosition: "Giám đốc",
    late: false,
    requestKey: "citations-1",
    receiptPrefix: "TD-",
    replyLetter: null,
    ip: "",
    comments: [
      { clauseId: null, text: "Ý kiến chung về dự thảo.", proposedWording: "" },
      { clauseId: c1.get("D2.3")!, text: "Đề nghị ghi rõ Sở Nội vụ tỉnh.", proposedWording: "" },
      { clauseId: c1.get("D2.p1")!, text: "Đề nghị đánh số đoạn này.", proposedWording: "" },
    ],
    now: Date.now(),
  });
  if (!("submissionId" in submitted)) throw new Error("not submitted");
  const v2 = await store("Dự thảo lần 2", V2, v1);
  const c2 = new Map((await listClauses(db, v2)).map((c) => [c.label, c.id]));
  await replaceLinks(
    db,
    v1,
    v2,
    [
      { oldId: c1.get("D2")!, newId: c2.get("D2")!, relation: "kept", score: 1 },
      { oldId: c1.get("D2.3")!, newId: c2.get("D2.3")!, relation: "changed", score: 0.9 },
      { oldId: c1.get("D2.p1")!, newId: c2.get("D2.4")!, relation: "changed", score: 0.6 },
    ],
    false,
    null,
  );
  const onD23 = (await triageRows(db, consultationId, {}, { limit: 10, offset: 0 })).find((r) => r.clauseLabel === "D2.3")!;
  await saveAnswer(db, { consultationId, commentIds: [onD23.commentId], answerId: null, expectedRevision: 0, decision: "accepted", text: "Đã sửa.", newClauseId: c2.get("D2.3")!, userId: null, now: Date.now() });
  const token = invitationLink("", (await boardRows(db, consultationId, { limit: 10, offset: 0 }))[0]!).split("/i/")[1]!;
  return { admin, consultationId, params: { id: String(consultationId) }, v1, v2, c1, c2, token, submissionId: submitted.submissionId };
}

beforeAll(async () => {
  s = await setUp();
});

const load = async <T,>(loader: (a: ReturnType<typeof args>) => unknown, url: string, params: Record<string, string>, cookie: string | undefined = s.admin.cookie) =>
  (await run(() => loader(args(getRequest(url, cookie), params)))).data as T;

describe("clause citations on the screens", () => {
  it("the drafter's comment list names the clause by its citation, the heading too", async () => {
    type Data = { clause: { ref: string } | null; comments: { clauseLabel: string | null; clauseRef: string | null }[] };
    const all = await load<Data>(comments.loader, "/x", s.params);
    expect(all.comments.map((c) => c.clauseRef)).toEqual([null, "khoản 3 Điều 2", "D2.¶1"]);
    // The label is still there for links and anchors.
    expect(all.comments.map((c) => c.clauseLabel)).toEqual([null, "D2.3", "D2.p1"]);
    const one = await load<Data>(comments.loader, `/x?clause=${s.c2.get("D2.3")}`, s.params);
    expect(one.clause!.ref).toBe("khoản 3 Điều 2");
    expect(one.comments.map((c) => c.clauseRef)).toEqual(["khoản 3 Điều 2"]);
  });

  it("the answers board shows citations, and offers the new version's clauses as citation and heading", async () => {
    type Data = {
      rows: { clauseLabel: string | null; clauseRef: string | null; newClauseLabel: string; newClauseRef: string }[];
      clauseOptions: { label: string; text: string }[];
    };
    const d = await load<Data>(answers.loader, "/x", s.params);
    expect(d.rows.map((r) => r.clauseRef)).toEqual([null, "khoản 3 Điều 2", "D2.¶1"]);
    const answered = d.rows.find((r) => r.clauseLabel === "D2.3")!;
    // The form value stays the label; what the drafter reads is the citation.
    expect(answered).toMatchObject({ newClauseLabel: "D2.3", newClauseRef: "khoản 3 Điều 2" });
    expect(d.clauseOptions).toEqual([
      { label: "D2", text: "Điều 2 — Điều 2. Phạm vi điều chỉnh" },
      { label: "D2.3", text: "Khoản 3 Điều 2 — 3. Cơ quan chủ trì là Sở Nội vụ tỉnh." },
      { label: "D2.4", text: "Khoản 4 Điều 2 — 4. Đoạn văn nay đã đánh số." },
    ]);
  });

  it("the invitee's clause cards, the receipt and the submission page show citations", async () => {
    const page = await load<{ clauses: { label: string; ref: string }[] }>(invitee.loader, `/i/${s.token}`, { token: s.token }, undefined);
    expect(page.clauses.map((c) => [c.label, c.ref])).toEqual([
      ["D2", "Điều 2"],
      ["D2.3", "Khoản 3 Điều 2"],
      ["D2.4", "Khoản 4 Điều 2"],
    ]);
    const r = await load<{ comments: { clauseRef: string | null }[] }>(receipt.loader, `/i/${s.token}/receipt?s=${s.submissionId}`, { token: s.token }, undefined);
    expect(r.comments.map((c) => c.clauseRef)).toEqual([null, "khoản 3 Điều 2", "D2.¶1"]);
    const sub = await load<{ comments: { clauseRef: string | null }[] }>(submissionPage.loader, "/x", { ...s.params, sid: String(s.submissionId) });
    expect(sub.comments.map((c) => c.clauseRef)).toEqual([null, "khoản 3 Điều 2", "D2.¶1"]);
  });

  it("the lineage review reads citations and keeps labels for what the drafter types", async () => {
    type Data = { lineage: { rows: { label: string; ref: string; oldLabel: string; oldRef: string }[]; oldOptions: { label: string; text: string }[] } };
    const d = await load<Data>(versionPage.loader, "/x", { ...s.params, vid: String(s.v2) });
    expect(d.lineage.rows.map((r) => [r.ref, r.oldLabel, r.oldRef])).toEqual([
      ["Điều 2", "D2", "Điều 2"],
      ["khoản 3 Điều 2", "D2.3", "khoản 3 Điều 2"],
      ["khoản 4 Điều 2", "D2.p1", "D2.¶1"],
    ]);
    expect(d.lineage.oldOptions.map((o) => o.text)).toEqual(["Điều 2 — Điều 2. Phạm vi điều chỉnh", "Khoản 3 Điều 2 — 3. Cơ quan chủ trì là Sở Nội vụ.", "D2.¶1 — Một đoạn văn không đánh số."]);
  });

  it("the comparison carries each clause's citation", async () => {
    type Data = { comparison: { rows: { old: { label: string; citation?: string } | null; new: { label: string; citation?: string } | null }[] } };
    const d = await load<Data>(compare.loader, `/x?from=${s.v1}&to=${s.v2}&only=all`, s.params);
    const row = d.comparison.rows.find((r) => r.new?.label === "D2.4")!;
    expect([row.old!.citation, row.new!.citation]).toEqual(["", "khoản 4 Điều 2"]);
  });

  it("the JSON API gives each node its citation", async () => {
    const res = (await api.loader(args(getRequest("/x", s.admin.cookie), { id: String(s.v2) }))) as Response;
    const tree = (await res.json()) as { clauses: { label: string; citation: string; children: { label: string; citation: string }[] }[] };
    expect(tree.clauses[0]).toMatchObject({ label: "D2", citation: "Điều 2" });
    expect(tree.clauses[0]!.children.map((c) => [c.label, c.citation])).toEqual([
      ["D2.3", "khoản 3 Điều 2"],
      ["D2.4", "khoản 4 Điều 2"],
    ]);
  });
});

describe("clause citations in the report", () => {
  it("the print view writes the citation, capitalised at the start of its cell, and never \"Mục D2.3\"", async () => {
    type Data = { model: { rows: { clause: string }[]; appendix: { label: string; clause: string }[] } };
    const d = await load<Data>(report.loader, "/x", s.params);
    expect(d.model.rows.map((r) => r.clause)).toEqual(["Ý kiến chung", "Khoản 3 Điều 2 (Dự thảo lần 1)", "D2.¶1 (Dự thảo lần 1)"]);
    expect(d.model.appendix.map((a) => a.clause)).toEqual(["Khoản 3 Điều 2", "Khoản 4 Điều 2"]);
  });

  it("the .csv", async () => {
    const res = (await exportRoute.loader(args(getRequest("/x", s.admin.cookie), { ...s.params, format: "csv" }))) as Response;
    const lines = Buffer.from(await res.arrayBuffer()).toString("utf8").replace(/^\ufeff/, "").trim().split("\n");
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(["Ý kiến chung", "Khoản 3 Điều 2", "D2.¶1"]);
    expect(lines.join("\n")).not.toMatch(/Mục D2|\bD2\.3\b|D2\.p1/);
  });

  it("the .xlsx", async () => {
    const res = (await exportRoute.loader(args(getRequest("/x", s.admin.cookie), { ...s.params, format: "xlsx" }))) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    // From the header row (frozen, under the title and the counts) down.
    const head = (sheet.views[0] as { ySplit: number }).ySplit;
    expect(sheet.getColumn(2).values.slice(head)).toEqual(["Điều, khoản dự thảo", "Ý kiến chung", "Khoản 3 Điều 2", "D2.¶1"]);
  });

  it("the .docx", async () => {
    const res = (await exportRoute.loader(args(getRequest("/x", s.admin.cookie), { ...s.params, format: "docx" }))) as Response;
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const xml = await zip.file("word/document.xml")!.async("string");
    const text = xml.replace(/<[^>]+>/g, "");
    expect(xml).toContain("<w:t xml:space=\"preserve\">Khoản 3 Điều 2 (Dự thảo lần 1)</w:t>");
    expect(xml).toContain("<w:t xml:space=\"preserve\">D2.¶1 (Dự thảo lần 1)</w:t>");
    expect(text).not.toContain("Mục D2");
    expect(text).not.toContain("D2.3");
  });
});
