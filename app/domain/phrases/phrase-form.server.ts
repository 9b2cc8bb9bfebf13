/**
 * The invitee form's suggestions on phrases, checked on the server (zod stays out of the page's
 * script): each clause's "ph:<id>" JSON list must be phrases whose quote is exactly the published
 * clause's words at their offset, and the keyboard path's typed words ("phq:", "pho:", "phn:", "phr:")
 * are found in the clause and added to its list. See ./phrases.ts for the encoding.
 */
import { z } from "zod";
import type { AnswerEntry } from "~/domain/answer-form";
import type { FieldErrors } from "~/forms";
import { MAX_PHRASE_CHARS, MAX_PHRASES_PER_CLAUSE, MAX_REASON_CHARS, byPosition, phraseProblem, resolveTyped, type Phrase } from "./phrases";

/** "\u0000" inside the JSON decodes to a NUL the form reader never saw: it means nothing in typed words. */
const typed = (max: number) => z.string().max(max).transform((s) => s.replace(/\u0000/g, ""));

const PhraseSchema = z.object({
  start: z.number().int().nonnegative(),
  // Must be the clause's own words (checked below), which never hold a NUL.
  quote: z.string().max(MAX_PHRASE_CHARS),
  replacement: typed(MAX_PHRASE_CHARS),
  reason: typed(MAX_REASON_CHARS).default(""),
});

export const PhraseListSchema = z.array(PhraseSchema).max(MAX_PHRASES_PER_CLAUSE);

const TYPED = /^(phq|pho|phn|phr):(\d+)$/;

export interface PhraseRead {
  /** The valid phrases of each clause key, in the clause's order. */
  byClause: Map<string, Phrase[]>;
  /** Errors by field ("ph:<id>" for the list, "phq:<id>" for the typed words). */
  errors: FieldErrors;
  /** The typed fields as posted (kept on a refused form; emptied once their phrase was added). */
  typed: Record<string, string>;
}

/**
 * Reads and checks the phrases of the posted entries against the published clauses' bodies, adds the
 * typed ones, and writes each valid list back on its entry (so drafts keep it). Entries of clauses not
 * in `bodies` (no body) keep no phrase.
 */
export function readPhrases(entries: AnswerEntry[], fields: Iterable<[string, string]>, bodies: ReadonlyMap<number, string>): PhraseRead {
  const byClause = new Map<string, Phrase[]>();
  const errors: FieldErrors = {};
  const typed: Record<string, string> = {};
  const byKey = new Map(entries.map((e) => [e.clauseKey, e]));
  for (const e of entries) {
    if (e.phrases === undefined) continue;
    const body = bodies.get(Number(e.clauseKey));
    if (body === undefined) {
      e.phrases = undefined;
      continue;
    }
    let json: unknown;
    try {
      json = e.phrases.trim() === "" ? [] : JSON.parse(e.phrases);
    } catch {
      errors[`ph:${e.clauseKey}`] = "phrase.badList";
      continue;
    }
    const parsed = PhraseListSchema.safeParse(json);
    if (!parsed.success) {
      errors[`ph:${e.clauseKey}`] = "phrase.badList";
      continue;
    }
    const problem = parsed.data.map((p) => phraseProblem(body, p)).find((x) => x !== null);
    if (problem) {
      errors[`ph:${e.clauseKey}`] = problem;
      continue;
    }
    byClause.set(e.clauseKey, parsed.data);
  }
  // The keyboard path: words typed as they are in the clause, found there by the server.
  const typedByClause = new Map<number, { words: string; occurrence: string; replacement: string; reason: string }>();
  for (const [name, value] of fields) {
    const m = TYPED.exec(name);
    if (!m) continue;
    typed[name] = value;
    const id = Number(m[2]);
    const entry = typedByClause.get(id) ?? { words: "", occurrence: "", replacement: "", reason: "" };
    const clean = value.replace(/\r\n?/g, "\n").normalize("NFC");
    if (m[1] === "phq") entry.words = clean;
    else if (m[1] === "pho") entry.occurrence = clean;
    else if (m[1] === "phn") entry.replacement = clean;
    else entry.reason = clean;
    typedByClause.set(id, entry);
  }
  for (const [id, t] of typedByClause) {
    if (t.words.trim() === "" && t.replacement.trim() === "" && t.reason.trim() === "") continue;
    const body = bodies.get(id);
    const key = String(id);
    if (body === undefined) continue;
    const resolved = resolveTyped(body, t);
    if (!resolved.ok) {
      errors[`phq:${key}`] = resolved.error;
      continue;
    }
    if (errors[`ph:${key}`]) continue;
    const list = byClause.get(key) ?? [];
    if (list.length >= MAX_PHRASES_PER_CLAUSE) {
      errors[`phq:${key}`] = "phrase.tooMany";
      continue;
    }
    byClause.set(key, [...list, resolved.phrase]);
    for (const f of ["phq", "pho", "phn", "phr"]) typed[`${f}:${key}`] = "";
  }
  for (const [key, list] of byClause) {
    list.sort(byPosition);
    const entry = byKey.get(key);
    const json = JSON.stringify(list);
    if (entry) entry.phrases = json;
    else entries.push({ clauseKey: key, text: "", proposedWording: "", phrases: json });
  }
  return { byClause, errors, typed };
}
