import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { readUpload } from "~/documents/read-upload.server";
import { inspectZip, MAX_EXPANDED_BYTES } from "~/documents/zip-guard";

async function docxWith(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

describe("uploads checked by content", () => {
  it("refuses a docx bomb before opening it", async () => {
    const bomb = await docxWith({ "word/document.xml": Buffer.alloc(MAX_EXPANDED_BYTES + 1024, 0x41) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(inspectZip(bomb)).toEqual({ ok: false, reason: "tooLarge" });
    expect(await readUpload(bomb, "draft.docx")).toEqual({ ok: false, error: "upload.bomb" });
  });

  it("accepts a real docx and reads its text", async () => {
    const { Document, Packer, Paragraph } = await import("docx");
    const doc = new Document({ sections: [{ children: [new Paragraph("Điều 1. Phạm vi điều chỉnh"), new Paragraph("Luật này quy định về dân chủ ở cơ sở.")] }] });
    const bytes = await Packer.toBuffer(doc);
    expect(inspectZip(bytes).ok).toBe(true);
    const result = await readUpload(bytes, "du-thao.docx");
    expect(result.ok && result.text).toContain("Điều 1. Phạm vi điều chỉnh");
  });

  it("refuses a text file that is binary, and a zip that is not a Word document", async () => {
    expect(await readUpload(Buffer.from([0x41, 0x00, 0x42]), "draft.txt")).toEqual({ ok: false, error: "upload.wrongType" });
    const notWord = await docxWith({ "hello.txt": "xin chào" });
    expect((await readUpload(notWord, "draft.docx")).ok).toBe(false);
  });
});
