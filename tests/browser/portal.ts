/**
 * Starts the built portal (node server.js, as `npm start` does) on a free loopback port with a fresh
 * database and an in-process SMTP server whose received mails are appended to a JSON-lines file. The
 * database is a SQLite file, or on the PostgreSQL pass (TEST_DATABASE_URL, vitest.config.ts) a database
 * of its own on that server, dropped when the portal stops.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { DIALECT } from "#db/dialect";
import { createTestDatabase, dropTestDatabase } from "../support/pg-database";
import { startSmtp, type ReceivedMail } from "../support/smtp";

export const ADMIN = { email: "admin@gopy.test", password: "browser-test-password" };

export interface Portal {
  baseURL: string;
  /** The server process, for tests that watch its memory. */
  pid: number;
  mails: () => ReceivedMail[];
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the portal exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the portal did not answer ${url} within ${timeoutMs} ms`);
}

export interface PortalOptions {
  /**
   * Serve this (already seeded) database instead of a fresh one: a SQLite file, or on PostgreSQL its URL
   * (tests/support/pg-database.ts). It is left in place at stop.
   */
  databaseFile?: string;
  env?: Record<string, string>;
}

export async function startPortal(options: PortalOptions = {}): Promise<Portal> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-browser-"));
  const smtp = await startSmtp();
  const port = await freePort();
  const freshPg = !options.databaseFile && DIALECT === "pg" ? await createTestDatabase() : null;
  const logFile = path.join(dataDir, "server.log");
  const log = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, ["server.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      INSECURE_COOKIES: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseFile ?? freshPg ?? path.join(dataDir, "gopy.db"),
      // PostgreSQL has no file to keep the secret beside: the portal refuses to start without one.
      ...(DIALECT === "pg" && (process.env.APP_SECRET ?? "").length < 32 ? { APP_SECRET: crypto.randomBytes(32).toString("base64url") } : {}),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ADMIN_NAME: "Quản trị thử nghiệm",
      SMTP_URL: smtp.url,
      MAIL_FROM: "Góp ý <gopy@test.example>",
      ...options.env,
    },
    stdio: ["ignore", log, log],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${baseURL}/healthz`, child, 60_000);
  } catch (error) {
    child.kill();
    console.error(fs.readFileSync(logFile, "utf8"));
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));
    await smtp.close();
    if (freshPg) await dropTestDatabase(freshPg);
    throw error;
  }
  return {
    baseURL,
    pid: child.pid!,
    mails: () => smtp.mails,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      await smtp.close();
      if (freshPg) await dropTestDatabase(freshPg);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
