/**
 * Transactions live in db/ (issue 14, db/README.md): a unit of work is a query function that takes what
 * it needs as data, and a change commits with its audit event there. These checks read the source of
 * app/, so a transaction opened outside db/ (or a handle on the writer taken there) fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): { file: string; text: string }[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => ({ file: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), "utf8") }));
}

/** The names imported from db/client.server by each import statement of the file (spanning lines too). */
function clientImports(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*["'](?:#db|[./]*db)\/client\.server["']/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

describe("transactions stay in db/", () => {
  const app = sources("app");

  it("no module under app/ calls transaction(…)", () => {
    const found: string[] = [];
    for (const { file, text } of app) {
      text.split("\n").forEach((line, i) => {
        const code = line.trim();
        if (code.startsWith("//") || code.startsWith("*")) return;
        if (/(^|[^.\w])transaction\s*\(/.test(line)) found.push(`${file}:${i + 1}: ${code}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("no module under app/ imports transaction or write from db/client.server", () => {
    const found = app.flatMap(({ file, text }) =>
      clientImports(text)
        .filter((name) => name === "transaction" || name === "write")
        .map((name) => `${file}: ${name}`),
    );
    expect(found).toEqual([]);
  });
});
