/**
 * Reads a posted form, multipart (the forms with a file input) or urlencoded, within limits, with a
 * maintained streaming parser (@remix-run/multipart-parser): quoted file names with ";" or "=" read as
 * browsers send them, and a limit on each part, on the number of parts, on each part's header and on
 * the total. Text parts are decoded straight from their bytes and only real file parts become File
 * objects. A form over a limit is "tooLarge"; a damaged one (no boundary, cut short, a part header
 * over the limit) is "malformed": the route answers 413 or 400, never a 500.
 *
 * server.js already refused bodies over the route's limit before they were buffered
 * (app/http/body-policy.server.ts); these limits are the route's own, tighter where it says so.
 */
import {
  getMultipartBoundary,
  MaxFileSizeExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  parseMultipartRequest,
} from "@remix-run/multipart-parser";

export interface PostedFormLimits {
  /** Fields (parts or urlencoded pairs); default 10,000. */
  maxParts?: number;
  /** The whole form's content; default each part's limit plus 4 MB (multipart), the part limit (urlencoded). */
  maxTotalBytes?: number;
  /** One part's header block (name, file name…); default 8 KB. */
  maxHeaderBytes?: number;
}

export type PostedForm = FormData | "tooLarge" | "malformed";

export async function readPostedForm(request: Request, maxPartBytes: number, limits: PostedFormLimits = {}): Promise<PostedForm> {
  const type = request.headers.get("Content-Type") ?? "";
  const maxParts = limits.maxParts ?? 10_000;
  if (/^multipart\/form-data/i.test(type)) {
    const maxTotalBytes = limits.maxTotalBytes ?? maxPartBytes + 4 * 1024 * 1024;
    return readMultipart(request, type, maxPartBytes, maxParts, maxTotalBytes, limits.maxHeaderBytes ?? 8 * 1024);
  }
  if (/^application\/x-www-form-urlencoded/i.test(type)) return readUrlencoded(request, limits.maxTotalBytes ?? maxPartBytes, maxParts);
  return "malformed";
}

async function readMultipart(request: Request, type: string, maxPartBytes: number, maxParts: number, maxTotalBytes: number, maxHeaderBytes: number): Promise<PostedForm> {
  if (!getMultipartBoundary(type)) return "malformed";
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > maxTotalBytes + maxParts * 256) return "tooLarge";
  const form = new FormData();
  try {
    for await (const part of parseMultipartRequest(request, { maxFileSize: maxPartBytes, maxParts, maxTotalSize: maxTotalBytes, maxHeaderSize: maxHeaderBytes })) {
      const name = part.name;
      if (name === undefined) continue;
      if (part.filename !== undefined) {
        form.append(name, new File([part.bytes as Uint8Array<ArrayBuffer>], part.filename, { type: part.mediaType ?? "application/octet-stream" }));
      } else {
        form.append(name, withoutNul(Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.byteLength).toString("utf8")));
      }
    }
  } catch (error) {
    if (error instanceof MaxFileSizeExceededError || error instanceof MaxTotalSizeExceededError || error instanceof MaxPartsExceededError) return "tooLarge";
    if (error instanceof MultipartParseError) return "malformed";
    throw error;
  }
  return form;
}

/** A NUL means nothing in typed text, and PostgreSQL's text cannot store one: dropped from every text field. */
const withoutNul = (value: string) => (value.includes("\u0000") ? value.replace(/\u0000/g, "") : value);

/** A urlencoded form carries no file: a body over the limit is refused, whether or not it said its length. */
async function readUrlencoded(request: Request, maxBytes: number, maxParts: number): Promise<PostedForm> {
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBytes) return "tooLarge";
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) return "tooLarge";
      chunks.push(chunk);
    }
  }
  const body = Buffer.concat(chunks);
  let pairs = 1;
  for (let at = body.indexOf(38); at !== -1; at = body.indexOf(38, at + 1)) if (++pairs > maxParts) return "tooLarge";
  const form = new FormData();
  for (const [name, value] of new URLSearchParams(body.toString("utf8"))) form.append(name, withoutNul(value));
  return form;
}
