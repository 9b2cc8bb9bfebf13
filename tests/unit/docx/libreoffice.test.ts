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
import { HAND_WRITTEN } from "../../fixtures/docx/hand-written";
import { libreOfficeDocx, libreOfficeText, requireTool } from "../../support/libreoffice";

const SAMPLE = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt");

function normalise(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/[\t ]+/g, " ").trim())
    .filter((line) => line !== "");
}

const BULLET_GLYPH = /^[•●○■▪◦◆❖➢✓-](?= )/u;

const ALL = { ...FIXTURES, ...HAND_WRITTEN };
type Name = keyof typeof ALL | "libreOfficeSample";

/**
 * Where Word and LibreOffice 7.4 disagree, LibreOffice's line (by position) and what Word shows.
 * The reader follows Word (ECMA-376), so these are asserted as Word shows them:
 * - w:lvlRestart: LibreOffice 7.4 ignores it. With lvlRestart="0" Word numbers articles on through
 *   the chapters (Điều 3, Điều 4 in Chương II), as Vietnamese laws are numbered; with lvlRestart="1"
 *   a level restarts only under a new level-1 item, not under a new level 2.
 * - w:isLgl: LibreOffice 7.4 ignores it ("II.1."); Word writes every level in Arabic digits ("2.1.").
 * - A level used before the level above it ever was: Word writes the unused level as start − 1
 *   ("0.1."), LibreOffice as its start ("1.1.").
 * - A level of format none cited in another level's text ("%1.%2"): Word writes nothing for it
 *   (".1"); LibreOffice drops the separator after it too ("1").
 * - w:suff="nothing": Word puts nothing between number and text ("Điều 1.Phạm vi"); LibreOffice's
 *   text export writes a separator anyway.
 */
const WORD_SHOWS: Partial<Record<Name, Record<number, [libreOffice: string, word: string]>>> = {
  headingStyles: {
    11: ["Điều 1. Những nội dung công dân được biết", "Điều 3. Những nội dung công dân được biết"],
    13: ["Điều 2. Hình thức công khai thông tin", "Điều 4. Hình thức công khai thông tin"],
  },
  lvlRestart: {
    6: ["Điều 1. d", "Điều 2. d"],
    9: ["Mục 1 m", "Mục 3 m"],
  },
  legalAndOrphan: {
    2: ["II.1. Khoản", "2.1. Khoản"],
    3: ["1.1. Khoản mồ côi", "0.1. Khoản mồ côi"],
  },
  noneAndNoSuffix: {
    1: ["1 số dưới", ".1 số dưới"],
    2: ["Điều 1. Phạm vi", "Điều 1.Phạm vi"],
  },
};

let dir = "";
const files = new Map<string, string>();
let rendered = new Map<string, string>();

beforeAll(async () => {
  requireTool("soffice");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-docx-lo-"));
  for (const [name, build] of Object.entries(ALL)) {
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
  for (const name of [...Object.keys(ALL), "libreOfficeSample"] as Name[]) {
    it(name, () => {
      const file = files.get(name)!;
      const ours = normalise(visibleLines(readDocx(fs.readFileSync(file))).join("\n"));
      const differs = WORD_SHOWS[name] ?? {};
      const theirs = normalise(rendered.get(file)!).map((line, i) => {
        const known = differs[i];
        if (!known) return line.replace(BULLET_GLYPH, "-");
        // The known difference must still be there: if LibreOffice changes, this table must too.
        expect(line).toBe(known[0]);
        return known[1];
      });
      expect(ours).toEqual(theirs);
      expect(ours.length).toBeGreaterThan(0);
    });
  }

  it("reads LibreOffice's .docx of the demo draft line for line as the .txt it came from", () => {
    const ours = normalise(visibleLines(readDocx(fs.readFileSync(files.get("libreOfficeSample")!))).join("\n"));
    expect(ours).toEqual(normalise(fs.readFileSync(SAMPLE, "utf8")));
  });
});
