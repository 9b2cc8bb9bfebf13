/**
 * LibreOffice for tests: what it shows for a .docx, as text. A missing tool is an error with an
 * install hint, never a skip: a check CI relies on must fail when it cannot run.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const INSTALL_HINT: Record<string, string> = {
  soffice: "apt-get install libreoffice-writer-nogui (Debian/Ubuntu)",
  libreoffice: "apt-get install libreoffice-writer-nogui (Debian/Ubuntu)",
  pdftotext: "apt-get install poppler-utils (Debian/Ubuntu)",
  pdftoppm: "apt-get install poppler-utils (Debian/Ubuntu)",
};

/** The absolute path of `name` on PATH; throws, saying how to install it, when it is missing. */
export function requireTool(name: string): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${name} is required by this test but is not installed: ${INSTALL_HINT[name] ?? `install ${name}`}`);
}

/**
 * Each .docx as LibreOffice's "Text (encoded)" UTF-8 export, converted with ONE soffice call and a
 * throw-away profile (so a running LibreOffice or a broken user profile does not interfere).
 */
export function libreOfficeText(docxPaths: readonly string[]): Map<string, string> {
  const soffice = requireTool("soffice");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-lo-text-"));
  try {
    const outdir = path.join(work, "out");
    fs.mkdirSync(outdir);
    // Inputs with the same base name would overwrite each other's output: give each its own name.
    const inputs = docxPaths.map((p, i) => {
      const copy = path.join(work, `${i}-${path.basename(p)}`);
      fs.copyFileSync(p, copy);
      return copy;
    });
    execFileSync(soffice, ["--headless", `-env:UserInstallation=file://${work}/profile`, "--convert-to", "txt:Text (encoded):UTF8", "--outdir", outdir, ...inputs], {
      stdio: "pipe",
      timeout: 180_000,
    });
    const result = new Map<string, string>();
    docxPaths.forEach((p, i) => {
      const out = path.join(outdir, `${path.basename(inputs[i], path.extname(inputs[i]))}.txt`);
      if (!fs.existsSync(out)) throw new Error(`LibreOffice did not convert ${p}`);
      result.set(p, fs.readFileSync(out, "utf8").replace(/^\uFEFF/, ""));
    });
    return result;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A .docx made by LibreOffice from a text file (one paragraph per line). */
export function libreOfficeDocx(textPath: string, outdir: string): string {
  const soffice = requireTool("soffice");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-lo-profile-"));
  try {
    execFileSync(soffice, ["--headless", `-env:UserInstallation=file://${profile}`, "--infilter=Text (encoded):UTF8", "--convert-to", "docx:MS Word 2007 XML", "--outdir", outdir, textPath], {
      stdio: "pipe",
      timeout: 180_000,
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const out = path.join(outdir, `${path.basename(textPath, path.extname(textPath))}.docx`);
  if (!fs.existsSync(out)) throw new Error(`LibreOffice did not convert ${textPath}`);
  return out;
}
