/**
 * The drafter's review of a proposed lineage: which rows (new clauses) need a look, and the filter
 * that shows only those (a query parameter, so it works without JavaScript).
 */
import { LOW_CONFIDENCE, type Relation } from "./align";

/** What the review table can be narrowed to; "attention" is every row the drafter should check. */
export const REVIEW_FILTERS = ["all", "attention", "changed", "merged", "split", "moved", "low", "new"] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

/** The filter named in the query (`?rows=`), "all" for anything else. */
export function reviewFilter(value: string | null | undefined): ReviewFilter {
  return (REVIEW_FILTERS as readonly string[]).includes(value ?? "") ? (value as ReviewFilter) : "all";
}

export interface ReviewRowFacts {
  /** The relation of the row's clause to its predecessor ("new" when it has none). */
  relation: Relation;
  /** How many old clauses were merged into it. */
  merged: number;
  /** The lowest confidence (0..100) of the links into it; null for a new clause. */
  confidence: number | null;
}

/** A row is of low confidence when a link into it, other than an identical text, is below LOW_CONFIDENCE. */
export function isLowConfidence(row: ReviewRowFacts): boolean {
  return row.confidence !== null && row.confidence < Math.round(LOW_CONFIDENCE * 100) && (row.relation !== "kept" || row.merged > 0);
}

/** Every filter a row passes, besides "all". */
export function rowFilters(row: ReviewRowFacts): ReviewFilter[] {
  const out: ReviewFilter[] = [];
  if (row.relation === "changed" || row.relation === "moved" || row.relation === "split") out.push(row.relation);
  if (row.merged > 0) out.push("merged");
  if (isLowConfidence(row)) out.push("low");
  if (out.length > 0) out.push("attention");
  if (row.relation === "new") out.push("new");
  return out;
}
