/**
 * What the reader sees is what a person sees: for every fixture, visibleLines(readDocx(bytes))
 * equals LibreOffice's own text rendering of the same file. LibreOffice is required (a missing
 * soffice fails this test with an install hint; it is not skipped).
 *
 * Both sides are normalised: tabs and runs of spaces to one space, lines trimmed, empty lines
 * dropped (LibreOffice writes a number, then a tab, then the text). Bullets: the reader writes "-"
 * for every bullet by design; LibreOffice writes the bullet's glyph (●, •, ○, ■…), mapped to "-" here.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDocx, visibleLines } from "~/documents/docx";
import { FIXTURES } from "../../fixtures/docx/builders";
import { libreOfficeDocx, libreOfficeText, requireTool } from "../../support/libreoffice";

const SAMPLE = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt");

function normalise(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/[\t ]+/g, " ").trim())
    .filter((line) => line !== "");
}

const BULLET_GLYPH = /^[•●○■▪◦◆❖➢✓-](?= )/u;

/**
 * Where Word and LibreOffice 7.4 disagree, the lines Word shows instead of LibreOffice's.
 * headingStyles: the "Điều" level has w:lvlRestart="0", so Word numbers the articles on through
 * the chapters (Điều 3, Điều 4 in Chương II), as Vietnamese laws are numbered. LibreOffice ignores
 * lvlRestart="0" and restarts them at Điều 1 under each chapter.
 */
const WORD_SHOWS: Partial<Record<keyof typeof FIXTURES, Record<string, string>>> = {
  headingStyles: {
    "Điều 1. Những nội dung công dân được biết": "Điều 3. Những nội dung công dân được biết",
    "Điều 2. Hình thức công khai thông tin": "Điều 4. Hình thức công khai thông tin",
  },
};

let dir = "";
const files = new Map<string, string>();
let rendered = new Map<string, string>();

beforeAll(async () => {
  requireTool("soffice");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-docx-lo-"));
  for (const [name, build] of Object.entries(FIXTURES)) {
    const file = path.join(dir, `${name}.docx`);
    fs.writeFileSync(file, await build());
    files.set(name, file);
  }
  // A .docx written BY LibreOffice from the demo draft (its own styles.xml, settings, rsids…).
  const sample = path.join(dir, "draft-v1.txt");
  fs.copyFileSync(SAMPLE, sample);
  files.set("libreOfficeSample", libreOfficeDocx(sample, path.join(dir, "from-lo")));
  rendered = libreOfficeText([...files.values()]);
}, 240_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("visibleLines match LibreOffice's rendering", () => {
  for (const name of [...Object.keys(FIXTURES), "libreOfficeSample"]) {
    it(name, () => {
      const file = files.get(name)!;
      const ours = normalise(visibleLines(readDocx(fs.readFileSync(file))).join("\n"));
      const differs = WORD_SHOWS[name as keyof typeof FIXTURES] ?? {};
      const theirs = normalise(rendered.get(file)!).map((line) => differs[line] ?? line.replace(BULLET_GLYPH, "-"));
      expect(ours).toEqual(theirs);
      expect(ours.length).toBeGreaterThan(5);
    });
  }

  it("reads LibreOffice's .docx of the demo draft line for line as the .txt it came from", () => {
    const ours = normalise(visibleLines(readDocx(fs.readFileSync(files.get("libreOfficeSample")!))).join("\n"));
    expect(ours).toEqual(normalise(fs.readFileSync(SAMPLE, "utf8")));
  });
});
