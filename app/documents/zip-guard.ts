/**
 * A .docx is a ZIP package; a hostile one can expand from kilobytes to gigabytes (a "zip bomb").
 * Before any library opens it, the central directory is read to add up what the entries would
 * expand to. Reading the directory costs nothing; inflating a bomb would take the server down.
 */
export const MAX_EXPANDED_BYTES = 60 * 1024 * 1024;
export const MAX_ENTRIES = 2_000;

export type ZipVerdict = { ok: true; expanded: number; entries: number } | { ok: false; reason: "notZip" | "tooLarge" | "tooManyEntries" };

export function inspectZip(bytes: Buffer): ZipVerdict {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  const from = Math.max(0, bytes.length - 65_557);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: "notZip" };
  const entries = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (entries > MAX_ENTRIES) return { ok: false, reason: "tooManyEntries" };
  let expanded = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) return { ok: false, reason: "notZip" };
    // ZIP64 entries say 0xffffffff here: such sizes are far beyond any draft, so refuse them.
    const size = bytes.readUInt32LE(offset + 24);
    expanded += size;
    if (size === 0xffffffff || expanded > MAX_EXPANDED_BYTES) return { ok: false, reason: "tooLarge" };
    offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return { ok: true, expanded, entries };
}
