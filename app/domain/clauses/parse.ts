/**
 * Text -> clause tree. Paragraphs are classified by their mark; a stack of open clauses decides
 * nesting by rank (Phần > Chương > Mục > Điều > I. > 1. > 2.1. > 1) > a)); bullets and plain
 * paragraphs belong to the innermost open clause; where nothing is open, a plain paragraph is a
 * clause of its own, labelled by position (p1, p2 …), so unnumbered letters can be commented on too.
 */
import { buildLabel, uniqueLabel } from "./labels";
import { isBullet, matchMarker, rank, type Marker, type Style } from "./markers";
import { backMatterStart, takeFrontMatter } from "./matter";
import { normaliseText } from "./normalise";
import { detectLanguage, splitParagraphs } from "./paragraphs";
import type { Clause, ParsedDocument } from "./types";

/** Closing formulas end the numbered part: "Trên đây là Kế hoạch…", "Trong quá trình triển khai…". */
const CLOSING = /^(Trên đây là|Trong quá trình (triển khai|thực hiện|tổ chức)|Настоящ(ий|ее|ая) .* вступает)/u;

interface Open {
  clause: Clause;
  style: Style;
  rank: number;
  body: string[];
}

export function parseDocument(text: string, options: { language?: "vi" | "ru" | "auto" } = {}): ParsedDocument {
  const clean = normaliseText(text);
  const language = options.language && options.language !== "auto" ? options.language : detectLanguage(clean);
  const paragraphs = splitParagraphs(clean, language);
  const front = takeFrontMatter(paragraphs, language);
  const backStart = backMatterStart(paragraphs, front.end, language);

  const roots: Clause[] = [];
  const stack: Open[] = [];
  const used = new Set<string>();
  let rootParagraphs = 0;
  let awaitingHeading: Open | null = null;

  const close = (open: Open) => {
    open.clause.body = open.body.join("\n");
  };
  const popTo = (r: number) => {
    while (stack.length > 0 && stack[stack.length - 1]!.rank >= r) close(stack.pop()!);
  };
  const parents = new Map<Clause, Clause | null>();
  const parentOf = (c: Clause) => parents.get(c) ?? null;
  const attach = (clause: Clause) => {
    const parent = stack[stack.length - 1];
    parents.set(clause, parent?.clause ?? null);
    clause.depth = stack.length;
    (parent ? parent.clause.children : roots).push(clause);
  };

  for (let i = front.end; i < backStart; i++) {
    const p = paragraphs[i]!;
    const marker: Marker | null = isBullet(p) ? null : matchMarker(p, language);
    if (marker) {
      const r = rank(marker.style, marker.number);
      popTo(r);
      const parent = stack[stack.length - 1]?.clause ?? null;
      const label = uniqueLabel(buildLabel(marker, parent, language, parentOf), used);
      const clause: Clause = {
        label,
        kind: marker.kind,
        number: marker.number,
        heading: tidyHeading(marker.rest),
        body: "",
        children: [],
        position: 0,
        depth: 0,
      };
      attach(clause);
      const open: Open = { clause, style: marker.style, rank: r, body: [] };
      stack.push(open);
      awaitingHeading = clause.heading === "" ? open : null;
      continue;
    }
    if (awaitingHeading && !isBullet(p) && p.length <= 300) {
      // "Điều 5." alone on its line, its title on the next.
      awaitingHeading.clause.heading = tidyHeading(p);
      awaitingHeading = null;
      continue;
    }
    awaitingHeading = null;
    if (CLOSING.test(p)) popTo(-1);
    const inner = stack[stack.length - 1];
    if (inner) {
      inner.body.push(p);
      continue;
    }
    // Nothing numbered is open: the paragraph (or bullet) is a clause of its own.
    rootParagraphs++;
    attach({
      label: uniqueLabel(`p${rootParagraphs}`, used),
      kind: "paragraph",
      number: null,
      heading: p,
      body: "",
      children: [],
      position: 0,
      depth: 0,
    });
  }
  popTo(-1);

  let position = 0;
  const number = (list: Clause[]) => {
    for (const c of list) {
      c.position = position++;
      number(c.children);
    }
  };
  number(roots);

  return {
    language,
    frontMatter: front.lines,
    title: front.title,
    clauses: roots,
    backMatter: paragraphs.slice(backStart),
    count: position,
  };
}

function tidyHeading(text: string): string {
  return text.replace(/\s*:\s*$/u, "").trim();
}
