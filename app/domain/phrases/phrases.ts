/**
 * Suggestions on a phrase (issue 16, part 1): an agency selects words in a clause's body and proposes
 * other words for them (a replacement), none (a deletion), or words at a point (an insertion: the quote
 * is empty). Client-safe: the invitee page's script uses it to list and check what is being written;
 * the server checks the same rules with zod (./phrase-form.server.ts).
 *
 * Form encoding: one hidden field per clause, `ph:<clauseId>`, holding a JSON array of Phrase. A
 * phrase's `start` is a character offset into the published clause's `body`; `quote` must equal
 * body.slice(start, start + quote.length) ("" = an insertion point at `start`).
 * Without script (or typed by hand): `phq:<clauseId>` the words as they appear in the clause,
 * `pho:<clauseId>` which occurrence (1, 2, …) when they appear more than once, `phn:<clauseId>` the new
 * words ("" deletes them), `phr:<clauseId>` the reason; the server finds the offset and adds the phrase.
 */
import { CONTEXT } from "~/domain/anchors/reanchor";

export interface Phrase {
  start: number;
  /** The words as they are in the clause ("" for an insertion point). */
  quote: string;
  /** The words proposed instead ("" for a deletion). */
  replacement: string;
  /** Why (optional): becomes the comment's text. */
  reason: string;
}

export type PhraseKind = "replace" | "delete" | "insert";

/** At most this many suggestions on one clause, and this long each box. */
export const MAX_PHRASES_PER_CLAUSE = 50;
export const MAX_PHRASE_CHARS = 2_000;
export const MAX_REASON_CHARS = 5_000;

export const PHRASE_FIELD = "ph:";
export const WORDS_FIELD = "phq:";
export const OCCURRENCE_FIELD = "pho:";
export const NEW_WORDS_FIELD = "phn:";
export const REASON_FIELD = "phr:";

export const phraseKind = (p: Pick<Phrase, "quote" | "replacement">): PhraseKind => (p.quote === "" ? "insert" : p.replacement === "" ? "delete" : "replace");

/** Where `words` occur in `body` (every start, left to right). */
export function occurrencesOf(body: string, words: string): number[] {
  const out: number[] = [];
  if (words === "") return out;
  for (let i = body.indexOf(words); i >= 0; i = body.indexOf(words, i + 1)) out.push(i);
  return out;
}

export type PhraseError =
  | "phrase.badAnchor"
  | "phrase.emptyInsertion"
  | "phrase.unchanged"
  | "body.commentOverLimit"
  | "phrase.wordsRequired"
  | "phrase.wordsNotFound"
  | "phrase.whichOccurrence"
  | "phrase.tooMany";

/** Why a phrase cannot stand on a body, as a catalog key; null when it can. */
export function phraseProblem(body: string, p: Phrase): PhraseError | null {
  if (!Number.isInteger(p.start) || p.start < 0 || p.start + p.quote.length > body.length) return "phrase.badAnchor";
  if (body.slice(p.start, p.start + p.quote.length) !== p.quote) return "phrase.badAnchor";
  if (p.quote === "" && p.replacement.trim() === "") return "phrase.emptyInsertion";
  if (p.quote === p.replacement) return "phrase.unchanged";
  if (p.quote.length > MAX_PHRASE_CHARS || p.replacement.length > MAX_PHRASE_CHARS || p.reason.length > MAX_REASON_CHARS) return "body.commentOverLimit";
  return null;
}

/** A phrase list read leniently (a draft, the page's own field): what is not a phrase is left out. */
export function parsePhrases(json: string | undefined | null): Phrase[] {
  if (!json) return [];
  try {
    const raw: unknown = JSON.parse(json);
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((p): p is Phrase => !!p && typeof p === "object" && typeof p.start === "number" && typeof p.quote === "string" && typeof p.replacement === "string")
      .map((p) => ({ start: p.start, quote: p.quote, replacement: p.replacement, reason: typeof p.reason === "string" ? p.reason : "" }));
  } catch {
    return [];
  }
}

/** In the clause's order: by position, insertions before the words at the same point. */
export const byPosition = (a: Phrase, b: Phrase) => a.start - b.start || a.quote.length - b.quote.length;

/**
 * The words a phrase touches with a little of the text around them, for showing it as a change:
 * `before` and `after` are cut at a word boundary and marked with "…" when the clause goes on.
 */
export function phraseContext(body: string, start: number, length: number, span = CONTEXT): { before: string; after: string } {
  let from = Math.max(0, start - span);
  if (from > 0) {
    const space = body.indexOf(" ", from);
    if (space >= 0 && space < start) from = space + 1;
  }
  let to = Math.min(body.length, start + length + span);
  if (to < body.length) {
    const space = body.lastIndexOf(" ", to);
    if (space > start + length) to = space;
  }
  return { before: (from > 0 ? "…" : "") + body.slice(from, start), after: body.slice(start + length, to) + (to < body.length ? "…" : "") };
}

/**
 * The offsets of a selection inside a clause's text, with the spaces at its edges left out (a double
 * click selects the word and the space after it). A selection of spaces only becomes a point.
 */
export function trimSelection(body: string, start: number, end: number): { start: number; end: number } {
  let s = Math.max(0, Math.min(start, end));
  let e = Math.min(body.length, Math.max(start, end));
  while (s < e && /\s/.test(body[s]!)) s++;
  while (e > s && /\s/.test(body[e - 1]!)) e--;
  return { start: s, end: e };
}

/**
 * The keyboard path: the words typed as they appear in the clause (and which occurrence) turned into a
 * phrase, or the reason it cannot be.
 */
export function resolveTyped(
  body: string,
  typed: { words: string; occurrence: string; replacement: string; reason: string },
): { ok: true; phrase: Phrase } | { ok: false; error: "phrase.wordsRequired" | "phrase.wordsNotFound" | "phrase.whichOccurrence" | "phrase.unchanged" } {
  const words = typed.words.trim();
  if (words === "") return { ok: false, error: "phrase.wordsRequired" };
  const found = occurrencesOf(body, words);
  if (found.length === 0) return { ok: false, error: "phrase.wordsNotFound" };
  let index = 0;
  if (found.length > 1) {
    const n = Number(typed.occurrence.trim());
    if (!Number.isInteger(n) || n < 1 || n > found.length) return { ok: false, error: "phrase.whichOccurrence" };
    index = n - 1;
  }
  const replacement = typed.replacement.trim();
  if (replacement === words) return { ok: false, error: "phrase.unchanged" };
  return { ok: true, phrase: { start: found[index]!, quote: words, replacement, reason: typed.reason.trim() } };
}

/** The report's readable line for a suggestion (in the report's language, given its three templates). */
export function describeSuggestion(quote: string, suggestion: string, t: (key: "replace" | "delete" | "insert", p: { old: string; new: string }) => string): string {
  return t(phraseKind({ quote, replacement: suggestion }), { old: quote, new: suggestion });
}

/** A phrase list as one comparable string (trimmed, in the clause's order). */
export function canonicalPhrases(json: string | undefined | null): string {
  return JSON.stringify(parsePhrases(json).map((p) => ({ start: p.start, quote: p.quote, replacement: p.replacement.trim(), reason: p.reason.trim() })).sort(byPosition));
}

/**
 * What a submission sent, per clause, as the page's "not sent yet" list compares it with the drafts:
 * the whole-clause comment's boxes and the suggestions on phrases (one comment row each).
 */
export function sentByClause(
  rows: readonly { clauseId: number | null; text: string; proposedWording: string; anchorQuote: string | null; anchorStart: number | null; suggestion: string | null }[],
): { clauseId: number | null; text: string; proposedWording: string; phrases: string }[] {
  const out = new Map<number | null, { clauseId: number | null; text: string; proposedWording: string; list: Phrase[] }>();
  for (const r of rows) {
    const entry = out.get(r.clauseId) ?? { clauseId: r.clauseId, text: "", proposedWording: "", list: [] };
    if (r.anchorQuote !== null && r.anchorStart !== null) entry.list.push({ start: r.anchorStart, quote: r.anchorQuote, replacement: r.suggestion ?? "", reason: r.text });
    else {
      entry.text = r.text;
      entry.proposedWording = r.proposedWording;
    }
    out.set(r.clauseId, entry);
  }
  return [...out.values()].map(({ list, ...e }) => ({ ...e, phrases: canonicalPhrases(JSON.stringify(list)) }));
}
