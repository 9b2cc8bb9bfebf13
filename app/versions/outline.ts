/**
 * A stored version's text and its outline: the parse with the version's corrections, and the outline
 * as the database stores it. Pure (the draft worker's jobs and the request side both use it).
 */
import type { ClauseToStore } from "#db/queries/versions";
import { flattenClauses, parseDocument, type ParsedDocument } from "~/domain/clauses";
import type { OutlineCorrection } from "~/domain/clauses/corrections";

/** The one place a stored version's text is parsed: always with the version's corrections. */
export function parseVersionText(text: string, corrections: readonly OutlineCorrection[]): ParsedDocument {
  return parseDocument(text, { corrections });
}

export interface StoredOutline {
  title: string | null;
  frontMatter: string[];
  backMatter: string[];
  clauses: ClauseToStore[];
}

/** The parsed document as the database stores it. */
export function outlineToStore(doc: ParsedDocument): StoredOutline {
  // Flattened clauses already carry every stored field (and a little more, which the insert ignores).
  return { title: doc.title, frontMatter: doc.frontMatter, backMatter: doc.backMatter, clauses: flattenClauses(doc) };
}

