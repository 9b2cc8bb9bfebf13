/**
 * Helpers for the "wrong party" sweep: a small world of agencies, staff, consultations, versions,
 * invitations, submissions and answers, each consultation's text carrying a unique marker so a leak
 * of its data into another party's response shows; a fingerprint of every table to prove that a
 * refused action changed nothing; and a call wrapper that also reads response bodies.
 */
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { DIALECT, getDb, rows } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { saveAnswer } from "#db/queries/answers";
import { findConsultation, insertConsultation } from "#db/queries/consultations";
import { findInvitation, invitationIdsByAgency, listSubmissionComments, submitAnswer } from "#db/queries/invitations";
import { insertUser, setUserDisabled } from "#db/queries/users";
import { listClauses } from "#db/queries/versions";
import { hashPassword } from "~/auth/password.server";
import { startSession } from "~/auth/session.server";
import { invitationLink, inviteAndOpen, revoke } from "~/invitations/invitations.server";
import { storeVersion } from "~/versions/store-version.server";
import { cookiePairs, csrfCookiePair } from "./harness";

export type Params = Record<string, string>;

export interface Called {
  status: number;
  location: string | null;
  headers: Headers;
  data: unknown;
  /** The body of a returned or thrown Response, read to the end (streams included). */
  body: string;
}

/** Runs a loader/action; a returned or thrown Response, Remix's data() or plain data alike. */
export async function call(fn: () => unknown): Promise<Called> {
  let result: unknown;
  try {
    result = await fn();
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    result = thrown;
  }
  if (result instanceof Response) {
    const body = result.body ? Buffer.from(await result.arrayBuffer()).toString("latin1") : "";
    return { status: result.status, location: result.headers.get("Location"), headers: result.headers, data: null, body };
  }
  if (result && typeof result === "object" && "type" in result && (result as { type: unknown }).type === "DataWithResponseInit") {
    const r = result as unknown as { data: unknown; init: ResponseInit | null };
    return { status: r.init?.status ?? 200, location: null, headers: new Headers(r.init?.headers), data: r.data, body: "" };
  }
  return { status: 200, location: null, headers: new Headers(), data: result, body: "" };
}

/** Everything a response carried, as one string to search for markers. */
export function exposed(r: Called): string {
  // Bodies are read as latin1 (bytes kept); markers are ASCII so they show either way.
  return r.body + JSON.stringify(r.data ?? null);
}

/** The value as the same data hashes the same on both databases (bytes as base64, bigint as a number). */
function normalized(_key: string, v: unknown): unknown {
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (typeof v === "bigint") return Number(v);
  // Buffers reach the replacer already turned into {type: "Buffer", data: […]} by their toJSON.
  if (v && typeof v === "object" && (v as { type?: unknown }).type === "Buffer" && Array.isArray((v as { data?: unknown }).data)) {
    return Buffer.from((v as { data: number[] }).data).toString("base64");
  }
  return v;
}

/** A hash per table of every row: equal before and after means nothing was written. */
export async function fingerprint(): Promise<Record<string, string>> {
  const db = await getDb();
  // Drizzle's own migration table is left out: on SQLite it is __drizzle_migrations, on PostgreSQL it
  // lives in the schema "drizzle", outside public.
  const tables =
    DIALECT === "pg"
      ? await rows<{ name: string }>(
          db,
          sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
        )
      : await rows<{ name: string }>(
          db,
          sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name`,
        );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    // The rate limits' counters: every request counts, a refused one too (they were in memory before
    // several processes shared them), and a counter is not data a refusal could have changed.
    if (name === "rate_limits") continue;
    const columns =
      DIALECT === "pg"
        ? (await rows<{ name: string }>(db, sql`select column_name as name from information_schema.columns where table_schema = 'public' and table_name = ${name} order by ordinal_position`)).map((c) => c.name)
        : (await rows<{ name: string }>(db, sql`select name from pragma_table_info(${name}) order by cid`)).map((c) => c.name);
    // A stable order on both: by id where the table has one, otherwise by every column.
    const order = columns.includes("id") ? `"id"` : columns.map((c) => `"${c}"`).join(", ");
    const h = crypto.createHash("sha256");
    let n = 0;
    for (const row of await rows<Record<string, unknown>>(db, sql.raw(`select * from "${name}" order by ${order}`))) {
      h.update(JSON.stringify(row, normalized));
      n++;
    }
    out[name] = `${n}:${h.digest("hex").slice(0, 16)}`;
  }
  return out;
}

export async function countRows(table: string): Promise<number> {
  const [row] = await rows<{ n: number }>(await getDb(), sql.raw(`select count(*) as n from "${table}"`));
  return Number(row!.n);
}

export const PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | null = null;

export interface Staff {
  id: number;
  email: string;
  agencyId: number | null;
  /** Session and CSRF cookies, as the browser sends them. */
  cookie: string;
  /** The session cookie alone ("gopy_session=…"). */
  session: string;
}

/** A staff account with a live session (one password hash shared by all: argon2 is slow). */
export async function makeUser(role: "admin" | "drafter", agencyId: number | null, label: string): Promise<Staff> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${label}-${crypto.randomBytes(4).toString("hex")}@example.test`;
  const id = await insertUser(await getDb(), { email, name: `${label} user`, role, agencyId, passwordHash: await passwordHash });
  const session = cookiePairs([await startSession(id, { ip: "127.0.0.1", userAgent: "vitest" })])[0]!;
  return { id, email, agencyId, session, cookie: [session, await csrfCookiePair()].join("; ") };
}

export interface ConsultationFixture {
  id: number;
  agencyId: number;
  /** Unique text found in this consultation's title, letter, clauses, comments, answers and letter PDF. */
  marker: string;
  title: string;
  /** Published version and an unpublished draft after it. */
  v1: number;
  v2: number;
  /** A clause of v1. */
  clause: number;
  /** Agency X: commented (with a signed reply letter); agency Y: commented; agency Z: link revoked. */
  invitationX: number;
  invitationY: number;
  invitationZ: number;
  tokenX: string;
  tokenY: string;
  tokenZ: string;
  submissionX: number;
  submissionY: number;
  commentX: number;
  answerX: number;
  /** Agency Y disagrees (issue 16): its clause comment is an objection, not answered. */
  commentY: number;
}

export interface World {
  agencyA: number;
  agencyB: number;
  invitees: number[];
  admin: Staff;
  /** Drafter of agency A: owns consultations A and A2. */
  drafterA: Staff;
  /** Drafter of agency B: owns consultation B only. */
  drafterB: Staff;
  /** A drafter attached to no agency (may manage nothing). */
  agencyless: Staff;
  /** A drafter of agency A and an administrator, disabled while their sessions were still in the table. */
  disabledDrafter: Staff;
  disabledAdmin: Staff;
  A: ConsultationFixture;
  A2: ConsultationFixture;
  B: ConsultationFixture;
}

const draft = (marker: string, second: boolean) =>
  [
    `KẾ HOẠCH THỬ ${marker}-heading`,
    "",
    "I. MỤC ĐÍCH",
    `1. Điều khoản ${marker}-clause một.`,
    "2. Điều khoản hai.",
    "II. NỘI DUNG",
    `1. Nội dung ${marker}-clause ba${second ? " đã sửa" : ""}.`,
    "2. Nội dung bốn.",
    ...(second ? ["3. Nội dung mới."] : []),
    "",
  ].join("\n");

export async function tokenOf(invitationId: number): Promise<string> {
  const invitation = (await findInvitation(await getDb(), invitationId))!;
  return invitationLink("", invitation).split("/i/")[1]!;
}

async function makeConsultation(agencyId: number, invitees: number[], marker: string, userId: number): Promise<ConsultationFixture> {
  const db = await getDb();
  const title = `Kế hoạch ${marker}-title`;
  const id = await insertConsultation(
    db,
    {
      title,
      kind: "plan",
      draftingAgencyId: agencyId,
      letterRef: `${marker}-ref`,
      letterText: `Đề nghị góp ý ${marker}-letter.`,
      cutoffAt: Date.now() + 7 * 86_400_000,
      timeZone: "Asia/Ho_Chi_Minh",
      status: "preparing",
    },
    userId,
  );
  const v1 = (await storeVersion({ consultationId: id, text: draft(marker, false), label: `${marker}-v1`, source: { kind: "paste" }, createdBy: userId, publish: true })).versionId;
  const clauses = await listClauses(db, v1);
  const clause = clauses.find((c) => c.label === "I.1")!.id;
  await inviteAndOpen((await findConsultation(db, id))!.consultation, invitees, { userId, ip: "" });
  const byAgency = await invitationIdsByAgency(db, id);
  const [x, y, z] = invitees.map((a) => byAgency.get(a)!) as [number, number, number];
  const submit = async (invitationId: number, letter: boolean) => {
    const outcome = await submitAnswer(db, {
      invitationId,
      consultationId: id,
      versionId: v1,
      answerKind: "comments",
      verdict: invitationId === y ? "disagree" : "agree_with_comments",
      signerName: `${marker}-signer`,
      signerPosition: "Giám đốc",
      late: false,
      requestKey: `${marker}-${invitationId}`,
      receiptPrefix: `GY-${id}-${invitationId}-`,
      replyLetter: letter ? { name: "reply.pdf", bytes: Buffer.from(`%PDF-1.4 ${marker}-pdf`) } : null,
      ip: "",
      comments: [
        { clauseId: clause, text: `Ý kiến ${marker}-comment ${invitationId}`, proposedWording: "", objection: invitationId === y },
        { clauseId: null, text: `Ý kiến chung ${marker}-comment`, proposedWording: "" },
      ],
      now: Date.now(),
    });
    if (outcome.stale) throw new Error("unexpected stale submission");
    return outcome.submissionId;
  };
  const submissionX = await submit(x, true);
  const submissionY = await submit(y, false);
  const commentX = (await listSubmissionComments(db, submissionX))[0]!.id;
  const commentY = (await listSubmissionComments(db, submissionY))[0]!.id;
  const saved = await saveAnswer(db, {
    consultationId: id,
    commentIds: [commentX],
    answerId: null,
    expectedRevision: 0,
    decision: "accepted",
    text: `Tiếp thu ${marker}-answer`,
    newClauseId: null,
    userId,
    now: Date.now(),
  });
  if (!saved.ok) throw new Error("answer not saved");
  // The next draft, not yet published (matched clause by clause to v1).
  const v2 = (await storeVersion({ consultationId: id, text: draft(marker, true), label: `${marker}-v2`, source: { kind: "paste" }, createdBy: userId, publish: false })).versionId;
  const tokenZ = await tokenOf(z);
  await revoke(z, { userId, ip: "" });
  return {
    id,
    agencyId,
    marker,
    title,
    v1,
    v2,
    clause,
    invitationX: x,
    invitationY: y,
    invitationZ: z,
    tokenX: await tokenOf(x),
    tokenY: await tokenOf(y),
    tokenZ,
    submissionX,
    submissionY,
    commentX,
    answerX: saved.answerId,
    commentY,
  };
}

export async function buildWorld(): Promise<World> {
  const db = await getDb();
  const tag = crypto.randomBytes(3).toString("hex");
  const agencyA = await insertAgency(db, { name: `Sở A ${tag}`, shortName: "", emails: [] });
  const agencyB = await insertAgency(db, { name: `Sở B ${tag}`, shortName: "", emails: [] });
  const invitees: number[] = [];
  for (const n of ["X", "Y", "Z"]) invitees.push(await insertAgency(db, { name: `Cơ quan ${n} ${tag}`, shortName: "", emails: [] }));
  const admin = await makeUser("admin", null, "admin");
  const drafterA = await makeUser("drafter", agencyA, "drafter-a");
  const drafterB = await makeUser("drafter", agencyB, "drafter-b");
  const agencyless = await makeUser("drafter", null, "agencyless");
  const disabledDrafter = await makeUser("drafter", agencyA, "disabled-drafter");
  const disabledAdmin = await makeUser("admin", null, "disabled-admin");
  // Disabled directly (sessions left in place) so the session lookup itself must refuse them.
  await setUserDisabled(db, disabledDrafter.id, true);
  await setUserDisabled(db, disabledAdmin.id, true);
  const A = await makeConsultation(agencyA, invitees, "MARKERA1", drafterA.id);
  const A2 = await makeConsultation(agencyA, invitees, "MARKERA2", drafterA.id);
  const B = await makeConsultation(agencyB, invitees, "MARKERB0", drafterB.id);
  return { agencyA, agencyB, invitees, admin, drafterA, drafterB, agencyless, disabledDrafter, disabledAdmin, A, A2, B };
}
