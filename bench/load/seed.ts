/**
 * Seeds a database for the load test: the Sóc Trăng draft (published, open until tomorrow), one
 * invitation per simulated agency with its real link token, and a drafter signed in to read the
 * board meanwhile. Runs in the load client's process; the portal is started on the file afterwards.
 */
import fs from "node:fs";
import path from "node:path";

export interface LoadFixture {
  dbFile: string;
  /** APP_SECRET shared with the portal, so the tokens computed here open its links. */
  secret: string;
  consultationId: number;
  tokens: string[];
  clauseIds: number[];
  /** Cookie header of a signed-in drafter of the consultation's agency. */
  drafterCookie: string;
  /** A second consultation on a long law (LARGE_DRAFT_ARTICLES articles), with its own invitations. */
  large: { consultationId: number; tokens: string[]; clauseIds: number[] };
}

/** Articles of the long law: each is one clause, so the draft has this many clauses. */
export const LARGE_DRAFT_ARTICLES = 700;

/** A law of `articles` articles, each one commentable clause (heading and its sentence). */
export function longLaw(articles: number): string {
  const lines = ["LUẬT", "THỬ NGHIỆM TẢI", ""];
  for (let k = 1; k <= articles; k++) {
    lines.push(`Điều ${k}. Quy định thứ ${k}: cơ quan chủ trì phối hợp với các sở, ban, ngành tổ chức thực hiện nội dung này đúng thời hạn.`);
  }
  return lines.join("\n");
}

export async function seedLoadDatabase(dir: string, invitationCount: number, largeInvitationCount = 0): Promise<LoadFixture> {
  // On the PostgreSQL pass (TEST_DATABASE_URL) a database of its own on that server; the caller drops it.
  const { DIALECT } = await import("#db/dialect");
  const { createTestDatabase } = await import("../../tests/support/pg-database");
  const dbFile = DIALECT === "pg" ? await createTestDatabase() : path.join(dir, "load.db");
  const secret = `load-test-secret-${Date.now()}-0123456789abcdef`;
  process.env.DATABASE_URL = dbFile;
  process.env.APP_SECRET = secret;
  const { getDb, closeDb, transaction } = await import("#db/client.server");
  const { forgetServerSecret } = await import("~/security/secret.server");
  const { insertAgency } = await import("#db/queries/agencies");
  const { insertConsultation } = await import("#db/queries/consultations");
  const { createInvitations } = await import("~/invitations/invitations.server");
  const { insertUser } = await import("#db/queries/users");
  const { listClauses } = await import("#db/queries/versions");
  const { storeVersion } = await import("~/versions/store-version.server");
  const { invitationToken } = await import("~/invitations/token.server");
  const { startSession } = await import("~/auth/session.server");
  const { DEMO_DIR } = await import("~/demo/load-demo.server");
  await closeDb();
  forgetServerSecret();

  const db = await getDb();
  const drafting = await insertAgency(db, { name: "Sở Nội vụ (tải thử)", shortName: "SNV", emails: [] });
  const consultationId = await insertConsultation(
    db,
    {
      title: "Tải thử: Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở",
      kind: "plan",
      draftingAgencyId: drafting,
      letterRef: "3593/VP-VX",
      letterText: fs.readFileSync(path.join(DEMO_DIR, "invitation-letter.txt"), "utf8"),
      cutoffAt: Date.now() + 864e5,
      timeZone: "Asia/Ho_Chi_Minh",
      status: "open",
    },
    null,
  );
  const draft = fs.readFileSync(path.join(DEMO_DIR, "draft-v1.txt"), "utf8");
  const { versionId } = await storeVersion({ consultationId, text: draft, source: { kind: "paste" }, createdBy: null, publish: true });
  const clauseIds = (await listClauses(db, versionId)).map((c) => c.id);

  const agencyIds = await transaction(db, async (tx) => {
    const ids: number[] = [];
    for (let i = 0; i < invitationCount; i++) ids.push(await insertAgency(tx, { name: `Cơ quan thử ${i + 1}`, shortName: "", emails: [] }));
    return ids;
  });
  // Real links: the load test opens them.
  const tokens = (await createInvitations(db, consultationId, agencyIds)).map(({ id, nonce }) => invitationToken(id, nonce));

  // The long law: the same kind of consultation, its own agencies and links.
  const largeId = await insertConsultation(
    db,
    { title: `Tải thử: luật ${LARGE_DRAFT_ARTICLES} điều`, kind: "plan", draftingAgencyId: drafting, letterRef: "1/TT", letterText: "", cutoffAt: Date.now() + 864e5, timeZone: "Asia/Ho_Chi_Minh", status: "open" },
    null,
  );
  const large = await storeVersion({ consultationId: largeId, text: longLaw(LARGE_DRAFT_ARTICLES), source: { kind: "paste" }, createdBy: null, publish: true });
  const largeAgencies = await transaction(db, async (tx) => {
    const ids: number[] = [];
    for (let i = 0; i < largeInvitationCount; i++) ids.push(await insertAgency(tx, { name: `Cơ quan thử luật dài ${i + 1}`, shortName: "", emails: [] }));
    return ids;
  });
  const largeTokens = (await createInvitations(db, largeId, largeAgencies)).map(({ id, nonce }) => invitationToken(id, nonce));
  const largeClauseIds = (await listClauses(db, large.versionId)).map((c) => c.id);

  const drafterId = await insertUser(db, { email: "load-drafter@gopy.test", name: "Drafter", role: "drafter", agencyId: drafting, passwordHash: "!" });
  const setCookie = await startSession(drafterId, { ip: "127.0.0.1", userAgent: "load-test" });
  const drafterCookie = setCookie.split(";")[0]!;
  await closeDb(); // checkpoints the WAL: the file is whole and can be copied for the ceiling run
  return { dbFile, secret, consultationId, tokens, clauseIds, drafterCookie, large: { consultationId: largeId, tokens: largeTokens, clauseIds: largeClauseIds } };
}
