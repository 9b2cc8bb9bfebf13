/**
 * Issue 13, finding 1: while a .csv or .xlsx report streams to a slow reader, agencies keep working.
 * Their page views, autosaves, first submissions and amendments go through the real route loader and
 * action between the chunks of a 20,000-comment export read with pauses; none may fail. The export
 * itself is whole and consistent: every comment current when it began, numbered without gaps, the
 * counts above the .xlsx table agreeing with its rows, and nothing of what was submitted meanwhile
 * (an amendment replaces an agency's comments all at once or not at all, never half).
 */
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "~/routes/staff.consultations.$id.export.$format";
import * as invitee from "~/routes/i.$token._index";
import { invitationLink, inviteAndOpen } from "~/invitations/invitations.server";
import Database from "better-sqlite3";
import { databaseFile, DIALECT, getDb, pgExportPool } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { boardRows, listDrafts, submitAnswer } from "#db/queries/invitations";
import { insertVersion, listClauses, type ClauseToStore } from "#db/queries/versions";
import { csrfCookiePair, ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();
// PostgreSQL: the exports' own pool (db/client.server.ts) keeps its default two clients; an export over
// them waits this long for one before it is refused as busy. Read when the database opens.
process.env.PG_EXPORT_WAIT_MS = "300";

const BIG = 20_000;
const CLAUSES: ClauseToStore[] = [
  { label: "D1", parentLabel: null, kind: "article", number: "1", citation: "Điều 1", heading: "Điều 1. Phạm vi", body: "", depth: 0, position: 0 },
  { label: "D2", parentLabel: null, kind: "article", number: "2", citation: "Điều 2", heading: "Điều 2. Đối tượng", body: "", depth: 0, position: 1 },
  { label: "D3", parentLabel: null, kind: "article", number: "3", citation: "Điều 3", heading: "Điều 3. Trách nhiệm", body: "", depth: 0, position: 2 },
];
const NAMES = ["Sở Xây dựng", "Sở Tư pháp", "Sở Y tế", "Sở Tài chính", "Sở Công Thương", "Sở Giáo dục", "Sở Nông nghiệp", "Sở Du lịch"];

let s: Awaited<ReturnType<typeof setUp>>;

async function setUp() {
  const db = await getDb();
  const admin = await makeStaff({ role: "admin" });
  const [drafter, ...agencyIds] = (await ensureAgencies(db, [{ name: "Sở Nội vụ (đồng thời)", shortName: "", emails: [] }, ...NAMES.map((name) => ({ name, shortName: "", emails: [] }))])) as number[];
  const consultationId = await insertConsultation(
    db,
    { title: "Xuất báo cáo trong lúc góp ý", kind: "plan", draftingAgencyId: drafter!, letterRef: "2/ĐT", letterText: "", cutoffAt: Date.now() + 7 * 86_400_000, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    null,
  );
  const stored = await insertVersion(db, {
    consultationId, label: "Dự thảo lần 1", text: CLAUSES.map((c) => c.heading).join("\n"), title: null, language: "vi", frontMatter: [], backMatter: [],
    clauses: CLAUSES, source: { kind: "paste" }, createdBy: null, publish: true, lineage: null, audit: null,
  });
  if (stored.status !== "ok") throw new Error("stale");
  const versionId = stored.versionId;
  await inviteAndOpen((await findConsultation(db, consultationId))!.consultation, agencyIds, { userId: null, ip: "" });
  const clauseIds = (await listClauses(db, versionId)).map((c) => c.id);
  const rows = await boardRows(db, consultationId, { limit: 20, offset: 0 });
  const tokenOf = (name: string) => invitationLink("", rows.find((r) => r.agencyName === name)!).split("/i/")[1]!;
  const invitationOf = (name: string) => rows.find((r) => r.agencyName === name)!.id;
  // Sở Xây dựng's 20,000 comments (stored directly: the form would take one per clause).
  await submitAnswer(db, {
    invitationId: invitationOf("Sở Xây dựng"), consultationId, versionId,
    answerKind: "comments", signerName: "Người ký", signerPosition: "Giám đốc", late: false, requestKey: "big-export-1", receiptPrefix: "BIG-", replyLetter: null, ip: "",
    comments: Array.from({ length: BIG }, (_, k) => ({ clauseId: clauseIds[k % clauseIds.length]!, text: `Ý kiến lớn số ${k}: ${"đề nghị sửa câu chữ cho rõ, ".repeat(5)}`, proposedWording: "" })),
    now: Date.now(),
  });
  return { admin, consultationId, versionId, clauseIds, tokenOf };
}

/** The whole form as the browser posts it: every box, the ones not given empty. */
function browserForm(clauseIds: number[], given: Record<string, string>): Record<string, string> {
  const form: Record<string, string> = { "c:general": given["c:general"] ?? "" };
  for (const id of clauseIds) {
    form[`c:${id}`] = given[`c:${id}`] ?? "";
    form[`p:${id}`] = given[`p:${id}`] ?? "";
  }
  return form;
}

/** An agency opens its page and posts to it, through the route's loader and action. */
async function agency(name: string, intent: "autosave" | "submit", given: Record<string, string>) {
  const token = s.tokenOf(name);
  const page = await run(() => invitee.loader({ request: getRequest(`/i/${token}`), params: { token }, context: ctx }));
  expect(page.status, `${name} opens its page`).toBe(200);
  const { requestKey, latest } = page.data as { requestKey: string; latest: { revision: number } | null };
  const fields =
    intent === "autosave"
      ? { intent, ...given }
      : { intent, requestKey, baseRevision: String(latest?.revision ?? 0), answerKind: "comments", signerName: `Người ký ${name}`, signerPosition: "Phó Giám đốc", ...browserForm(s.clauseIds, given) };
  return run(async () => invitee.action({ request: postForm(`/i/${token}`, fields, await csrfCookiePair()), params: { token }, context: ctx }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the export chunk by chunk with pauses, running the agencies' work between chunks; every step
 * must have happened before the last chunk, or the test would prove nothing.
 */
async function readSlowlyWhile(format: "csv" | "xlsx", steps: (() => Promise<void>)[]): Promise<Buffer> {
  const res = (await exportRoute.loader({ request: getRequest("/x", s.admin.cookie), params: { id: String(s.consultationId), format }, context: ctx })) as Response;
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  let pending = [...steps];
  let sincePause = 0;
  let pauses = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
    sincePause += value.byteLength;
    // A slow reader: a pause every 32 KB or so, and an agency's step at every other pause.
    if (sincePause < 32_768) continue;
    sincePause = 0;
    await sleep(5);
    if (++pauses % 2 === 0 && pending.length > 0) {
      await pending[0]!();
      pending = pending.slice(1);
    }
  }
  expect(pending, `the ${format} export ended before the agencies were done`).toHaveLength(0);
  return Buffer.concat(chunks);
}

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF or LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell), rows.push(row), (row = []), (cell = "");
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

beforeAll(async () => {
  s = await setUp();
  // Sở Tư pháp has answered before any export: two comments it amends while the exports stream.
  const first = await agency("Sở Tư pháp", "submit", { [`c:${s.clauseIds[0]}`]: "Tư pháp cũ 1", [`c:${s.clauseIds[1]}`]: "Tư pháp cũ 2" });
  expect(first.status).toBe(302);
}, 60_000);

describe("agencies keep working while a 20,000-comment report streams slowly", () => {
  it(".csv: page views, autosaves, submissions and an amendment succeed; the file is the state when it began", async () => {
    const statuses: number[] = [];
    const step = (name: string, intent: "autosave" | "submit", given: Record<string, string>) => async () => {
      statuses.push((await agency(name, intent, given)).status);
    };
    const a = s.clauseIds[0]!;
    const b = s.clauseIds[2]!;
    const bytes = await readSlowlyWhile("csv", [
      step("Sở Y tế", "autosave", { [`c:${a}`]: "Y tế đang gõ", [`p:${a}`]: "" }),
      step("Sở Y tế", "autosave", { [`c:${a}`]: "Y tế đang gõ tiếp", [`p:${a}`]: "Sửa thành" }),
      step("Sở Tư pháp", "submit", { [`c:${b}`]: "Tư pháp mới" }),
      step("Sở Y tế", "submit", { [`c:${a}`]: "Y tế gửi", "c:general": "Y tế chung" }),
      step("Sở Tài chính", "autosave", { "c:general": "Tài chính nháp" }),
      step("Sở Tài chính", "submit", { "c:general": "Tài chính gửi" }),
    ]);
    expect(statuses).toEqual([200, 200, 302, 302, 200, 302]);

    const rows = parseCsv(bytes.toString("utf8").replace(/^\uFEFF/, ""));
    const body = rows.slice(1);
    // Everything current when the export began: the 20,000 and Sở Tư pháp's first two; nothing after.
    expect(body).toHaveLength(BIG + 2);
    expect(body.map((r) => Number(r[0]))).toEqual(Array.from({ length: BIG + 2 }, (_, i) => i + 1));
    const texts = body.map((r) => r[4]!);
    expect(texts.filter((t) => t.startsWith("Ý kiến lớn số "))).toHaveLength(BIG);
    expect(new Set(texts).size).toBe(BIG + 2);
    expect(texts.filter((t) => t.startsWith("Tư pháp"))).toEqual(["Tư pháp cũ 1", "Tư pháp cũ 2"]);
    expect(texts.some((t) => t.startsWith("Y tế") || t.startsWith("Tài chính"))).toBe(false);

    // What was done meanwhile is all stored: the next export has it.
    const after = parseCsv(
      Buffer.from(await ((await exportRoute.loader({ request: getRequest("/x", s.admin.cookie), params: { id: String(s.consultationId), format: "csv" }, context: ctx })) as Response).arrayBuffer())
        .toString("utf8")
        .replace(/^\uFEFF/, ""),
    ).slice(1);
    const now = after.map((r) => r[4]!).filter((t) => !t.startsWith("Ý kiến lớn số "));
    expect(now.sort()).toEqual(["Tài chính gửi", "Tư pháp mới", "Y tế chung", "Y tế gửi"]);
  }, 120_000);

  it(".xlsx: the same work succeeds; rows and the counts above them come from one moment", async () => {
    const statuses: number[] = [];
    const step = (name: string, intent: "autosave" | "submit", given: Record<string, string>) => async () => {
      statuses.push((await agency(name, intent, given)).status);
    };
    const a = s.clauseIds[1]!;
    const bytes = await readSlowlyWhile("xlsx", [
      step("Sở Công Thương", "autosave", { [`c:${a}`]: "Công Thương nháp" }),
      step("Sở Công Thương", "submit", { [`c:${a}`]: "Công Thương gửi", [`p:${a}`]: "Đề xuất" }),
      step("Sở Tư pháp", "submit", { [`c:${a}`]: "Tư pháp lần ba 1", "c:general": "Tư pháp lần ba 2" }),
      step("Sở Giáo dục", "autosave", { "c:general": "Giáo dục nháp" }),
      step("Sở Giáo dục", "submit", { "c:general": "Giáo dục gửi" }),
      step("Sở Nông nghiệp", "submit", { [`c:${a}`]: "Nông nghiệp gửi" }),
    ]);
    expect(statuses).toEqual([200, 302, 302, 200, 302, 302]);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(bytes).buffer);
    const sheet = book.worksheets[0]!;
    // The header is the frozen row under the title and the counts (the verdicts' row, issue 16, made it
    // row 8); the comments follow, numbered 1..n.
    const head = (sheet.views[0] as { ySplit: number }).ySplit;
    expect(sheet.getCell(`A${head}`).value).toBe("STT");
    const texts: string[] = [];
    sheet.eachRow((row, r) => {
      if (r > head) {
        expect(row.getCell(1).value).toBe(r - head);
        texts.push(String(row.getCell(5).value));
      }
    });
    // As it was when the export began: the first test's four, Sở Tư pháp's second answer, the 20,000.
    expect(texts).toHaveLength(BIG + 4);
    expect(texts.filter((t) => !t.startsWith("Ý kiến lớn số ")).sort()).toEqual(["Tài chính gửi", "Tư pháp mới", "Y tế chung", "Y tế gửi"]);
    // The counts above the table agree with its rows: invited 8, answered 4 (Xây dựng, Tư pháp, Y tế, Tài chính).
    expect(sheet.getCell("E2").value).toBe(8);
    expect(sheet.getCell("H2").value).toBe(BIG + 4);
    expect(sheet.getCell("E3").value).toBe(4);
  }, 120_000);

  it("the export's own connection is closed when the stream ends or is abandoned (the WAL can be checkpointed; the pool's client is given back)", async () => {
    const file = await databaseFile();
    const pool = await pgExportPool();
    // SQLite: a connection of the test's own on the file. A passive checkpoint copies what no open
    // snapshot still needs: all of the WAL once none is open.
    const sqlite = file ? new Database(file) : null;
    // PostgreSQL: the export holds a client of the exports' pool for its snapshot; the clients in use (not idle)
    // come back to what they were once it is closed.
    const inUse = () => pool!.totalCount - pool!.idleCount;
    const inUseBefore = pool ? inUse() : 0;
    const released = () => {
      if (sqlite) {
        const [r] = sqlite.pragma("wal_checkpoint(PASSIVE)") as { log: number; checkpointed: number }[];
        return r!.log === r!.checkpointed;
      }
      return inUse() === inUseBefore;
    };
    try {
      for (const format of ["csv", "xlsx"] as const) {
        const res = (await exportRoute.loader({ request: getRequest("/x", s.admin.cookie), params: { id: String(s.consultationId), format }, context: ctx })) as Response;
        const reader = res.body!.getReader();
        await reader.read();
        // A write after the export began: its frames are newer than the export's snapshot.
        expect((await agency("Sở Du lịch", "autosave", { "c:general": `Du lịch ${format}` })).status).toBe(200);
        // While the export's snapshot is open the checkpoint cannot finish (the client is out of the pool)...
        expect(released()).toBe(false);
        // ...the download is cancelled, and then it can.
        await reader.cancel();
        // PostgreSQL's close is a round trip or two (end the cursor, COMMIT) before the client goes back.
        for (let i = 0; i < 200 && !released(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(released()).toBe(true);
      }
      // Read to the end: closed as well.
      const whole = (await exportRoute.loader({ request: getRequest("/x", s.admin.cookie), params: { id: String(s.consultationId), format: "csv" }, context: ctx })) as Response;
      await whole.arrayBuffer();
      expect((await agency("Sở Du lịch", "autosave", { "c:general": "Du lịch cuối" })).status).toBe(200);
      expect(released()).toBe(true);
    } finally {
      sqlite?.close();
    }
    const board = await boardRows(await getDb(), s.consultationId, { limit: 20, offset: 0 });
    expect((await listDrafts(await getDb(), board.find((r) => r.agencyName === "Sở Du lịch")!.id))[0]!.text).toBe("Du lịch cuối");
  }, 60_000);

  it("more downloads at once than the exports' connections: the one over them is refused as busy (PostgreSQL); agencies keep working", async () => {
    const open = () => exportRoute.loader({ request: getRequest("/x", s.admin.cookie), params: { id: String(s.consultationId), format: "csv" }, context: ctx });
    /** A download begun, or the 503 it was refused with. */
    const attempt = async (): Promise<Response> => {
      try {
        return (await open()) as Response;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    // Two downloads begun and left open (a slow reader each): on PostgreSQL they hold both of the
    // exports' clients, none of the clients submissions use.
    const held = [(await open()) as Response, (await open()) as Response].map((r) => r.body!.getReader());
    for (const reader of held) await reader.read();
    try {
      const third = await attempt();
      if (DIALECT === "pg") {
        // Refused before any byte of a download, with a page saying why in the interface's language (the
        // report page's links are plain links: the browser shows it) and a way back to the report.
        expect(third.status).toBe(503);
        expect(third.headers.get("Retry-After")).toBe("30");
        expect(third.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
        const page = await third.text();
        expect(page).toContain("Đang có nhiều bản xuất được tải về cùng lúc. Vui lòng thử lại sau ít phút.");
        expect(page).toContain(`href="/staff/consultations/${s.consultationId}/report"`);
      } else {
        // SQLite: each export reads through a connection of its own; there is no pool to run out of.
        expect(third.status).toBe(200);
        await third.body!.cancel();
      }
      expect((await agency("Sở Du lịch", "autosave", { "c:general": "Du lịch trong lúc tải" })).status).toBe(200);
    } finally {
      for (const reader of held) await reader.cancel();
    }
    // The downloads ended: an export begins again once their clients are back (a round trip or two).
    let again = await attempt();
    for (let i = 0; i < 100 && again.status === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await attempt();
    }
    expect(again.status).toBe(200);
    expect((await again.text()).split("\n").length).toBeGreaterThan(BIG);
  }, 60_000);
});
