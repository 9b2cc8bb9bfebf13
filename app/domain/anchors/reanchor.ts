/**
 * Anchors of comments and suggestions on a phrase (issue 16, part 1), and what becomes of them in a new
 * version. An anchor keeps the words it quotes with some context on either side and their position in
 * the clause, so it can be found again by reading, not only by offset. On a new version each anchor gets
 * an honest state:
 * - exact: the quoted words are in the clause that continues the old one (same label), where the
 *   context says;
 * - moved: the quoted words are found, with their context, in a clause of another label (the clause was
 *   renumbered or moved, or the sentence moved to another clause);
 * - changed: the continuing clause still holds the context on both sides, but the words between them
 *   were rewritten: old and new wording are both given;
 * - removed: the clause has no successor and the words are nowhere else;
 * - notFound: the clause continues but neither the words nor their context can be found.
 * Nothing is attached to a place on weaker evidence than these: a quote found in another clause
 * without its context is accepted only when it is long (a sentence, LONE_QUOTE_ELSEWHERE) and appears
 * exactly once in the whole version.
 */

/** How many characters of context an anchor keeps on each side of its quote. */
export const CONTEXT = 32;
/** A quote that is the only one in its continuing clause may lose its context if it is this long. */
const LONE_QUOTE = 24;
/**
 * A quote found in another clause without its context must be at least this long (and unique in the
 * version) to be trusted: a name such as "Đài Phát thanh - Truyền hình" (28 characters) recurs in
 * many clauses of a plan, so a mention of it elsewhere is not the one commented on.
 */
const LONE_QUOTE_ELSEWHERE = 48;

export interface Anchor {
  /** The clause the anchor was made on (the old version's clause id) and its printed label. */
  clauseId: number;
  clauseLabel: string;
  quote: string;
  prefix: string;
  suffix: string;
  /** Where the quote started in the clause's text. */
  start: number;
}

export interface AnchorClause {
  id: number;
  label: string;
  text: string;
}

export type AnchorState = "exact" | "moved" | "changed" | "removed" | "notFound";

export interface Reanchored {
  state: AnchorState;
  /** Where it is now (exact, moved, changed). */
  clauseId?: number;
  start?: number;
  end?: number;
  /** For "changed": the words now between the old context. */
  newText?: string;
}

/** The anchor of the words text[start, end) of a clause: the quote with its context (start = end: a point, for an insertion). */
export function makeAnchor(clause: AnchorClause, start: number, end: number): Anchor {
  if (!(start >= 0 && end >= start && end <= clause.text.length)) throw new RangeError(`no words at ${start}–${end} in a text of ${clause.text.length}`);
  return {
    clauseId: clause.id,
    clauseLabel: clause.label,
    quote: clause.text.slice(start, end),
    prefix: clause.text.slice(Math.max(0, start - CONTEXT), start),
    suffix: clause.text.slice(end, end + CONTEXT),
    start,
  };
}

function occurrences(text: string, quote: string): number[] {
  const out: number[] = [];
  if (quote === "") return out;
  for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) out.push(i);
  return out;
}

/** Characters the text before/after position share with the anchor's context, counted from the quote outwards. */
function contextMatch(text: string, start: number, end: number, anchor: Anchor): number {
  let before = 0;
  while (before < anchor.prefix.length && start - before - 1 >= 0 && text[start - before - 1] === anchor.prefix[anchor.prefix.length - before - 1]) before++;
  let after = 0;
  while (after < anchor.suffix.length && end + after < text.length && text[end + after] === anchor.suffix[after]) after++;
  return before + after;
}

/** The context an anchor had at all (the clause's edges give less). */
const contextOf = (a: Anchor) => a.prefix.length + a.suffix.length;

/**
 * The best occurrence of the quote in a text: the one whose context agrees most, then the one nearest
 * the old position. With `needContext`, an occurrence must agree on at least half the context it had.
 */
function bestOccurrence(text: string, anchor: Anchor, needContext: boolean): { start: number; score: number } | null {
  let best: { start: number; score: number; distance: number } | null = null;
  for (const start of occurrences(text, anchor.quote)) {
    const score = contextMatch(text, start, start + anchor.quote.length, anchor);
    const distance = Math.abs(start - anchor.start);
    if (!best || score > best.score || (score === best.score && distance < best.distance)) best = { start, score, distance };
  }
  if (!best) return null;
  if (needContext && best.score * 2 < contextOf(anchor)) return null;
  return best;
}

/**
 * Where the anchor's context still is in the successor, around words that changed: the longest tail of
 * the prefix and the longest head of the suffix found in order (each at least 8 characters or the whole
 * context it had), and the words now between them.
 */
function changedBetween(text: string, anchor: Anchor): { start: number; end: number } | null {
  const MIN = 8;
  for (let p = anchor.prefix.length; p >= Math.min(MIN, anchor.prefix.length); p--) {
    const tail = anchor.prefix.slice(anchor.prefix.length - p);
    const at = tail === "" ? 0 : text.indexOf(tail);
    if (at < 0 || (tail !== "" && text.indexOf(tail, at + 1) >= 0)) continue;
    const start = at + tail.length;
    for (let s = anchor.suffix.length; s >= Math.min(MIN, anchor.suffix.length); s--) {
      const head = anchor.suffix.slice(0, s);
      const end = head === "" ? text.length : text.indexOf(head, start);
      if (end < 0) continue;
      // Context found on both sides, and it really was context (an empty side only at the clause's edge).
      if ((tail === "" && anchor.prefix !== "") || (head === "" && anchor.suffix !== "")) return null;
      return { start, end };
    }
    return null;
  }
  return null;
}

/**
 * Finds an anchor again in a new version. `successorOf` is the version's lineage (the old clause id → the
 * new clause id that continues it, or null when it was removed): known exactly when the new version was
 * made from a working copy, aligned otherwise.
 */
export function reanchor(anchor: Anchor, newClauses: readonly AnchorClause[], successorOf: ReadonlyMap<number, number | null>): Reanchored {
  const successorId = successorOf.get(anchor.clauseId) ?? null;
  const successor = successorId === null ? undefined : newClauses.find((c) => c.id === successorId);
  if (anchor.quote === "") return reanchorPoint(anchor, newClauses, successor);

  if (successor) {
    const hit = bestOccurrence(successor.text, anchor, false);
    // In its own clause: where half its context still agrees; or, as the only occurrence there, with a
    // few characters of context or a quote long enough to speak for itself. (A short quote whose own
    // occurrence was rewritten must not slide onto another occurrence of the same words.)
    const only = occurrences(successor.text, anchor.quote).length === 1;
    if (hit && (hit.score * 2 >= contextOf(anchor) || (only && (hit.score >= Math.min(4, contextOf(anchor)) || anchor.quote.length >= LONE_QUOTE)))) {
      return { state: successor.label === anchor.clauseLabel ? "exact" : "moved", clauseId: successor.id, start: hit.start, end: hit.start + anchor.quote.length };
    }
  }

  // Elsewhere: with its context, or long and the only one in the version.
  const elsewhere: { clause: AnchorClause; start: number; score: number }[] = [];
  for (const c of newClauses) {
    if (c.id === successor?.id) continue;
    for (const start of occurrences(c.text, anchor.quote)) elsewhere.push({ clause: c, start, score: contextMatch(c.text, start, start + anchor.quote.length, anchor) });
  }
  const withContext = elsewhere.filter((e) => e.score * 2 >= contextOf(anchor) && contextOf(anchor) > 0).sort((a, b) => b.score - a.score);
  const chosen =
    withContext.length > 0 && (withContext.length === 1 || withContext[0]!.score > withContext[1]!.score)
      ? withContext[0]
      : elsewhere.length === 1 && anchor.quote.length >= LONE_QUOTE_ELSEWHERE
        ? elsewhere[0]
        : undefined;
  if (chosen) return { state: "moved", clauseId: chosen.clause.id, start: chosen.start, end: chosen.start + anchor.quote.length };

  if (!successor) return { state: "removed" };
  const between = changedBetween(successor.text, anchor);
  if (between) return { state: "changed", clauseId: successor.id, start: between.start, end: between.end, newText: successor.text.slice(between.start, between.end) };
  return { state: "notFound", clauseId: successor.id };
}

/** A point's context must be at least this long to be looked for in another clause. */
const LONE_POINT = 16;

/**
 * An insertion point (empty quote) has only its context: found again where the text before it and the
 * text after it still meet (exact or moved); in the continuing clause with words now between the two
 * sides (changed); elsewhere only with both sides meeting, long enough, and once in the whole version.
 */
function reanchorPoint(anchor: Anchor, newClauses: readonly AnchorClause[], successor: AnchorClause | undefined): Reanchored {
  const joined = anchor.prefix + anchor.suffix;
  const at = (c: AnchorClause) => {
    const found = occurrences(c.text, joined).map((i) => i + anchor.prefix.length);
    // The clause's edges count as context: a point at the start of a clause stays at its start.
    return found.filter((i) => (anchor.prefix.length >= CONTEXT || i === anchor.prefix.length) && (anchor.suffix.length >= CONTEXT || i + anchor.suffix.length === c.text.length));
  };
  if (successor && joined !== "") {
    const here = at(successor).sort((a, b) => Math.abs(a - anchor.start) - Math.abs(b - anchor.start));
    if (here.length > 0) return { state: successor.label === anchor.clauseLabel ? "exact" : "moved", clauseId: successor.id, start: here[0]!, end: here[0]! };
  }
  if (joined.length >= LONE_POINT) {
    const elsewhere = newClauses.filter((c) => c.id !== successor?.id).flatMap((c) => at(c).map((start) => ({ clause: c, start })));
    if (elsewhere.length === 1) return { state: "moved", clauseId: elsewhere[0]!.clause.id, start: elsewhere[0]!.start, end: elsewhere[0]!.start };
  }
  if (!successor) return { state: "removed" };
  const between = changedBetween(successor.text, anchor);
  if (between && between.end > between.start) return { state: "changed", clauseId: successor.id, start: between.start, end: between.end, newText: successor.text.slice(between.start, between.end) };
  return { state: "notFound", clauseId: successor.id };
}
