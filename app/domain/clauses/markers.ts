/**
 * The numbering marks of Vietnamese and Russian legal and administrative documents.
 *
 * Every pattern is anchored at the start of a paragraph, has bounded repetitions and no nested
 * open-ended quantifiers, so a 1 MB paragraph costs one linear scan at most.
 *
 * Keywords are matched in their two real spellings ("Chương" and "CHƯƠNG") rather than with the
 * `i` flag: with `i`, the Roman-numeral part also matches lower-case letters and "Phần việc còn
 * lại…" would become Part VI.
 */
import type { ClauseKind } from "./types";

export type Style =
  | "appendix" // Phụ lục I / ПРИЛОЖЕНИЕ № 1
  | "part"
  | "chapter"
  | "section"
  | "subsection"
  | "article"
  | "roman" // I.  II -  III:
  | "roman-decimal" // I.1.  II.2.3. (a Roman section's own decimal numbering)
  | "num-dot" // 1.
  | "decimal" // 2.1.  2.1.3  1.1.
  | "num-paren" // 1)  (1)
  | "alpha"; // a)  đ)  а)  (b)

export interface Marker {
  style: Style;
  kind: ClauseKind;
  /** The printed number: "II", "5", "2.1", "đ", "thứ nhất". */
  number: string;
  /** What follows the mark on the same line. */
  rest: string;
  /** The mark as printed ("Điều 5.", "II.", "a)"): the heading of last resort. */
  mark: string;
  /**
   * "Điều 5 Chính sách của Nhà nước…": an article without "." or ":" after its number, which a
   * sentence could also start with ("Điều 5 Luật Đất đai quy định…"). The parser takes it only
   * where the numbering expects that article next.
   */
  loose?: boolean;
}

/**
 * Nesting order: a mark opens inside the nearest open clause of a lower rank and closes every
 * open clause of an equal or higher rank. Decimals sit by depth (2.1 under 2., 2.1.3 under 2.1).
 */
export function rank(style: Style, number: string): number {
  switch (style) {
    case "appendix": return -1;
    case "part": return 0;
    case "chapter": return 1;
    case "section": return 2;
    case "subsection": return 3;
    case "article": return 4;
    case "roman": return 5;
    // I.1 and I.1.2 sit between their Roman section and its "1." items.
    case "roman-decimal": return 5 + dots(number) / 10;
    case "num-dot": return 6;
    case "decimal": return 6 + dots(number);
    case "num-paren": return 20;
    case "alpha": return 21;
  }
}

function dots(number: string): number {
  let n = 0;
  for (let i = 0; i < number.length; i++) if (number.charCodeAt(i) === 46) n++;
  return n;
}

// Upper-case Roman numerals I … XXXIX; the lookahead keeps the empty match out.
const ROMAN = "(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})";
const NUM = "\\d{1,3}";
// What may follow a number for it to be a whole number ("Chương II." yes, "Chương IIa" no).
const END = "(?=$|[\\s.:\\-–—)])";
const SEP = "[.:\\-–—)]";

const VI_ORDINALS = ["nhất", "một", "hai", "ba", "tư", "bốn", "năm", "lăm", "sáu", "bảy", "tám", "chín", "mười"];
const VI_ORDINAL = `(?:thứ\\s+(?:mười\\s+)?(?:${VI_ORDINALS.join("|")})|THỨ\\s+(?:MƯỜI\\s+)?(?:${VI_ORDINALS.map((w) => w.toUpperCase()).join("|")}))`;

interface Rule {
  re: RegExp;
  style: Style;
  kind: ClauseKind;
  /** "Điều 5" needs a "." or ":" (or nothing after it): "Điều 5 của Luật này…" is a sentence. */
  needsSeparator: boolean;
}

/** "Chương II. TÊN", "CHƯƠNG 2", "Chương II - TÊN": groups are number, separator, rest. */
function keyword(words: string[], number: string, style: "part" | "chapter" | "section" | "subsection" | "article", needsSeparator = false): Rule {
  return {
    // No space needed after the keyword: messy drafts lose it ("Điều1.", "§1").
    re: new RegExp(`^(?:${words.join("|")})\\s*(${number})${END}\\s*(${SEP}?)\\s*(.*)$`, "u"),
    style,
    kind: style,
    needsSeparator,
  };
}

const VI: Rule[] = [
  keyword(["Phần", "PHẦN"], `${VI_ORDINAL}|${ROMAN}|${NUM}`, "part"),
  keyword(["Chương", "CHƯƠNG"], `${ROMAN}|${NUM}`, "chapter"),
  keyword(["Tiểu mục", "TIỂU MỤC"], `${NUM}|${ROMAN}`, "subsection"),
  keyword(["Mục", "MỤC"], `${NUM}|${ROMAN}`, "section"),
  keyword(["Điều", "ĐIỀU"], `\\d{1,4}[a-zđ]?`, "article", true),
];

const RU: Rule[] = [
  keyword(["Раздел", "РАЗДЕЛ"], `${ROMAN}|${NUM}`, "part"),
  keyword(["Глава", "ГЛАВА"], `${ROMAN}|${NUM}`, "chapter"),
  keyword(["§", "Параграф", "ПАРАГРАФ"], NUM, "section"),
  keyword(["Статья", "СТАТЬЯ"], `\\d{1,4}(?:\\.\\d{1,3})?`, "article", true),
];

/** Only paragraphs that start with a keyword's first letter are worth the keyword expressions. */
function keywordRules(line: string, language: "vi" | "ru"): Rule[] {
  const first = line[0]!;
  if (language === "ru") return "РГ§ПС".includes(first) ? RU : [];
  return "PCTMĐ".includes(first) ? VI : [];
}

/** A heading without its separator is a few words; a sentence naming an article runs on. */
const LOOSE_MAX = 250;
const APPENDIX_MAX = 300;

// "PHỤ LỤC", "Phụ lục I", "PHỤ LỤC SỐ 02", "Phụ lục 1a: …"; "ПРИЛОЖЕНИЕ № 1", "Приложение 2 к постановлению …".
// Groups: number, separator, rest.
const VI_APPENDIX = new RegExp(`^(?:PHỤ LỤC|Phụ lục)(?:\\s+(?:số\\s+|SỐ\\s+)?(${ROMAN}|\\d{1,3}[a-z]?|[A-Z]))?${END}\\s*(${SEP}?)\\s*(.*)$`, "u");
const RU_APPENDIX = new RegExp(`^(?:ПРИЛОЖЕНИЕ|Приложение)(?:\\s*(?:№|N)?\\s*(${ROMAN}|\\d{1,3}(?:\\.\\d{1,2})?))?${END}\\s*(${SEP}?)\\s*(.*)$`, "u");

/** An appendix heading: it closes everything before it and may follow the signature block. */
export function matchAppendix(line: string, language: "vi" | "ru"): Marker | null {
  if (line.length > APPENDIX_MAX) return null;
  const first = line[0];
  if (first !== "P" && first !== "П") return null;
  const m = (language === "ru" ? RU_APPENDIX : VI_APPENDIX).exec(line);
  if (!m) return null;
  const number = m[1] ?? "";
  const separator = m[2] ?? "";
  const rest = m[3] ?? "";
  const caps = line.startsWith("PHỤ LỤC") || line.startsWith("ПРИЛОЖЕНИЕ");
  if (!caps) {
    if (language === "ru") {
      // "Приложение № 1 к постановлению …" is how Russian appendices are headed; a sentence ends with a stop.
      if (rest !== "" && !(number !== "" || rest.startsWith("к ")) ) return null;
      if (/[.;]$/u.test(line) && !/№\s*\S+$/u.test(line)) return null;
    } else if (rest !== "" && separator === "" && (number === "" || STARTS_LOWER.test(rest))) {
      return null; // "Phụ lục kèm theo Kế hoạch này gồm …"
    }
  }
  return { style: "appendix", kind: "appendix", number, rest: rest.trim(), mark: line.slice(0, line.length - rest.length).trim() };
}

// Groups: number, trailing dot or separator, rest.
const ROMAN_MARK = new RegExp(`^(${ROMAN})${END}\\s*([.:\\-–—]?)\\s*(.*)$`, "u");
const ROMAN_DECIMAL = new RegExp(`^(${ROMAN}\\.${NUM}(?:\\.${NUM}){0,4})(\\.?)(?=$|\\s)\\s*(.*)$`, "u");
const DECIMAL = new RegExp(`^(${NUM}(?:\\.${NUM}){1,5})([.)]?)(?=$|\\s)\\s*(.*)$`, "u");
const NUM_DOT = new RegExp(`^(${NUM})(\\.)(?=$|\\s)\\s*(.*)$`, "u");
const NUM_PAREN = new RegExp(`^\\(?(${NUM})(\\))\\s*(.*)$`, "u");
// Vietnamese point letters follow the Vietnamese alphabet (no f, j, w, z); Russian ones are
// Cyrillic, with Latin accepted too since Russian drafts are often typed with the wrong layout.
// Word's automatic lowerLetter numbering runs a … z, so f, j, w and z are taken too.
const VI_POINT = /^\(?([a-zđ])(\))\s*(.*)$/u;
const RU_POINT = /^\(?([а-яёa-z])(\))\s*(.*)$/u;

const STARTS_LOWER = /^\p{Ll}/u;
const STARTS_UPPER = /^\p{Lu}/u;
const STARTS_DIGIT = /^\d/;

function build(m: RegExpExecArray, style: Style, kind: ClauseKind, line: string): Marker {
  const rest = m[3] ?? "";
  return { style, kind, number: m[1]!, rest: rest.trim(), mark: line.slice(0, line.length - rest.length).trim() };
}

/** The mark that opens this paragraph, or null for a plain paragraph. `line` is already cleaned. */
export function matchMarker(line: string, language: "vi" | "ru"): Marker | null {
  const first = line.charCodeAt(0);
  if (Number.isNaN(first)) return null;
  const appendix = matchAppendix(line, language);
  if (appendix) return appendix;

  for (const rule of keywordRules(line, language)) {
    const m = rule.re.exec(line);
    if (!m) continue;
    const separator = m[2] ?? "";
    const rest = m[3] ?? "";
    // "Chương 2 của Luật này…", "Điều 5 của Luật này…": a sentence that names a unit.
    if (separator === "" && STARTS_LOWER.test(rest)) return null;
    const marker = build(m, rule.style, rule.kind, line);
    if (rule.needsSeparator && separator !== "." && separator !== ":" && rest !== "") {
      // "Điều 5 Chính sách…" or "Điều 5 Luật Đất đai quy định…": the parser decides by the numbering.
      if (separator !== "" || line.length > LOOSE_MAX || /[.;,]$/u.test(line)) return null;
      marker.loose = true;
    }
    return marker;
  }

  // Cheap tests on the first character pick the expressions worth running.
  if (first >= 48 && first <= 57) {
    const decimal = DECIMAL.exec(line);
    if (decimal) {
      // "2.1 Ở cấp tỉnh" is a mark; "2.5 triệu đồng" and "1.000.000 đồng" are amounts.
      const text = decimal[3] ?? "";
      // "15.1)": a point inserted after "15)" (Russian amendments), ranked with the points.
      if (decimal[2] === ")") return build(decimal, "num-paren", "item", line);
      return decimal[2] === "." || text === "" || STARTS_UPPER.test(text) ? build(decimal, "decimal", "decimal", line) : null;
    }
    const item = NUM_DOT.exec(line) ?? NUM_PAREN.exec(line);
    return item ? build(item, item[2] === "." ? "num-dot" : "num-paren", "item", line) : null;
  }

  if (first === 73 || first === 86 || first === 88) {
    // I, V, X
    const rd = ROMAN_DECIMAL.exec(line);
    if (rd) return build(rd, "roman-decimal", "decimal", line);
    const roman = ROMAN_MARK.exec(line);
    if (roman) {
      const separator = roman[2] ?? "";
      const rest = roman[3] ?? "";
      // "II. NỘI DUNG", "III" alone; not "X quang", nor "V - thời gian…" in lower case.
      if (rest === "" || (separator !== "" && !STARTS_LOWER.test(rest) && !STARTS_DIGIT.test(rest))) {
        return build(roman, "roman", "roman", line);
      }
    }
  }

  if (first === 40 /* ( */) {
    const paren = NUM_PAREN.exec(line);
    if (paren) return build(paren, "num-paren", "item", line);
  }
  const point = (language === "ru" ? RU_POINT : VI_POINT).exec(line);
  return point ? build(point, "alpha", "point", line) : null;
}

// Dashes, plus signs and bullet glyphs; "* " is a Markdown bullet (stripEmphasis keeps it).
const BULLET = /^(?:[-–—+•·▪◦●○■□➢►✓✔]|\* )/u;

export function isBullet(line: string): boolean {
  return BULLET.test(line);
}
