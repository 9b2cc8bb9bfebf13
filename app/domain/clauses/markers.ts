/**
 * The numbering marks of Vietnamese and Russian legal and administrative documents. Every pattern
 * is anchored at the start and has no nested quantifiers, so a 1 MB line costs one linear scan.
 */
import type { ClauseKind } from "./types";

export type Style =
  | "part"
  | "chapter"
  | "section"
  | "subsection"
  | "article"
  | "roman"
  | "num-dot"
  | "decimal"
  | "num-paren"
  | "alpha";

export interface Marker {
  style: Style;
  kind: ClauseKind;
  /** The printed number: "II", "5", "2.1", "đ". */
  number: string;
  /** What follows the mark on the same line. */
  rest: string;
}

/** Nesting order: a mark of a higher rank opens inside the nearest lower-ranked one. */
export function rank(style: Style, number: string): number {
  switch (style) {
    case "part": return 0;
    case "chapter": return 1;
    case "section": return 2;
    case "subsection": return 3;
    case "article": return 4;
    case "roman": return 5;
    case "num-dot": return 6;
    // 2.1 sits under 2., 2.1.3 under 2.1.
    case "decimal": return 6 + number.split(".").length - 1;
    case "num-paren": return 20;
    case "alpha": return 21;
  }
}

const ROMAN = "(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})";
const NUM = "\\d{1,3}";

const VI: [RegExp, Style, ClauseKind][] = [
  [new RegExp(`^Phần\\s+(thứ\\s+[\\p{L}]+|${ROMAN}|${NUM})\\b\\s*[.:\\-–]?\\s*(.*)$`, "iu"), "part", "part"],
  [new RegExp(`^Chương\\s+(${ROMAN}|${NUM})\\b\\s*[.:\\-–]?\\s*(.*)$`, "u"), "chapter", "chapter"],
  [new RegExp(`^Tiểu mục\\s+(${NUM})\\b\\s*[.:\\-–]?\\s*(.*)$`, "u"), "subsection", "subsection"],
  [new RegExp(`^Mục\\s+(${NUM}|${ROMAN})\\b\\s*[.:\\-–]?\\s*(.*)$`, "u"), "section", "section"],
  [new RegExp(`^Điều\\s+(${NUM}[a-z]?)\\s*[.:]\\s*(.*)$`, "u"), "article", "article"],
];

const RU: [RegExp, Style, ClauseKind][] = [
  [new RegExp(`^Раздел\\s+(${ROMAN}|${NUM})\\b\\s*[.:\\-–]?\\s*(.*)$`, "iu"), "part", "part"],
  [new RegExp(`^Глава\\s+(${ROMAN}|${NUM})\\b\\s*[.:\\-–]?\\s*(.*)$`, "iu"), "chapter", "chapter"],
  [new RegExp(`^Статья\\s+(${NUM}(?:\\.\\d{1,3})?)\\s*[.:]?\\s*(.*)$`, "iu"), "article", "article"],
];

const COMMON: [RegExp, Style, ClauseKind][] = [
  [new RegExp(`^(${ROMAN})\\s*[.:\\-–]\\s+(.*)$`, "u"), "roman", "roman"],
  [new RegExp(`^(${ROMAN})\\.$`, "u"), "roman", "roman"],
  [new RegExp(`^(${NUM}(?:\\.${NUM})+)\\.?(?:\\s+(.*))?$`, "u"), "decimal", "decimal"],
  [new RegExp(`^(${NUM})\\.(?:\\s+(.*))?$`, "u"), "num-dot", "item"],
  [new RegExp(`^(${NUM})\\)\\s+(.*)$`, "u"), "num-paren", "item"],
];

// Vietnamese point letters (a b c d đ e g h i k l m n o p q r s t u v x y) and Russian ones.
const VI_POINT = /^([a-zđ])\)\s*(.*)$/u;
const RU_POINT = /^([а-яё])\)\s*(.*)$/u;

export function matchMarker(line: string, language: "vi" | "ru"): Marker | null {
  const structural = language === "ru" ? RU : VI;
  for (const [re, style, kind] of structural) {
    const m = re.exec(line);
    if (m) return { style, kind, number: normaliseNumber(m[1]!), rest: (m[2] ?? "").trim() };
  }
  for (const [re, style, kind] of COMMON) {
    const m = re.exec(line);
    if (m && m[1]) {
      // A decimal number followed by nothing but a unit or a year is text, not a mark.
      return { style, kind, number: m[1], rest: (m[2] ?? "").trim() };
    }
  }
  const point = (language === "ru" ? RU_POINT : VI_POINT).exec(line);
  if (point) return { style: "alpha", kind: "point", number: point[1]!, rest: point[2]!.trim() };
  return null;
}

function normaliseNumber(n: string): string {
  return n.replace(/\s+/g, " ").trim();
}

const BULLET = /^[-–—+•·▪◦]\s*/u;

export function isBullet(line: string): boolean {
  return BULLET.test(line);
}
