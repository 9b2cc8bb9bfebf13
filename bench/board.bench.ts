/**
 * The drafter's views at the scale of a large consultation: 500 invited agencies and 20,000 current
 * comments. Times the queries behind the board, the outline's count badges and the comment lists.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const AGENCIES = 500;
const COMMENTS_PER_AGENCY = 40;
const RUNS = 20;

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-bench-"));
  process.env.DATABASE_URL = path.join(dir, "bench.db");
  const { getDb, closeDb, transaction } = await import("#db/client.server");
  const { insertAgency } = await import("#db/queries/agencies");
  const { insertConsultation } = await import("#db/queries/consultations");
  const { insertInvitations, setTokenHashes, submitAnswer, boardRows, boardTotals, commentCountsByClause, listCurrentComments } = await import("#db/queries/invitations");
  const { listClauses } = await import("#db/queries/versions");
  const { storeVersion } = await import("~/versions/store-version.server");
  const { makeVietnameseLaw } = await import("./make-law");

  const db = await getDb();
  const drafting = await insertAgency(db, { name: "Sở Nội vụ", shortName: "", emails: [] });
  const consultationId = await insertConsultation(
    db,
    { title: "Bench", kind: "regulation", draftingAgencyId: drafting, letterRef: "", letterText: "", cutoffAt: Date.now() + 864e5, timeZone: "Asia/Ho_Chi_Minh", status: "open" },
    null,
  );
  const { versionId } = await storeVersion({ consultationId, text: makeVietnameseLaw(300_000), source: { kind: "paste" }, createdBy: null, publish: true });
  const clauseIds = (await listClauses(db, versionId)).map((c) => c.id);
  const agencyIds: number[] = [];
  for (let i = 0; i < AGENCIES; i++) agencyIds.push(await insertAgency(db, { name: `Cơ quan ${i}`, shortName: "", emails: [`a${i}@x.test`] }));
  const seedStart = performance.now();
  // No link is opened here: the token hashes only need to be unique.
  const invitations = await transaction(db, async (tx) => {
    const created = await insertInvitations(tx, consultationId, agencyIds.map((agencyId, i) => ({ agencyId, nonce: `n${i}` })));
    await setTokenHashes(tx, created.map(({ id }) => ({ id, hash: `h${id}` })));
    return created.map((c) => c.id);
  });
  for (const [i, invitationId] of invitations.entries()) {
    await submitAnswer(db, {
      invitationId, consultationId, versionId, answerKind: "comments", signerName: "A", signerPosition: "B", late: false,
      requestKey: `bench-${i}`, receiptPrefix: `GY-${invitationId}-`, replyLetter: null, ip: "",
      comments: Array.from({ length: COMMENTS_PER_AGENCY }, (_, k) => ({ clauseId: clauseIds[(i * 7 + k * 13) % clauseIds.length]!, text: `Ý kiến ${k} của cơ quan ${i}`, proposedWording: "" })),
      now: Date.now(),
    });
  }
  const seedMs = performance.now() - seedStart;
  const busiest = [...(await commentCountsByClause(db, consultationId))].sort((a, b) => b[1] - a[1])[0]!;
  const figures = {
    "board page (50 rows)": await median(() => boardRows(db, consultationId, { limit: 51, offset: 0 })),
    "board page, filtered by state": await median(() => boardRows(db, consultationId, { state: "submitted", limit: 51, offset: 200 })),
    "board totals": await median(() => boardTotals(db, consultationId)),
    "count badges for the whole outline": await median(() => commentCountsByClause(db, consultationId)),
    [`comments on the busiest clause (${busiest[1]}), page of 100`]: await median(() => listCurrentComments(db, consultationId, { clauseId: busiest[0] }, { limit: 101, offset: 0 })),
    "comments of one agency": await median(() => listCurrentComments(db, consultationId, { invitationId: invitations[250]! }, { limit: 101, offset: 0 })),
    "all comments, page 100 of 200": await median(() => listCurrentComments(db, consultationId, {}, { limit: 101, offset: 9_900 })),
  };
  console.log(`board: ${AGENCIES} agencies, ${AGENCIES * COMMENTS_PER_AGENCY} comments on ${clauseIds.length} clauses (seeded in ${(seedMs / 1000).toFixed(1)} s); median of ${RUNS} runs:`);
  for (const [name, ms] of Object.entries(figures)) console.log(`  ${name}: ${ms.toFixed(2)} ms`);
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}
