/** The clause tree of one draft version. */
export type ClauseKind =
  | "part" // Phần / Раздел
  | "chapter" // Chương / Глава
  | "section" // Mục / § section
  | "subsection" // Tiểu mục
  | "article" // Điều N. / Статья N.
  | "roman" // I. II. section headings of plans and reports
  | "item" // khoản "1." (and "1)")
  | "decimal" // 2.1. / 2.1.3.
  | "point" // điểm a) … đ) / пункт а)
  | "paragraph"; // an unnumbered paragraph that is a clause of its own

export interface Clause {
  /** Unique within the document, usable in an anchor: "II.1.a", "D5.2.b", "p3". */
  label: string;
  kind: ClauseKind;
  /** The printed number token: "II", "1", "đ", "2.1", "5"; null for paragraphs. */
  number: string | null;
  /** The first line without its number marker, emphasis stripped. */
  heading: string;
  /** The clause's own paragraphs after the heading (bullets included), joined by "\n". */
  body: string;
  children: Clause[];
  /** 0-based preorder index over all clauses of the document. */
  position: number;
  depth: number;
}

export interface ParsedDocument {
  language: "vi" | "ru";
  /** Issuer, motto, number and date lines, recipients, title block: kept, not commented on. */
  frontMatter: string[];
  title: string | null;
  clauses: Clause[];
  /** "Nơi nhận" and the signature block: kept, not commented on. */
  backMatter: string[];
  count: number;
}
