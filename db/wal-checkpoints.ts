/**
 * SQLite copies its write-ahead log back into the database file (a checkpoint, with an fsync of both
 * files) when a commit finds the log over its threshold: that commit, and the request behind it, waits
 * for the disk. In the load profile this was most of what COMMIT cost (p50 0.2 ms, mean 0.7 ms). Here a
 * thread of its own, with its own connection, checkpoints every quarter second instead, beside the
 * writer (a PASSIVE checkpoint never blocks it), and the writer's own threshold is raised to a backstop
 * for a thread that falls behind or dies.
 *
 * On for the served portal (NODE_ENV=production); tests that open many short-lived databases keep
 * SQLite's default (GOPY_CHECKPOINT_THREAD=1 or 0 overrides either way).
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** The writer's own threshold while the thread runs (pages; SQLite's default is 1,000). */
export const BACKSTOP_PAGES = 8000;

const EVERY_MS = 250;

// CommonJS, evaluated in the thread: only node's own modules and the driver the portal already loads.
const SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // busy or closing: the next tick tries again, the writer's backstop covers the rest
  }
}, workerData.everyMs);
parentPort.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpoints {
  stop(): Promise<void>;
}

export function checkpointThreadWanted(): boolean {
  const set = process.env.GOPY_CHECKPOINT_THREAD;
  if (set === "1" || set === "0") return set === "1";
  return process.env.NODE_ENV === "production";
}

export function startCheckpoints(file: string): Checkpoints {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(SOURCE, { eval: true, name: "gopy-wal-checkpoints", workerData: { file, driver, everyMs: EVERY_MS } });
  worker.unref(); // never what keeps the process alive
  worker.on("error", (error) => console.error("WAL checkpoint thread stopped (the writer checkpoints by itself):", error));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    async stop() {
      worker.postMessage("stop");
      const timeout = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
