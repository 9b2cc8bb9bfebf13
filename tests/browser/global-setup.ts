/**
 * Builds the portal once and starts the real server (node server.js) on a free loopback port with
 * a fresh database, exactly as `npm start` would, for all browser tests. Chromium is Debian's.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startSmtp } from "../support/smtp";

export const ADMIN = { email: "admin@gopy.test", password: "browser-test-password" };

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    dataDir: string;
    mailsFile: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the portal exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the portal did not answer ${url} within ${timeoutMs} ms`);
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync("/usr/bin/chromium")) {
    throw new Error("Browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium); .ci/run installs it.");
  }
  if (process.env.SKIP_BUILD !== "1") {
    execFileSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-browser-"));
  // A real SMTP server for the portal; tests read what it received from a file, one JSON mail a line.
  const mailsFile = path.join(dataDir, "mails.jsonl");
  fs.writeFileSync(mailsFile, "");
  const smtp = await startSmtp((mail) => fs.appendFileSync(mailsFile, JSON.stringify(mail) + "\n"));
  const port = await freePort();
  const log = fs.openSync(path.join(dataDir, "server.log"), "a");
  const child = spawn(process.execPath, ["server.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      INSECURE_COOKIES: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: path.join(dataDir, "gopy.db"),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ADMIN_NAME: "Quản trị thử nghiệm",
      SMTP_URL: smtp.url,
      MAIL_FROM: "Góp ý <gopy@test.example>",
    },
    stdio: ["ignore", log, log],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${baseURL}/healthz`, child, 60_000);
  } catch (error) {
    child.kill();
    console.error(fs.readFileSync(path.join(dataDir, "server.log"), "utf8"));
    throw error;
  }
  project.provide("baseURL", baseURL);
  project.provide("dataDir", dataDir);
  project.provide("mailsFile", mailsFile);
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await smtp.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
