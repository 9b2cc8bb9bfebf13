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
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (!type.startsWith("multipart/form-data")) {
    // A urlencoded form carries no file: anything near the part limit is not a real answer.
    return length > maxPartBytes ? "tooLarge" : request.formData();
  }
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
