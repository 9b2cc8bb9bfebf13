/**
 * Exporting the report at scale: 20,000 comments as .docx, .xlsx and .csv (target under 5 s and
 * 300 MB resident), and 720,000 comments (the largest known docket) as streamed .csv and .xlsx.
 * For each: time, peak resident memory, and the longest the event loop was held (other requests
 * wait at most that long).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Readable } from "node:stream";

async function measure(name: string, fn: () => Promise<number>): Promise<void> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  const bytes = await fn();
  const ms = performance.now() - t;
  // Let the loop's timer fire once more, so a stall that lasted until the end is recorded.
  await new Promise((resolve) => setTimeout(resolve, 30));
  clearInterval(sampler);
  loop.disable();
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `  ${name}: ${(ms / 1000).toFixed(2)} s, ${(bytes / 1e6).toFixed(1)} MB written, peak RSS ${(peak / 1e6).toFixed(0)} MB, longest event-loop stall ${(loop.max / 1e6).toFixed(0)} ms`,
  );
}

async function drain(stream: Readable): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += (chunk as Buffer).length;
  return n;
}

async function seed(agencies: number, perAgency: number) {
  const { getDb, transaction } = await import("#db/client.server");
  const { insertAgency } = await import("#db/queries/agencies");
  const { insertConsultation } = await import("#db/queries/consultations");
  const { insertInvitations, setTokenHashes, submitAnswer } = await import("#db/queries/invitations");
  const { listClauses } = await import("#db/queries/versions");
  const { storeVersion } = await import("~/versions/store-version.server");
  const { makeArticleLaw } = await import("./make-law");
  const db = await getDb();
  const drafting = await insertAgency(db, { name: `Sở Nội vụ ${agencies}`, shortName: "", emails: [] });
  const consultationId = await insertConsultation(
    db,
    { title: "Luật thử nghiệm", kind: "regulation", draftingAgencyId: drafting, letterRef: "1/VP", letterText: "", cutoffAt: Date.now() + 864e5, timeZone: "Asia/Ho_Chi_Minh", status: "open" },
    null,
  );
  const { versionId } = await storeVersion({ consultationId, text: makeArticleLaw(300).join("\n"), source: { kind: "paste" }, createdBy: null, publish: true });
  const clauseIds = (await listClauses(db, versionId)).map((c) => c.id);
  const ids: number[] = [];
  for (let i = 0; i < agencies; i++) ids.push(await insertAgency(db, { name: `Cơ quan ${agencies}-${i}`, shortName: "", emails: [] }));
  // No link is opened here: the token hashes only need to be unique.
  const invitations = await transaction(db, async (tx) => {
    const created = await insertInvitations(tx, consultationId, ids.map((agencyId, i) => ({ agencyId, nonce: `n${i}` })));
    await setTokenHashes(tx, created.map(({ id }) => ({ id, hash: `h${agencies}-${id}` })));
    return created.map((c) => c.id);
  });
  for (const [i, invitationId] of invitations.entries()) {
    await submitAnswer(db, {
      invitationId, consultationId, versionId, answerKind: "comments", signerName: "Người ký", signerPosition: "Giám đốc", late: false,
      requestKey: `bench-${agencies}-${i}`, receiptPrefix: `GY-${invitationId}-`, replyLetter: null, ip: "",
      comments: Array.from({ length: perAgency }, (_, k) => ({
        clauseId: clauseIds[(i * 7 + k * 13) % clauseIds.length]!,
        text: `Đề nghị cơ quan soạn thảo xem xét, chỉnh sửa nội dung này cho phù hợp với quy định hiện hành (ý kiến ${k} của cơ quan ${i}).`,
        proposedWording: k % 3 === 0 ? "Sửa thành: các sở, ban, ngành tỉnh chủ trì, phối hợp thực hiện." : "",
      })),
      now: Date.now(),
    });
  }
  return consultationId;
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-export-"));
  process.env.DATABASE_URL = path.join(dir, "export.db");
  const { closeDb } = await import("#db/client.server");
  const { translator } = await import("~/i18n");
  const { reportModel } = await import("~/report/report-data.server");
  const { reportDocx } = await import("~/report/export-docx.server");
  const { csvStream, xlsxStream } = await import("~/report/export-tabular.server");
  const t = translator("vi");

  const small = await seed(500, 40);
  console.log("export: 20,000 comments from 500 agencies");
  let model: Awaited<ReturnType<typeof reportModel>> = null;
  await measure("report model", async () => {
    model = await reportModel(small, "vi");
    return 0;
  });
  await measure(".docx (Word file from the model)", async () => (await reportDocx(model!)).length);
  await measure(".xlsx (streamed)", async () => drain(await xlsxStream(small, t, "Ý kiến")));
  await measure(".csv (streamed)", async () => drain(await csvStream(small, t)));

  if (process.env.BENCH_QUICK !== "1") {
    const big = await seed(1_000, 720);
    console.log("export: 720,000 comments from 1,000 agencies");
    await measure(".csv (streamed)", async () => drain(await csvStream(big, t)));
    await measure(".xlsx (streamed)", async () => drain(await xlsxStream(big, t, "Ý kiến")));
  }
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}
