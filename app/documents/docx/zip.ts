/**
 * The three parts of a .docx we read, inflated with a real byte budget.
 *
 * `inspectZip` (zip-guard.ts) adds up the sizes the central directory CLAIMS; a hostile archive can
 * claim 1,000 bytes and inflate to gigabytes. Here every byte actually inflated is counted, in small
 * steps, and reading stops as soon as the total passes MAX_EXPANDED_BYTES. Memory stays bounded: one
 * compressed chunk inflates to at most ~1,032 times its size (DEFLATE's limit) before the count is
 * checked, and chunks are sized so that this never passes the budget left (but at least MIN_CHUNK):
 * a normal part is inflated in a few large steps, a bomb is stopped within MIN_CHUNK × 1,032 bytes
 * (about 4 MB) of the limit.
 */
import { Inflate } from "fflate";
import { MAX_EXPANDED_BYTES } from "../zip-guard";

/** The parts inflate past the budget (a zip bomb, whatever its headers say). */
export class DocxTooLargeError extends Error {
  /** `inflated`: how many bytes had actually been inflated when reading stopped. */
  constructor(
    readonly limit: number,
    readonly inflated: number,
  ) {
    super(`The .docx expands past ${limit} bytes`);
    this.name = "DocxTooLargeError";
  }
}

/** Not a Word document: not a ZIP, no word/document.xml, or a part that does not inflate. */
export class DocxUnreadableError extends Error {
  constructor(readonly reason: "notZip" | "noDocument" | "corrupt" | "unsupportedCompression") {
    super(`Not a readable Word document (${reason})`);
    this.name = "DocxUnreadableError";
  }
}

export interface DocxParts {
  document: string;
  numbering: string | null;
  styles: string | null;
}

export const DOCX_PARTS = ["word/document.xml", "word/numbering.xml", "word/styles.xml"] as const;
const MIN_CHUNK = 4096;
/** DEFLATE cannot expand data more than this (a 258-byte match from every 2 bits, and then some). */
const MAX_RATIO = 1032;

interface Entry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}
function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;
}

/** The central directory's entries for the names we want, or all with `wanted` null (others are never touched). */
function findEntries(bytes: Uint8Array, wanted: ReadonlySet<string> | null): Map<string, Entry> {
  const from = Math.max(0, bytes.length - 65_557);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new DocxUnreadableError("notZip");
  const count = u16(bytes, eocd + 10);
  let offset = u32(bytes, eocd + 16);
  const found = new Map<string, Entry>();
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || u32(bytes, offset) !== 0x02014b50) throw new DocxUnreadableError("notZip");
    const nameLength = u16(bytes, offset + 28);
    const end = offset + 46 + nameLength;
    if (end > bytes.length) throw new DocxUnreadableError("notZip");
    const name = decoder.decode(bytes.subarray(offset + 46, end));
    // Reading every entry, a name twice is refused: a library could open the other one than was measured.
    if (wanted === null && found.has(name)) throw new DocxUnreadableError("corrupt");
    if ((wanted === null || wanted.has(name)) && !found.has(name)) {
      found.set(name, { method: u16(bytes, offset + 10), compressedSize: u32(bytes, offset + 20), localOffset: u32(bytes, offset + 42) });
    }
    offset = end + u16(bytes, offset + 30) + u16(bytes, offset + 32);
  }
  return found;
}

/** Inflates one entry, adding what it ACTUALLY produces to `budget.used`; throws past the limit. */
function inflateEntry(bytes: Uint8Array, entry: Entry, budget: { used: number; limit: number }): Uint8Array {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || u32(bytes, at) !== 0x04034b50) throw new DocxUnreadableError("corrupt");
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  // The directory's compressed size is only a bound on what we read, clamped to the file.
  const end = Math.min(bytes.length, start + entry.compressedSize);
  const data = bytes.subarray(start, end);
  if (entry.method === 0) {
    budget.used += data.length;
    if (budget.used > budget.limit) throw new DocxTooLargeError(budget.limit, budget.used);
    return data;
  }
  if (entry.method !== 8) throw new DocxUnreadableError("unsupportedCompression");
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    budget.used += chunk.length;
    if (budget.used > budget.limit) throw new DocxTooLargeError(budget.limit, budget.used);
    size += chunk.length;
    chunks.push(chunk);
    if (final) done = true;
  });
  try {
    let i = 0;
    while (i < data.length && !done) {
      const step = Math.max(MIN_CHUNK, Math.floor((budget.limit - budget.used) / MAX_RATIO));
      const next = Math.min(data.length, i + step);
      inflater.push(data.subarray(i, next), next === data.length);
      i = next;
    }
  } catch (error) {
    if (error instanceof DocxTooLargeError) throw error;
    throw new DocxUnreadableError("corrupt");
  }
  if (data.length === 0) return new Uint8Array(0);
  const out = new Uint8Array(size);
  let pos = 0;
  for (const chunk of chunks) {
    out.set(chunk, pos);
    pos += chunk.length;
  }
  return out;
}

/** word/document.xml (required), word/numbering.xml and word/styles.xml (optional), as text. */
export function readDocxParts(bytes: Uint8Array, limit = MAX_EXPANDED_BYTES): DocxParts {
  const entries = findEntries(bytes, new Set(DOCX_PARTS));
  const documentEntry = entries.get("word/document.xml");
  if (!documentEntry) throw new DocxUnreadableError("noDocument");
  const budget = { used: 0, limit };
  // Buffer's UTF-8 decoding is several times faster than TextDecoder's on megabytes of XML.
  const text = (entry: Entry | undefined) => {
    if (!entry) return null;
    const raw = inflateEntry(bytes, entry, budget);
    return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8");
  };
  const document = text(documentEntry) ?? "";
  return { document, numbering: text(entries.get("word/numbering.xml")), styles: text(entries.get("word/styles.xml")) };
}

/**
 * Every entry of a ZIP package inflated under one budget on the bytes actually produced, by name (a
 * .xlsx checked before a library opens it, app/directory/member-list.server.ts). Throws
 * DocxTooLargeError past `limit`, DocxUnreadableError when it is not a ZIP or an entry is damaged.
 */
export function readZipEntries(bytes: Uint8Array, limit: number): Map<string, Uint8Array> {
  const budget = { used: 0, limit };
  const out = new Map<string, Uint8Array>();
  for (const [name, entry] of findEntries(bytes, null)) out.set(name, inflateEntry(bytes, entry, budget));
  return out;
}
