/**
 * How a clause is named to people. Every clause has a stable internal label ("D2.3", "II.1.a", "p1")
 * for URLs, anchors, form values and the demo loader, and a citation in the document's language
 * ("khoản 3 Điều 2", "Phụ lục I, dòng 2", "пункт 3 статьи 2") set by the parser. Whatever a person
 * reads shows the citation; rows stored before citations existed have "" and fall back to the label.
 */

/** Unnumbered paragraphs are labelled p1, p2 in links; readers see the pilcrow. */
export function displayLabel(label: string): string {
  return label.replace(/(^|\.)p(\d+)/g, "$1¶$2");
}

export interface ClauseRefSource {
  label: string;
  /** Empty (or absent, null) for clauses stored before the parser gave citations. */
  citation?: string | null;
}

/** The clause as people cite it: its citation as is ("khoản 3 Điều 2"), else its label as shown ("II.1.a", "¶3"). */
export function clauseRef(clause: ClauseRefSource): string {
  const citation = clause.citation?.trim();
  return citation ? citation : displayLabel(clause.label);
}

/**
 * The text with its first letter in capitals, for a citation that starts a sentence, a table cell
 * or a heading ("khoản 3 Điều 2" → "Khoản 3 Điều 2", "điểm đ" → "Điểm đ", "пункт 3" → "Пункт 3").
 * Mid-sentence a citation stays as it is.
 */
export function capitalizeFirst(text: string): string {
  return text.replace(/^\p{Ll}/u, (first) => first.toUpperCase());
}

/** clauseRef of a comment's clause (clauseLabel, clauseCitation from a joined row); null for a general comment. */
export function commentClauseRef(row: { clauseLabel: string | null; clauseCitation?: string | null }): string | null {
  return row.clauseLabel === null ? null : clauseRef({ label: row.clauseLabel, citation: row.clauseCitation });
}
