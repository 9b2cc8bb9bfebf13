/**
 * Text -> clause tree.
 *
 * 1. normalise (NFC, line breaks, odd spaces) and split into paragraphs (paragraphs.ts): Markdown
 *    headings keep their level, pipe tables become table paragraphs;
 * 2. find the front matter at the start, the back matter after the body and the appendices that may
 *    follow it (matter.ts); the drafter's corrections can move any paragraph in or out (corrections.ts);
 * 3. walk the content with a stack of open clauses. A numbered paragraph closes every open clause of
 *    an equal or higher rank (Phụ lục > Phần > Chương > Mục > Tiểu mục > Điều > I. > 1. > 2.1. > 1) > a))
 *    and opens inside the one left on top. An unnumbered heading opens under the nearest heading of a
 *    higher level. Bullets and plain paragraphs belong to the innermost open clause. Where nothing is
 *    open, a plain paragraph is a clause of its own (p1, p2 …), so preambles, closings and unnumbered
 *    letters can be commented on too. A table is a clause with one clause per body row.
 * 4. Russian: the paragraphs of an article, part or point become its абзацы, each a clause, because
 *    that is how they are cited ("абзац третий статьи 2").
 * 5. Every clause gets its citation (citation.ts).
 */
import { citeClauses } from "./citation";
import { indexCorrections, type OutlineCorrection } from "./corrections";
import { buildLabel, LabelSet } from "./labels";
import { detectLanguage } from "./language";
import { isBullet, matchMarker, rank, type Marker } from "./markers";
import { findBackMatter, takeFrontMatter } from "./matter";
import { normaliseText } from "./normalise";
import { splitParagraphs } from "./paragraphs";
import { numberColumn, rowParts, type Table } from "./tables";
import type { Clause, ClauseKind, ParsedDocument } from "./types";

/**
 * Closing formulas after the last numbered clause ("Trên đây là Kế hoạch…", "Trong quá trình
 * triển khai…") belong to the whole document, not to the last item: they close every open clause.
 * Only after the last mark, because "Trong quá trình thực hiện, …" is also ordinary body text.
 */
const CLOSING =
  /^(?:Trên đây là|Trong quá trình (?:triển khai|thực hiện|tổ chức)|Настоящ(?:ий|ее|ая|ие) \S+ вступа|Контроль за (?:исполнением|выполнением))/u;

/** A mark printed alone takes its heading from the next paragraph only if that is this short. */
const MAX_HEADING_LINE = 300;

/** "Danh mục nhiệm vụ", "Bảng 2. …", "Перечень …": a line right before a table that names it. */
const CAPTION = /^(?:Bảng|BẢNG|Biểu|BIỂU|Danh mục|DANH MỤC|Danh sách|DANH SÁCH|Таблица|ТАБЛИЦА|Перечень|ПЕРЕЧЕНЬ|Список|СПИСОК)(?=[\s:.]|$)/u;
const MAX_CAPTION = 300;

/** Ranks of what has no printed mark: below every mark, so numbered clauses open inside. */
const ROOT_HEADING_RANK = -0.5;
const CLOSE_ALL = Number.NEGATIVE_INFINITY;
/** A root paragraph is never on the stack; if reopened to take a child, it closes at the next mark. */
const PARAGRAPH_RANK = 1000;

/** RU: clause kinds whose paragraphs are абзацы, cited one by one. */
const ABZATS_KINDS = new Set<ClauseKind>(["article", "item", "decimal", "point", "paragraph"]);

interface Open {
  clause: Clause;
  rank: number;
  lines: string[];
  paras: number[];
  mark: string;
  headingLevel: number | null;
}

export interface ParseOptions {
  language?: "vi" | "ru" | "auto";
  corrections?: readonly OutlineCorrection[];
}

class TreeBuilder {
  readonly roots: Clause[] = [];
  private readonly stack: Open[] = [];
  /** The clauses of `stack`, kept alongside it so labelling needs no copy per clause. */
  private readonly openClauses: Clause[] = [];
  private readonly labels = new LabelSet();
  /** Every clause's record, in document order: bodies are joined once, at the end. */
  private readonly all: Open[] = [];
  /** The last child attached under each parent (null: the roots), for moving a clause one level in. */
  private readonly lastChild = new Map<Clause | null, Open>();
  /** Unnumbered clauses (p, H, T) counted per parent, for their labels. */
  private readonly counters = new Map<string, number>();
  private lastArticle: number | null = null;
  /** The clause attached last: where a joined paragraph goes. */
  private last: Open | null = null;
  /** A mark printed alone ("Điều 3.", "Chương II") waits for its heading on the next line. */
  awaitingHeading: Open | null = null;

  constructor(private readonly language: "vi" | "ru") {}

  private get innermost(): Open | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** "Điều 5 Chính sách…" without its stop is an article only where the numbering expects it. */
  expectsArticle(number: string): boolean {
    const n = Number.parseInt(number, 10);
    if (this.lastArticle === null) return n === 1;
    // "Điều 5a", "Статья 3.1": an inserted article after its base.
    return n === this.lastArticle + 1 || (n === this.lastArticle && number !== String(n));
  }

  innermostIsBareArticle(): boolean {
    const inner = this.innermost;
    return inner !== undefined && inner.clause.kind === "article" && inner.lines.length === 0 && inner.clause.children.length === 0;
  }

  openNumbered(marker: Marker, para: number, headingLevel: number | null, levelDelta: number): void {
    let r = rank(marker.style, marker.number);
    this.closeTo(r);
    if (headingLevel !== null) this.closeHeadingsFrom(headingLevel);
    r = this.shift(r, levelDelta);
    if (marker.style === "article") this.lastArticle = Number.parseInt(marker.number, 10);
    const label = this.labels.claim(buildLabel(marker, this.openClauses, this.language));
    const open = this.attach(label, marker.kind, marker.number, tidyHeading(marker.rest), para, r, marker.mark, headingLevel);
    this.push(open);
    this.awaitingHeading = open.clause.heading === "" ? open : null;
  }

  /** A heading with no printed mark (Word's Heading 2 "Quy định chung", "## Mở đầu"). */
  openHeading(text: string, para: number, level: number, levelDelta: number): void {
    this.closeHeadingsFrom(level, true);
    const top = this.innermost;
    const r = this.shift(top ? top.rank + 0.5 : ROOT_HEADING_RANK, levelDelta);
    const open = this.attach(this.counted("H"), "heading", null, tidyHeading(text), para, r, text, level);
    this.push(open);
    this.awaitingHeading = null;
  }

  addParagraph(text: string, para: number, levelDelta: number): void {
    const inner = this.innermost;
    if (inner) {
      inner.lines.push(text);
      inner.paras.push(para);
      return;
    }
    // Nothing numbered is open: the paragraph is a clause of its own; moved in, it goes under the one before.
    const before = levelDelta > 0 ? this.lastChild.get(null) : undefined;
    if (before) {
      this.stack.push(before);
      this.openClauses.push(before.clause);
      this.attach(this.counted("p"), "paragraph", null, text, para, PARAGRAPH_RANK, text, null);
      this.stack.pop();
      this.openClauses.pop();
      return;
    }
    this.attach(this.counted("p"), "paragraph", null, text, para, PARAGRAPH_RANK, text, null);
  }

  /** The drafter's "split here": a body paragraph opens a clause at the level of the one it was in. */
  split(text: string, para: number, levelDelta: number): void {
    const inner = this.innermost;
    if (!inner) return this.addParagraph(text, para, levelDelta);
    this.closeTo(inner.rank);
    const r = this.shift(inner.rank, levelDelta);
    this.push(this.attach(this.counted("p"), "paragraph", null, text, para, r, text, null));
  }

  /** The drafter's "join to the clause before": the paragraph becomes body text of the last clause. */
  join(text: string, para: number): void {
    this.awaitingHeading = null;
    const target = this.last;
    if (!target) return this.addParagraph(text, para, 0);
    target.lines.push(text);
    target.paras.push(para);
  }

  /** A caption held back from the paragraph before a table ("Danh mục nhiệm vụ"): the table's heading. */
  caption: { text: string; para: number } | null = null;

  addTable(table: Table, para: number): void {
    const caption = this.caption ? tidyHeading(this.caption.text) : null;
    const captionPara = this.caption?.para;
    this.caption = null;
    this.awaitingHeading = null;
    const inner = this.innermost;
    const word = this.language === "ru" ? "Таблица" : "Bảng";
    const label = this.counted("T");
    // Without a caption the table reads as its columns: the citation already says "bảng".
    const columns = `${this.language === "ru" ? "Столбцы" : "Các cột"}: ${table.columns.filter((c) => c !== "").join(", ")}`;
    const t = this.attach(label, "table", null, caption ?? "", captionPara ?? para, PARAGRAPH_RANK, word, null);
    t.lines.push(columns);
    t.paras.push(para);
    const numberCol = numberColumn(table);
    const columnWord = this.language === "ru" ? "Столбец" : "Cột";
    this.stack.push(t);
    this.openClauses.push(t.clause);
    table.rows.forEach((row, k) => {
      const parts = rowParts(table, row, k + 1, numberCol, columnWord);
      if (parts.heading === "" && parts.body === "") return;
      const heading = parts.heading === "" ? parts.body.split("\n", 1)[0]! : parts.heading;
      const body = parts.heading === "" ? parts.body.slice(heading.length + 1) : parts.body;
      const open = this.attach(this.labels.claim(`${label}.R${k + 1}`), "row", parts.number, heading, para, PARAGRAPH_RANK, parts.number, null);
      if (body !== "") open.lines.push(body);
    });
    this.stack.pop();
    this.openClauses.pop();
  }

  /** Closes every open clause of rank >= r (all of them for CLOSE_ALL). */
  closeTo(r: number): void {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.rank >= r) {
      this.stack.pop();
      this.openClauses.pop();
    }
  }

  closeAll(): void {
    this.closeTo(CLOSE_ALL);
  }

  /** Closes open headings of this level or deeper; with `andBody`, every non-heading clause above them too. */
  private closeHeadingsFrom(level: number, andBody = false): void {
    while (this.stack.length > 0) {
      const top = this.stack[this.stack.length - 1]!;
      const keep = top.headingLevel !== null ? top.headingLevel < level : !andBody;
      if (keep) break;
      this.stack.pop();
      this.openClauses.pop();
    }
  }

  /**
   * Moves the clause about to open by `delta` levels: out, it leaves its parent (and the clauses after
   * it follow it in, as in Word's outline); in, it goes under the clause before it.
   */
  private shift(r: number, delta: number): number {
    let out = r;
    for (let k = 0; k > delta && this.stack.length > 0; k--) {
      out = this.stack.pop()!.rank;
      this.openClauses.pop();
    }
    for (let k = 0; k < delta; k++) {
      const before = this.lastChild.get(this.innermost?.clause ?? null);
      if (!before) break;
      const reopened = before.rank === PARAGRAPH_RANK ? out - 0.25 : before.rank;
      this.stack.push({ ...before, rank: reopened });
      this.openClauses.push(before.clause);
      // The reopened record shares its arrays with the original, so its body keeps growing in one place.
      if (out <= reopened) out = reopened + 0.125;
    }
    return out;
  }

  private push(open: Open): void {
    this.stack.push(open);
    this.openClauses.push(open.clause);
  }

  /** "p3", "D2.p1", "H1", "PL1.T2": numbered per parent. */
  private counted(prefix: string): string {
    const parent = this.innermost?.clause.label ?? "";
    const key = `${parent}\u0000${prefix}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return this.labels.claim(parent === "" ? `${prefix}${n}` : `${parent}.${prefix}${n}`);
  }

  private attach(label: string, kind: ClauseKind, number: string | null, heading: string, para: number, r: number, mark: string, headingLevel: number | null): Open {
    const parent = this.innermost?.clause ?? null;
    const clause: Clause = { label, kind, number, heading, body: "", citation: "", children: [], position: 0, depth: this.stack.length, para, bodyParas: [] };
    (parent ? parent.children : this.roots).push(clause);
    const open: Open = { clause, rank: r, lines: [], paras: [], mark, headingLevel };
    this.all.push(open);
    this.lastChild.set(parent, open);
    this.last = open;
    return open;
  }

  /** The mark a clause was printed with ("1." or "1)"): Russian citations tell a часть from a пункт by it. */
  markOf = (clause: Clause): string => this.marks.get(clause) ?? "";
  private readonly marks = new Map<Clause, string>();

  /** Joins bodies, and in Russian turns several paragraphs of a body into абзацы. */
  finish(): Clause[] {
    this.closeAll();
    for (const { clause, lines, paras, mark } of this.all) {
      this.marks.set(clause, mark);
      if (this.language === "ru" && lines.length >= 2 && ABZATS_KINDS.has(clause.kind)) {
        const abzats = lines.map((line, k): Clause => ({
          label: this.labels.claim(`${clause.label}.abz${k + 1}`),
          kind: "paragraph",
          number: null,
          heading: line,
          body: "",
          citation: "",
          children: [],
          position: 0,
          depth: clause.depth + 1,
          para: paras[k]!,
          bodyParas: [],
        }));
        clause.children.unshift(...abzats);
        continue;
      }
      clause.body = lines.join("\n");
      clause.bodyParas = paras;
      // "I." with nothing but children: the printed mark keeps the clause from being blank.
      if (clause.heading === "" && clause.body === "") clause.heading = mark;
    }
    fixDepths(this.roots);
    return this.roots;
  }
}

export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const clean = normaliseText(text);
  const language = options.language === "vi" || options.language === "ru" ? options.language : detectLanguage(clean);
  const paras = splitParagraphs(clean, language);
  const fixes = indexCorrections(options.corrections ?? []);
  const front = takeFrontMatter(paras, language);
  const back = findBackMatter(paras, front.end, language);

  const frontMatter: string[] = [];
  const frontParas: number[] = [];
  const backMatter: string[] = [];
  const backParas: number[] = [];
  const content: number[] = [];
  const markers = new Map<number, Marker>();
  let lastMarked = -1;
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i]!;
    const natural = i < front.end ? "front" : i >= back.start && i < back.appendices ? "back" : "content";
    let role = natural;
    if (fixes.matter.has(i)) role = content.length === 0 ? "front" : "back";
    else if (fixes.commentable.has(i)) role = "content";
    if (role === "front") {
      frontMatter.push(p.text);
      frontParas.push(i);
    } else if (role === "back") {
      backMatter.push(p.text);
      backParas.push(i);
    } else {
      content.push(i);
      const marker = p.table || isBullet(p.text) ? null : matchMarker(p.text, language);
      if (marker) {
        markers.set(i, marker);
        if (i < back.start) lastMarked = i;
      }
    }
  }

  const tree = new TreeBuilder(language);
  for (let ci = 0; ci < content.length; ci++) {
    const i = content[ci]!;
    const p = paras[i]!;
    if (p.table) {
      tree.addTable(p.table, i);
      continue;
    }
    if (fixes.join.has(i)) {
      tree.join(p.text, i);
      continue;
    }
    const next = paras[content[ci + 1] ?? -1];
    if (next?.table && next === paras[i + 1] && !tree.awaitingHeading && !fixes.split.has(i) && p.text.length <= MAX_CAPTION && CAPTION.test(p.text) && !markers.has(i)) {
      tree.caption = { text: p.text, para: i };
      continue;
    }
    const delta = fixes.level.get(i) ?? 0;
    let marker = markers.get(i) ?? null;
    if (marker?.loose && !fixes.split.has(i) && !tree.expectsArticle(marker.number)) marker = null;
    if (marker) {
      tree.openNumbered(marker, i, p.heading, delta);
      continue;
    }
    const waiting = tree.awaitingHeading;
    tree.awaitingHeading = null;
    // "# PHỤ LỤC" then "## Danh mục nhiệm vụ": a deeper heading names the mark printed alone above it.
    const names = p.heading === null || waiting?.headingLevel == null || p.heading > waiting.headingLevel;
    if (waiting && names && !fixes.split.has(i) && !isBullet(p.text) && p.text.length <= MAX_HEADING_LINE) {
      waiting.clause.heading = tidyHeading(p.text);
      continue;
    }
    if (p.heading !== null) {
      tree.openHeading(p.text, i, p.heading, delta);
      continue;
    }
    if (fixes.split.has(i) || delta !== 0) {
      tree.split(p.text, i, delta);
      continue;
    }
    if (i > lastMarked && i < back.start && CLOSING.test(p.text) && !tree.innermostIsBareArticle()) tree.closeAll();
    tree.addParagraph(p.text, i, 0);
  }
  const clauses = tree.finish();
  const count = numberPositions(clauses);
  citeClauses(clauses, language, tree.markOf);

  return { language, frontMatter, title: front.title, clauses, backMatter, count, frontParas, backParas };
}

/** Depths from the tree itself (moves and reopened clauses can change them after attaching). */
function fixDepths(roots: Clause[]): void {
  const pending: [Clause, number][] = roots.map((c) => [c, 0]);
  while (pending.length > 0) {
    const [c, depth] = pending.pop()!;
    c.depth = depth;
    for (const child of c.children) pending.push([child, depth + 1]);
  }
}

/** Sets preorder positions (0-based) and returns the number of clauses. */
function numberPositions(roots: Clause[]): number {
  let position = 0;
  const pending: Clause[] = [...roots].reverse();
  while (pending.length > 0) {
    const c = pending.pop()!;
    c.position = position++;
    for (let k = c.children.length - 1; k >= 0; k--) pending.push(c.children[k]!);
  }
  return position;
}

/** Headings lose a trailing colon ("I. MỤC ĐÍCH, YÊU CẦU:" -> "MỤC ĐÍCH, YÊU CẦU"), consistently. */
function tidyHeading(text: string): string {
  return text.replace(/\s*:\s*$/u, "").trim();
}
