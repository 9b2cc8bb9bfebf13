// WEB_CONCURRENCY=N (issue 14): the primary process forks N workers that each run server.js and all
// serve the one port (node:cluster hands the connections round). The primary serves nothing: it starts
// the workers, starts a new one when one dies, and on SIGTERM/SIGINT stops them all and exits.
// Everything the workers share is in the database: rate limits, sign-in counters, sessions, and the
// scheduler's lease (only one worker ticks at a time).
import cluster from "node:cluster";

/** WEB_CONCURRENCY as a count of workers; 1 (one process, no primary) when unset or not a number. */
export function webConcurrency(env = process.env) {
  const n = Number.parseInt(env.WEB_CONCURRENCY ?? "", 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 256) : 1;
}

/** Waits this long at most for the workers to finish their requests on shutdown. */
const STOP_GRACE_MS = 5000;
/** A worker that dies sooner than this after it started is restarted after a growing delay (a crash loop). */
const QUICK_DEATH_MS = 10_000;

/**
 * Runs the primary: resolves with the exit code once every worker has gone after a shutdown, or with 1
 * when the first worker cannot start (a broken database or port fails the start, as with one process).
 */
export function superviseWorkers(count) {
  return new Promise((resolve) => {
    let stopping = false;
    let started = false;
    let restartDelay = 0;
    const live = new Set();

    const fork = () => {
      const worker = cluster.fork();
      live.add(worker);
      worker.startedAt = Date.now();
      worker.once("listening", () => {
        worker.listened = true;
        if (!started) {
          started = true;
          // The first worker has opened and migrated the database: the others start on a schema that
          // is up to date, so two processes never race to migrate one SQLite file.
          for (let i = 1; i < count; i++) fork();
        }
      });
      return worker;
    };

    cluster.on("exit", (worker, code, signal) => {
      live.delete(worker);
      if (stopping) {
        if (live.size === 0) resolve(0);
        return;
      }
      if (!started) {
        console.error(`The first worker could not start (exit ${signal ?? code}).`);
        resolve(1);
        return;
      }
      const lived = Date.now() - worker.startedAt;
      restartDelay = lived < QUICK_DEATH_MS || !worker.listened ? Math.min(Math.max(restartDelay * 2, 1000), 30_000) : 0;
      console.error(`Worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another${restartDelay ? ` in ${restartDelay / 1000} s` : ""}.`);
      setTimeout(() => {
        if (!stopping) fork();
      }, restartDelay);
    });

    const stop = () => {
      if (stopping) return;
      stopping = true;
      if (live.size === 0) resolve(0);
      // Each worker stops as one process does (server.js's shutdown): it gives up the scheduler's lease,
      // finishes its requests and exits.
      for (const worker of live) worker.process.kill("SIGTERM");
      setTimeout(() => {
        for (const worker of live) worker.process.kill("SIGKILL");
        resolve(0);
      }, STOP_GRACE_MS).unref();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);

    console.log(`Góp ý: starting ${count} workers (WEB_CONCURRENCY).`);
    fork();
  });
}
