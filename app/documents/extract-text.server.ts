/** Plain text out of an uploaded draft: .txt/.md as UTF-8, .docx through mammoth's raw-text reader. */
import mammoth from "mammoth";

export class UnsupportedFileError extends Error {
  constructor(filename: string) {
    super(`Unsupported file type: ${filename}`);
  }
}

export async function extractText(bytes: Buffer, filename: string): Promise<string> {
  const name = filename.toLowerCase();
  if (name.endsWith(".txt") || name.endsWith(".md")) return bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (name.endsWith(".docx")) {
    const result = await mammoth.extractRawText({ buffer: bytes });
    return result.value;
  }
  throw new UnsupportedFileError(filename);
}
