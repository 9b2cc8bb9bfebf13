/** A .docx read the way Word shows it: paragraphs with their rendered numbers, and tables. */

export interface DocxParagraph {
  type: "paragraph";
  /** The paragraph's text; a soft line break (w:br, w:cr) is "\n". */
  text: string;
  /** The rendered automatic number ("I.", "a)", "Điều 3.", "-" for a bullet), or null. */
  number: string | null;
  /** What Word puts between number and text (w:suff): " " for a tab or a space, "" for nothing. */
  numberSuffix: " " | "";
  /** 1–9 from a Heading style (by id, by name, or via basedOn) or w:outlineLvl; null for body text. */
  headingLevel: number | null;
  /** The paragraph's style id (w:pStyle), or null for the default style. */
  style: string | null;
}

export interface DocxTable {
  type: "table";
  /**
   * Every row as wide as the grid: a vertically merged cell's text repeated in each row it spans,
   * a horizontally merged cell's text once followed by empty cells. A cell's paragraphs are joined
   * by "\n". A row of column numbers right after the header is left out.
   */
  rows: string[][];
  /** How many leading rows are the header (rows marked w:tblHeader, else the first row). */
  headerRows: number;
  /** The header rows merged per column (distinct texts joined by " – "; a spanning header counts for each column). */
  header: string[];
  /** A header or signature block laid out as a table (national name, "Số:", "Nơi nhận", "TM."…). */
  layout: boolean;
  /** The table's paragraphs in reading order, each cell's once, nested tables flattened: what a person sees. */
  paragraphs: DocxParagraph[];
}

export type DocxBlock = DocxParagraph | DocxTable;

export interface DocxDocument {
  blocks: DocxBlock[];
}
