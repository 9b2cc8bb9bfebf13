/**
 * One body policy for every POST, applied by server.js in front of Remix (production and dev alike):
 *
 * - the route decides the limits: sign-in, language and sign-out take a few kilobytes; an agency's link
 *   the 5 MB reply letter and its comments; a draft upload the upload limit; other staff forms a default;
 * - only urlencoded and multipart forms are read (anything else: 400);
 * - a declared Content-Length over the limit is refused (413) before a byte is read; otherwise the bytes
 *   are counted as they arrive and the request refused the moment it passes the limit;
 * - multipart is checked as it streams by a maintained parser: part count, part header size, structure
 *   (malformed → 400, never a 500);
 * - the bytes buffered by all requests together stay under a budget (503 beyond it);
 * - the instant the request began and the instant its last byte arrived are kept for the route (the
 *   cutoff is decided on the second: app/domain/cutoff.ts).
 *
 * Refusals are short pages in the visitor's language (HTML for browsers, plain text otherwise), and the
 * connection is closed so the rest of an oversized body is never read.
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import {
  getMultipartBoundary,
  MaxFileSizeExceededError,
  MaxHeaderSizeExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  MultipartParser,
} from "@remix-run/multipart-parser";
import { writeReadableStreamToWritable } from "@remix-run/node";
import { MAX_UPLOAD_BYTES } from "~/documents/upload-rules";
import { shortPage } from "~/http/short-page.server";
import { DEFAULT_LANG, isLang, LOCALES, translate, type Lang, type MessageKey } from "~/i18n";

const KB = 1024;
const MB = 1024 * KB;

export interface BodyLimits {
  /** The whole body, boundaries and part headers included. */
  maxBytes: number;
  /** Fields (urlencoded pairs or multipart parts). */
  maxParts: number;
  /** One multipart part's header block. */
  maxHeaderBytes: number;
}

/** The reply letter an agency may attach (the route checks it again with its own message). */
export const MAX_LETTER_BYTES = 5 * MB;

export const POLICIES = {
  /** Sign-in, set-up, language, sign-out: a few short fields. */
  small: { maxBytes: 16 * KB, maxParts: 32, maxHeaderBytes: 1 * KB },
  /** An agency's link: the signed letter plus every comment box of the draft (two per clause). */
  invitee: { maxBytes: MAX_LETTER_BYTES + 4 * MB, maxParts: 10_000, maxHeaderBytes: 8 * KB },
  /** A draft version: the uploaded file and a few fields. */
  upload: { maxBytes: MAX_UPLOAD_BYTES + 256 * KB, maxParts: 64, maxHeaderBytes: 8 * KB },
  /** Every other staff form (answers, invitations board, outline corrections…). */
  staff: { maxBytes: 4 * MB, maxParts: 20_000, maxHeaderBytes: 8 * KB },
} satisfies Record<string, BodyLimits>;

export type PolicyName = keyof typeof POLICIES;

/**
 * The policies whose routes read the body only from the load context (readPostedForm's `received`, given
 * context.receivedBody): an agency's link and a draft's upload. Their Request carries no body: wrapping
 * the bytes in one (a copy and a stream) was 2 % of a submission's time in the load profile, for bytes
 * no one read from it. tests/integration/body-policy.test.ts posts to each such route through server.js's
 * path, so a route of theirs that reads `request` instead fails there.
 */
const BODY_IN_CONTEXT: ReadonlySet<PolicyName> = new Set(["invitee", "upload"]);

/** The policy of a path; single-fetch paths ("/signin.data", "/i/x.data") count as their route. */
export function policyFor(pathname: string): PolicyName {
  const path = pathname.replace(/\.data$/, "").replace(/\/+$/, "") || "/";
  // Case-insensitive, as Remix matches routes ("/SIGNIN" is the sign-in).
  if (/^\/(signin|signout|lang|setup)$/i.test(path)) return "small";
  if (/^\/i\/[^/]+(\/.*)?$/i.test(path)) return "invitee";
  if (/^\/staff\/consultations\/[^/]+\/versions\/new$/i.test(path)) return "upload";
  return "staff";
}

/**
 * The path the request will be routed by: Remix builds a Fetch URL, which resolves dot segments
 * ("/i/../signin", "/i/%2e%2e/signin" are "/signin") and reads a backslash as a slash (Node's HTTP
 * parser lets "/i/x\..\..\signin" through; the URL makes it "/signin"), so the policy is chosen on the
 * same path, its segments then decoded as Remix decodes them to match routes. Only paths with a backslash,
 * a "#" or a segment starting with a dot are parsed again; every other path is already what the URL will
 * hold.
 */
export function routedPath(rawPath: string): string {
  // Appended to an origin as fetchRequestOf does (resolved against a base, "/\\x/signin" would name a host).
  const path = /[\\#]|\/(\.|%2e)/i.test(rawPath) ? new URL(`http://routed.invalid${rawPath}`).pathname : rawPath;
  return path.includes("%") ? decodedAsRouted(path) : path;
}

/**
 * Each segment percent-decoded as @remix-run/router's matchRoutes decodes it before matching ("/%73ignin"
 * is the sign-in, "/%69/x" an agency's link), an encoded slash kept inside its segment; left as it is when
 * a segment cannot be decoded, as there.
 */
function decodedAsRouted(path: string): string {
  try {
    return path
      .split("/")
      .map((segment) => decodeURIComponent(segment).replace(/\//g, "%2F"))
      .join("/");
  } catch {
    return path;
  }
}

/** Each request's policy, chosen once: the body policy, the refusal's way back and the Fetch Request all ask. */
const policies = new WeakMap<ExpressRequest, PolicyName>();

function policyOf(req: ExpressRequest): PolicyName {
  let policy = policies.get(req);
  if (policy === undefined) policies.set(req, (policy = policyFor(routedPath(req.path))));
  return policy;
}

/** The bytes all requests together may hold in memory, from a body's first byte until it is answered. */
const BUFFER_BUDGET = Number(process.env.BODY_BUFFER_BUDGET_BYTES) || 256 * MB;
let buffered = 0;

/** For tests and the health of the process: bytes currently held by bodies arriving or not yet answered. */
export function bufferedBodyBytes(): number {
  return buffered;
}

type Refusal = { status: 400 | 413 | 503; key: MessageKey; params?: Record<string, string | number> };

const BODYLESS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface ReceivedBody {
  bytes: Buffer;
  startedAt: number;
  receivedAt: number;
}

/** What the policy stored on the response for the Remix handler (see fetchRequestOf). */
export function receivedBody(res: ExpressResponse): ReceivedBody | undefined {
  return res.locals.receivedBody as ReceivedBody | undefined;
}

export function requestStartedAt(res: ExpressResponse): number {
  return (res.locals.requestStartedAt as number | undefined) ?? Date.now();
}

/** The Express middleware. */
export function bodyPolicy(req: ExpressRequest, res: ExpressResponse, next: NextFunction): void {
  const startedAt = Date.now();
  res.locals.requestStartedAt = startedAt;
  if (BODYLESS.has(req.method)) return next();
  const limits: BodyLimits = POLICIES[policyOf(req)];

  const type = req.headers["content-type"] ?? "";
  const multipart = /^multipart\/form-data\s*(;|$)/i.test(type);
  const urlencoded = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(type);
  if (!multipart && !urlencoded) return refuse(req, res, { status: 400, key: "body.badType" });
  let parser: MultipartParser | null = null;
  if (multipart) {
    const boundary = getMultipartBoundary(type);
    if (!boundary || boundary.length > 70) return refuse(req, res, { status: 400, key: "body.malformed" });
    parser = new MultipartParser(boundary, {
      maxParts: limits.maxParts,
      maxHeaderSize: limits.maxHeaderBytes,
      maxFileSize: limits.maxBytes,
      maxTotalSize: limits.maxBytes,
    });
  }
  // The limit is written out in the visitor's language only when a refusal is sent (formatting it cost
  // 5 % of a submission's time in the load profile when done for every request).
  const tooLarge: Refusal = { status: 413, key: "body.tooLarge", params: { limitBytes: limits.maxBytes } };
  const declared = req.headers["content-length"];
  if (declared !== undefined && !/^\d+$/.test(declared)) return refuse(req, res, { status: 400, key: "body.malformed" });
  if (declared !== undefined && Number(declared) > limits.maxBytes) return refuse(req, res, tooLarge);

  const chunks: Buffer[] = [];
  let size = 0;
  let fields = 1;
  let done = false;
  const finish = (refusal: Refusal | null) => {
    if (done) return;
    done = true;
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("error", onError);
    req.off("aborted", onAborted);
    if (refusal) {
      buffered -= size;
      chunks.length = 0;
      return refuse(req, res, refusal);
    }
    // A body received stays counted until its answer is out (or its client gone): it waits for its
    // turn (server-turns.js) and the route reads it, in memory all the while.
    const held = size;
    res.once("close", () => (buffered -= held));
    res.locals.receivedBody = { bytes: Buffer.concat(chunks, size), startedAt, receivedAt: Date.now() } satisfies ReceivedBody;
    next();
  };
  const onData = (chunk: Buffer) => {
    if (done) return;
    if (size + chunk.length > limits.maxBytes) return finish(tooLarge);
    if (buffered + chunk.length > BUFFER_BUDGET) return finish({ status: 503, key: "body.busy" });
    size += chunk.length;
    buffered += chunk.length;
    chunks.push(chunk);
    if (parser) {
      const problem = feed(parser, chunk, tooLarge, limits);
      if (problem) return finish(problem);
    } else {
      for (let at = chunk.indexOf(38); at !== -1; at = chunk.indexOf(38, at + 1)) fields++; // "&"
      if (fields > limits.maxParts) return finish({ status: 413, key: "body.tooManyParts", params: { max: limits.maxParts } });
    }
  };
  const onEnd = () => {
    if (parser) {
      try {
        parser.finish();
      } catch (error) {
        return finish(refusalOf(error, tooLarge, limits));
      }
    }
    finish(null);
  };
  const onError = () => finish({ status: 400, key: "body.malformed" });
  // The client went away mid-body: nothing to answer, only the memory to give back.
  const onAborted = () => {
    if (done) return;
    done = true;
    buffered -= size;
    chunks.length = 0;
  };
  req.on("data", onData);
  req.on("end", onEnd);
  req.on("error", onError);
  req.on("aborted", onAborted);
}

/** Writes a chunk to the multipart parser, dropping the parts it completes (the route parses them). */
function feed(parser: MultipartParser, chunk: Buffer, tooLarge: Refusal, limits: BodyLimits): Refusal | null {
  try {
    for (const part of parser.write(chunk)) void part;
    return null;
  } catch (error) {
    return refusalOf(error, tooLarge, limits);
  }
}

function refusalOf(error: unknown, tooLarge: Refusal, limits: BodyLimits): Refusal {
  if (error instanceof MaxPartsExceededError) return { status: 413, key: "body.tooManyParts", params: { max: limits.maxParts } };
  if (error instanceof MaxHeaderSizeExceededError) return { status: 400, key: "body.headerTooLarge" };
  if (error instanceof MaxFileSizeExceededError || error instanceof MaxTotalSizeExceededError) return tooLarge;
  if (error instanceof MultipartParseError) return { status: 400, key: "body.malformed" };
  return { status: 400, key: "body.malformed" };
}

/** The visitor's interface language, from the language cookie (as app/i18n/lang.server.ts sets it). */
export function langOf(req: { headers: { cookie?: string } }): Lang {
  const match = /(?:^|;\s*)gopy_lang=([^;]*)/.exec(req.headers.cookie ?? "");
  if (!match) return DEFAULT_LANG;
  try {
    const value: unknown = JSON.parse(Buffer.from(decodeURIComponent(match[1]!), "base64").toString("utf8"));
    return isLang(value) ? value : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

const sizeFormats = new Map<Lang, Intl.NumberFormat>();

export function sizeText(bytes: number, lang: Lang): string {
  const mb = bytes / MB;
  let number = sizeFormats.get(lang);
  if (!number) sizeFormats.set(lang, (number = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 })));
  return mb >= 1 ? `${number.format(mb)} MB` : `${number.format(bytes / KB)} KB`;
}

/** How long a refused request's connection stays open, unread, for the client to read the refusal. */
const REFUSED_SOCKET_GRACE_MS = 5000;

/** A short page in the visitor's language; the connection closes so an unread body is not drained. */
function refuse(req: ExpressRequest, res: ExpressResponse, refusal: Refusal): void {
  if (res.headersSent) return;
  const lang = langOf(req);
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
  const title = t(refusal.status === 413 ? "body.tooLargeTitle" : refusal.status === 503 ? "body.busyTitle" : "body.badRequestTitle");
  const { limitBytes, ...params } = refusal.params ?? {};
  const message = t(refusal.key, limitBytes === undefined ? params : { ...params, limit: sizeText(Number(limitBytes), lang) });
  res.status(refusal.status);
  res.setHeader("Connection", "close");
  res.setHeader("Cache-Control", "no-store");
  if (refusal.status === 503) res.setHeader("Retry-After", "10");
  const back = t("body.back");
  const html = (req.headers.accept ?? "").includes("text/html");
  const body = html
    ? shortPage(lang, { title, message, testId: "body-refusal", back: { href: backLink(req), label: back } })
    : `${title}\n${message}\n`;
  res.setHeader("Content-Type", html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
  // Stop reading: whatever is still on its way is dropped with the connection once the page is out.
  // Not at once: a reset that reaches the client before it has read the page makes its system throw
  // the page away (seen on a loaded machine as "connection reset" instead of the 413). Node ends our
  // side after the response (Connection: close); the socket is destroyed five seconds later. One second
  // was not always enough: a client busy pumping four 300 MB bodies on a loaded machine (CI's
  // PostgreSQL pass) read its 413 after the reset and got none. A paused socket costs no reading.
  req.pause();
  res.on("finish", () => setTimeout(() => req.socket.destroy(), REFUSED_SOCKET_GRACE_MS).unref());
  res.end(body);
}

/** Back to the page of the form: the same-origin page it came from, else the form's own address. */
function backLink(req: ExpressRequest): string {
  try {
    const from = new URL(req.headers.referer ?? "");
    if (from.host === req.headers.host) return from.pathname + from.search;
  } catch {
    /* no or foreign referrer */
  }
  return policyOf(req) === "small" ? "/" : req.path.replace(/\.data$/, "");
}

/**
 * The Fetch Request Remix receives: the body is the one the policy received (already counted and
 * checked), never the raw socket. Mirrors @remix-run/express's createRemixRequest otherwise.
 */
export function fetchRequestOf(req: ExpressRequest, res: ExpressResponse): Request {
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [forwardedPort, hostPort].map((p) => Number.parseInt(p ?? "", 10)).find((p) => Number.isSafeInteger(p));
  const url = `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`;
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || key === "transfer-encoding" || key === "content-length") continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
  }
  // No abort signal, unlike @remix-run/express: the portal's code never reads one, Remix only looks at
  // it between a request's steps, and following a signal cost Node a third of building the Request (a
  // controller and a finalizer per request; bench/load/profile.ts). A request whose client left before
  // its turn is not started at all (server-turns.js).
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers };
  if (!BODYLESS.has(req.method)) {
    const body = receivedBody(res)?.bytes ?? Buffer.alloc(0);
    headers.set("content-length", String(body.length));
    if (!BODY_IN_CONTEXT.has(policyOf(req))) init.body = body as Uint8Array<ArrayBuffer>;
  }
  return new Request(url, init);
}

/** Writes Remix's response to Express's (as @remix-run/express's sendRemixResponse, which it does not export). */
export async function sendFetchResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
