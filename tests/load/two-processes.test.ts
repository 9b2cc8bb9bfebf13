/**
 * Two app processes on one database (issue 14, "Several processes"): two `node server.js` on two ports,
 * the same database (on the PostgreSQL pass a database of its own on TEST_DATABASE_URL's server, else
 * one SQLite file: WAL and BEGIN IMMEDIATE let two processes write it) and the same APP_SECRET, as two
 * app nodes behind a proxy would run. Plain HTTP, no browser. Both serve; the same form posted to each
 * at once is stored once; the link-guess limit counts both processes' hits together; sign-in guesses
 * from one address are checked one at a time across both (a lease per address); a reminder due
 * while both run their scheduler is mailed once per recipient (the lease and the reminder's claim).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, DIALECT, getDb } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { insertConsultation } from "#db/queries/consultations";
import { leaseHolder } from "#db/queries/leases";
import { pendingReminderTimes, replaceReminders } from "#db/queries/reminders";
import { submissions } from "#db/schema";
import { createInvitations } from "~/invitations/invitations.server";
import { SCHEDULER_LEASE } from "~/invitations/scheduler.server";
import { invitationToken } from "~/invitations/token.server";
import { forgetServerSecret } from "~/security/secret.server";
import { storeVersion } from "~/versions/store-version.server";
import { DEMO_DIR } from "~/demo/load-demo.server";
import { createTestDatabase, dropTestDatabase } from "../support/pg-database";
import { startPortal, type Portal } from "../browser/portal";

const SECRET = `two-processes-test-secret-${Date.now()}-0123456789`;
/** The scheduler's tick in both processes (SCHEDULER_INTERVAL_MS): short, so the test sees several. */
const TICK_MS = 300;
/** The link-guess limiter's allowance per address (app/security/rate-limit.server.ts, linkGuesses). */
const LINK_GUESS_LIMIT = 30;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-two-processes-"));
let databaseFile = "";
let pgDatabase = "";
let a: Portal | undefined;
let b: Portal | undefined;
let consultationId = 0;
/** The agency that submits, and the two that are reminded (they have not answered). */
let submitterToken = "";
const reminded = ["nhac1@gopy.test", "nhac2@gopy.test"];
let previousUrl: string | undefined;
let previousSecret: string | undefined;

/** Opens the shared database from this (test) process, with the portals' secret. */
async function useSharedDatabase() {
  process.env.DATABASE_URL = databaseFile;
  process.env.APP_SECRET = SECRET;
  forgetServerSecret();
  await closeDb();
  return getDb();
}

beforeAll(async () => {
  previousUrl = process.env.DATABASE_URL;
  previousSecret = process.env.APP_SECRET;
  if (DIALECT === "pg") databaseFile = pgDatabase = await createTestDatabase();
  else databaseFile = path.join(dir, "shared.db");
  // Seeded before either process opens it (and migrated here): an open consultation with its draft
  // published, and three invited agencies with an address each.
  const db = await useSharedDatabase();
  const drafting = await insertAgency(db, { name: "Sở Nội vụ (hai tiến trình)", shortName: "SNV", emails: [] });
  consultationId = await insertConsultation(
    db,
    {
      title: "Hai tiến trình: Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở",
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
  await storeVersion({ consultationId, text: draft, source: { kind: "paste" }, createdBy: null, publish: true });
  const agencyIds = [
    await insertAgency(db, { name: "Sở Tư pháp (hai tiến trình)", shortName: "STP", emails: ["gopy1@gopy.test"] }),
    await insertAgency(db, { name: "Liên đoàn Lao động (hai tiến trình)", shortName: "LĐLĐ", emails: [reminded[0]!] }),
    await insertAgency(db, { name: "Ủy ban Mặt trận (hai tiến trình)", shortName: "MTTQ", emails: [reminded[1]!] }),
  ];
  const [submitter] = await createInvitations(db, consultationId, agencyIds);
  submitterToken = invitationToken(submitter!.id, submitter!.nonce);
  await closeDb();

  const env = { APP_SECRET: SECRET, SCHEDULER_INTERVAL_MS: String(TICK_MS) };
  // Started at once, as two nodes behind a proxy (or a restart of both) would be.
  [a, b] = await Promise.all([startPortal({ databaseFile, env }), startPortal({ databaseFile, env })]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await closeDb();
  if (pgDatabase) await dropTestDatabase(pgDatabase);
  process.env.DATABASE_URL = previousUrl;
  process.env.APP_SECRET = previousSecret;
  if (previousUrl === undefined) delete process.env.DATABASE_URL;
  if (previousSecret === undefined) delete process.env.APP_SECRET;
  forgetServerSecret();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** name → value of the page's hidden inputs. */
function hiddenInputs(html: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const tag of html.match(/<input[^>]*type="hidden"[^>]*>/g) ?? []) {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? "";
    if (name) found.set(name, value.replace(/&amp;/g, "&").replace(/&quot;/g, '"'));
  }
  return found;
}

describe("two app processes on one database", () => {
  it("both serve", async () => {
    expect(a!.pid).not.toBe(b!.pid);
    for (const portal of [a!, b!]) {
      const res = await fetch(`${portal.baseURL}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("ok");
    }
    // The link opens on either: the same secret, the same database.
    for (const portal of [a!, b!]) expect((await fetch(`${portal.baseURL}/i/${submitterToken}`)).status).toBe(200);
  });

  it("stores a form posted to both at once (the same request key) once", async () => {
    const page = await fetch(`${a!.baseURL}/i/${submitterToken}`);
    expect(page.status).toBe(200);
    const csrfCookie = /gopy_csrf=[^;]+/.exec(page.headers.get("set-cookie") ?? "")?.[0];
    expect(csrfCookie).toBeTruthy();
    const html = await page.text();
    const hidden = hiddenInputs(html);
    const requestKey = hidden.get("requestKey")!;
    expect(requestKey).toBeTruthy();
    expect(hidden.get("csrf")).toBeTruthy();
    // Every box of the page, as the browser posts it; the first clause's comment written.
    const boxes = [...html.matchAll(/<textarea[^>]*name="([cp]:[^"]+)"/g)].map((m) => m[1]!);
    const firstClause = boxes.find((name) => /^c:\d+$/.test(name))!;
    expect(firstClause).toBeTruthy();
    const form = () => {
      const body = new FormData();
      for (const [name, value] of hidden) body.set(name, value);
      for (const name of boxes) body.set(name, name === firstClause ? "Đề nghị làm rõ thời hạn thực hiện nội dung này." : "");
      body.set("answerKind", "comments");
      body.set("signerName", "Nguyễn Văn Hai");
      body.set("signerPosition", "Phó Giám đốc");
      body.set("intent", "submit");
      return body;
    };
    const post = (portal: Portal) =>
      fetch(`${portal.baseURL}/i/${submitterToken}`, { method: "POST", body: form(), headers: { cookie: csrfCookie! }, redirect: "manual" });
    const answers = await Promise.all([post(a!), post(b!)]);
    // Both are told it was received, and both lead to the same receipt (the second finds the first).
    expect(answers.map((r) => r.status)).toEqual([302, 302]);
    const receipts = answers.map((r) => r.headers.get("location"));
    expect(receipts[0]).toMatch(/\/receipt\?s=\d+$/);
    expect(receipts[1]).toBe(receipts[0]);

    const db = await useSharedDatabase();
    const stored = await db.select({ id: submissions.id }).from(submissions).where(eq(submissions.requestKey, requestKey));
    await closeDb();
    expect(stored).toHaveLength(1);
    expect(receipts[0]).toBe(`/i/${submitterToken}/receipt?s=${stored[0]!.id}`);
  });

  it("counts unknown links on both processes against one limit", async () => {
    // A well-formed token no invitation has: each try is a guess, whichever process it reaches.
    const guess = (n: number) => `${"g".repeat(38)}${String(n).padStart(5, "0")}`;
    const statuses: number[] = [];
    for (let n = 0; n < LINK_GUESS_LIMIT + 2; n++) {
      const portal = n % 2 === 0 ? a! : b!;
      statuses.push((await fetch(`${portal.baseURL}/i/${guess(n)}`)).status);
    }
    // Per process the 31st guess would be each one's 16th: the 429 comes at the portal's 31st.
    expect(statuses.slice(0, LINK_GUESS_LIMIT)).toEqual(Array(LINK_GUESS_LIMIT).fill(404));
    expect(statuses.slice(LINK_GUESS_LIMIT)).toEqual([429, 429]);
    // A real link still opens on both.
    for (const portal of [a!, b!]) expect((await fetch(`${portal.baseURL}/i/${submitterToken}`)).status).toBe(200);
  });

  it("lets sign-in guesses from one address through the throttle one at a time, whichever process they reach", async () => {
    const page = await fetch(`${a!.baseURL}/signin`);
    const csrfCookie = /gopy_csrf=[^;]+/.exec(page.headers.get("set-cookie") ?? "")?.[0];
    const csrf = hiddenInputs(await page.text()).get("csrf");
    expect(csrfCookie && csrf).toBeTruthy();
    const guess = (portal: Portal, n: number) =>
      fetch(`${portal.baseURL}/signin`, {
        method: "POST",
        headers: { cookie: csrfCookie!, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrf: csrf!, email: "khong-co-ai@gopy.test", password: `doan-sai-${n}` }),
        redirect: "manual",
      }).then((r) => r.status);
    // Ten wrong guesses at once, five to each process. Checked one at a time everywhere, the first
    // PAIR_FREE_FAILURES (3) and the one that trips the throttle are answered "wrong" (400), the other
    // six "wait" (429). With each process ordering only its own, both let guesses through together.
    const statuses = await Promise.all(Array.from({ length: 10 }, (_, n) => guess(n % 2 === 0 ? a! : b!, n)));
    expect(statuses.filter((s) => s === 400)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  });

  it("mails a reminder due while both run their scheduler once per recipient", async () => {
    // Both have ticked several times: one of them holds the scheduler's lease.
    await new Promise((r) => setTimeout(r, 3 * TICK_MS));
    let db = await useSharedDatabase();
    const holder = await leaseHolder(db, SCHEDULER_LEASE, Date.now());
    expect(holder).not.toBeNull();
    expect([a!.pid, b!.pid]).toContain(Number(holder!.split(":").at(-2)));
    await replaceReminders(db, consultationId, [Date.now()], a!.baseURL);
    await closeDb();

    const mails = () => [...a!.mails(), ...b!.mails()];
    const until = Date.now() + 20_000;
    while (mails().length < reminded.length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    // Several more ticks of both: nothing is sent a second time.
    await new Promise((r) => setTimeout(r, 10 * TICK_MS));
    const received = mails();
    expect(received.flatMap((m) => m.to).sort()).toEqual([...reminded].sort());
    // The agency that answered is not reminded.
    expect(received.flatMap((m) => m.to)).not.toContain("gopy1@gopy.test");
    for (const mail of received) expect(mail.text).toContain(`${a!.baseURL}/i/`);

    db = await useSharedDatabase();
    expect(await pendingReminderTimes(db, consultationId)).toEqual([]);
    await closeDb();
  }, 60_000);
});
