/**
 * Reads a posted form, multipart (the forms with a file input) or urlencoded, within a size limit.
 * Text parts are decoded straight from their bytes and only real file parts become File objects:
 * Remix's memory handler builds a Blob for every text field, which the load test's profile showed
 * costing more than the answer's whole database transaction.
 */
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";

export async function readPostedForm(request: Request, maxPartBytes: number): Promise<FormData | "tooLarge"> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) return readUrlencoded(request, maxPartBytes);
  const files = unstable_createMemoryUploadHandler({ maxPartSize: maxPartBytes });
  const handler: UploadHandler = async (part) => {
    if (typeof part.filename === "string") return files(part);
    let size = 0;
    const chunks: Uint8Array[] = [];
    for await (const chunk of part.data) {
      size += chunk.byteLength;
      if (size > maxPartBytes) throw new MaxPartSizeExceededError(part.name, maxPartBytes);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
  };
  try {
    return await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return "tooLarge";
    throw error;
  }
}

/** A urlencoded form carries no file: a body over the limit is refused, whether or not it said its length. */
async function readUrlencoded(request: Request, maxBytes: number): Promise<FormData | "tooLarge"> {
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
  const form = new FormData();
  for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) form.append(name, value);
  return form;
}
