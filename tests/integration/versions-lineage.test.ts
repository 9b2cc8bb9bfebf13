import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as compare from "~/routes/staff.consultations.$id.compare";
import * as versionPage from "~/routes/staff.consultations.$id.versions.$vid";
import * as newVersion from "~/routes/staff.consultations.$id.versions.new";
import * as comments from "~/routes/staff.consultations.$id.comments";
import * as consultationPage from "~/routes/staff.consultations.$id._index";
import { loadDemo } from "~/demo/load-demo.server";
import { getDb } from "#db/client.server";
import { listLinks } from "#db/queries/lineage";
import { listClauses, listVersions } from "#db/queries/versions";
import { ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";
import { insertConsultation } from "#db/queries/consultations";
import { storeVersion } from "~/versions/store-version.server";
import { ARTICLES, REDRAFTS, lawText } from "../fixtures/lineage-law";

useTempDatabase();

const sample = (name: string) => fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so", name), "utf8");
const args = (request: Request, params: Record<string, string>) => ({ request, params, context: ctx });

describe("versions, lineage and comparison on the demo", () => {
  it("links draft 2 to draft 1 when it is stored, and shows draft 1's comments on draft 2's clauses", async () => {
    const admin = await makeStaff({ role: "admin" });
    const { consultationId } = await loadDemo(null);
    const [v2, v1] = await listVersions(await getDb(), consultationId);
    const links = await listLinks(await getDb(), v2!.id);
    expect(links.length).toBeGreaterThan(30);
    expect(links.every((l) => l.fromVersionId === v1!.id)).toBe(true);

    const page = await run(() => consultationPage.loader(args(getRequest("/x", admin.cookie), { id: String(consultationId) })));
    const data = page.data as { counts: Record<number, number>; clauses: { id: number; label: string }[] };
    const idOf = (label: string) => data.clauses.find((c) => c.label === label)!.id;
    // Sở Tư pháp commented II.1.b and III.3 of draft 1; MTTQ commented I.1 and II.1.d.
    expect(data.counts[idOf("II.1.b")]).toBe(1);
    expect(data.counts[idOf("III.3")]).toBe(1);
    expect(data.counts[idOf("I.1")]).toBe(1);

    const onClause = await run(() => comments.loader(args(getRequest(`/x?clause=${idOf("II.1.b")}`, admin.cookie), { id: String(consultationId) })));
    const list = (onClause.data as { comments: { versionLabel: string; clauseLabel: string; agencyName: string }[] }).comments;
    expect(list).toEqual([expect.objectContaining({ versionLabel: "Dự thảo lần 1", clauseLabel: "II.1.b", agencyName: "Sở Tư pháp tỉnh Sóc Trăng" })]);
  });

  it("compares the two drafts with word-level changes, filters and the form switch", async () => {
    const admin = await makeStaff({ role: "admin" });
    const { consultationId } = await loadDemo(null);
    const load = async (q: string) =>
      (await run(() => compare.loader(args(getRequest(`/x${q}`, admin.cookie), { id: String(consultationId) })))).data as {
        comparison: { summary: { changed: number; formOnly: number }; rows: { new: { label: string } | null; parts: { op: string; text: string }[] | null; comments: unknown[] }[] };
      };
    const changed = await load("");
    const row = changed.comparison.rows.find((r) => r.new?.label === "II.1.b")!;
    expect(row.parts).toContainEqual({ op: "added", text: "và" });
    expect(row.comments).toHaveLength(1);
    const commented = await load("?only=commented");
    expect(commented.comparison.rows.map((r) => r.new?.label).sort()).toEqual(["I.1", "II.1.b", "II.1.d", "III.3"]);
    const folded = await load("?case=1");
    expect(folded.comparison.summary.formOnly).toBeGreaterThan(changed.comparison.summary.formOnly);
    expect(folded.comparison.rows.length).toBeLessThan(changed.comparison.rows.length);
    const db = await getDb();
    const iii3 = (await listClauses(db, (await listVersions(db, consultationId))[0]!.id)).find((c) => c.label === "III.3")!;
    const history = (await run(() => compare.loader(args(getRequest(`/x?history=${iii3.id}`, admin.cookie), { id: String(consultationId) })))).data as {
      history: { versionLabel: string; parts: { op: string; text: string }[] | null }[];
    };
    expect(history.history.map((h) => h.versionLabel)).toEqual(["Dự thảo lần 1", "Dự thảo lần 2"]);
    expect(history.history[1]!.parts!.some((p) => p.op === "removed" && p.text.includes("Thanh niên"))).toBe(true);
  });

  it("lets the drafter correct the matching before publishing, and not after", async () => {
    const drafter = await makeStaff({ role: "admin" });
    const { consultationId } = await loadDemo(null);
    const params = { id: String(consultationId) };
    const added = await run(() => newVersion.action(args(postForm("/x", { label: "Dự thảo lần 3", text: sample("draft-v2.txt").replace("Luật Thực hiện dân chủ ở cơ sở đảm bảo", "Luật đảm bảo") }, drafter.cookie), params)));
    const vid = added.location!.split("/").pop()!;
    const vparams = { id: String(consultationId), vid };
    const before = await run(() => versionPage.loader(args(getRequest("/x", drafter.cookie), vparams)));
    const rows = (before.data as { lineage: { rows: { id: number; label: string; oldLabel: string }[] } }).lineage.rows;
    const iii3 = rows.find((r) => r.label === "III.3")!;
    expect(iii3.oldLabel).toBe("III.3");
    // Say III.3 is new, and a label that does not exist is refused without changing anything.
    const bad = await run(() => versionPage.action(args(postForm("/x", { intent: "relink", [`m:${iii3.id}`]: "Z.9" }, drafter.cookie), vparams)));
    expect(bad.status).toBe(400);
    const ok = await run(() => versionPage.action(args(postForm("/x", { intent: "relink", [`m:${iii3.id}`]: "" }, drafter.cookie), vparams)));
    expect(ok.status).toBe(200);
    const after = await listLinks(await getDb(), Number(vid));
    expect(after.find((l) => l.newClauseId === iii3.id)?.relation).toBe("new");
    expect(after.every((l) => l.manual)).toBe(true);
    await run(() => versionPage.action(args(postForm("/x", { intent: "publish" }, drafter.cookie), vparams)));
    const locked = await run(() => versionPage.action(args(postForm("/x", { intent: "relink", [`m:${iii3.id}`]: "III.3" }, drafter.cookie), vparams)));
    expect(locked.status).toBe(409);
  });
});

describe("the lineage review's filter: the rows to check, found and corrected", () => {
  type Row = { id: number; ref: string; oldLabel: string; oldRef: string; relation: string; confidence: number | null; low: boolean; merged: { oldId: number; ref: string; confidence: number }[] };
  type Review = { filter: string; counts: Record<string, number>; filterCounts: Record<string, number>; rows: Row[]; removed: { ref: string }[] };

  /** A twelve-article law, then a draft where Điều 6 is split, Điều 7 deleted, Điều 9 and 10 merged, khoản 1 Điều 3 reworded. */
  async function setUp() {
    const drafter = await makeStaff({ role: "drafter", agencyName: `Bộ Nội vụ ${Math.random()}` });
    const consultationId = await insertConsultation(
      await getDb(),
      { title: "Luật thử", kind: "regulation", draftingAgencyId: drafter.agencyId!, letterRef: "1/BNV", letterText: "", cutoffAt: Date.now() + 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
      drafter.id,
    );
    await storeVersion({ consultationId, text: lawText(ARTICLES), source: { kind: "paste" }, createdBy: drafter.id, publish: true });
    const redraft = [
      ARTICLES[0]!,
      ARTICLES[1]!,
      ARTICLES[2]!.replace("có sử dụng người lao động", "có sử dụng lao động theo hợp đồng"),
      ARTICLES[3]!,
      ARTICLES[4]!,
      ...REDRAFTS.split.slice(5, 7),
      ARTICLES[7]!,
      REDRAFTS.merged[8]!,
      ...ARTICLES.slice(10),
    ];
    const { versionId } = await storeVersion({ consultationId, text: lawText(redraft), label: "Dự thảo lần 2", source: { kind: "paste" }, createdBy: drafter.id, publish: false });
    const params = { id: String(consultationId), vid: String(versionId) };
    const review = async (query: string) => {
      const page = await run(() => versionPage.loader(args(getRequest(`/x${query}`, drafter.cookie), params)));
      return (page.data as { lineage: Review }).lineage;
    };
    return { drafter, params, review, versionId };
  }

  it("counts every kind, and shows only the rows asked for", async () => {
    const { review } = await setUp();
    const all = await review("");
    expect(all.filter).toBe("all");
    expect(all.filterCounts.all).toBe(all.rows.length);
    expect(all.counts).toMatchObject({ removed: 4, merged: 1 });
    expect(all.removed.map((r) => r.ref)).toEqual(["Điều 7", "khoản 1 Điều 7", "khoản 2 Điều 7", "khoản 3 Điều 7"]);
    expect(all.filterCounts).toMatchObject({ merged: 1, split: 2, changed: 2, moved: 0, new: 0 });

    // The merge the summary counts is one row, marked, naming its other source by citation.
    const merged = await review("?rows=merged");
    expect(merged.filter).toBe("merged");
    expect(merged.rows.map((r) => r.ref)).toEqual(["Điều 9"]);
    const row = merged.rows[0]!;
    expect([row.oldRef, ...row.merged.map((m) => m.ref)].sort()).toEqual(["Điều 10", "Điều 9"]);
    expect(row.merged[0]!.confidence).toBeGreaterThanOrEqual(50);
    expect(row.confidence).toBeGreaterThanOrEqual(50);

    const split = await review("?rows=split");
    expect(split.rows.map((r) => [r.ref, r.relation, r.oldRef])).toEqual([
      ["Điều 6", "split", "Điều 6"],
      ["Điều 7", "split", "Điều 6"],
    ]);

    // To check: the changed, merged, split, moved and low-confidence rows, nothing kept as it was.
    const attention = await review("?rows=attention");
    expect(attention.rows.map((r) => r.ref)).toEqual(["khoản 1 Điều 3", "Điều 6", "Điều 7", "Điều 9"]);
    expect(attention.rows.length).toBe(attention.filterCounts.attention);
    // The unchanged article before the deleted one stays kept, out of the rows to check.
    expect(all.rows.find((r) => r.ref === "Điều 5")!.relation).toBe("kept");

    expect((await review("?rows=low")).rows.every((r) => r.low)).toBe(true);
    expect((await review("?rows=nonsense")).filter).toBe("all");
  });

  it("a merge is undone from the filtered table; the rows the filter hid keep their match", async () => {
    const { drafter, params, review, versionId } = await setUp();
    const merged = (await review("?rows=merged")).rows[0]!;
    const source = merged.merged[0]!;
    // The filtered form sends only its rows' fields.
    const saved = await run(() =>
      versionPage.action(args(postForm("/x?rows=merged", { intent: "relink", [`m:${merged.id}`]: merged.oldLabel, unmerge: String(source.oldId) }, drafter.cookie), params)),
    );
    expect(saved.status).toBe(200);
    const links = await listLinks(await getDb(), versionId);
    expect(links.find((l) => l.oldClauseId === source.oldId)?.relation).toBe("removed");
    const after = await review("");
    expect(after.counts.merged).toBeUndefined();
    expect(after.counts.removed).toBe(5);
    expect(after.filterCounts).toMatchObject({ split: 2, new: 0 });
    expect(after.rows.filter((r) => r.relation === "kept").length).toBe(after.rows.length - 4);
  });
});
