/**
 * Reading is linear and costs little on top of the unavoidable: inflating the parts and tokenising
 * the XML (htmlparser2). Timings (CPU ms) are printed for the record; the assertions are ratios and
 * generous bounds, so that a loaded CI machine does not make them flaky.
 */
import { Parser } from "htmlparser2";
import { beforeAll, describe, expect, it } from "vitest";
import { docxToText, readDocx } from "~/documents/docx";
import { readDocxParts } from "~/documents/docx/zip";
import { rawDocx } from "../../fixtures/docx/builders";
import { largeDocx } from "../../fixtures/docx/large";

/**
 * The fastest of `runs` runs, in ms of CPU time (user + system of this process): other processes
 * competing for the CPU (LibreOffice in a neighbouring test file) do not count, as they would in
 * wall-clock time.
 */
function fastest(runs: number, f: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = process.cpuUsage();
    f();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

let large: Buffer;
let quarter: Buffer;

beforeAll(() => {
  large = largeDocx(1024 * 1024);
  quarter = largeDocx(256 * 1024);
}, 120_000);

describe("speed", () => {
  it("reads a ~1 MB .docx at close to the cost of inflating and tokenising it", () => {
    const xml = readDocxParts(large).document;
    readDocx(large); // warm up
    const read = fastest(5, () => readDocx(large));
    const parts = fastest(5, () => readDocxParts(large));
    const tokenise = fastest(5, () => {
      const parser = new Parser({ onopentag() {}, onclosetag() {}, ontext() {} }, { xmlMode: true });
      parser.write(xml);
      parser.end();
    });
    const doc = readDocx(large);
    const serialise = fastest(5, () => docxToText(doc));
    console.log(
      `docx ${(large.length / 1024).toFixed(0)} KiB, document.xml ${(xml.length / 1024 / 1024).toFixed(1)} MiB, ${doc.blocks.length} blocks: ` +
        `readDocx ${read.toFixed(0)} ms (inflate+decode ${parts.toFixed(0)} ms, bare htmlparser2 ${tokenise.toFixed(0)} ms), docxToText ${serialise.toFixed(0)} ms`,
    );
    expect(large.length).toBeGreaterThanOrEqual(1024 * 1024);
    expect(read).toBeLessThan(2.5 * (parts + tokenise));
    expect(serialise).toBeLessThan(read);
    expect(read).toBeLessThan(5_000);
  }, 120_000);

  it("takes about four times as long for four times the document", () => {
    readDocx(quarter);
    const small = fastest(5, () => readDocx(quarter));
    const big = fastest(3, () => readDocx(large));
    console.log(`readDocx ${(quarter.length / 1024).toFixed(0)} KiB: ${small.toFixed(0)} ms; ${(large.length / 1024).toFixed(0)} KiB: ${big.toFixed(0)} ms`);
    expect(big / small).toBeLessThan(8);
  }, 120_000);

  it("stays linear on shapes that trip quadratic code: 100,000 runs in one paragraph, 3,000 rows merged down, 20,000 numbered paragraphs", () => {
    const runs = `<w:p>${'<w:r><w:t xml:space="preserve">chữ </w:t></w:r>'.repeat(100_000)}</w:p>`;
    const merged = `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Cơ quan</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Sở Nội vụ</w:t></w:r></w:p></w:tc></w:tr>${"<w:tr><w:tc><w:p/></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>".repeat(3_000)}</w:tbl>`;
    const numbering =
      '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>';
    const numbered = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>điểm</w:t></w:r></w:p>'.repeat(20_000);
    const bytes = rawDocx({ body: runs + merged + numbered, numbering });
    const elapsed = fastest(2, () => readDocx(bytes));
    const doc = readDocx(bytes);
    expect((doc.blocks[0] as { text: string }).text.length).toBe(400_000);
    expect(doc.blocks[1]).toMatchObject({ type: "table" });
    expect((doc.blocks[1] as { rows: string[][] }).rows[3000]).toEqual(["", "Sở Nội vụ"]);
    // lowerLetter at 20,000: "f" (the 20,000th letter cycles to f) written 770 times, Word's way.
    expect((doc.blocks[doc.blocks.length - 1] as { number: string }).number).toBe(`${"f".repeat(770)})`);
    console.log(`pathological shapes (${(bytes.length / 1024).toFixed(0)} KiB): ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(3_000);
  }, 60_000);
});
