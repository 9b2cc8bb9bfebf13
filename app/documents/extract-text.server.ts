/** Plain text out of an uploaded draft: .txt/.md as UTF-8, .docx through our own reader (docx/). */
import { docxToText, readDocx } from "./docx";

/** The file's type is not one we can read; `extension` is what the name ended with ("" if nothing). */
export class UnsupportedFileError extends Error {
  readonly extension: string;

  constructor(readonly filename: string) {
    super(`Unsupported file type: ${filename} (expected .txt, .md or .docx)`);
    this.name = "UnsupportedFileError";
    const dot = filename.lastIndexOf(".");
    this.extension = dot < 0 ? "" : filename.slice(dot).toLowerCase();
  }
}

/**
 * For a .docx: automatic numbering rendered as Word shows it, headings as "#"s, layout tables (the
 * header and signature blocks) as paragraphs, other tables as Markdown pipe tables — see
 * docx/serialise.ts for the format. Throws DocxTooLargeError (a zip bomb) or DocxUnreadableError.
 */
export async function extractText(bytes: Buffer, filename: string): Promise<string> {
  const name = filename.toLowerCase();
  if (name.endsWith(".txt") || name.endsWith(".md")) return bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (name.endsWith(".docx")) return docxToText(readDocx(bytes));
  throw new UnsupportedFileError(filename);
}
