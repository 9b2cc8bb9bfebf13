/**
 * The next version's text from the working copy (issue 16, part 2): the base's text with the changed
 * clauses written in, parsed again to the same clauses (labels, kinds, numbers, nesting) with the new
 * texts, the outline corrections following their paragraphs; refused, naming the clause, where a typed
 * text would not read back as one clause.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flattenClauses, normaliseText, parseDocument } from "~/domain/clauses";
import { splitParagraphs } from "~/domain/clauses/paragraphs";
import { buildNextText, paragraphSpans } from "~/domain/working-copy/next-text";

const DIR = "app/demo/samples/soc-trang-dan-chu-co-so";
const V1 = normaliseText(readFileSync(`${DIR}/draft-v1.txt`, "utf8"));
const V2 = normaliseText(readFileSync(`${DIR}/draft-v2.txt`, "utf8"));

const MD = `# KẾ HOẠCH THỬ

## Điều 1. Phạm vi điều chỉnh

Kế hoạch này quy định việc thử.
Áp dụng trong tỉnh.

## Điều 2. Đối tượng áp dụng

1. Cơ quan nhà nước.
2. Tổ chức, cá nhân có liên quan:
a) Doanh nghiệp;
b) Hợp tác xã.

| STT | Nhiệm vụ | Cơ quan |
| --- | --- | --- |
| 1 | Tuyên truyền | Sở Tư pháp |
`;

describe("the parser's paragraphs with their lines", () => {
  it("name the lines each paragraph came from, in order and without overlap, on both example drafts and a Markdown draft", () => {
    for (const text of [V1, V2, MD]) {
      const lines = text.split("\n");
      const spans = paragraphSpans(text, "vi");
      expect(spans.length).toBe(splitParagraphs(text, "vi").length);
      let after = -1;
      for (const span of spans) {
        expect(span.first).toBeGreaterThan(after);
        expect(span.last).toBeGreaterThanOrEqual(span.first);
        after = span.last;
        // The span's first and last lines hold the paragraph's first and last words (a table: its header).
        const words = span.text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w) && !w.includes("|"));
        if (words.length === 0) continue;
        expect(lines[span.first]).toContain(words[0]);
        if (!lines[span.first]!.trim().startsWith("|")) expect(lines[span.last]).toContain(words.at(-1));
      }
    }
  });
});

describe("building version N+1's text", () => {
  const base = { text: V2, language: "vi" as const, corrections: [] };
  const clauses = flattenClauses(parseDocument(V2));
  const withPhrase = clauses.find((c) => c.body.includes("Đài Phát thanh và Truyền hình"))!;

  it("gives the base's text back when nothing changed", () => {
    const out = buildNextText(base, new Map());
    expect(out.ok && out.text).toBe(V2);
  });

  it("writes a changed body in place: the same labels and structure, only that clause's text differs", () => {
    const body = withPhrase.body.replace("Đài Phát thanh và Truyền hình", "Đài Phát thanh - Truyền hình");
    const out = buildNextText(base, new Map([[withPhrase.label, { heading: withPhrase.heading, body }]]));
    if (!out.ok) throw new Error(`refused: ${out.label} ${out.reason}`);
    const again = flattenClauses(parseDocument(out.text));
    expect(again.map((c) => [c.label, c.kind, c.number, c.parentLabel, c.depth])).toEqual(clauses.map((c) => [c.label, c.kind, c.number, c.parentLabel, c.depth]));
    const differs = again.filter((c, i) => c.heading !== clauses[i]!.heading || c.body !== clauses[i]!.body);
    expect(differs.map((c) => c.label)).toEqual([withPhrase.label]);
    expect(differs[0]!.body).toBe(body);
    // Only the line that held the words changed.
    const oldLines = V2.split("\n");
    const newLines = out.text.split("\n");
    expect(newLines.length).toBe(oldLines.length);
    expect(newLines.filter((l, i) => l !== oldLines[i]).length).toBe(1);
  });

  it("changes a heading with its numbering mark kept, and a body with more paragraphs than before", () => {
    const article = clauses.find((c) => c.kind === "roman" || c.kind === "article")!;
    const leaf = clauses.find((c) => c.body.split("\n").length >= 2)!;
    const body = `${leaf.body}\n- Một dòng mới thêm vào cuối.`;
    const out = buildNextText(base, new Map([
      [article.label, { heading: `${article.heading} (sửa)`, body: article.body }],
      [leaf.label, { heading: leaf.heading, body }],
    ]));
    if (!out.ok) throw new Error(`refused: ${out.label} ${out.reason}`);
    const again = flattenClauses(parseDocument(out.text));
    expect(again.find((c) => c.label === article.label)!.heading).toBe(`${article.heading} (sửa)`);
    expect(again.find((c) => c.label === leaf.label)!.body).toBe(body);
    expect(again.length).toBe(clauses.length);
  });

  it("keeps the Markdown levels and the table, and moves corrections after a longer body", () => {
    const doc = flattenClauses(parseDocument(MD, { corrections: [{ op: "split", para: 8 }] }));
    const art1 = doc.find((c) => c.heading === "Phạm vi điều chỉnh")!;
    const out = buildNextText({ text: MD, language: "vi", corrections: [{ op: "split", para: 8 }] }, new Map([[art1.label, { heading: "Phạm vi", body: `${art1.body}\nThêm một đoạn.` }]]));
    if (!out.ok) throw new Error(`refused: ${out.label} ${out.reason}`);
    expect(out.corrections).toEqual([{ op: "split", para: 9 }]);
    const again = flattenClauses(parseDocument(out.text, { corrections: out.corrections }));
    expect(again.map((c) => c.label)).toEqual(doc.map((c) => c.label));
    expect(out.text).toContain("## Điều 1. Phạm vi\n");
  });

  it("refuses a body that would read as a new clause, naming the clause", () => {
    const leaf = clauses.find((c) => c.body !== "" && c.kind === "point") ?? clauses.find((c) => c.body !== "")!;
    const out = buildNextText(base, new Map([[leaf.label, { heading: leaf.heading, body: `${leaf.body}\nIV. MỘT MỤC MỚI` }]]));
    expect(out).toMatchObject({ ok: false, label: leaf.label });
  });

  it("refuses to change the text of a table row (the parser composes it)", () => {
    const doc = flattenClauses(parseDocument(MD));
    const row = doc.find((c) => c.kind === "row")!;
    expect(buildNextText({ text: MD, language: "vi", corrections: [] }, new Map([[row.label, { heading: row.heading, body: "khác" }]]))).toMatchObject({ ok: false, label: row.label, reason: "kind" });
  });
});
