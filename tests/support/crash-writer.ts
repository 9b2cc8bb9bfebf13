/**
 * Writes submissions in a loop until it is killed, printing each acknowledged submission id on its
 * own line (the test kills this process with SIGKILL in the middle of the loop). A few submissions are
 * in flight at once, as under load, on the database DATABASE_URL names (a SQLite file or PostgreSQL).
 */
import { getDb, transaction } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { insertConsultation } from "#db/queries/consultations";
import { insertInvitations, setTokenHashes, submitAnswer } from "#db/queries/invitations";
import { listClauses } from "#db/queries/versions";
import { storeVersion } from "~/versions/store-version.server";

const COMMENTS = Number(process.env.COMMENTS_PER_SUBMISSION ?? 50);
const IN_FLIGHT = 4;
const db = await getDb();
const drafting = await insertAgency(db, { name: "Sở Nội vụ (crash)", shortName: "", emails: [] });
const consultationId = await insertConsultation(
  db,
  { title: "Crash", kind: "plan", draftingAgencyId: drafting, letterRef: "", letterText: "", cutoffAt: Date.now() + 864e5, timeZone: "Asia/Ho_Chi_Minh", status: "open" },
  null,
);
const { versionId } = await storeVersion({ consultationId, text: "1. Một\n2. Hai\n3. Ba", source: { kind: "paste" }, createdBy: null, publish: true });
const clauseIds = (await listClauses(db, versionId)).map((c) => c.id);
const agencyIds: number[] = [];
for (let i = 0; i < 50; i++) agencyIds.push(await insertAgency(db, { name: `Cơ quan crash ${i}`, shortName: "", emails: [] }));
// No link is opened here: the token hashes only need to be unique.
const invitations = await transaction(db, async (tx) => {
  const created = await insertInvitations(tx, consultationId, agencyIds.map((agencyId, i) => ({ agencyId, nonce: `n${i}` })));
  await setTokenHashes(tx, created.map(({ id }) => ({ id, hash: `crash-${id}` })));
  return created.map((c) => c.id);
});
process.stdout.write("ready\n");

let next = 0;
async function submitForever(): Promise<never> {
  for (;;) {
    const n = next++;
    // IN_FLIGHT consecutive numbers never share an invitation (there are 50).
    const invitationId = invitations[n % invitations.length]!;
    const outcome = await submitAnswer(db, {
      invitationId, consultationId, versionId, answerKind: "comments", signerName: "A", signerPosition: "B", late: false,
      requestKey: `crash-${n}`, receiptPrefix: `GY-crash-${invitationId}-`, replyLetter: null, ip: "",
      comments: Array.from({ length: COMMENTS }, (_, k) => ({ clauseId: clauseIds[k % clauseIds.length]!, text: `Ý kiến ${k} của lần ${n}`, proposedWording: "" })),
      now: Date.now(),
    });
    if (!outcome.stale) process.stdout.write(`ack ${outcome.submissionId}\n`);
  }
}
await Promise.all(Array.from({ length: IN_FLIGHT }, submitForever));
