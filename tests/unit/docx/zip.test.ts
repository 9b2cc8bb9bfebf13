/** The byte budget counts what is ACTUALLY inflated, whatever the archive's headers claim. */
import { deflateSync, strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { DocxTooLargeError, DocxUnreadableError, readDocx } from "~/documents/docx";
import { readDocxParts } from "~/documents/docx/zip";
import { readUpload } from "~/documents/read-upload.server";
import { inspectZip, MAX_EXPANDED_BYTES } from "~/documents/zip-guard";
import { rawDocx } from "../../fixtures/docx/builders";

/** One-entry ZIP whose local header and central directory both claim `claimedSize` uncompressed bytes. */
function lyingZip(name: string, content: Uint8Array, claimedSize: number): Buffer {
  const data = deflateSync(content, { level: 9 });
  const nameBytes = strToU8(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(0, 14); // CRC: not checked by readers that stop early
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(claimedSize, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(claimedSize, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42); // local header at 0
  const centralOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

describe("reading a .docx's parts with a byte budget", () => {
  it("refuses a document.xml that inflates past the cap although its headers claim 1,000 bytes, quickly and with bounded memory", async () => {
    const bomb = lyingZip("word/document.xml", new Uint8Array(MAX_EXPANDED_BYTES + 8 * 1024 * 1024).fill(0x41), 1_000);
    expect(bomb.length).toBeLessThan(200 * 1024);
    // The cheap first check believes the headers…
    expect(inspectZip(bomb)).toMatchObject({ ok: true, expanded: 1_000 });
    // …the reader counts what it inflates.
    const started = performance.now();
    const error = (() => {
      try {
        readDocx(bomb);
      } catch (e) {
        return e;
      }
    })();
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(DocxTooLargeError);
    const { inflated, limit } = error as DocxTooLargeError;
    expect(limit).toBe(MAX_EXPANDED_BYTES);
    // Stopped within one small step (4 KiB of input × DEFLATE's 1,032:1) of the limit: never the whole 68 MB.
    expect(inflated).toBeGreaterThan(MAX_EXPANDED_BYTES);
    expect(inflated).toBeLessThan(MAX_EXPANDED_BYTES + 4096 * 1032 + 1);
    expect(elapsed).toBeLessThan(5_000);
    expect(await readUpload(bomb, "du-thao.docx")).toEqual({ ok: false, error: "upload.bomb" });
  });

  it("stops a far bigger bomb at the same place (the budget, not the content, bounds the work)", () => {
    const bomb = lyingZip("word/document.xml", new Uint8Array(40 * 1024 * 1024), 1_000);
    const started = performance.now();
    expect(() => readDocxParts(bomb, 2 * 1024 * 1024)).toThrow(DocxTooLargeError);
    expect(performance.now() - started).toBeLessThan(2_000);
    try {
      readDocxParts(bomb, 2 * 1024 * 1024);
    } catch (e) {
      expect((e as DocxTooLargeError).inflated).toBeLessThan(2 * 1024 * 1024 + 4096 * 1032 + 1);
    }
  });

  it("counts the three parts together", () => {
    const big = "<w:p/>".repeat(200_000); // 1.2 MB each
    const bytes = zipSync({ "word/document.xml": strToU8(big), "word/styles.xml": strToU8(big), "word/numbering.xml": strToU8(big) });
    expect(() => readDocxParts(bytes, 3_000_000)).toThrow(DocxTooLargeError);
    expect(readDocxParts(bytes, 4_000_000).document.length).toBe(big.length);
  });

  it("reads stored (uncompressed) entries too", () => {
    const bytes = zipSync({ "word/document.xml": strToU8('<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Điều 1. Phạm vi</w:t></w:r></w:p></w:body></w:document>') }, { level: 0 });
    expect(readDocx(bytes).blocks).toMatchObject([{ type: "paragraph", text: "Điều 1. Phạm vi", number: null }]);
  });

  it("says 'not a Word document' for a ZIP without word/document.xml, and readUpload maps it to upload.unreadable", async () => {
    const notWord = Buffer.from(zipSync({ "hello.txt": strToU8("xin chào"), "word/styles.xml": strToU8("<w:styles/>") }));
    expect(() => readDocx(notWord)).toThrow(DocxUnreadableError);
    expect(() => readDocx(notWord)).toThrow(expect.objectContaining({ reason: "noDocument" }));
    expect(await readUpload(notWord, "du-thao.docx")).toEqual({ ok: false, error: "upload.unreadable" });
  });

  it("says unreadable for bytes that are not a ZIP and for a corrupt deflate stream", () => {
    expect(() => readDocx(strToU8("PK\u0003\u0004 not really"))).toThrow(expect.objectContaining({ name: "DocxUnreadableError", reason: "notZip" }));
    const good = rawDocx({ body: "<w:p><w:r><w:t>x</w:t></w:r></w:p>" });
    const corrupt = lyingZip("word/document.xml", new Uint8Array(10), 10);
    // Overwrite the compressed bytes with garbage (reserved block type 3).
    corrupt.fill(0xff, 30 + "word/document.xml".length, 30 + "word/document.xml".length + 2);
    expect(() => readDocx(corrupt)).toThrow(DocxUnreadableError);
    expect(readDocx(good).blocks).toHaveLength(1);
  });
});
