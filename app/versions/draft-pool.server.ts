/**
 * Runs the draft jobs (draft-work.ts: reading an upload, parsing, aligning with the previous version)
 * on a worker thread, so that a 1 MB draft being taken in never holds up the requests this process
 * serves (an agency's submission waits for nothing but the database). One worker is enough: drafts are
 * few and a second would only take a core from the requests. It is started on first use and kept;
 * its jobs run one after another. A worker that dies (out of memory on a hostile file) fails the jobs
 * it had and the next job starts a new one.
 */
import { Worker } from "node:worker_threads";
import type { DraftJobArgs, DraftJobName, DraftJobResult } from "./draft-work";
import type { DraftReply, DraftRequest } from "./draft-worker";

/**
 * The worker's entry. From the sources (Vite's dev server, vitest, tsx scripts) this is the TypeScript
 * file, run through tsx's loader (a dev dependency, as those are); the production build (vite.config.ts, draftWorkerBuild) compiles it to
 * build/server/draft-worker.js and puts that file's URL here instead.
 */
const WORKER_ENTRY = new URL("./draft-worker.ts", import.meta.url);

interface Pending {
  name: DraftJobName;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  /** Armed once the job is the one running (the front of the queue), not while it waits. */
  timer: NodeJS.Timeout | null;
}

/**
 * How long a job may run, counted from when the jobs before it are done, before the worker is stopped
 * and its jobs fail: a draft that makes the parser spin must not leave every later job of the process
 * waiting for ever, and a comparison queued behind a long upload must not be failed for its wait.
 * A 1 MB law takes about 15 s on a loaded machine.
 */
const JOB_DEADLINE_MS = Number(process.env.DRAFT_JOB_DEADLINE_MS ?? 180_000);

/** The worker's own heap cap: a hostile file fills the worker's heap, not the server's. */
const WORKER_HEAP_MB = Number(process.env.DRAFT_WORKER_HEAP_MB ?? 1536);

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(error: Error): void {
  for (const p of pending.values()) {
    if (p.timer) clearTimeout(p.timer);
    p.reject(error);
  }
  pending.clear();
}

/** Arms the deadline of the job now running: the oldest pending one (the worker takes them in order). */
function armFront(w: Worker): void {
  const front = pending.values().next();
  if (front.done || front.value.timer) return;
  const { name } = front.value;
  front.value.timer = setTimeout(() => {
    // Stopping the worker fails this job and the ones queued behind it (the exit handler); the
    // next job starts a fresh worker.
    if (worker === w) worker = null;
    failAll(new Error(`The draft job "${name}" took longer than ${JOB_DEADLINE_MS} ms`));
    void w.terminate();
  }, JOB_DEADLINE_MS);
  front.value.timer.unref();
}

/**
 * From the sources the worker first registers tsx's loader (TypeScript, the tsconfig paths) in its own
 * thread, then imports the entry: `execArgv: ["--import", "tsx"]` does not reach a worker's loader on
 * Node 20.
 */
const FROM_SOURCE_BOOTSTRAP = `
  const { workerData } = require("node:worker_threads");
  import("tsx/esm/api").then(({ register }) => { register(); return import(workerData.entry); });
`;

function start(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  const w = WORKER_ENTRY.pathname.endsWith(".ts")
    ? new Worker(FROM_SOURCE_BOOTSTRAP, { eval: true, name: "gopy-drafts", workerData: { entry: WORKER_ENTRY.href }, resourceLimits })
    : new Worker(WORKER_ENTRY, { name: "gopy-drafts", resourceLimits });
  w.on("message", (reply: DraftReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    if (p.timer) clearTimeout(p.timer);
    pending.delete(reply.id);
    armFront(w);
    // An idle worker must not keep the process alive (a CLI command, a test file, a shutdown).
    if (pending.size === 0) w.unref();
    if (reply.ok) p.resolve(reply.result);
    else p.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, stack: reply.error.stack }));
  });
  w.on("error", (error) => {
    if (worker === w) worker = null;
    failAll(error);
  });
  w.on("exit", (code) => {
    if (worker === w) worker = null;
    failAll(new Error(`The draft worker stopped (exit code ${code})`));
  });
  w.unref();
  return w;
}

/** Runs draft job `name` on the worker thread; the arguments are copied there and the result back. */
export function inDraftWorker<K extends DraftJobName>(name: K, args: DraftJobArgs<K>): Promise<DraftJobResult<K>> {
  const w = (worker ??= start());
  const id = nextId++;
  return new Promise<DraftJobResult<K>>((resolve, reject) => {
    pending.set(id, { name, resolve: resolve as (value: unknown) => void, reject, timer: null });
    armFront(w);
    w.ref();
    w.postMessage({ id, name, args } satisfies DraftRequest);
  });
}

/** Stops the worker (tests); the next job starts another. */
export async function stopDraftWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
