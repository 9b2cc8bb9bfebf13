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
 * The body it received is handed to the route (the load context's receivedBody): parsed here from
 * those bytes in one pass, not streamed again through the Request (a fifth of a submission's time in
 * the load profile). Without it (a Request built by a test), the Request's body is streamed.
 */
import {
  getMultipartBoundary,
  MaxFileSizeExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  parseMultipart,
  parseMultipartRequest,
  type MultipartPart,
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

/**
 * `received`: the body as server.js's body policy received it (context.receivedBody), when there is one.
 */
export async function readPostedForm(request: Request, maxPartBytes: number, limits: PostedFormLimits = {}, received?: Uint8Array): Promise<PostedForm> {
  const type = request.headers.get("Content-Type") ?? "";
  const maxParts = limits.maxParts ?? 10_000;
  if (/^multipart\/form-data/i.test(type)) {
    const maxTotalBytes = limits.maxTotalBytes ?? maxPartBytes + 4 * 1024 * 1024;
    return readMultipart(request, type, { maxFileSize: maxPartBytes, maxParts, maxTotalSize: maxTotalBytes, maxHeaderSize: limits.maxHeaderBytes ?? 8 * 1024 }, received);
  }
  if (/^application\/x-www-form-urlencoded/i.test(type)) return readUrlencoded(request, limits.maxTotalBytes ?? maxPartBytes, maxParts, received);
  return "malformed";
}

interface MultipartLimits {
  maxFileSize: number;
  maxParts: number;
  maxTotalSize: number;
  maxHeaderSize: number;
}

async function readMultipart(request: Request, type: string, limits: MultipartLimits, received: Uint8Array | undefined): Promise<PostedForm> {
  const boundary = getMultipartBoundary(type);
  if (!boundary) return "malformed";
  // No bytes at all is no multipart form (the streamed path says so too; the parser of bytes returns nothing).
  if (received?.byteLength === 0) return "malformed";
  const declared = received ? received.byteLength : Number(request.headers.get("Content-Length") ?? 0);
  if (declared > limits.maxTotalSize + limits.maxParts * 256) return "tooLarge";
  const form = new FormData();
  try {
    if (received) for (const part of parseMultipart(received, { boundary, ...limits })) appendPart(form, part);
    else for await (const part of parseMultipartRequest(request, limits)) appendPart(form, part);
  } catch (error) {
    if (error instanceof MaxFileSizeExceededError || error instanceof MaxTotalSizeExceededError || error instanceof MaxPartsExceededError) return "tooLarge";
    if (error instanceof MultipartParseError) return "malformed";
    // A part header that is not UTF-8: the library decodes headers strictly and throws a TypeError.
    if ((error as { code?: unknown }).code === "ERR_ENCODING_INVALID_ENCODED_DATA") return "malformed";
    throw error;
  }
  return form;
}

/**
 * A text box's header as every browser writes it, with a plain field name (ours are like "c:12"): its
 * name is read straight from the header's bytes. Anything else (a file, quoting, other parameters, other
 * headers, bytes that are not ASCII) goes to the library's parser. Decoding and parsing each of a long
 * form's headers in full was a few per cent of a submission's time (bench/load/profile.ts); `rawHeader`
 * comes from patches/@remix-run+multipart-parser+*.patch.
 */
// Case-sensitive but for the header's name: the library reads the parameter only when spelled `name`
// (NAME="x" names no field there), so no other spelling may be read here.
const PLAIN_TEXT_HEADER = /^[Cc]ontent-[Dd]isposition: ?form-data; name="([\w:.[\]-]+)"$/;

function plainTextName(part: MultipartPart): string | undefined {
  const raw = (part as MultipartPart & { rawHeader?: Uint8Array }).rawHeader;
  if (!raw || raw.length > 200) return undefined;
  return PLAIN_TEXT_HEADER.exec(asBuffer(raw).toString("latin1"))?.[1];
}

function appendPart(form: FormData, part: MultipartPart): void {
  const plain = plainTextName(part);
  if (plain !== undefined) return void form.append(plain, textOf(part));
  const disposition = part.headers["content-disposition"] ?? "";
  const name = part.name;
  if (name === undefined) return;
  // Most parts are text boxes: their header is looked at for a file name only when it names one.
  const filename = /filename/i.test(disposition) ? part.filename : undefined;
  // A file input left empty (no name, no bytes): every route takes it as no file, so none is made
  // (a File per form post was 2 % of a submission's time).
  if (filename === "" && part.size === 0) return;
  if (filename !== undefined) {
    form.append(name, new File([part.bytes as Uint8Array<ArrayBuffer>], filename, { type: part.mediaType ?? "application/octet-stream" }));
  } else {
    form.append(name, textOf(part));
  }
}

const textOf = (part: MultipartPart) => withoutNul(part.content.length === 1 ? asBuffer(part.content[0]!).toString("utf8") : Buffer.concat(part.content).toString("utf8"));

/** The bytes as a Buffer without copying (parts of a body received as a Buffer already are one). */
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** A NUL means nothing in typed text, and PostgreSQL's text cannot store one: dropped from every text field. */
const withoutNul = (value: string) => (value.includes("\u0000") ? value.replace(/\u0000/g, "") : value);

/** A urlencoded form carries no file: a body over the limit is refused, whether or not it said its length. */
async function readUrlencoded(request: Request, maxBytes: number, maxParts: number, received: Uint8Array | undefined): Promise<PostedForm> {
  if ((received ? received.byteLength : Number(request.headers.get("Content-Length") ?? 0)) > maxBytes) return "tooLarge";
  const chunks: Uint8Array[] = received ? [received] : [];
  let size = 0;
  if (!received && request.body) {
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
