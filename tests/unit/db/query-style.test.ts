/**
 * The queries are written once for SQLite and PostgreSQL (db/README.md). These checks read the source:
 * what only one driver has, or what would let a statement slip outside the write queue, fails here
 * before it fails on the other database.
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

function offending(files: { file: string; text: string }[], pattern: RegExp): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    text.split("\n").forEach((line, i) => {
      if (pattern.test(line) && !line.trim().startsWith("//") && !line.trim().startsWith("*")) found.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return found;
}

describe("query style", () => {
  const queries = sources("db/queries");

  it("no builder method that only SQLite's driver has", () => {
    expect(offending(queries, /\.(all|get|run)\(\s*\)/)).toEqual([]);
  });

  it("no transaction opened except through db/client.server.ts", () => {
    expect(offending([...queries, ...sources("app")], /\.transaction\(/)).toEqual([]);
  });

  it("SQLite-only functions in SQL written by hand only where the module chooses by DIALECT", () => {
    const undivided = queries.filter((q) => !/\bDIALECT\b/.test(q.text));
    expect(offending(undivided, /\b(json_each|group_concat|unixepoch|ifnull|iif)\s*\(/i)).toEqual([]);
  });
});
