/**
 * Issue 13 (findings 2, 6, 7, 10): one body policy for every POST. Requests go over loopback HTTP
 * through an Express app built as server.js builds it (the body policy in front, the Fetch Request made
 * from the body the policy received) to the real route actions on a real database.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as board from "~/routes/staff.consultations.$id.invitations";
import * as invitee from "~/routes/i.$token._index";
import * as signin from "~/routes/signin";
import * as comments from "~/routes/staff.consultations.$id.comments";
import * as account from "~/routes/staff.account";
import * as newVersion from "~/routes/staff.consultations.$id.versions.new";
import { bodyPolicy, bufferedBodyBytes, fetchRequestOf, receivedBody, requestStartedAt } from "~/http/body-policy.server";
import { invitationLink } from "~/invitations/invitations.server";
import { storeVersion } from "~/versions/store-version.server";
import { getDb } from "#db/client.server";
import { insertAgency } from "#db/queries/agencies";
import { insertConsultation } from "#db/queries/consultations";
import { boardRows, listDrafts, listSubmissions } from "#db/queries/invitations";
import { listVersions } from "#db/queries/versions";
import { CSRF, csrfCookiePair, getRequest, makeStaff, run, useTempDatabase } from "./harness";

useTempDatabase();

const MB = 1024 * 1024;
let server: http.Server;
let base = "";

/** The Express app of server.js, with the route modules under test instead of the whole build. */
function portal() {
  const app = express();
  const toRoute = (action: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>, params: (req: express.Request) => Record<string, string>) =>
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      const body = receivedBody(res);
      const context = { clientIp: "127.0.0.1", requestStartedAt: requestStartedAt(res), bodyReceivedAt: body?.receivedAt, receivedBody: body?.bytes };
      // Express 4 does not await a handler: a failure is handed to its error handler instead of lost.
      run(() => action({ request: fetchRequestOf(req, res), params: params(req), context }))
        .then((result) => void res.status(result.status).json({ data: result.data, location: result.location }))
        .catch(next);
    };
  app.all("*", bodyPolicy);
  app.post("/signin", toRoute(signin.action as never, () => ({})));
  app.post("/staff/account", toRoute(account.action as never, () => ({})));
  app.post("/i/:token", toRoute(invitee.action as never, (req) => ({ token: req.params.token! })));
  app.post("/staff/consultations/:id/versions/new", toRoute(newVersion.action as never, (req) => ({ id: req.params.id! })));
  return app;
}

beforeAll(async () => {
  server = portal().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A raw POST: headers first, then the body in chunks, each after `gapMs`; resolves with status and text. */
function rawPost(path: string, opts: { headers: Record<string, string>; chunks: Iterable<Buffer | string>; gapMs?: number }) {
  return new Promise<{ status: number; text: string; ms: number }>((resolve, reject) => {
    const t0 = Date.now();
    const req = http.request(`${base}${path}`, { method: "POST", headers: opts.headers });
    let settled = false;
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        settled = true;
        resolve({ status: res.statusCode!, text, ms: Date.now() - t0 });
      });
    });
    req.on("error", (e) => (settled ? undefined : reject(e)));
    const it = opts.chunks[Symbol.iterator]();
    const pump = () => {
      if (settled || req.destroyed) return;
      const next = it.next();
      if (next.done) return void req.end();
      const ok = req.write(next.value);
      if (opts.gapMs) setTimeout(pump, opts.gapMs);
      else if (ok) setImmediate(pump);
      else req.once("drain", pump);
    };
    req.flushHeaders();
    pump();
  });
}

function multipartBody(boundary: string, parts: { name: string; value: string | Buffer; filename?: string; type?: string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename.replace(/"/g, "%22")}"` : ""}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n`));
    chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

async function openInvitation(cutoffAt: number) {
  const drafter = await makeStaff({ role: "drafter", agencyName: `Sở Nội vụ ${Math.random()}` });
  const db = await getDb();
  const agencyId = await insertAgency(db, { name: `Sở Tư pháp ${Math.random()}`, shortName: "", emails: ["stp@example.test"] });
  const consultationId = await insertConsultation(
    db,
    { title: "Kế hoạch thử", kind: "plan", draftingAgencyId: drafter.agencyId!, letterRef: "1/VP", letterText: "Đề nghị góp ý.", cutoffAt, timeZone: "Asia/Ho_Chi_Minh", status: "preparing" },
    drafter.id,
  );
  await storeVersion({ consultationId, text: "Điều 1. Phạm vi\nNội dung.\nĐiều 2. Đối tượng\nNội dung.", source: { kind: "paste" }, createdBy: drafter.id, publish: true });
  const form = new FormData();
  form.set("csrf", CSRF);
  form.set("intent", "invite");
  form.append("agencyIds", String(agencyId));
  const invited = await run(() =>
    board.action({ request: new Request(`http://localhost/staff/consultations/${consultationId}/invitations`, { method: "POST", body: form, headers: { Cookie: drafter.cookie } }), params: { id: String(consultationId) }, context: { clientIp: "127.0.0.1" } }),
  );
  expect(invited.status).toBe(200);
  const row = (await boardRows(db, consultationId, { limit: 10, offset: 0 }))[0]!;
  return { drafter, consultationId, invitationId: row.id, token: invitationLink("", row).split("/i/")[1]! };
}

const answerFields = (extra: Record<string, string> = {}) => ({
  csrf: CSRF,
  intent: "submit",
  answerKind: "comments",
  signerName: "Nguyễn Văn A",
  signerPosition: "Giám đốc",
  requestKey: `key-${Math.random().toString(36).slice(2)}-0123456789`,
  baseRevision: "0",
  "c:general": "Đề nghị bổ sung căn cứ.",
  ...extra,
});

describe("finding 2: bodies are bounded before they are buffered", () => {
  it("refuses a 20 MB sign-in post with 413 at once, without holding it in memory", async () => {
    const before = process.memoryUsage().rss;
    // Declared length: refused before a byte of the body is read.
    const declared = await rawPost("/signin", { headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(20 * MB), Accept: "text/html" }, chunks: [] });
    expect(declared.status).toBe(413);
    expect(declared.text).toContain("Biểu mẫu quá lớn");
    expect(declared.ms).toBeLessThan(2000);
    // No length (chunked): counted as it streams, refused once past 16 KB.
    const chunk = Buffer.alloc(64 * 1024, "a");
    const streamed = await rawPost("/signin", { headers: { "Content-Type": "application/x-www-form-urlencoded" }, chunks: Array.from({ length: 320 }, () => chunk) }).catch((e: Error) => ({ status: 0, text: e.message, ms: 0 }));
    expect(streamed.status).toBe(413);
    expect(streamed.ms).toBeLessThan(2000);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * MB);
    expect(bufferedBodyBytes()).toBe(0);
  });

  it("refuses 100,000 tiny parts to an agency link quickly (413)", async () => {
    const { token } = await openInvitation(Date.now() + 86_400_000);
    const boundary = "----gopy" + Math.random().toString(16).slice(2);
    const one = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\na\r\n`);
    const parts = Array.from({ length: 1000 }, () => Buffer.concat(Array.from({ length: 100 }, () => one)));
    const res = await rawPost(`/i/${token}`, { headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: await csrfCookiePair() }, chunks: [...parts, Buffer.from(`--${boundary}--\r\n`)] }).catch((e: Error) => ({ status: 0, text: e.message, ms: 0 }));
    expect(res.status).toBe(413);
    expect(res.ms).toBeLessThan(3000);
  });

  it("refuses a million urlencoded pairs to an agency link (413) and a large total (413)", async () => {
    const { token } = await openInvitation(Date.now() + 86_400_000);
    const pairs = await rawPost(`/i/${token}`, { headers: { "Content-Type": "application/x-www-form-urlencoded" }, chunks: Array.from({ length: 100 }, () => "a=&".repeat(10_000)) }).catch((e: Error) => ({ status: 0, text: e.message, ms: 0 }));
    expect(pairs.status).toBe(413);
    const big = await rawPost(`/i/${token}`, { headers: { "Content-Type": "multipart/form-data; boundary=b", "Content-Length": String(490 * MB) }, chunks: [] });
    expect(big.status).toBe(413);
  });
});

describe("finding 7: file names with ';' and '='", () => {
  it("accepts and stores a signed letter named 'Cong van 12; gop y.pdf' and 'Quyết định số 1=2.pdf'", async () => {
    for (const name of ["Cong van 12; gop y.pdf", "Quyết định số 1=2.pdf"]) {
      const { token, invitationId } = await openInvitation(Date.now() + 86_400_000);
      const boundary = "----gopyLetter" + Math.random().toString(16).slice(2);
      const fields = Object.entries(answerFields()).map(([k, v]) => ({ name: k, value: v }));
      const body = multipartBody(boundary, [...fields, { name: "replyLetter", value: Buffer.from("%PDF-1.4\n%gopy\n"), filename: name, type: "application/pdf" }]);
      const res = await rawPost(`/i/${token}`, { headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": String(body.length), Cookie: await csrfCookiePair() }, chunks: [body] });
      expect(res.status, res.text).toBe(302);
      expect((await listSubmissions(await getDb(), invitationId))[0]!.replyLetterName).toBe(name);
    }
  });
});

describe("finding 6: the cutoff is decided when the whole body has arrived", () => {
  async function slowAnswer(cutoffInMs: number, bodyMs: number) {
    const s = await openInvitation(Date.now() + cutoffInMs);
    const cutoffAt = Date.now() + cutoffInMs; // within a few ms of the stored one
    const boundary = "----gopySlow" + Math.random().toString(16).slice(2);
    const body = multipartBody(boundary, Object.entries(answerFields()).map(([k, v]) => ({ name: k, value: v })));
    const steps = 10;
    const size = Math.ceil(body.length / steps);
    const chunks = Array.from({ length: steps }, (_, i) => body.subarray(i * size, (i + 1) * size));
    const res = await rawPost(`/i/${s.token}`, { headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": String(body.length), Cookie: await csrfCookiePair() }, chunks, gapMs: bodyMs / steps });
    return { ...s, res, cutoffAt, doneAt: Date.now() };
  }

  it("stores an answer begun before the cutoff and finished within the grace, dated when it arrived", async () => {
    const s = await slowAnswer(600, 1500);
    expect(s.res.status, s.res.text).toBe(302);
    const stored = (await listSubmissions(await getDb(), s.invitationId))[0]!;
    expect(stored.late).toBe(false);
    // Dated when its last byte arrived (after the cutoff), not when its headers came.
    expect(stored.submittedAt).toBeGreaterThan(s.cutoffAt);
    expect(stored.submittedAt).toBeLessThanOrEqual(s.doneAt);
  });

  it("refuses as late an answer begun before the cutoff that finished after the grace", async () => {
    process.env.GOPY_CUTOFF_GRACE_MS = "300";
    try {
      const s = await slowAnswer(600, 1800);
      expect(s.res.status).toBe(409);
      expect(s.res.text).toContain("invitee.closed.closed");
      expect(await listSubmissions(await getDb(), s.invitationId)).toHaveLength(0);
    } finally {
      delete process.env.GOPY_CUTOFF_GRACE_MS;
    }
  });
});

describe("finding 10: bad input is a 400, never a 500", () => {
  it("answers 400 to a staff form without a Content-Type or with a wrong one", async () => {
    const staff = await makeStaff({ role: "drafter", agencyName: `Sở ${Math.random()}` });
    const none = await rawPost("/staff/account", { headers: { Cookie: staff.cookie, Accept: "text/html" }, chunks: [`csrf=${CSRF}&name=x`] });
    expect(none.status).toBe(400);
    expect(none.text).toContain("Không đọc được biểu mẫu");
    const json = await rawPost("/staff/account", { headers: { Cookie: staff.cookie, "Content-Type": "application/json" }, chunks: ['{"name":"x"}'] });
    expect(json.status).toBe(400);
  });

  it("answers 400 to malformed multipart and to a 1 MB part header", async () => {
    const { token } = await openInvitation(Date.now() + 86_400_000);
    const noBoundary = await rawPost(`/i/${token}`, { headers: { "Content-Type": "multipart/form-data" }, chunks: ["x"] });
    expect(noBoundary.status).toBe(400);
    const garbage = await rawPost(`/i/${token}`, { headers: { "Content-Type": "multipart/form-data; boundary=zz" }, chunks: ["this is not multipart at all"] });
    expect(garbage.status).toBe(400);
    const cut = await rawPost(`/i/${token}`, { headers: { "Content-Type": "multipart/form-data; boundary=zz" }, chunks: ['--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue-without-end'] });
    expect(cut.status).toBe(400);
    const header = `--zz\r\nContent-Disposition: form-data; name="a"; x="${"h".repeat(MB)}"\r\n\r\nv\r\n--zz--\r\n`;
    const big = await rawPost(`/i/${token}`, { headers: { "Content-Type": "multipart/form-data; boundary=zz", Accept: "text/html" }, chunks: [header] });
    expect(big.status).toBe(400);
    expect(big.text).toContain("phần đầu quá dài");
  });

  it("answers 400 to ?page=1e300, a negative and a fractional page", async () => {
    const s = await openInvitation(Date.now() + 86_400_000);
    for (const page of ["1e300", "-1", "1.5", "abc", "99999999999"]) {
      const res = await run(() => comments.loader({ request: getRequest(`/staff/consultations/${s.consultationId}/comments?page=${page}`, s.drafter.cookie), params: { id: String(s.consultationId) }, context: {} }));
      expect(res.status, page).toBe(400);
    }
    const ok = await run(() => comments.loader({ request: getRequest(`/staff/consultations/${s.consultationId}/comments?page=2`, s.drafter.cookie), params: { id: String(s.consultationId) }, context: {} }));
    expect(ok.status).toBe(200);
  });

  it("refuses a 25,000-character comment with the limit message, keeps the text whole and saves nothing", async () => {
    const s = await openInvitation(Date.now() + 86_400_000);
    const long = "Đề nghị sửa. ".repeat(2000).slice(0, 25_000);
    expect(long).toHaveLength(25_000);
    const boundary = "----gopyLong" + Math.random().toString(16).slice(2);
    const body = multipartBody(boundary, Object.entries(answerFields({ "c:general": long })).map(([k, v]) => ({ name: k, value: v })));
    const res = await rawPost(`/i/${s.token}`, { headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: await csrfCookiePair() }, chunks: [body] });
    expect(res.status).toBe(400);
    const result = JSON.parse(res.text) as { data: { errors: Record<string, string>; values: Record<string, { text: string }> } };
    expect(result.data.errors._form).toBe("body.commentTooLong");
    expect(result.data.errors["c:general"]).toBe("body.commentOverLimit");
    expect(result.data.values.general!.text).toBe(long);
    expect(await listSubmissions(await getDb(), s.invitationId)).toHaveLength(0);
    expect(await listDrafts(await getDb(), s.invitationId)).toHaveLength(0);
    // Autosave of the same text: refused too, never stored cut.
    const save = await rawPost(`/i/${s.token}`, { headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: await csrfCookiePair() }, chunks: [new URLSearchParams({ csrf: CSRF, intent: "autosave", "c:general": long }).toString()] });
    expect(save.status).toBe(400);
    expect(await listDrafts(await getDb(), s.invitationId)).toHaveLength(0);
  });
});

describe("the routes that read the body the policy received get a Request without one (issue 14)", () => {
  it("an agency's link and a draft's upload: no body on the Request, the forms read whole from the context", async () => {
    const s = await openInvitation(Date.now() + 86_400_000);
    const fakeReq = { method: "POST", path: `/i/${s.token}`, originalUrl: `/i/${s.token}`, protocol: "http", hostname: "localhost", headers: { host: "localhost" }, get: () => undefined, socket: {} };
    const fakeRes = { locals: { receivedBody: { bytes: Buffer.from("a=1"), startedAt: 0, receivedAt: 0 } }, on: () => undefined, destroyed: false };
    expect(fetchRequestOf(fakeReq as never, fakeRes as never).body).toBeNull();
    expect(fetchRequestOf({ ...fakeReq, path: "/staff/account", originalUrl: "/staff/account" } as never, fakeRes as never).body).not.toBeNull();
    // Urlencoded (an autosave without the file input) and multipart (the page's form) to the link.
    const save = await rawPost(`/i/${s.token}`, {
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: await csrfCookiePair() },
      chunks: [new URLSearchParams({ csrf: CSRF, intent: "autosave", "c:general": "Bản nháp đầu." }).toString()],
    });
    expect(save.status).toBe(200);
    expect((await listDrafts(await getDb(), s.invitationId)).map((d) => d.text)).toEqual(["Bản nháp đầu."]);
    const boundary = "----gopyCtx" + Math.random().toString(16).slice(2);
    const sent = await rawPost(`/i/${s.token}`, {
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: await csrfCookiePair() },
      chunks: [multipartBody(boundary, Object.entries(answerFields()).map(([k, v]) => ({ name: k, value: v })))],
    });
    expect(sent.status).toBe(302);
    expect(await listSubmissions(await getDb(), s.invitationId)).toHaveLength(1);
    // A draft pasted into the upload form (multipart, as the page posts it).
    const upload = await rawPost(`/staff/consultations/${s.consultationId}/versions/new`, {
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: s.drafter.cookie },
      chunks: [multipartBody(boundary, [{ name: "csrf", value: CSRF }, { name: "label", value: "Dự thảo 2" }, { name: "text", value: "Điều 1. Phạm vi\nSửa." }, { name: "file", value: "", filename: "" }])],
    });
    expect(upload.status).toBe(302);
    expect((await listVersions(await getDb(), s.consultationId)).map((v) => v.label)).toContain("Dự thảo 2");
  });
});

describe("a received body stays counted against the budget until it is answered (issue 14 review)", () => {
  it("holds a waiting or running request's bytes, gives them back when the answer is out or the client gone", async () => {
    const app = express();
    const seen: number[] = [];
    let release!: () => void;
    const answered = new Promise<void>((r) => (release = r));
    app.all("*", bodyPolicy, (_req, res) => {
      seen.push(bufferedBodyBytes());
      void answered.then(() => res.end("ok"));
    });
    const small = app.listen(0, "127.0.0.1");
    await new Promise((r) => small.once("listening", r));
    const url = `http://127.0.0.1:${(small.address() as AddressInfo).port}/staff/x`;
    try {
      const body = "a=" + "x".repeat(100_000);
      const sent = fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
      while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
      expect(seen[0]).toBeGreaterThanOrEqual(body.length);
      release();
      expect((await sent).status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      expect(bufferedBodyBytes()).toBe(0);
    } finally {
      await new Promise((r) => small.close(r));
    }
  });
});
