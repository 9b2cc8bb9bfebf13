/**
 * Issue 17: the report's data when the members of a collective body are invited in their own name.
 * Members come under their body, in the body's list order (not by name); the summary counts bodies
 * and members apart from agencies, in Vietnamese, English and Russian; the comments, answers and
 * tabular rows name each member "name, position (body)".
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { authorLabel } from "~/domain/author";
import { inviteAndOpen } from "~/invitations/invitations.server";
import { reportModel } from "~/report/report-data.server";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { saveAnswer, triageRows } from "#db/queries/answers";
import { invitationAuthor, reportInvitations } from "#db/queries/authors";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { saveBodyList } from "#db/queries/directory";
import { listCurrentComments, submitAnswer } from "#db/queries/invitations";
import { listClauses } from "#db/queries/versions";
import { useTempDatabase } from "./harness";

useTempDatabase();

const BODY = "Thành viên UBND tỉnh (thử)";
const STP = "Sở Tư pháp (thành viên)";
const LDLD = "Liên đoàn Lao động (thành viên)";
// In the list's order: the chair first, though his name sorts last.
const CHAIR = ["Trần Văn Z", "Chủ tịch UBND tỉnh"] as const;
const VICE = ["Nguyễn Thị A", "Phó Chủ tịch UBND tỉnh"] as const;
const HEALTH = ["Lê Văn B", "Giám đốc Sở Y tế"] as const;

let consultationId = 0;
let commentsOf: Map<string, number[]>;

beforeAll(async () => {
  const db = await getDb();
  const [drafterId, hostId, stpId, ldldId] = (await ensureAgencies(db, [
    { name: "Sở Nội vụ (thành viên)", shortName: "", emails: [] },
    { name: "UBND tỉnh (thành viên)", shortName: "", emails: [] },
    { name: STP, shortName: "", emails: ["stp@example.test"] },
    { name: LDLD, shortName: "", emails: [] },
  ])) as [number, number, number, number];
  const { bodyId } = await saveBodyList(db, {
    name: BODY,
    agencyId: hostId,
    members: [
      { name: CHAIR[0], position: CHAIR[1], emails: ["chair@example.test"], agencyId: hostId },
      { name: VICE[0], position: VICE[1], emails: ["vice@example.test"], agencyId: stpId },
      { name: HEALTH[0], position: HEALTH[1], emails: [], agencyId: hostId },
    ],
  });
  consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch thử thành viên", kind: "plan", draftingAgencyId: drafterId, letterRef: "1/TV", letterText: "", cutoffAt: Date.now() + 7 * 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
  const bytes = fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt"));
  const { versionId } = await storeVersion({ consultationId, text: bytes.toString("utf8"), label: "Dự thảo lần 1", source: { kind: "paste" }, createdBy: null, publish: true });
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, { agencyIds: [stpId, ldldId], bodyIds: [bodyId] }, { userId: null, ip: "" });
  const invitationOf = new Map((await reportInvitations(db, consultationId)).map((r) => [r.personName ?? r.agencyName, r.id]));
  const clause = new Map((await listClauses(db, versionId)).map((c) => [c.label, c.id]));
  commentsOf = new Map();
  const submit = async (who: string, text: string) => {
    const invitationId = invitationOf.get(who)!;
    const outcome = await submitAnswer(db, {
      invitationId,
      consultationId,
      versionId,
      answerKind: "comments",
      signerName: who,
      signerPosition: "",
      late: false,
      requestKey: `members-${invitationId}`,
      receiptPrefix: `TV-${invitationId}-`,
      replyLetter: null,
      ip: "",
      comments: [{ clauseId: clause.get("I.1")!, text, proposedWording: "" }],
      now: Date.now(),
    });
    expect(outcome.stale).toBeFalsy();
  };
  await submit(CHAIR[0], "Ý kiến của Chủ tịch.");
  await submit(VICE[0], "Ý kiến của Phó Chủ tịch.");
  await submit(STP, "Ý kiến của Sở Tư pháp.");
  for (const row of await triageRows(db, consultationId, {}, { limit: 100, offset: 0 })) commentsOf.set(row.personName ?? row.agencyName, [row.commentId]);
});

describe("the report with the members of a body", () => {
  it("orders a clause's comments: agencies by name, then the body's members in its list's order, each named with position and body", async () => {
    const db = await getDb();
    const rows = await triageRows(db, consultationId, {}, { limit: 100, offset: 0 });
    expect(rows.map((r) => r.authorName)).toEqual([STP, `${CHAIR[0]}, ${CHAIR[1]} (${BODY})`, `${VICE[0]}, ${VICE[1]} (${BODY})`]);
    // The vice-chair belongs to the Sở Tư pháp: her comment is hers, not the agency's.
    expect(rows[2]).toMatchObject({ agencyName: STP, personName: VICE[0], personPosition: VICE[1], bodyName: BODY, memberOrder: 1 });
    const listed = await listCurrentComments(db, consultationId, {}, { limit: 100, offset: 0 });
    expect(listed.map((r) => r.authorName)).toEqual(rows.map((r) => r.authorName));
  });

  it("names an invitation's author for its pages (comments of one invitee, a submission)", async () => {
    const db = await getDb();
    const byName = new Map((await reportInvitations(db, consultationId)).map((r) => [r.personName ?? r.agencyName, r.id]));
    expect(authorLabel((await invitationAuthor(db, byName.get(HEALTH[0])!))!)).toBe(`${HEALTH.join(", ")} (${BODY})`);
    expect(authorLabel((await invitationAuthor(db, byName.get(LDLD)!))!)).toBe(LDLD);
    expect(await invitationAuthor(db, 999_999)).toBeNull();
  });

  it("counts bodies and members apart from agencies and lists the members under the body, in Vietnamese", async () => {
    const model = (await reportModel(consultationId, "vi"))!;
    expect(model.counts).toMatchObject({ invited: 5, answered: 3, agenciesInvited: 2, agenciesAnswered: 1, bodies: 1, membersInvited: 3, membersAnswered: 2, silent: 2 });
    const text = model.paragraphs.join("\n");
    expect(text).toContain("Dự thảo lần 1 đã được gửi xin ý kiến của 2 cơ quan, đơn vị và 3 thành viên UBND tỉnh (thử).");
    expect(text).toContain(`Đến nay, đã nhận được ý kiến của 1 cơ quan, đơn vị và 2 thành viên UBND tỉnh (thử), trong đó: 1 cơ quan có ý kiến góp ý (${STP}).`);
    expect(text).toContain(`${BODY}: 2 người có ý kiến góp ý (${CHAIR.join(", ")}; ${VICE.join(", ")}); 1 người chưa có ý kiến (${HEALTH.join(", ")}).`);
    expect(text).toContain(`Còn 1 cơ quan, đơn vị chưa có ý kiến: ${LDLD}.`);
    expect(model.rows.map((r) => r.authorGroups)).toEqual([
      [{ heading: null, names: [STP] }],
      [{ heading: BODY, names: [CHAIR.join(", ")] }],
      [{ heading: BODY, names: [VICE.join(", ")] }],
    ]);
  });

  it("in English and Russian, with the counts' plural forms", async () => {
    const en = (await reportModel(consultationId, "en"))!.paragraphs.join("\n");
    expect(en).toContain("was sent for comments to 2 agencies and 3 members of UBND tỉnh (thử).");
    expect(en).toContain(`So far answers have come from 1 agency and 2 members of UBND tỉnh (thử); among the agencies: 1 with comments (${STP}).`);
    expect(en).toContain(`${BODY}: 2 with comments (${CHAIR.join(", ")}; ${VICE.join(", ")}); 1 has not answered (${HEALTH.join(", ")}).`);
    const ru = (await reportModel(consultationId, "ru"))!.paragraphs.join("\n");
    expect(ru).toContain("направлен для замечаний: 2 организации и 3 члена: UBND tỉnh (thử).");
    expect(ru).toContain("К настоящему времени ответы прислали: 1 организация и 2 члена: UBND tỉnh (thử)");
  });

  it("one answer for two members' comments makes one row with both under the body", async () => {
    const db = await getDb();
    const commentIds = [...commentsOf.get(CHAIR[0])!, ...commentsOf.get(VICE[0])!];
    const saved = await saveAnswer(db, { consultationId, commentIds, answerId: null, expectedRevision: 0, decision: "accepted", text: "Đã sửa.", newClauseId: null, userId: null, now: Date.now() });
    expect(saved.ok).toBe(true);
    const model = (await reportModel(consultationId, "vi"))!;
    const row = model.rows.find((r) => r.decision === "Tiếp thu")!;
    expect(row.authorGroups).toEqual([{ heading: BODY, names: [CHAIR.join(", "), VICE.join(", ")] }]);
    expect(row.comments.map((c) => c.agency)).toEqual([CHAIR.join(", "), VICE.join(", ")]);
  });
});
