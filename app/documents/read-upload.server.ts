/**
 * Turns an uploaded draft into text, trusting the bytes rather than the file name: a .docx must be
 * a real ZIP package that is a Word document (docx/), a .txt/.md must be valid UTF-8 without binary bytes.
 */
import { inDraftWorker } from "~/versions/draft-pool.server";
import { DocxTooLargeError } from "./docx";
import { extractText, UnsupportedFileError } from "./extract-text.server";

import { MAX_UPLOAD_BYTES } from "./upload-rules";
import { inspectZip } from "./zip-guard";

export type UploadError =
  | "upload.tooLarge"
  | "upload.empty"
  | "upload.wrongType"
  | "upload.notUtf8"
  | "upload.unreadable"
  | "upload.bomb";

export type UploadResult =
  | { ok: true; text: string; mime: string }
  | { ok: false; error: UploadError };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot < 0 ? "" : filename.slice(dot).toLowerCase();
}

/**
 * Reads an upload on the draft worker thread (a 1 MB .docx is a second of CPU that no other request
 * should wait for); the bytes are copied there, the text comes back.
 */
export function readUpload(bytes: Buffer, filename: string): Promise<UploadResult> {
  return inDraftWorker("readUpload", { bytes, filename });
}

/** readUpload's work itself, on the thread that calls it (the worker's job). */
export async function readUploadBytes(bytes: Buffer, filename: string): Promise<UploadResult> {
  if (bytes.length === 0) return { ok: false, error: "upload.empty" };
  if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, error: "upload.tooLarge" };
  const ext = extensionOf(filename);
  const isZip = ZIP_MAGIC.every((b, i) => bytes[i] === b);
  if (ext === ".docx") {
    if (!isZip) return { ok: false, error: "upload.wrongType" };
    const zip = inspectZip(bytes);
    if (!zip.ok) return { ok: false, error: zip.reason === "notZip" ? "upload.wrongType" : "upload.bomb" };
  } else if (ext === ".txt" || ext === ".md") {
    if (isZip || bytes.includes(0)) return { ok: false, error: "upload.wrongType" };
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, error: "upload.notUtf8" };
    }
  } else {
    return { ok: false, error: "upload.wrongType" };
  }
  try {
    const text = await extractText(bytes, filename);
    return {
      ok: true,
      text,
      mime:
        ext === ".docx"
          ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          : ext === ".md"
            ? "text/markdown; charset=utf-8"
            : "text/plain; charset=utf-8",
    };
  } catch (error) {
    if (error instanceof UnsupportedFileError) return { ok: false, error: "upload.wrongType" };
    // Inflated past the budget although the headers said otherwise: a zip bomb. Anything else
    // (DocxUnreadableError: no word/document.xml, a corrupt part) is unreadable.
    if (error instanceof DocxTooLargeError) return { ok: false, error: "upload.bomb" };
    return { ok: false, error: "upload.unreadable" };
  }
}
