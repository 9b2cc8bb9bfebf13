/**
 * Issue 13 (findings 2 and 10) against the built portal as `npm start` serves it: bodies refused by the
 * policy in server.js before they are buffered, with the server's memory watched, and bad input
 * answered 400 with a translated page. Loopback only, bounded loops.
 */
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, launch, newPage, signIn } from "./browser";
import { startPortal, type Portal } from "./portal";
import type { Browser } from "playwright-core";

let portal: Portal;
let browser: Browser;
beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const MB = 1024 * 1024;
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

/** Streams `total` bytes (chunked, no length) as fast as the socket takes them; resolves at the response. */
function streamPost(path: string, type: string, total: number, chunk: Buffer, accept = "*/*") {
  return new Promise<{ status: number; text: string; ms: number }>((resolve) => {
    const t0 = Date.now();
    const req = http.request(`${portal.baseURL}${path}`, { method: "POST", headers: { "Content-Type": type, Accept: accept } });
    let sent = 0;
    let done = false;
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        done = true;
        resolve({ status: res.statusCode!, text, ms: Date.now() - t0 });
      });
    });
    req.on("error", () => (done ? undefined : resolve({ status: 0, text: "connection closed before a response", ms: Date.now() - t0 })));
    const pump = () => {
      while (!done && !req.destroyed && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (sent >= total && !req.destroyed) req.end();
    };
    pump();
  });
}

describe("bodies are bounded in front of the framework (finding 2)", () => {
  it("a 20 MB sign-in post gets 413 quickly; four 300 MB posts at once leave the memory and /healthz alone", async () => {
    const rss0 = rssOf(portal.pid);
    const chunk = Buffer.alloc(256 * 1024, "a");
    const one = await streamPost("/signin", "application/x-www-form-urlencoded", 20 * MB, chunk, "text/html");
    expect(one.status).toBe(413);
    expect(one.ms).toBeLessThan(2000);
    expect(one.text).toContain("Biểu mẫu quá lớn");

    const four = Promise.all(["/signin", "/lang", "/signout", "/signin"].map((p) => streamPost(p, "application/x-www-form-urlencoded", 300 * MB, chunk)));
    const t0 = Date.now();
    const health = await fetch(`${portal.baseURL}/healthz`);
    const healthMs = Date.now() - t0;
    const results = await four;
    for (const r of results) expect(r.status).toBe(413);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(1000);
    const grown = rssOf(portal.pid) - rss0;
    console.log(`body policy: 20 MB sign-in refused in ${one.ms} ms; four 300 MB posts refused in ${Math.max(...results.map((r) => r.ms))} ms; /healthz meanwhile ${healthMs} ms; server RSS grew ${(grown / MB).toFixed(1)} MB`);
    expect(grown).toBeLessThan(64 * MB);
  });

  it("100,000 one-byte parts to an agency link: 413 in well under a second of the server's time", async () => {
    const boundary = "gopyParts";
    const one = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\na\r\n`);
    const block = Buffer.concat(Array.from({ length: 1000 }, () => one));
    const res = await streamPost(`/i/${"A".repeat(43)}`, `multipart/form-data; boundary=${boundary}`, block.length * 100, block);
    expect(res.status).toBe(413);
    expect(res.ms).toBeLessThan(3000);
    console.log(`body policy: 100,000 parts refused in ${res.ms} ms`);
  });
});

describe("bad input is a 400 with a translated page (finding 10)", () => {
  it("a staff form without a Content-Type, malformed multipart and a 1 MB part header: 400", async () => {
    const none = await fetch(`${portal.baseURL}/staff/account`, { method: "POST", body: new Blob(["name=x"]), headers: { Accept: "text/html" } });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Không đọc được biểu mẫu");
    const garbage = await fetch(`${portal.baseURL}/staff/account`, { method: "POST", body: "garbage", headers: { "Content-Type": "multipart/form-data; boundary=zz" } });
    expect(garbage.status).toBe(400);
    const header = `--zz\r\nContent-Disposition: form-data; name="a"; x="${"h".repeat(MB)}"\r\n\r\nv\r\n--zz--\r\n`;
    const big = await fetch(`${portal.baseURL}/i/${"A".repeat(43)}`, { method: "POST", body: header, headers: { "Content-Type": "multipart/form-data; boundary=zz", Accept: "text/html", Cookie: "gopy_lang=ImVuIg%3D%3D" } });
    expect(big.status).toBe(400);
    expect(await big.text()).toContain("too long a header");
  });

  it("a post whose path has dot segments (/i/%2e%2e/signin) is read under the policy of the route it reaches", async () => {
    const page = await fetch(`${portal.baseURL}/signin`);
    const cookie = /gopy_csrf=[^;]+/.exec(page.headers.get("set-cookie") ?? "")![0];
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const body = new URLSearchParams({ csrf, email: "khong-co@gopy.test", password: "sai" }).toString();
    // Raw requests: fetch() would resolve the dots itself before sending.
    const post = (path: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(`${portal.baseURL}${path}`, {
          method: "POST",
          headers: { cookie, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
        });
        req.on("response", (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode!, text }));
        });
        req.on("error", reject);
        req.end(body);
      });
    // The sign-in's own answer to a wrong password each time: its form was read (before, the agency
    // link's policy left the body off the request and the sign-in answered 403 for a missing token).
    for (const path of ["/signin", "/i/%2e%2e/signin", "/i/../signin"]) {
      const answer = await post(path);
      expect(answer.status, path).toBe(400);
      expect(answer.text, path).toContain("Thư điện tử hoặc mật khẩu không đúng.");
    }
  });

  it("?page=1e300, negative and fractional pages: 400 with the page-number message", async () => {
    const page = await newPage(browser);
    await signIn(page, portal.baseURL, ADMIN.email, ADMIN.password);
    for (const bad of ["1e300", "-3", "2.5"]) {
      const response = await page.goto(`${portal.baseURL}/staff/admin/audit?page=${bad}`);
      expect(response!.status(), bad).toBe(400);
      await expect(page.getByText("Số trang không hợp lệ").count()).resolves.toBe(1);
    }
    expect((await page.goto(`${portal.baseURL}/staff/admin/audit?page=1`))!.status()).toBe(200);
    await page.context().close();
  });
});
