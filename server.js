// The portal's HTTP server: Express in front of the Remix request handler.
// `node server.js` serves the production build; `node server.js --dev` runs Vite with hot reload.
import remixNode from "@remix-run/node";
import compression from "compression";
import express from "express";
import cluster from "node:cluster";
import crypto from "node:crypto";
import fs from "node:fs";
import { superviseWorkers, webConcurrency } from "./server-cluster.js";
import { oneStartPerTurn } from "./server-turns.js";

const dev = process.argv.includes("--dev") || process.env.NODE_ENV === "development";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

// WEB_CONCURRENCY=N (N > 1): this process serves nothing; it runs N workers, each running this file,
// and restarts one that dies (server-cluster.js). Not with --dev: one Vite server is enough.
if (!dev && cluster.isPrimary && webConcurrency() > 1) process.exit(await superviseWorkers(webConcurrency()));

const viteDevServer = dev
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : false);
// Nothing reads req.query (Remix reads the URL itself): Express would parse every query string.
app.set("query parser", false);
// Compression is put on a response only once it is known to have a body (static files, pages, data):
// wrapping every response cost about 2 % of a submission, whose answer is a bodiless 302.
const compress = compression();

// Security headers on every response. Scripts carry a per-request nonce (see app/entry.server.tsx);
// inline event handlers and foreign scripts are refused. The policy is written once around the nonce,
// and nonces are cut from a pool of random bytes drawn 256 at a time (both were per-request work in
// the load profile).
const [cspBefore, cspAfter] = [
  ["default-src 'self'", "script-src 'self' 'nonce-"].join("; "),
  ["'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'self'", "object-src 'none'"].join("; "),
];
const NONCE_BYTES = 16;
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceAt = noncePool.length;
function nextNonce() {
  if (nonceAt === noncePool.length) {
    crypto.randomFillSync(noncePool);
    nonceAt = 0;
  }
  nonceAt += NONCE_BYTES;
  return noncePool.toString("base64", nonceAt - NONCE_BYTES, nonceAt);
}
app.use((req, res, next) => {
  const nonce = nextNonce();
  res.locals.cspNonce = nonce;
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (!dev) res.setHeader("Content-Security-Policy", cspBefore + nonce + cspAfter);
  next();
});

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", compress, express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  // Only the few files copied from public/ go to the static handler: letting it look on disk for every
  // page and form post cost a file-system stat per request (seen in the load test's profile).
  const publicFiles = new Set(fs.readdirSync("build/client").filter((name) => name !== "assets").map((name) => `/${name}`));
  const serveStatic = express.static("build/client", { maxAge: "1h" });
  app.use((req, res, next) => (publicFiles.has(req.path) ? compress(req, res, () => serveStatic(req, res, next)) : next()));
}

// A post from another site: Remix refuses it too (throwIfPotentialCSRFAttack, the same comparison of
// Origin with X-Forwarded-Host or Host), but by throwing, which made it a 500. Refused here as what it
// is, a 403, before its body is read.
app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (req.method !== "POST" || origin === undefined) return next();
  const host = String(req.headers["x-forwarded-host"] ?? "").split(",")[0].trim() || req.headers.host;
  let originHost = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (host && originHost === host) return next();
  res.status(403).type("text/plain; charset=utf-8").set("Connection", "close");
  res.end("403 — Yêu cầu gửi từ một trang khác bị từ chối. / A form sent from another site was refused.\n");
});

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build")
  : await import("./build/server/index.js");

// Open (and migrate) the database before the first request, so a broken database fails the start.
if (!viteDevServer) await build.entry.module.prepare?.();

// Every body goes through one policy first (app/http/body-policy.server.ts): per-route size and field
// limits, refused before it is buffered; Remix then reads the body the policy received, never the socket.
const entry = async () => (viteDevServer ? (await build()).entry.module : build.entry.module);
const handleRequest = remixNode.createRequestHandler(build, dev ? "development" : process.env.NODE_ENV);

app.all(
  "*",
  (req, res, next) => entry().then((module) => module.bodyPolicy(req, res, next), next),
  oneStartPerTurn(),
  async (req, res, next) => {
    try {
      const module = await entry();
      const body = module.receivedBody(res);
      const response = await handleRequest(module.fetchRequestOf(req, res), {
        cspNonce: res.locals.cspNonce,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "",
        // When the request began and when its last byte arrived (the cutoff is decided on the latter).
        requestStartedAt: module.requestStartedAt(res),
        bodyReceivedAt: body?.receivedAt,
        receivedBody: body?.bytes,
      });
      // Not on a response whose client has gone: its gzip stream would never be ended, only collected.
      if (response.body !== null && !res.destroyed) compress(req, res, () => {});
      await module.sendFetchResponse(res, response);
    } catch (error) {
      next(error);
    }
  },
);

const server = app.listen(port, host, () => {
  console.log(`Góp ý is listening on http://localhost:${port}${cluster.isWorker ? ` (worker ${process.pid})` : ""}`);
});

let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  // The scheduler's lease is given up at once, so another process takes over at its next tick.
  const released = viteDevServer
    ? Promise.resolve()
    : Promise.resolve(build.entry.module.shutdown?.()).catch((error) => console.error("shutdown:", error));
  server.close(() => void released.finally(() => process.exit(0)));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
