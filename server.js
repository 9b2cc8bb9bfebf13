// The portal's HTTP server: Express in front of the Remix request handler.
// `node server.js` serves the production build; `node server.js --dev` runs Vite with hot reload.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import crypto from "node:crypto";
import fs from "node:fs";

const dev = process.argv.includes("--dev") || process.env.NODE_ENV === "development";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

const viteDevServer = dev
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : false);
app.use(compression());

// Security headers on every response. Scripts carry a per-request nonce (see app/entry.server.tsx);
// inline event handlers and foreign scripts are refused.
app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (!dev) {
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
      ].join("; "),
    );
  }
  next();
});

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  // Only the few files copied from public/ go to the static handler: letting it look on disk for every
  // page and form post cost a file-system stat per request (seen in the load test's profile).
  const publicFiles = new Set(fs.readdirSync("build/client").filter((name) => name !== "assets").map((name) => `/${name}`));
  const serveStatic = express.static("build/client", { maxAge: "1h" });
  app.use((req, res, next) => (publicFiles.has(req.path) ? serveStatic(req, res, next) : next()));
}

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build")
  : await import("./build/server/index.js");

// Open (and migrate) the database before the first request, so a broken database fails the start.
if (!viteDevServer) await build.entry.module.prepare?.();

app.all(
  "*",
  createRequestHandler({
    build,
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "",
    }),
  }),
);

const server = app.listen(port, host, () => {
  console.log(`Góp ý is listening on http://localhost:${port}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
