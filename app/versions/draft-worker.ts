/**
 * The draft worker thread's entry (started by draft-pool.server.ts): runs one job per message, in the
 * order they come, and answers each with its result or its error. Built as build/server/draft-worker.js
 * (vite.config.ts); run from this source through tsx in development and tests.
 */
import { parentPort } from "node:worker_threads";
import { runDraftJob, type DraftJobName } from "./draft-work";

export interface DraftRequest {
  id: number;
  name: DraftJobName;
  args: unknown;
}

export type DraftReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error("draft-worker.ts runs as a worker thread (see draft-pool.server.ts)");

port.on("message", (request: DraftRequest) => {
  runDraftJob(request.name, request.args as never).then(
    (result) => port.postMessage({ id: request.id, ok: true, result } satisfies DraftReply),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id: request.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } } satisfies DraftReply);
    },
  );
});
