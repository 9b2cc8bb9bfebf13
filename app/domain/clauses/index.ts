export type { Clause, ClauseKind, ParsedDocument } from "./types";
export type { FlatClause } from "./flatten";
export { parseDocument } from "./parse";
export { flattenClauses } from "./flatten";
export { formatOutline } from "./outline";
export { normaliseText, stripEmphasis } from "./normalise";
