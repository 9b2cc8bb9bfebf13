/**
 * Printed labels, unique within a version and usable in an anchor (#clause-II.1.a). The scheme:
 *
 *   Phần / Раздел               "P1"   (Roman and ordinal numbers as digits: "Phần thứ hai" -> "P2")
 *   Chương / Глава              "C2"   chapters run through a whole law, so no part prefix
 *   Mục / §                     "C2.M1"   sections restart in every chapter, so the chapter prefix
 *   Tiểu mục                    "C2.M1.TM3"
 *   Điều 5 / Статья 5           "D5" / "S5"   articles run through a whole law: no chapter prefix
 *   Roman sections              "II"  (inside an open chapter or article: "C1.II")
 *   khoản 1. / 1) / (1)         "II.1", "D5.1", "1"
 *   decimals 2.1. / I.1.        "I.2.1" (the printed 2.1 once, not "I.2.2.1"), "I.1"
 *   điểm a) … đ) / а)           "II.1.a", "II.2.đ", "S1.2.1.а"
 *   unnumbered root paragraphs  "p1", "p2" … (counted by the parser); inside a clause "D2.p3"
 *   Phụ lục / Приложение        "PL1", "PL" (unnumbered)
 *   inserted units              "Статья 3.1" -> "S3_1", "khoản 5.1" in an article -> "D3.5_1": an
 *                               underscore, so they never meet part 1 of article 3 ("S3.1")
 *   unnumbered headings         "H1", "C1.H2" (counted by the parser)
 *   tables and their rows       "PL1.T1", "PL1.T1.R3" (rows by place, whatever their STT says)
 *
 * Labels contain no spaces; a label met twice (numbering that restarts, two "Điều 3") gets "-2",
 * "-3": printed numbers never contain "-", so a suffixed label cannot collide with a printed one.
 */
import type { Marker } from "./markers";
import type { Clause } from "./types";

function join(parent: Clause | null, own: string): string {
  return parent ? `${parent.label}.${own}` : own;
}

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };
const ORDINAL_VALUES: Record<string, number> = {
  nhất: 1, một: 1, hai: 2, ba: 3, tư: 4, bốn: 4, năm: 5, lăm: 5, sáu: 6, bảy: 7, tám: 8, chín: 9, mười: 10,
};

/** "II" -> "2", "thứ hai" -> "2", "THỨ MƯỜI MỘT" -> "11", "5" -> "5"; anything else without spaces. */
export function arabic(number: string): string {
  if (/^[IVXL]+$/.test(number)) {
    let total = 0;
    for (let i = 0; i < number.length; i++) {
      const v = ROMAN_VALUES[number[i]!]!;
      const next = ROMAN_VALUES[number[i + 1] ?? ""] ?? 0;
      total += v < next ? -v : v;
    }
    return String(total);
  }
  const words = number.toLowerCase().split(/\s+/).filter((w) => w !== "thứ");
  if (words.length > 0 && words.every((w) => w in ORDINAL_VALUES)) {
    return String(words.reduce((sum, w) => sum + ORDINAL_VALUES[w]!, 0));
  }
  return number.replace(/\s+/g, "");
}

/** The nearest ancestor whose number the decimal does not already print ("2.1" skips item "2."). */
function decimalBase(number: string, ancestors: readonly Clause[]): Clause | null {
  let k = ancestors.length - 1;
  while (k >= 0) {
    const a = ancestors[k]!;
    const printed = (a.kind === "item" || a.kind === "decimal" || a.kind === "roman") && a.number !== null && number.startsWith(`${a.number}.`);
    if (!printed) break;
    k--;
  }
  return k >= 0 ? ancestors[k]! : null;
}

function insideArticle(ancestors: readonly Clause[]): boolean {
  return ancestors.some((a) => a.kind === "article");
}

/** The nearest open chapter, part or section: what a section number restarts within. */
function container(ancestors: readonly Clause[]): Clause | null {
  for (let k = ancestors.length - 1; k >= 0; k--) {
    const kind = ancestors[k]!.kind;
    if (kind === "chapter" || kind === "part" || kind === "section") return ancestors[k]!;
  }
  return null;
}

/**
 * The label before de-duplication. `ancestors` are the open clauses the new one nests in,
 * outermost first (the last one is its parent).
 */
export function buildLabel(marker: Marker, ancestors: readonly Clause[], language: "vi" | "ru"): string {
  const parent = ancestors.length > 0 ? ancestors[ancestors.length - 1]! : null;
  const n = marker.number.replace(/\s+/g, "");
  switch (marker.style) {
    case "part":
      return `P${arabic(marker.number)}`;
    case "chapter":
      return `C${arabic(marker.number)}`;
    case "section":
      return join(container(ancestors), `M${arabic(marker.number)}`);
    case "subsection":
      return join(container(ancestors), `TM${arabic(marker.number)}`);
    case "appendix":
      return `PL${arabic(marker.number)}`;
    case "article":
      return `${language === "ru" ? "S" : "D"}${n.replace(/\./g, "_")}`;
    case "decimal":
    case "roman-decimal": {
      const base = decimalBase(n, ancestors);
      return join(base, insideArticle(ancestors) ? n.replace(/\./g, "_") : n);
    }
    default:
      // "15.1)" inserted after "15)": an underscore keeps it apart from point 1 of point 15.
      return join(parent, n.replace(/\./g, "_"));
  }
}

/** Hands out unique labels; the next free suffix is remembered, so a thousand restarts stay linear. */
export class LabelSet {
  private readonly used = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  claim(label: string): string {
    if (!this.used.has(label)) {
      this.used.add(label);
      return label;
    }
    let k = this.nextSuffix.get(label) ?? 2;
    while (this.used.has(`${label}-${k}`)) k++;
    this.nextSuffix.set(label, k + 1);
    const unique = `${label}-${k}`;
    this.used.add(unique);
    return unique;
  }
}
