/**
 * Writes submissions in a loop until it is killed, printing each acknowledged submission id on its
 * own line (the test kills this process with SIGKILL in the middle of the loop).
 */
import { getDb } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { insertConsultation } from "#db/queries/consultations";
import { inviteAgencies, submitAnswer } from "#db/queries/invitations";
import { listClauses } from "#db/queries/versions";
import { storeVersion } from "~/versions/store-version.server";

const COMMENTS = Number(process.env.COMMENTS_PER_SUBMISSION ?? 50);
const db = getDb();
const drafting = insertAgency(db, { name: "Sở Nội vụ (crash)", shortName: "", emails: [] });
const consultationId = insertConsultation(
  db,
  { title: "Crash", kind: "plan", draftingAgencyId: drafting, letterRef: "", letterText: "", cutoffAt: Date.now() + 864e5, timeZone: "Asia/Ho_Chi_Minh", status: "open" },
  null,
);
const { versionId } = storeVersion({ consultationId, text: "1. Một\n2. Hai\n3. Ba", source: { kind: "paste" }, createdBy: null, publish: true });
const clauseIds = listClauses(db, versionId).map((c) => c.id);
const agencyIds = Array.from({ length: 50 }, (_, i) => insertAgency(db, { name: `Cơ quan crash ${i}`, shortName: "", emails: [] }));
let seq = 0;
const invitations = inviteAgencies(db, consultationId, agencyIds, (id) => ({ hash: `crash-${id}` }), () => `n${seq++}`);
process.stdout.write("ready\n");
for (let n = 0; ; n++) {
  const invitationId = invitations[n % invitations.length]!;
  const outcome = submitAnswer(db, {
    invitationId, consultationId, versionId, answerKind: "comments", signerName: "A", signerPosition: "B", late: false,
    requestKey: `crash-${n}`, receiptRef: (r) => `GY-crash-${invitationId}-${r}`, replyLetter: null, ip: "",
    comments: Array.from({ length: COMMENTS }, (_, k) => ({ clauseId: clauseIds[k % clauseIds.length]!, text: `Ý kiến ${k} của lần ${n}`, proposedWording: "" })),
    now: Date.now(),
  });
  if (!outcome.stale) process.stdout.write(`ack ${outcome.submissionId}\n`);
}
