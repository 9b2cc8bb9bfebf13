/**
 * Reading an invited agency's answer form: one comment box and one proposed-wording box per clause
 * (fields "c:<clauseId>" and "p:<clauseId>", "general" for the whole draft), the answer kind and the
 * signer. Pure: the route hands it the form's string fields and the clause ids of the version. The
 * signer's fields are validated by ./answer-form.server.ts (zod stays out of the page's script).
 */
export const MAX_COMMENT_CHARS = 20_000;
export const GENERAL = "general";

export interface AnswerEntry {
  clauseKey: string; // "general" or a clause id
  text: string;
  proposedWording: string;
  /** Suggestions on phrases of the clause: the "ph:<clauseId>" field's JSON list (app/domain/phrases). */
  phrases?: string;
}

/** Every comment box of the form, limited to known clauses; never cut (see overLimitFields). */
export function readEntries(fields: Iterable<[string, string]>, clauseIds: ReadonlySet<number>): AnswerEntry[] {
  const byKey = new Map<string, AnswerEntry>();
  for (const [name, value] of fields) {
    const m = /^(c|p|ph):(general|\d+)$/.exec(name);
    if (!m) continue;
    const key = m[2]!;
    if (key !== GENERAL && !clauseIds.has(Number(key))) continue;
    const entry = byKey.get(key) ?? { clauseKey: key, text: "", proposedWording: "" };
    const clean = value.replace(/\r\n?/g, "\n").normalize("NFC");
    if (m[1] === "c") entry.text = clean;
    else if (m[1] === "ph") entry.phrases = key === GENERAL ? undefined : clean;
    else entry.proposedWording = clean;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** The boxes longer than MAX_COMMENT_CHARS, by field name ("c:12", "p:general"), or null when none is. */
export function overLimitFields(entries: AnswerEntry[]): Record<string, "body.commentOverLimit"> | null {
  const over: Record<string, "body.commentOverLimit"> = {};
  for (const e of entries) {
    if (e.text.length > MAX_COMMENT_CHARS) over[`c:${e.clauseKey}`] = "body.commentOverLimit";
    if (e.proposedWording.length > MAX_COMMENT_CHARS) over[`p:${e.clauseKey}`] = "body.commentOverLimit";
  }
  return Object.keys(over).length > 0 ? over : null;
}

/** A phrase list field with something in it (not absent, "" or "[]"). */
export const hasPhrases = (e: { phrases?: string }) => !!e.phrases && e.phrases.trim() !== "" && e.phrases.trim() !== "[]";

export function nonEmpty(entries: AnswerEntry[]): AnswerEntry[] {
  return entries.filter((e) => e.text.trim() !== "" || e.proposedWording.trim() !== "" || hasPhrases(e));
}

/** The three answers an agency can give (the form's "answerKind"). */
export const ANSWER_KINDS = ["comments", "agree", "decline"] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** What the drafter will receive, or the reason the answer cannot be sent as it is. */
export function answerComments(
  kind: AnswerKind,
  entries: AnswerEntry[],
): { ok: true; comments: AnswerEntry[] } | { ok: false; error: "invitee.noComments" | "invitee.agreeButComments" } {
  const given = nonEmpty(entries);
  if (kind === "comments") return given.length > 0 ? { ok: true, comments: given } : { ok: false, error: "invitee.noComments" };
  // "Agree" or "decline" with comments typed would silently drop them: ask instead.
  return given.length > 0 ? { ok: false, error: "invitee.agreeButComments" } : { ok: true, comments: [] };
}

/** Time left before the cutoff, in whole days, hours and minutes (never negative). */
export function timeLeft(cutoffAt: number, now: number): { days: number; hours: number; minutes: number } {
  const minutesLeft = Math.max(0, Math.floor((cutoffAt - now) / 60_000));
  return { days: Math.floor(minutesLeft / 1440), hours: Math.floor((minutesLeft % 1440) / 60), minutes: minutesLeft % 60 };
}
