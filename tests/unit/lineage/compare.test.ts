import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { flattenClauses, parseDocument } from "~/domain/clauses";
import { compareVersions, type CompareClause } from "~/domain/diff/compare";
import { alignVersions } from "~/domain/lineage/align";

let nextId = 1;
const clausesOf = (text: string): CompareClause[] =>
  flattenClauses(parseDocument(text)).map((c) => ({ id: nextId++, label: c.label, kind: c.kind, heading: c.heading, body: c.body, position: c.position, depth: c.depth }));
const sample = (name: string) => fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so", name), "utf8");

describe("comparing draft 1 and draft 2", () => {
  const v1 = clausesOf(sample("draft-v1.txt"));
  const v2 = clausesOf(sample("draft-v2.txt"));
  const { rows, summary } = compareVersions(v1, v2, alignVersions(v1, v2), { ignoreCase: false });
  const row = (label: string) => rows.find((r) => r.new?.label === label)!;

  it("shows the word-level change of the station's name", () => {
    const parts = row("II.1.b").parts!;
    expect(parts).toContainEqual({ op: "removed", text: "-" });
    expect(parts).toContainEqual({ op: "added", text: "và" });
    expect(parts.filter((p) => p.op === "same").map((p) => p.text).join("")).toContain("Đài Phát thanh ");
  });

  it("shows the typo fix of III.3 and the points merged into I.1", () => {
    const typo = row("III.3").parts!;
    expect(typo.filter((p) => p.op === "removed").map((p) => p.text).join(" ")).toContain("Thanh niên");
    expect(row("I.1").merged.map((m) => m.label)).toEqual(["I.1.a", "I.1.b", "I.1.c"]);
    expect(row("I.1").relation).toBe("changed");
  });

  it("tells a change of letter case apart only when asked", () => {
    // II.1.c: "Các sở, ban, ngành tỉnh" -> "các sở, ban, ngành tỉnh"
    expect(row("II.1.c").formOnly).toBe(false);
    const folded = compareVersions(v1, v2, alignVersions(v1, v2), { ignoreCase: true });
    expect(folded.rows.find((r) => r.new?.label === "II.1.c")!.formOnly).toBe(true);
    expect(folded.summary.formOnly).toBeGreaterThan(summary.formOnly);
  });

  it("counts every clause once in the summary", () => {
    expect(summary.added + summary.changed + summary.unchanged).toBe(v2.length);
    expect(rows.filter((r) => r.relation === "removed")).toHaveLength(summary.removed);
    expect(summary.changed).toBeGreaterThan(5);
  });
});

describe("changes of form", () => {
  it("spacing, line breaks, emphasis and bullets alone are form-only", () => {
    const a = clausesOf("1. Tổ chức **quán triệt** Luật\n- Cơ quan chủ trì:  Sở Nội vụ .");
    const b = clausesOf("1. Tổ chức quán triệt Luật\n+ Cơ quan chủ trì: Sở Nội vụ.");
    const { rows, summary } = compareVersions(a, b, alignVersions(a, b), { ignoreCase: false });
    expect(rows[0]!.formOnly).toBe(true);
    expect(summary).toMatchObject({ changed: 0, unchanged: 1, formOnly: 1 });
  });

  it("removed clauses appear where they stood", () => {
    const a = clausesOf("1. Một\n2. Hai\n3. Ba");
    const b = clausesOf("1. Một\n2. Ba");
    const { rows } = compareVersions(a, b, alignVersions(a, b), { ignoreCase: false });
    expect(rows.map((r) => r.relation)).toEqual(["kept", "removed", "kept"]);
  });
});
