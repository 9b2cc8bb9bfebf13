/**
 * The drafting loop ends in the comparison table (issue 16): on the Sóc Trăng example, two agencies
 * suggest words on a phrase of draft 2, the drafter accepts both from the answers board, publishes
 * the working copy as draft 3 (its links declared, not aligned), and the bảng so sánh of draft 2 →
 * draft 3 (its default) holds exactly those two rows, each with the words marked and its reason: the
 * agency, and the suggestion quoted.
 */
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import * as answersRoute from "~/routes/staff.consultations.$id.answers";
import * as workingRoute from "~/routes/staff.consultations.$id.working-copy";
import * as page from "~/routes/staff.consultations.$id.comparison-table";
import * as docx from "~/routes/staff.consultations.$id.comparison-table[.]docx";
import type { ComparisonTableModel } from "~/domain/comparison-table/model";
import { makeAnchor } from "~/domain/anchors/reanchor";
import { loadDemo } from "~/demo/load-demo.server";
import { getDb } from "#db/client.server";
import { boardRows, listSubmissionComments, submitAnswer } from "#db/queries/invitations";
import { listClauses, listVersions } from "#db/queries/versions";
import { ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: ctx });

describe("the comparison table after accepting suggestions into draft 3", () => {
  it("holds exactly the accepted changes, each with its agency and the suggestion quoted", async () => {
    const admin = await makeStaff({ role: "admin" });
    const { consultationId } = await loadDemo(null);
    const params = { id: String(consultationId) };
    const db = await getDb();
    const v2 = (await listVersions(db, consultationId)).find((v) => v.number === 2)!;
    const clauses = await listClauses(db, v2.id);
    const radio = clauses.find((c) => c.body.includes("Đài Phát thanh và Truyền hình"))!;
    const rows = await boardRows(db, consultationId, { limit: 100, offset: 0 });
    const suggest = async (agency: string, clause: (typeof clauses)[number], quote: string, suggestion: string) => {
      const at = clause.body.indexOf(quote);
      expect(at).toBeGreaterThanOrEqual(0);
      const a = makeAnchor({ id: clause.id, label: clause.label, text: clause.body }, at, at + quote.length);
      const invitation = rows.find((r) => r.agencyName === agency && r.personId === null)!;
      const text = `Đề nghị sửa «${quote}»`;
      const out = await submitAnswer(db, {
        invitationId: invitation.id,
        consultationId,
        versionId: v2.id,
        answerKind: "comments",
        signerName: "Người thử",
        signerPosition: "Chuyên viên",
        late: true,
        requestKey: `ct-loop-${invitation.id}`,
        receiptPrefix: `GY-ct-${invitation.id}-`,
        replyLetter: null,
        ip: "",
        comments: [{ clauseId: clause.id, text, proposedWording: "", anchor: { quote: a.quote, prefix: a.prefix, suffix: a.suffix, start: a.start }, suggestion }],
        now: Date.now(),
      });
      if (out.stale) throw new Error("stale");
      return (await listSubmissionComments(db, out.submissionId)).find((x) => x.text === text)!.id;
    };
    const other = clauses.find((c) => c.id !== radio.id && c.body.includes("Sở Nội vụ"))!;
    const first = await suggest("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng", radio, "Báo Sóc Trăng", "Báo Sóc Trăng, Cổng Thông tin điện tử tỉnh");
    const second = await suggest("Liên đoàn Lao động tỉnh Sóc Trăng", other, "Sở Nội vụ", "Sở Nội vụ tỉnh");
    for (const commentId of [first, second]) {
      const accepted = await run(() => answersRoute.action(args(postForm("http://localhost/x", { intent: "accept", commentId: String(commentId) }, admin.cookie), params)));
      expect(accepted.status, `accept ${commentId}`).toBeLessThan(400);
    }
    const shown = (await run(() => workingRoute.loader(args(getRequest("/x", admin.cookie), params)))).data as Awaited<ReturnType<typeof workingRoute.loader>>;
    const fields = { intent: "publish", baseVersionId: String(shown.page!.base.id), stamp: shown.page!.stamp };
    const published = await run(() => workingRoute.action(args(postForm("http://localhost/x", fields, admin.cookie), params)));
    expect(published.status).toBe(200);
    const v3 = (await listVersions(db, consultationId)).find((v) => v.number === 3)!;
    expect(v3.publishedAt).not.toBeNull();

    const res = (await page.loader(args(getRequest(`/x`, admin.cookie), params))) as Response;
    const data = (await res.json()) as { fromId: number; toId: number; model: ComparisonTableModel };
    expect([data.fromId, data.toId]).toEqual([v2.id, v3.id]);
    expect(data.model.rows).toHaveLength(2);
    const [r1, r2] = data.model.rows as [ComparisonTableModel["rows"][number], ComparisonTableModel["rows"][number]];
    const added = (r: typeof r1) => r.changes.filter((p) => p.op === "added").map((p) => p.text).join("");
    const removed = (r: typeof r1) => r.changes.filter((p) => p.op === "removed").map((p) => p.text).join("");
    const radioRow = [r1, r2].find((r) => r.oldText.includes("Đài Phát thanh và Truyền hình"))!;
    const otherRow = [r1, r2].find((r) => r !== radioRow)!;
    expect(added(radioRow).trim()).toBe(",Cổng Thông tin điện tử tỉnh"); // the comma and the words (the space between them is common text)
    expect(removed(radioRow)).toBe("");
    expect(radioRow.reason[0]).toMatch(/^Tiếp thu ý kiến của Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng/);
    expect(radioRow.reason).toContain("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng đề nghị sửa “Báo Sóc Trăng” thành “Báo Sóc Trăng, Cổng Thông tin điện tử tỉnh”.");
    expect(added(otherRow).trim()).toBe("tỉnh");
    expect(removed(otherRow)).toBe("");
    expect(otherRow.reason[0]).toMatch(/^Tiếp thu ý kiến của Liên đoàn Lao động tỉnh Sóc Trăng/);
    expect(otherRow.reason).toContain("Liên đoàn Lao động tỉnh Sóc Trăng đề nghị sửa “Sở Nội vụ” thành “Sở Nội vụ tỉnh”.");

    const file = (await docx.loader(args(getRequest(`/x`, admin.cookie), params))) as Response;
    expect(file.status).toBe(200);
    const xml = await (await JSZip.loadAsync(Buffer.from(await file.arrayBuffer()))).file("word/document.xml")!.async("string");
    const text = xml.replace(/<[^>]+>/g, "");
    expect(text).toContain("Dự thảo lần 2 và Dự thảo lần 3");
    expect(text).toContain("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng đề nghị sửa “Báo Sóc Trăng” thành “Báo Sóc Trăng, Cổng Thông tin điện tử tỉnh”.");
    expect(xml).toMatch(/<w:b\/><w:sz w:val="24"\/><w:u w:val="single"\/><\/w:rPr><w:t xml:space="preserve">[^<]*Cổng Thông tin điện tử tỉnh\s*<\/w:t>/);
  });
});
