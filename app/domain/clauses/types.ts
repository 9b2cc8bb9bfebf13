/** The clause tree of one draft version. */
export type ClauseKind =
  | "part" // Phần / Раздел
  | "chapter" // Chương / Глава
  | "section" // Mục / § (параграф)
  | "subsection" // Tiểu mục
  | "article" // Điều N. / Статья N.
  | "roman" // I. II. section headings of plans and reports
  | "item" // khoản "1." (and "1)", "(1)")
  | "decimal" // 2.1. / 2.1.3. / RU 1.1. / I.1.
  | "point" // điểm a) … đ) / RU а) б)
  | "heading" // an unnumbered heading (Word's Heading styles, Markdown "#")
  | "appendix" // Phụ lục I / Приложение № 1, also after the signature block
  | "table" // a table: its caption as heading, one child per body row
  | "row" // one body row of a table: the row's cells under the header's column names
  | "paragraph"; // an unnumbered paragraph that is a clause of its own (RU: an абзац)

export interface Clause {
  /** Unique within the document, usable in an anchor: "II.1.a", "D5.2.b", "C2.M1", "p3" (scheme in labels.ts). */
  label: string;
  kind: ClauseKind;
  /** The printed number token: "II", "1", "đ", "2.1", "5" (for Điều 5); null for paragraphs. */
  number: string | null;
  /** The first line without its number marker, emphasis stripped, no trailing colon. */
  heading: string;
  /** The clause's own paragraphs after the heading (bullets included, "- " kept), joined by "\n"; "" if none. */
  body: string;
  /** How people cite it in the document's language: "khoản 3 Điều 2", "Phụ lục I, dòng 1" (citation.ts). */
  citation: string;
  children: Clause[];
  /** 0-based preorder index over all clauses of the document. */
  position: number;
  /** 0 for roots. */
  depth: number;
  /** Index of the paragraph that opens the clause, in the parser's paragraph list: what corrections point at. */
  para: number;
  /** Indices of the paragraphs of its body, in order. */
  bodyParas: number[];
}

export interface ParsedDocument {
  language: "vi" | "ru";
  /** Issuer, motto, number and date lines, "V/v", recipients, title block: kept, not commented on. */
  frontMatter: string[];
  /** "KẾ HOẠCH Triển khai thi hành Luật …" when a title block is recognised. */
  title: string | null;
  clauses: Clause[];
  /** "Nơi nhận" with its list and the signature block: kept, not commented on. */
  backMatter: string[];
  /** Total number of clauses. */
  count: number;
  /** Paragraph indices of the front and back matter lines, in the same order (for outline corrections). */
  frontParas: number[];
  backParas: number[];
}
