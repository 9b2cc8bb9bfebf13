/** Plain text out of an uploaded draft: .txt/.md as UTF-8, .docx through mammoth's raw-text reader. */
import mammoth from "mammoth";

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

export async function extractText(bytes: Buffer, filename: string): Promise<string> {
  const name = filename.toLowerCase();
  if (name.endsWith(".txt") || name.endsWith(".md")) return bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (name.endsWith(".docx")) {
    // Raw text keeps one paragraph per line, table cells included (the header and signature
    // tables of Vietnamese documents), which is what the clause parser expects.
    const result = await mammoth.extractRawText({ buffer: bytes });
    return result.value;
  }
  throw new UnsupportedFileError(filename);
}
