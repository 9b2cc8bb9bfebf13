/**
 * The Sóc Trăng case, loaded from the sample files that ship with the project: the request letter
 * of the provincial People's Committee office (Văn phòng UBND tỉnh, letter 3593/VP-VX of 4 July 2023),
 * the five addressees it invites (the members of the provincial People's Committee as a collective
 * body whose members are invited each in their own name, and four agencies), and both drafts of the
 * plan by the Department of Home Affairs. Loading twice changes nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { getDb } from "#db/client.server";
import { agencyDocumentDefaults, ensureAgencies, saveAgencyDocumentDefaults } from "#db/queries/agencies";
import { recordAudit, type AuditEntry } from "#db/queries/audit";
import { findConsultation, findConsultationByTitle, findReportSettings, insertConsultation, saveReportSettings } from "#db/queries/consultations";
import type { ReportSettings } from "~/domain/report/settings";
import { reportInvitations } from "#db/queries/authors";
import { saveBodyList } from "#db/queries/directory";
import { markOpened, submitAnswer } from "#db/queries/invitations";
import { saveAnswer, triageRows } from "#db/queries/answers";
import { listClauses } from "#db/queries/versions";
import { inviteAndOpen } from "~/invitations/invitations.server";
import { zonedLocalToInstant } from "~/domain/zoned-time";
import { storeVersion } from "~/versions/store-version.server";

export const DEMO_DIR = path.resolve(process.env.DEMO_DIR ?? "app/demo/samples/soc-trang-dan-chu-co-so");

export const DEMO_DRAFTER_AGENCY = {
  name: "Sở Nội vụ tỉnh Sóc Trăng",
  shortName: "SNV",
  emails: ["snv@soctrang.example"],
  // What its documents carry (Decree 30/2020): "Số: …/BC-SNV" under "UBND TỈNH SÓC TRĂNG", dated at Sóc Trăng.
  symbol: "SNV",
  governingBody: "UBND TỈNH SÓC TRĂNG",
  placeName: "Sóc Trăng",
};

/**
 * How the Sở Nội vụ's reception report is issued and signed: it answers the letter of the Văn phòng
 * Ủy ban nhân dân tỉnh (3593/VP-VX of 4 July 2023); a deputy director signs for the director.
 * The signer's name is an example.
 */
export const DEMO_REPORT_SETTINGS: ReportSettings = {
  governingBody: "",
  issuingBody: "SỞ NỘI VỤ",
  symbol: "",
  placeName: "",
  signerAuthority: "KT.",
  signerAuthorityTitle: "GIÁM ĐỐC",
  signerTitle: "PHÓ GIÁM ĐỐC",
  signerName: "Nguyễn Thanh Hùng",
  recipients: ["- Như trên;", "- UBND tỉnh (b/c);", "- Lãnh đạo Sở;", "- Lưu: VT, XDCQ."].join("\n"),
  requestSender: "Văn phòng Ủy ban nhân dân tỉnh",
  requestNumber: "3593/VP-VX",
  requestDate: "2023-07-04",
};

export const DEMO_LEAD_OFFICE = {
  name: "Văn phòng Ủy ban nhân dân tỉnh Sóc Trăng",
  shortName: "VP UBND",
  emails: ["vpub@soctrang.example"],
};

/** The provincial People's Committee: the host agency of its members' body. */
export const DEMO_PEOPLES_COMMITTEE = { name: "Ủy ban nhân dân tỉnh Sóc Trăng", shortName: "UBND tỉnh", emails: ["ubnd@soctrang.example"] };

/**
 * The letter's first addressee, "Các Thành viên Ủy ban nhân dân tỉnh": a collective body whose members
 * are invited each in their own name (issue 17). The names are examples; each member belongs to the
 * agency they direct where the demo has it ("stp", "vp"), else to the People's Committee.
 */
export const DEMO_BODY = {
  name: "Thành viên Ủy ban nhân dân tỉnh Sóc Trăng",
  members: [
    { name: "Trần Quốc Khánh", position: "Chủ tịch Ủy ban nhân dân tỉnh", email: "tqkhanh@soctrang.example", agency: "ubnd" },
    { name: "Lê Thị Hồng Nhung", position: "Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh", email: "lthnhung@soctrang.example", agency: "ubnd" },
    { name: "Phạm Minh Đức", position: "Phó Chủ tịch Ủy ban nhân dân tỉnh", email: "pmduc@soctrang.example", agency: "ubnd" },
    { name: "Thạch Minh Sang", position: "Phó Chủ tịch Ủy ban nhân dân tỉnh", email: "tmsang@soctrang.example", agency: "ubnd" },
    { name: "Nguyễn Hoàng Phúc", position: "Chánh Văn phòng Ủy ban nhân dân tỉnh", email: "nhphuc@soctrang.example", agency: "vp" },
    { name: "Võ Thanh Tùng", position: "Giám đốc Sở Tư pháp", email: "vttung@soctrang.example", agency: "stp" },
    { name: "Huỳnh Thị Mỹ Linh", position: "Giám đốc Sở Kế hoạch và Đầu tư", email: "htmlinh@soctrang.example", agency: "ubnd" },
    { name: "Đặng Văn Lợi", position: "Giám đốc Sở Tài chính", email: "dvloi@soctrang.example", agency: "ubnd" },
    { name: "Lý Thị Kim Ngân", position: "Giám đốc Sở Thông tin và Truyền thông", email: "ltkngan@soctrang.example", agency: "ubnd" },
    { name: "Dương Quốc Bảo", position: "Giám đốc Sở Giáo dục và Đào tạo", email: "dqbao@soctrang.example", agency: "ubnd" },
    { name: "Tô Văn Hiếu", position: "Giám đốc Sở Lao động - Thương binh và Xã hội", email: "tvhieu@soctrang.example", agency: "ubnd" },
    { name: "Châu Ngọc Trâm", position: "Chánh Thanh tra tỉnh", email: "cntram@soctrang.example", agency: "ubnd" },
    { name: "Kim Văn Thành", position: "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", email: "kvthanh@soctrang.example", agency: "ubnd" },
  ],
} as const;

/** The letter's four other addressees ("Kính gửi"), as agencies of the directory. */
export const DEMO_INVITED = [
  { name: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng", shortName: "MTTQ", emails: ["mttq@soctrang.example"] },
  { name: "Liên đoàn Lao động tỉnh Sóc Trăng", shortName: "LĐLĐ", emails: ["ldld@soctrang.example"] },
  { name: "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng", shortName: "BĐBP", emails: ["bdbp@soctrang.example"] },
  { name: "Sở Tư pháp tỉnh Sóc Trăng", shortName: "STP", emails: ["stp@soctrang.example"] },
];

export const DEMO_TITLE = "Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở";

export interface DemoResult {
  consultationId: number;
  created: boolean;
  drafterAgencyId: number;
}

function readSample(name: string): string {
  return fs.readFileSync(path.join(DEMO_DIR, name), "utf8");
}

/**
 * Loads the demo (once; again, it only fills in what is missing). Given `loadedBy` (the staff button),
 * the "demo.loaded" event commits with the load's last change, the demo's report settings; when there
 * is nothing left to change it is recorded alone.
 */
export async function loadDemo(createdBy: number | null, loadedBy?: { ip: string }): Promise<DemoResult> {
  const db = await getDb();
  const loaded = (consultationId: number): AuditEntry[] =>
    loadedBy ? [{ actorUserId: createdBy, action: "demo.loaded", subjectType: "consultation", subjectId: consultationId, ip: loadedBy.ip }] : [];
  const [drafterAgencyId, leadOfficeId, committeeId, ...invitedIds] = (await ensureAgencies(db, [DEMO_DRAFTER_AGENCY, DEMO_LEAD_OFFICE, DEMO_PEOPLES_COMMITTEE, ...DEMO_INVITED])) as [number, number, number, ...number[]];
  const stpId = invitedIds[DEMO_INVITED.findIndex((a) => a.shortName === "STP")]!;
  await fillDemoAgencyDefaults(drafterAgencyId, createdBy);
  const existing = await findConsultationByTitle(db, DEMO_TITLE, drafterAgencyId);
  if (existing) {
    await fillDemoReportSettings(existing.id, createdBy, loaded(existing.id));
    return { consultationId: existing.id, created: false, drafterAgencyId };
  }

  const letter = readSample("invitation-letter.txt").trim();
  // "gửi về Sở Nội vụ trước ngày 06/7/2023": answers are due before 6 July 2023, local time.
  const cutoffAt = zonedLocalToInstant("2023-07-06T00:00", "Asia/Ho_Chi_Minh")!;
  const consultationId = await insertConsultation(
    db,
    {
      title: DEMO_TITLE,
      kind: "plan",
      draftingAgencyId: drafterAgencyId,
      letterRef: "3593/VP-VX",
      letterText: letter,
      cutoffAt,
      timeZone: "Asia/Ho_Chi_Minh",
      status: "preparing",
    },
    createdBy,
  );
  const store = async (file: string, label: string) => {
    const bytes = fs.readFileSync(path.join(DEMO_DIR, file));
    return (await storeVersion({
      consultationId,
      text: bytes.toString("utf8"),
      label,
      source: { kind: "file", filename: file, mime: "text/plain; charset=utf-8", bytes },
      createdBy,
      publish: true,
    })).versionId;
  };
  const v1 = await store("draft-v1.txt", "Dự thảo lần 1");
  // The body and its members: one list, saved whole (the administrator's import does the same).
  const agencyOf = { ubnd: committeeId, vp: leadOfficeId, stp: stpId };
  const { bodyId } = await saveBodyList(db, {
    name: DEMO_BODY.name,
    agencyId: committeeId,
    members: DEMO_BODY.members.map((m) => ({ name: m.name, position: m.position, emails: [m.email], agencyId: agencyOf[m.agency] })),
  });
  const consultation = (await findConsultation(db, consultationId))!.consultation;
  await inviteAndOpen(consultation, { agencyIds: invitedIds, bodyIds: [bodyId] }, { userId: createdBy, ip: "" });
  // Each addressee's invitation: agencies by name, members by their own name.
  const invitationIds = new Map((await reportInvitations(db, consultationId)).map((r) => [r.personName ?? r.agencyName, r.id]));
  await addDemoAnswers(consultationId, v1, invitationIds);
  await addDemoReplies(consultationId, createdBy);
  await store("draft-v2.txt", "Dự thảo lần 2");
  await fillDemoReportSettings(consultationId, createdBy, loaded(consultationId));
  return { consultationId, created: true, drafterAgencyId };
}

/** The Sở Nội vụ's document defaults, unless somebody has set any of them already. */
async function fillDemoAgencyDefaults(agencyId: number, userId: number | null) {
  const db = await getDb();
  const current = await agencyDocumentDefaults(db, agencyId);
  if (!current || current.symbol || current.governingBody || current.placeName) return;
  const { symbol, governingBody, placeName } = DEMO_DRAFTER_AGENCY;
  await saveAgencyDocumentDefaults(db, agencyId, { symbol, governingBody, placeName }, { actorUserId: userId, ip: "" });
}

/** The demo's signing details, unless the drafter has filled in any of them already; `events` commit with them (alone if nothing is filled in). */
async function fillDemoReportSettings(consultationId: number, userId: number | null, events: AuditEntry[] = []) {
  const db = await getDb();
  const current = await findReportSettings(db, consultationId);
  if (!current || Object.values(current.settings).some((v) => v !== "")) {
    for (const event of events) await recordAudit(db, event);
    return;
  }
  await saveReportSettings(db, consultationId, DEMO_REPORT_SETTINGS, { actorUserId: userId, ip: "" }, events);
}

/** Realistic answers to Dự thảo lần 1, from the letter's own days (4–5 July 2023). */
async function addDemoAnswers(
  consultationId: number,
  versionId: number,
  invitationOf: Map<string, number>,
) {
  const db = await getDb();
  const byLabel = new Map((await listClauses(db, versionId)).map((c) => [c.label, c.id]));
  const at = (local: string) => zonedLocalToInstant(local, "Asia/Ho_Chi_Minh")!;
  const answer = async (
    who: string,
    kind: "comments" | "agree",
    signer: [string, string],
    when: string,
    items: [string | null, string, string?][],
  ) => {
    const invitationId = invitationOf.get(who);
    if (!invitationId) return;
    await markOpened(db, invitationId, at(when) - 3600_000);
    await submitAnswer(db, {
      invitationId,
      consultationId,
      versionId,
      answerKind: kind,
      signerName: signer[0],
      signerPosition: signer[1],
      late: false,
      requestKey: `demo-${consultationId}-${invitationId}`,
      receiptPrefix: `GY-${consultationId}-${invitationId}-`,
      replyLetter: null,
      ip: "",
      comments: items
        .filter(([label]) => label === null || byLabel.has(label))
        .map(([label, text, proposed]) => ({ clauseId: label === null ? null : byLabel.get(label)!, text, proposedWording: proposed ?? "" })),
      now: at(when),
    });
  };
  await answer("Sở Tư pháp tỉnh Sóc Trăng", "comments", ["Nguyễn Văn Bình", "Phó Giám đốc Sở Tư pháp"], "2023-07-05T09:30", [
    [null, "Thống nhất với bố cục và nội dung cơ bản của dự thảo. Đề nghị rà soát cách viết hoa \"Sở, ban, ngành\" trong toàn văn bản theo Nghị định số 30/2020/NĐ-CP về công tác văn thư (viết thường: \"các sở, ban, ngành tỉnh\")."],
    ["II.1.b", "Tên cơ quan chưa đúng tên gọi hiện nay. Đề nghị sửa \"Đài Phát thanh - Truyền hình tỉnh\" thành \"Đài Phát thanh và Truyền hình tỉnh\".", "- Cơ quan chủ trì: Sở Thông tin và Truyền thông; Đài Phát thanh và Truyền hình tỉnh, Báo Sóc Trăng và các phương tiện thông tin đại chúng."],
    ["III.3", "Khoản 3 ghi \"triển khai thi hành Luật Thanh niên\" là nhầm lẫn; đề nghị sửa thành \"Luật Thực hiện dân chủ ở cơ sở\".", "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Liên đoàn Lao động tỉnh theo chức năng nhiệm vụ xây dựng Kế hoạch để triển khai thi hành Luật Thực hiện dân chủ ở cơ sở đảm bảo hiệu quả, thiết thực."],
  ]);
  await answer("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng", "comments", ["Trần Thị Thu", "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"], "2023-07-05T15:10", [
    ["I.1", "Các nội dung của mục đích nên trình bày bằng gạch đầu dòng, không đánh a), b), c) vì không có nội dung con."],
    ["II.1.d", "Thống nhất giao Ủy ban MTTQ Việt Nam tỉnh tổ chức tập huấn cho cán bộ Mặt trận các cấp; đề nghị ghi rõ kinh phí tập huấn do ngân sách tỉnh bảo đảm theo khoản 4 Mục III."],
  ]);
  await answer("Liên đoàn Lao động tỉnh Sóc Trăng", "agree", ["Lê Minh Tâm", "Phó Chủ tịch Liên đoàn Lao động tỉnh"], "2023-07-05T10:45", []);
  // Two members of the People's Committee answer in their own name: they agree without comments.
  for (const [m, when] of [[DEMO_BODY.members[4], "2023-07-05T11:20"], [DEMO_BODY.members[7], "2023-07-05T14:00"]] as const) {
    await answer(m.name, "agree", [m.name, m.position], when, []);
  }
  // Two other members have opened their links and not answered yet.
  for (const [who, when] of [[DEMO_BODY.members[0].name, "2023-07-04T16:20"], [DEMO_BODY.members[6].name, "2023-07-05T08:05"]] as const) {
    const opened = invitationOf.get(who);
    if (opened) await markOpened(db, opened, at(when));
  }
}

/** The drafter's answers to the demo comments, so the report can be exported at once. */
async function addDemoReplies(consultationId: number, userId: number | null) {
  const db = await getDb();
  const replies: [string | null, "accepted" | "partly" | "explained" | "noted", string][] = [
    [null, "accepted", "Đã rà soát, viết thường \"các sở, ban, ngành tỉnh\" trong toàn văn bản."],
    ["II.1.b", "accepted", "Đã sửa thành \"Đài Phát thanh và Truyền hình tỉnh\"."],
    ["III.3", "accepted", "Đã sửa thành \"Luật Thực hiện dân chủ ở cơ sở\"."],
    ["I.1", "accepted", "Các nội dung của mục đích, yêu cầu được trình bày bằng gạch đầu dòng."],
    ["II.1.d", "explained", "Kinh phí tập huấn đã được quy định chung tại khoản 4 Mục III của Kế hoạch; không quy định riêng tại điểm này."],
  ];
  const comments = await triageRows(db, consultationId, {}, { limit: 100, offset: 0 });
  for (const [label, decision, text] of replies) {
    const comment = comments.find((c) => c.clauseLabel === label);
    if (!comment) continue;
    await saveAnswer(db, { consultationId, commentIds: [comment.commentId], answerId: null, expectedRevision: 0, decision, text, newClauseId: null, userId, now: Date.now() });
  }
}
