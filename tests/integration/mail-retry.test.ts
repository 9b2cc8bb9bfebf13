/**
 * Mail is retried (issue 13, finding 9): a mail that fails stays in the outbox with its error and the
 * time of its next attempt (1, 5, 15, 60 minutes, then given up); the scheduler's tick sends it once
 * SMTP is back; a reminder due while SMTP is down is queued with its mails, not lost; the board shows
 * failed mails with a "retry now" that is CSRF-checked, access-checked and audited.
 */
import net from "node:net";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as board from "~/routes/staff.consultations.$id.invitations";
import * as outboxPage from "~/routes/staff.consultations.$id.outbox";
import { runScheduler } from "~/invitations/scheduler.server";
import { resetTransport } from "~/mail/transport.server";
import { IN_FLIGHT_MS, MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS } from "~/mail/retry";
import { storeVersion } from "~/versions/store-version.server";
import { sql } from "drizzle-orm";
import { DIALECT, getDb, rows, write, type Db } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { insertConsultation } from "#db/queries/consultations";
import { boardRows } from "#db/queries/invitations";
import { claimMail, queueMails } from "#db/queries/outbox";
import { completeReminder, pendingReminderTimes, replaceReminders } from "#db/queries/reminders";
import { startSmtp } from "../support/smtp";
import { ctx, execRaw, getRequest, makeStaff, refuseAuditEvent, run, useTempDatabase } from "./harness";

useTempDatabase();

const BASE = "http://localhost";
const v1 = fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt"), "utf8");
const CUTOFF = Date.UTC(2023, 6, 5, 17, 0);
const T0 = CUTOFF - 3 * 86_400_000;
const MIN = 60_000;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let deadUrl = "";

/** A port on which nothing listens: connections are refused, as when the mail server is down. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function useSmtp(url: string) {
  process.env.SMTP_URL = url;
  resetTransport();
}

beforeAll(async () => {
  smtp = await startSmtp();
  deadUrl = `smtp://127.0.0.1:${await deadPort()}`;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetTransport();
  await smtp.close();
});
afterEach(() => {
  vi.useRealTimers();
  smtp.control.reject = null;
});

function at(instant: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(instant);
}

interface MailRow {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  error: string | null;
  sent_at: number | null;
  last_attempt_at: number | null;
  to_addresses: string;
  subject: string;
}
const mailsOf = async (consultationId: number) =>
  rows<MailRow>(await getDb(), sql`select * from outbox where consultation_id = ${consultationId} order by id`);
const auditOf = async (action: string, consultationId: number) =>
  rows<{ actor_user_id: number | null; details: string }>(await getDb(), sql`select * from audit_events where action = ${action} and subject_id = ${String(consultationId)}`);

async function setUp(names: string[]) {
  const drafter = await makeStaff({ role: "drafter", agencyName: `Sở Nội vụ ${Math.random()}` });
  const db = await getDb();
  const tag = Math.random().toString(36).slice(2, 8);
  const agencyIds: number[] = [];
  for (const [i, name] of names.entries()) agencyIds.push(await insertAgency(db, { name: `${name} ${tag}`, shortName: "", emails: [`retry-${tag}-${i}@example.test`] }));
  const consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch thử gửi lại", kind: "plan", draftingAgencyId: drafter.agencyId!, letterRef: "2/VP", letterText: "Đề nghị góp ý.", cutoffAt: CUTOFF, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    drafter.id,
  );
  await storeVersion({ consultationId, text: v1, source: { kind: "paste" }, createdBy: drafter.id, publish: true });
  const params = { id: String(consultationId) };
  const post = (fields: Record<string, string | string[]>, opts: { cookie?: string; id?: number; csrf?: boolean } = {}) => {
    const form = new FormData();
    if (opts.csrf !== false) form.set("csrf", "test-csrf-token-0123456789abcdefghijklmnop");
    for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) form.append(k, x);
    const id = opts.id ?? consultationId;
    return run(() =>
      board.action({
        request: new Request(`${BASE}/staff/consultations/${id}/invitations`, { method: "POST", body: form, headers: { Cookie: opts.cookie ?? drafter.cookie } }),
        params: { id: String(id) },
        context: ctx,
      }),
    );
  };
  const view = async (cookie = drafter.cookie) => {
    const res = await run(() => board.loader({ request: getRequest(`/staff/consultations/${consultationId}/invitations`, cookie), params, context: ctx }));
    return res as typeof res & { data: { failedMailCount: number; rows: { agencyName: string; failedMails: { id: number; kind: string; error: string; attempts: number; nextAttemptAt: number | null }[] }[] } };
  };
  const emails = agencyIds.map((_, i) => `retry-${tag}-${i}@example.test`);
  return { drafter, consultationId, agencyIds, emails, params, post, view };
}

describe("a mail that fails is kept and retried", () => {
  it("SMTP down: the mail is failed with its error and a next attempt; SMTP back: the next tick sends it", async () => {
    at(T0);
    useSmtp(deadUrl);
    const s = await setUp(["Sở Tư pháp"]);
    const res = await s.post({ intent: "invite", agencyIds: String(s.agencyIds[0]), sendMail: "on" });
    expect(res.status).toBe(200);
    const [mail] = await mailsOf(s.consultationId);
    expect(mail).toMatchObject({ kind: "invitation", status: "failed", attempts: 1, last_attempt_at: T0, sent_at: null });
    expect(mail!.error).toMatch(/ECONNREFUSED/);
    // The invitation still counts as sent: its mail is in the outbox.
    expect((await boardRows(await getDb(), s.consultationId, { limit: 1, offset: 0 }))[0]!.sentAt).toBe(T0);

    // The board shows it under its agency, with the error and the next attempt a minute later.
    const page = await s.view();
    expect(page.data.failedMailCount).toBe(1);
    expect(page.data.rows[0]!.failedMails).toEqual([{ id: mail!.id, kind: "invitation", error: mail!.error, attempts: 1, nextAttemptAt: T0 + MIN }]);
    // So does the outbox page.
    const outbox = await run(() => outboxPage.loader({ request: getRequest(`/staff/consultations/${s.consultationId}/outbox`, s.drafter.cookie), params: s.params, context: ctx }));
    expect((outbox.data as { mails: { id: number; status: string; nextAttemptAt: number | null }[] }).mails).toMatchObject([{ id: mail!.id, status: "failed", nextAttemptAt: T0 + MIN }]);

    // Before the minute is up the tick leaves it alone.
    at(T0 + 59_000);
    await runScheduler(Date.now());
    expect((await mailsOf(s.consultationId))[0]).toMatchObject({ status: "failed", attempts: 1 });

    // SMTP is back: the next tick sends it, once.
    useSmtp(smtp.url);
    const before = smtp.mails.length;
    at(T0 + MIN);
    await runScheduler(Date.now());
    expect((await mailsOf(s.consultationId))[0]).toMatchObject({ status: "sent", attempts: 2, error: null, sent_at: T0 + MIN, last_attempt_at: T0 + MIN });
    expect(smtp.mails.length).toBe(before + 1);
    expect(smtp.mails.at(-1)!.to).toEqual([s.emails[0]]);
    at(T0 + 2 * 3_600_000);
    await runScheduler(Date.now());
    expect(smtp.mails.length).toBe(before + 1);
    expect((await s.view()).data.failedMailCount).toBe(0);
  });

  it("backs off 1, 5, 15 and 60 minutes, then gives up and says so; 'retry now' still sends it", async () => {
    at(T0);
    useSmtp(smtp.url);
    smtp.control.reject = "Mailbox temporarily unavailable";
    const s = await setUp(["Mặt trận Tổ quốc"]);
    await s.post({ intent: "invite", agencyIds: String(s.agencyIds[0]), sendMail: "on" });
    const id = (await mailsOf(s.consultationId))[0]!.id;
    expect((await mailsOf(s.consultationId))[0]!.error).toMatch(/451.*Mailbox temporarily unavailable/);

    let last = T0;
    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      at(last + delay - 1_000);
      await runScheduler(Date.now());
      expect((await mailsOf(s.consultationId))[0]!.attempts).toBe(i + 1); // not yet
      at(last + delay);
      await runScheduler(Date.now());
      expect((await mailsOf(s.consultationId))[0]).toMatchObject({ status: "failed", attempts: i + 2, last_attempt_at: last + delay });
      last += delay;
    }
    expect(MAX_ATTEMPTS).toBe(5);
    expect(nextAttemptAt(MAX_ATTEMPTS, last)).toBeNull();
    // Given up: no more attempts, however long one waits; the board says so; the audit log has it.
    at(last + 7 * 86_400_000);
    await runScheduler(Date.now());
    expect((await mailsOf(s.consultationId))[0]).toMatchObject({ status: "failed", attempts: 5 });
    const failed = (await s.view()).data.rows[0]!.failedMails[0]!;
    expect(failed).toMatchObject({ id, attempts: 5, nextAttemptAt: null });
    expect(failed.error).toMatch(/Mailbox temporarily unavailable/);
    const gaveUp = await auditOf("mail.given_up", s.consultationId);
    expect(gaveUp).toHaveLength(1);
    expect(JSON.parse(gaveUp[0]!.details)).toMatchObject({ mailId: id, attempts: 5 });

    // Still refused: "retry now" makes one attempt and says it failed again.
    const again = await s.post({ intent: "retryMail", mailId: String(id) });
    expect(again.data).toMatchObject({ ok: true, message: "mailRetry.failedAgain" });
    expect((await mailsOf(s.consultationId))[0]).toMatchObject({ status: "failed", attempts: 6 });

    // The server takes mail again: "retry now" sends it at once, and it is audited with its drafter.
    smtp.control.reject = null;
    const before = smtp.mails.length;
    const sent = await s.post({ intent: "retryMail", mailId: String(id) });
    expect(sent.status).toBe(200);
    expect(sent.data).toMatchObject({ ok: true, message: "mailRetry.sent" });
    expect((await mailsOf(s.consultationId))[0]).toMatchObject({ status: "sent", attempts: 7, error: null });
    expect(smtp.mails.length).toBe(before + 1);
    const audited = await auditOf("mail.retried", s.consultationId);
    expect(audited).toHaveLength(2);
    expect(audited.map((a) => a.actor_user_id)).toEqual([s.drafter.id, s.drafter.id]);
    expect(JSON.parse(audited[1]!.details)).toMatchObject({ mailId: id, status: "sent" });
    // A sent mail is not retried again.
    const twice = await s.post({ intent: "retryMail", mailId: String(id) });
    expect(twice.data).toMatchObject({ ok: false, errors: { _form: "mailRetry.notFailed" } });
    expect(smtp.mails.length).toBe(before + 1);
  });

  it("'retry now' and its audit event commit together: when the event cannot be written, the attempt's outcome is not stored either (issue 14)", async () => {
    at(T0);
    useSmtp(deadUrl);
    const s = await setUp(["Sở Xây dựng"]);
    await s.post({ intent: "invite", agencyIds: String(s.agencyIds[0]), sendMail: "on" });
    const id = (await mailsOf(s.consultationId))[0]!.id;
    useSmtp(smtp.url);
    // A trigger of this test's database refuses the "mail.retried" event.
    const allow = await refuseAuditEvent("mail.retried");
    try {
      await expect(s.post({ intent: "retryMail", mailId: String(id) }).catch((e: Error) => Promise.reject(new Error(`${e.message} ${String(e.cause ?? "")}`)))).rejects.toThrow(
        /refused by the test/,
      );
    } finally {
      await allow();
    }
    // The attempt was claimed (its own write) but its outcome rolled back with the event: never "sent" without "mail.retried".
    const [mail] = await mailsOf(s.consultationId);
    expect(mail!.status).not.toBe("sent");
    expect(mail!.sent_at).toBeNull();
    expect(await auditOf("mail.retried", s.consultationId)).toHaveLength(0);
    // It was sent, though: left in flight, the scheduler would send it again; set it aside for the other tests.
    await write(await getDb(), (w) => execRaw(w, `update outbox set status = 'kept' where id = ${Number(id)}`));
  });

  it("'retry now' is refused without the CSRF token, for another agency's drafter and for another consultation's mail", async () => {
    at(T0);
    useSmtp(deadUrl);
    const s = await setUp(["Sở Y tế"]);
    await s.post({ intent: "invite", agencyIds: String(s.agencyIds[0]), sendMail: "on" });
    const id = (await mailsOf(s.consultationId))[0]!.id;
    useSmtp(smtp.url);
    const before = smtp.mails.length;

    expect((await s.post({ intent: "retryMail", mailId: String(id) }, { csrf: false })).status).toBe(403);
    // A drafter of another agency cannot reach this board at all …
    const outsider = await makeStaff({ role: "drafter", agencyName: `Sở khác ${Math.random()}` });
    expect((await s.post({ intent: "retryMail", mailId: String(id) }, { cookie: outsider.cookie })).status).toBe(404);
    // … nor retry this mail through a consultation of its own.
    const own = await setUp(["Sở Công Thương"]);
    const other = await own.post({ intent: "retryMail", mailId: String(id) });
    expect(other.status).toBe(400);
    expect(other.data).toMatchObject({ ok: false, errors: { _form: "error.notFound" } });
    expect((await mailsOf(s.consultationId))[0]).toMatchObject({ status: "failed", attempts: 1 });
    expect(smtp.mails.length).toBe(before);
    expect(await auditOf("mail.retried", s.consultationId)).toHaveLength(0);

    // The drafter of the consultation can.
    expect((await s.post({ intent: "retryMail", mailId: String(id) })).data).toMatchObject({ ok: true, message: "mailRetry.sent" });
    expect(smtp.mails.length).toBe(before + 1);
  });

  it("an attempt is claimed once; one cut short by a stopped process is made again after IN_FLIGHT_MS, not before", async () => {
    at(T0);
    useSmtp(smtp.url);
    const s = await setUp(["Sở Khoa học"]);
    const db = await getDb();
    const [id] = await queueMails(db, [{ consultationId: s.consultationId, invitationId: null, kind: "invitation", to: [s.emails[0]!], subject: "Thư thử", body: "Nội dung" }]);
    // Two runners read it at attempt 0: one takes it, the other gets nothing.
    expect(await claimMail(db, { id: id!, attempts: 0 }, T0)).toBe(true);
    expect(await claimMail(db, { id: id!, attempts: 0 }, T0)).toBe(false);
    // The process stops here, mid-send: the mail stays pending (in flight), not sent twice meanwhile.
    const before = smtp.mails.length;
    at(T0 + IN_FLIGHT_MS - 1_000);
    await runScheduler(Date.now());
    expect((await mailsOf(s.consultationId))[0]).toMatchObject({ status: "pending", attempts: 1 });
    at(T0 + IN_FLIGHT_MS);
    await runScheduler(Date.now());
    expect((await mailsOf(s.consultationId))[0]).toMatchObject({ status: "sent", attempts: 2 });
    expect(smtp.mails.length).toBe(before + 1);
  });

  it("the board's mail round says how many failed", async () => {
    at(T0);
    useSmtp(deadUrl);
    const s = await setUp(["Sở A", "Sở B"]);
    await s.post({ intent: "invite", agencyIds: s.agencyIds.map(String) });
    const res = await s.post({ intent: "mailAll" });
    expect(res.data).toMatchObject({ ok: true, message: "mailRetry.someFailed", count: 2 });
    expect((await s.view()).data.failedMailCount).toBe(2);
  });
});

describe("reminders", () => {
  it("a reminder due while SMTP is down is queued and marked sent together, then delivered when SMTP is back", async () => {
    at(T0);
    useSmtp(smtp.url);
    const s = await setUp(["Sở Xây dựng", "Sở Tài chính"]);
    await s.post({ intent: "invite", agencyIds: s.agencyIds.map(String), sendMail: "on" });
    expect((await mailsOf(s.consultationId)).map((m) => m.status)).toEqual(["sent", "sent"]);
    const due = T0 + 3_600_000;
    await replaceReminders(await getDb(), s.consultationId, [due], BASE);

    useSmtp(deadUrl);
    at(due + 1_000);
    await runScheduler(Date.now());
    // Done (no longer pending) and its two mails in the outbox, failed, with the error.
    expect(await pendingReminderTimes(await getDb(), s.consultationId)).toEqual([]);
    const reminders = (await mailsOf(s.consultationId)).filter((m) => m.kind === "reminder");
    expect(reminders).toHaveLength(2);
    expect(reminders.every((m) => m.status === "failed" && m.attempts === 1 && /ECONNREFUSED/.test(m.error ?? ""))).toBe(true);
    // The next ticks do not send the reminder a second time.
    at(due + 30_000);
    await runScheduler(Date.now());
    expect((await mailsOf(s.consultationId)).filter((m) => m.kind === "reminder")).toHaveLength(2);

    useSmtp(smtp.url);
    const before = smtp.mails.length;
    at(due + 1_000 + MIN);
    await runScheduler(Date.now());
    expect((await mailsOf(s.consultationId)).filter((m) => m.kind === "reminder").map((m) => m.status)).toEqual(["sent", "sent"]);
    const received = smtp.mails.slice(before);
    expect(received.map((m) => m.to[0]).sort()).toEqual([...s.emails].sort());
    expect(received.every((m) => m.subject === "Nhắc góp ý: Kế hoạch thử gửi lại")).toBe(true);
  });

  it("a reminder is not marked sent when its mails cannot be queued (one transaction)", async () => {
    at(T0);
    const s = await setUp(["Sở Nội vụ B"]);
    const db = await getDb();
    await replaceReminders(db, s.consultationId, [T0 - 1_000], BASE);
    const [{ id: reminderId }] = (await rows<{ id: number }>(db, sql`select id from reminders where consultation_id = ${s.consultationId}`)) as [{ id: number }];
    // A mail that cannot be stored (it names a consultation that does not exist: foreign key).
    const broken = { consultationId: 999_999, invitationId: null, kind: "reminder" as const, to: ["x@example.test"], subject: "s", body: "b" };
    await expect(completeReminder(db, reminderId, [broken], T0)).rejects.toThrow();
    expect(await pendingReminderTimes(db, s.consultationId)).toEqual([T0 - 1_000]);
    // Done with its mails: once, and a second runner gets nothing.
    const good = { ...broken, consultationId: s.consultationId };
    expect(await completeReminder(db, reminderId, [good], T0)).toHaveLength(1);
    expect(await completeReminder(db, reminderId, [good], T0)).toBeNull();
    expect(await pendingReminderTimes(db, s.consultationId)).toEqual([]);
    expect(await mailsOf(s.consultationId)).toHaveLength(1);
  });
});
