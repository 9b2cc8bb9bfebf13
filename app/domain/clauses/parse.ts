/**
 * Text -> clause tree.
 *
 * 1. normalise (NFC, line breaks, odd spaces) and split into paragraphs (paragraphs.ts);
 * 2. peel off front matter at the start and back matter at the end (matter.ts);
 * 3. walk the rest with a stack of open clauses. A numbered paragraph closes every open clause of
 *    an equal or higher rank (Phần > Chương > Mục > Tiểu mục > Điều > I. > 1. > 2.1. > 1) > a))
 *    and opens inside the one left on top. Bullets and plain paragraphs belong to the innermost
 *    open clause. Where nothing is open, a plain paragraph (bullet or not) is a clause of its own,
 *    labelled by position (p1, p2 …), so preambles, closings and unnumbered letters can be
 *    commented on too.
 */
import { buildLabel, LabelSet } from "./labels";
import { detectLanguage } from "./language";
import { isBullet, matchMarker, rank, type Marker } from "./markers";
import { backMatterStart, takeFrontMatter } from "./matter";
import { normaliseText } from "./normalise";
import { splitParagraphs } from "./paragraphs";
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

interface Open {
  clause: Clause;
  rank: number;
  body: string[];
  mark: string;
}

class TreeBuilder {
  readonly roots: Clause[] = [];
  private readonly stack: Open[] = [];
  /** The clauses of `stack`, kept alongside it so labelling needs no copy per clause. */
  private readonly openClauses: Clause[] = [];
  private readonly labels = new LabelSet();
  private rootParagraphs = 0;
  /** A mark printed alone ("Điều 3.", "Chương II") waits for its heading on the next line. */
  awaitingHeading: Open | null = null;

  constructor(private readonly language: "vi" | "ru") {}

  private get innermost(): Open | undefined {
    return this.stack[this.stack.length - 1];
  }

  openNumbered(marker: Marker): void {
    const r = rank(marker.style, marker.number);
    this.closeTo(r);
    const label = this.labels.claim(buildLabel(marker, this.openClauses, this.language));
    const clause = this.attach(label, marker.kind, marker.number, tidyHeading(marker.rest));
    const open: Open = { clause, rank: r, body: [], mark: marker.mark };
    this.stack.push(open);
    this.openClauses.push(clause);
    this.awaitingHeading = clause.heading === "" ? open : null;
  }

  addParagraph(p: string): void {
    const inner = this.innermost;
    if (inner) {
      inner.body.push(p);
      return;
    }
    // Nothing numbered is open: the paragraph is a clause of its own.
    this.rootParagraphs++;
    this.attach(this.labels.claim(`p${this.rootParagraphs}`), "paragraph", null, p);
  }

  /** Closes every open clause of rank >= r (all of them for -1). */
  closeTo(r: number): void {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.rank >= r) {
      const { clause, body, mark } = this.stack.pop()!;
      this.openClauses.pop();
      clause.body = body.join("\n");
      // "I." with nothing but children: the printed mark keeps the clause from being blank.
      if (clause.heading === "" && clause.body === "") clause.heading = mark;
    }
  }

  private attach(label: string, kind: ClauseKind, number: string | null, heading: string): Clause {
    const parent = this.innermost?.clause ?? null;
    const clause: Clause = { label, kind, number, heading, body: "", children: [], position: 0, depth: this.stack.length };
    (parent ? parent.children : this.roots).push(clause);
    return clause;
  }
}

export function parseDocument(text: string, options: { language?: "vi" | "ru" | "auto" } = {}): ParsedDocument {
  const clean = normaliseText(text);
  const language = options.language === "vi" || options.language === "ru" ? options.language : detectLanguage(clean);
  const paragraphs = splitParagraphs(clean, language);
  const front = takeFrontMatter(paragraphs, language);
  const backStart = backMatterStart(paragraphs, front.end, language);

  const markers: (Marker | null)[] = [];
  let lastMarked = -1;
  for (let i = front.end; i < backStart; i++) {
    const p = paragraphs[i]!;
    const marker = isBullet(p) ? null : matchMarker(p, language);
    markers.push(marker);
    if (marker) lastMarked = i;
  }

  const tree = new TreeBuilder(language);
  for (let i = front.end; i < backStart; i++) {
    const p = paragraphs[i]!;
    const marker = markers[i - front.end]!;
    if (marker) {
      tree.openNumbered(marker);
      continue;
    }
    const waiting = tree.awaitingHeading;
    tree.awaitingHeading = null;
    if (waiting && !isBullet(p) && p.length <= MAX_HEADING_LINE) {
      waiting.clause.heading = tidyHeading(p);
      continue;
    }
    if (i > lastMarked && CLOSING.test(p)) tree.closeTo(-1);
    tree.addParagraph(p);
  }
  tree.closeTo(-1);

  return {
    language,
    frontMatter: front.lines,
    title: front.title,
    clauses: tree.roots,
    backMatter: paragraphs.slice(backStart),
    count: numberPositions(tree.roots),
  };
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
