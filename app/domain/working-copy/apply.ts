/**
 * Proposals accepted into the working copy of the next version (issue 16, part 2), as plain functions:
 * a suggestion on a phrase (the quoted words replaced, deleted, or words inserted at a point) or a
 * whole-clause wording, applied to the clause's current working text. A phrase is found again by
 * reading (app/domain/anchors/reanchor.ts), never by offset alone; where the words were already changed
 * by another accepted proposal (or by hand), the accept is a conflict for the drafter to settle.
 */
import { reanchor, type Anchor } from "~/domain/anchors/reanchor";

export type Proposal =
  | { kind: "phrase"; commentId: number; anchor: Anchor; suggestion: string }
  | { kind: "wording"; commentId: number; wording: string };

/** The clause of the base version a proposal lands in, with its texts. */
export interface TargetClause {
  id: number;
  label: string;
  /** The base version's body. */
  baseBody: string;
  /** The working copy's body now (the base's when untouched). */
  body: string;
}

/** An accept already applied to the clause: its proposal and the text it was applied to. */
export interface AppliedAccept {
  id: number;
  proposal: Proposal;
  before: string;
}

export interface Range {
  start: number;
  end: number;
}

/**
 * Where the anchor's words are in a text now (for an insertion point, an empty range where its context
 * still meets), or null when they are not there as they were.
 */
export function locate(anchor: Anchor, text: string, targetId = anchor.clauseId): Range | null {
  const found = reanchor(anchor, [{ id: targetId, label: anchor.clauseLabel, text }], new Map([[anchor.clauseId, targetId]]));
  if (anchor.quote === "") {
    if (found.start !== undefined && found.start === found.end && found.clauseId === targetId && found.state !== "notFound" && found.state !== "removed") return { start: found.start, end: found.start };
    return pointByShorterContext(anchor, text);
  }
  if ((found.state === "exact" || found.state === "moved") && found.clauseId === targetId && found.start !== undefined && found.end !== undefined) {
    return { start: found.start, end: found.end };
  }
  return null;
}

/**
 * An insertion point whose full context no longer meets (a change nearby, within the context kept):
 * where the nearest words on both sides still meet, at least 8 characters of each (or the clause's
 * edge it had), found once in the text.
 */
function pointByShorterContext(anchor: Anchor, text: string): Range | null {
  const MIN = 8;
  for (let k = Math.max(anchor.prefix.length, anchor.suffix.length); k >= MIN; k--) {
    const before = anchor.prefix.slice(Math.max(0, anchor.prefix.length - k));
    const after = anchor.suffix.slice(0, k);
    if ((before.length < MIN && before !== anchor.prefix) || (after.length < MIN && after !== anchor.suffix)) continue;
    const joined = before + after;
    if (joined === "") return null;
    const at = text.indexOf(joined);
    if (at < 0 || text.indexOf(joined, at + 1) >= 0) continue;
    if (before === "" && at !== 0) continue;
    if (after === "" && at + joined.length !== text.length) continue;
    return { start: at + before.length, end: at + before.length };
  }
  return null;
}

/** Two ranges share words (or are one insertion point, or an insertion point inside the other's words). */
export function overlaps(a: Range, b: Range): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  if (a.start === a.end) return b.start === b.end ? a.start === b.start : a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return false;
}

export interface Applied {
  text: string;
  /** What was replaced in the text given, and the words now in its place. */
  range: Range;
  inserted: string;
}

/** The proposal applied to `text`, or null if its words are not there. */
export function applyTo(proposal: Proposal, text: string, targetId: number): Applied | null {
  if (proposal.kind === "wording") return { text: proposal.wording, range: { start: 0, end: text.length }, inserted: proposal.wording };
  const at = locate(proposal.anchor, text, targetId);
  if (!at) return null;
  return { text: text.slice(0, at.start) + proposal.suggestion + text.slice(at.end), range: at, inserted: proposal.suggestion };
}

/** Where an applied accept's words are in the current text (the whole clause for a wording), or null if they were changed since. */
export function locateApplied(accept: AppliedAccept, current: string, targetId: number): Range | null {
  const applied = applyTo(accept.proposal, accept.before, targetId);
  if (!applied) return null;
  // A wording took the whole clause: it is in the way of any other change of it.
  if (accept.proposal.kind === "wording") return { start: 0, end: current.length };
  const { start, end } = applied.range;
  const inverse: Anchor = {
    clauseId: targetId,
    clauseLabel: "",
    quote: applied.inserted,
    prefix: accept.before.slice(Math.max(0, start - 32), start),
    suffix: accept.before.slice(end, end + 32),
    start,
  };
  return locate(inverse, current, targetId);
}

export type AcceptOutcome =
  | { state: "applied"; text: string; before: string }
  /** The words were changed by the accepts listed (none: changed by hand); nothing applied. */
  | { state: "conflict"; rivals: number[]; before: string }
  /** The words are not in the base version's clause (a comment on an older version whose words were redrafted). */
  | { state: "notFound" };

/**
 * Accepting a proposal into a clause of the working copy: applied when its words are still there as
 * in the base and no accepted proposal changed them; a conflict otherwise, naming the accepts in the way.
 */
export function acceptInto(proposal: Proposal, target: TargetClause, applied: readonly AppliedAccept[]): AcceptOutcome {
  const rivals = rivalsOf(proposal, target, applied);
  if (rivals === null) return { state: "notFound" };
  if (proposal.kind === "wording") {
    // A whole new wording replaces every earlier change of the clause: only an untouched clause takes it silently.
    if (target.body === target.baseBody || target.body === proposal.wording) return { state: "applied", text: proposal.wording, before: target.body };
    return { state: "conflict", rivals, before: target.body };
  }
  const now = applyTo(proposal, target.body, target.id);
  if (now && rivals.length === 0) {
    // Also in the current text: the words found must not be words another accept put there.
    const inTheWay = applied.filter((a) => {
      const r = locateApplied(a, target.body, target.id);
      return r === null || overlaps(r, now.range);
    });
    if (inTheWay.length === 0) return { state: "applied", text: now.text, before: target.body };
    return { state: "conflict", rivals: inTheWay.map((a) => a.id), before: target.body };
  }
  return { state: "conflict", rivals, before: target.body };
}

/**
 * The applied accepts whose words overlap the proposal's, compared in the base version's text (every
 * accept of the clause for a wording, and a wording accepted is in the way of everything); null when
 * the proposal's words are not in the base at all.
 */
export function rivalsOf(proposal: Proposal, target: TargetClause, applied: readonly AppliedAccept[]): number[] | null {
  if (proposal.kind === "wording") return applied.map((a) => a.id);
  const mine = locate(proposal.anchor, target.baseBody, target.id);
  if (!mine) return null;
  return applied
    .filter((a) => {
      if (a.proposal.kind === "wording") return true;
      const theirs = locate(a.proposal.anchor, target.baseBody, target.id);
      return theirs === null || overlaps(theirs, mine);
    })
    .map((a) => a.id);
}

/**
 * Undoes an applied accept in the current text: a phrase's words put back where its suggestion now is;
 * a wording's previous text back if the clause still reads as the wording. Null when the words were
 * changed since (by another accept or by hand): the drafter then edits the clause instead.
 */
export function undoIn(accept: AppliedAccept, current: string, targetId: number): string | null {
  if (accept.proposal.kind === "wording") return current === accept.proposal.wording ? accept.before : null;
  const applied = applyTo(accept.proposal, accept.before, targetId);
  const at = locateApplied(accept, current, targetId);
  if (!applied || !at) return null;
  const original = accept.before.slice(applied.range.start, applied.range.end);
  return current.slice(0, at.start) + original + current.slice(at.end);
}

/**
 * "Take this one instead": the rivals undone (the latest first), then the proposal applied. Null when
 * that cannot be done by reading (the words were changed by hand as well).
 */
export function takeInstead(proposal: Proposal, target: TargetClause, rivals: readonly AppliedAccept[]): { text: string; before: string } | null {
  if (proposal.kind === "wording") return { text: proposal.wording, before: target.body };
  let text = target.body;
  for (const rival of [...rivals].sort((a, b) => b.id - a.id)) {
    const undone = undoIn(rival, text, target.id);
    if (undone === null) return null;
    text = undone;
  }
  const now = applyTo(proposal, text, target.id);
  return now ? { text: now.text, before: text } : null;
}
