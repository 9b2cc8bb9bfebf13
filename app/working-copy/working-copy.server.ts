/**
 * The working copy of the next version (issue 16, part 2): what the routes call. The base is the
 * newest published version; its clauses as changed by accepts and edits, the accepts themselves, and
 * publishing them as version N+1. The decisions are the domain's (app/domain/working-copy), the
 * writes db/queries/working-copy.ts's; here they are put together, reading again and retrying when
 * another drafter's write came in between.
 */
import { getDb, type Db } from "#db/client.server";
import type { AuditActor } from "#db/queries/audit";
import { consultationLinks } from "#db/queries/lineage";
import { findVersionOutlineSource, latestPublishedVersion, listClauses, listVersions } from "#db/queries/versions";
import {
  listAccepts,
  listWorkingClauses,
  proposalRows,
  publishWorkingCopy,
  recordAccept,
  saveWorkingClause,
  settleConflict,
  undoAccept,
  stampOf,
  type ProposalRow,
} from "#db/queries/working-copy";
import type { ClauseRow } from "#db/schema";
import { clauseRef } from "~/domain/clause-ref";
import { readCorrections } from "~/domain/clauses/corrections";
import { wordDiff } from "~/domain/diff/word-diff";
import { buildLineage, descendantsIn } from "~/domain/lineage/project";
import { acceptInto, applyTo, locate, takeInstead, undoIn, type AppliedAccept, type Proposal, type TargetClause } from "~/domain/working-copy/apply";
import { soleSuccessorIn } from "~/domain/working-copy/lineage";
import { buildNextText, FIXED_KINDS, tidyBody, tidyHeading, type ClauseText } from "~/domain/working-copy/next-text";

/** Why an action was refused, as catalog keys (working.*). */
export type WorkingError =
  | "working.noBase"
  | "working.noProposal"
  | "working.notCurrent"
  | "working.clauseGone"
  | "working.wordsGone"
  | "working.already"
  | "working.busy"
  | "working.cannotUndo"
  | "working.cannotTake"
  | "working.fixedKind"
  | "working.structure"
  | "working.lineageSplit"
  | "error.notFound";

export interface Actor extends AuditActor {
  actorUserId: number;
}

/** The comment's proposal, if it carries words to accept. */
export function proposalOf(row: ProposalRow): Proposal | null {
  if (row.anchorQuote !== null && row.suggestion !== null && row.clauseId !== null && row.anchorStart !== null) {
    return {
      kind: "phrase",
      commentId: row.commentId,
      anchor: { clauseId: row.clauseId, clauseLabel: row.clauseLabel ?? "", quote: row.anchorQuote, prefix: row.anchorPrefix, suffix: row.anchorSuffix, start: row.anchorStart },
      suggestion: row.suggestion,
    };
  }
  if (row.proposedWording.trim() !== "" && row.clauseId !== null) return { kind: "wording", commentId: row.commentId, wording: tidyBody(row.proposedWording) };
  return null;
}

/** Everything the working copy is now: the base, its clauses, the changed ones, the accepts. */
export async function readWorkingCopy(db: Db, consultationId: number) {
  const base = await latestPublishedVersion(db, consultationId);
  if (!base) return null;
  const [baseClauses, rows, accepts] = [await listClauses(db, base.id), await listWorkingClauses(db, base.id), await listAccepts(db, base.id)];
  // What this read is at, from the very rows read: publishing checks it again inside its transaction,
  // so the version stored is exactly the one built from these rows (a write between the reads makes it differ).
  const stamp = stampOf(
    rows.map((r) => ({ id: r.clauseId, r: r.revision })),
    accepts.map((a) => ({ id: a.accept.id, s: a.accept.state })),
  );
  const working = new Map(rows.map((r) => [r.clauseId, r]));
  const byId = new Map(baseClauses.map((c) => [c.id, c]));
  const textOf = (c: ClauseRow) => {
    const w = working.get(c.id);
    return { heading: w?.heading ?? c.heading, body: w?.body ?? c.body, revision: w?.revision ?? 0 };
  };
  return { base, baseClauses, byId, working, accepts, textOf, stamp };
}

type WorkingCopy = NonNullable<Awaited<ReturnType<typeof readWorkingCopy>>>;

function targetOf(wc: WorkingCopy, clause: ClauseRow): TargetClause {
  return { id: clause.id, label: clause.label, baseBody: clause.body, body: wc.textOf(clause).body };
}

/** The applied accepts of one clause, with their proposals. */
function appliedOn(wc: WorkingCopy, clauseId: number): AppliedAccept[] {
  const out: AppliedAccept[] = [];
  for (const a of wc.accepts) {
    if (a.accept.clauseId !== clauseId || a.accept.state !== "applied") continue;
    const proposal = proposalOf(a.proposal);
    if (proposal) out.push({ id: a.accept.id, proposal, before: a.accept.before ?? "" });
  }
  return out;
}

/**
 * The base clause a comment's proposal goes to: its own clause when made on the base, else the
 * clause of the base that continues it (by the stored lineage); for a phrase, the one where its words are.
 */
async function targetClause(db: Db, wc: WorkingCopy, row: ProposalRow, proposal: Proposal): Promise<ClauseRow | "split" | null> {
  if (row.clauseId === null) return null;
  if (row.versionId === wc.base.id) return wc.byId.get(row.clauseId) ?? null;
  const lineage = buildLineage(await consultationLinks(db, row.consultationId));
  const inBase = new Set(wc.byId.keys());
  const candidates = descendantsIn(row.clauseId, lineage, inBase).map((id) => wc.byId.get(id)!);
  if (proposal.kind === "phrase") return candidates.find((c) => locate(proposal.anchor, c.body, c.id) !== null) ?? candidates[0] ?? null;
  // A whole-clause wording: only where the clause goes on one to one (never the first of a split or a merge).
  if (candidates.length === 0) return null;
  const sole = soleSuccessorIn(row.clauseId, lineage, inBase);
  return sole === null ? "split" : wc.byId.get(sole)!;
}

const ATTEMPTS = 3;

export type ActionOutcome = { ok: true; state?: "applied" | "conflict" } | { ok: false; error: WorkingError; status: 400 | 404 | 409 };

/** "Tiếp thu vào dự thảo mới": the comment's proposal applied to the working copy, or recorded as a conflict. */
export async function acceptComment(consultationId: number, commentId: number, actor: Actor): Promise<ActionOutcome> {
  const db = await getDb();
  const [row] = await proposalRows(db, consultationId, [commentId]);
  if (!row) return { ok: false, error: "error.notFound", status: 404 };
  const proposal = proposalOf(row);
  if (!proposal) return { ok: false, error: "working.noProposal", status: 400 };
  if (row.current !== row.submissionId || row.revokedAt !== null) return { ok: false, error: "working.notCurrent", status: 400 };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const wc = await readWorkingCopy(db, consultationId);
    if (!wc) return { ok: false, error: "working.noBase", status: 400 };
    if (wc.accepts.some((a) => a.accept.commentId === commentId)) return { ok: false, error: "working.already", status: 409 };
    const clause = await targetClause(db, wc, row, proposal);
    if (!clause) return { ok: false, error: "working.clauseGone", status: 409 };
    if (clause === "split") return { ok: false, error: "working.lineageSplit", status: 409 };
    if (FIXED_KINDS.has(clause.kind)) return { ok: false, error: "working.fixedKind", status: 400 };
    const now = wc.textOf(clause);
    const outcome = acceptInto(proposal, targetOf(wc, clause), appliedOn(wc, clause.id));
    if (outcome.state === "notFound") return { ok: false, error: "working.wordsGone", status: 409 };
    if (outcome.state === "applied" && !(await keepsStructure(db, wc, clause, outcome.text))) return { ok: false, error: "working.structure", status: 400 };
    const write = outcome.state === "applied" ? { clauseId: clause.id, expectedRevision: now.revision, heading: now.heading, body: outcome.text } : null;
    const scope = { consultationId, baseVersionId: wc.base.id, userId: actor.actorUserId, now: Date.now() };
    const result = await recordAccept(db, scope, { commentId, clauseId: clause.id, state: outcome.state, before: outcome.before, write, expectedRevision: now.revision }, actor);
    if (result.ok) return { ok: true, state: outcome.state };
    if (result.reason === "exists") return { ok: false, error: "working.already", status: 409 };
  }
  return { ok: false, error: "working.busy", status: 409 };
}

export type EditOutcome =
  | { ok: true }
  | { ok: false; error: WorkingError; status: 400 | 404 }
  /** Someone saved the clause meanwhile: their text, to set beside the text typed. */
  | { ok: false; error: "working.stale"; status: 409; theirs: ClauseText & { revision: number } };

/** The drafter's edit of a clause's heading and body, checked to read back as the same clause. */
export async function editClause(consultationId: number, input: { clauseId: number; revision: number; heading: string; body: string }, actor: Actor): Promise<EditOutcome> {
  const db = await getDb();
  const wc = await readWorkingCopy(db, consultationId);
  if (!wc) return { ok: false, error: "working.noBase", status: 400 };
  const clause = wc.byId.get(input.clauseId);
  if (!clause) return { ok: false, error: "error.notFound", status: 404 };
  const heading = tidyHeading(input.heading);
  const body = tidyBody(input.body);
  if (FIXED_KINDS.has(clause.kind) && (heading !== clause.heading || body !== clause.body)) return { ok: false, error: "working.fixedKind", status: 400 };
  const now = wc.textOf(clause);
  if (now.revision !== input.revision) return { ok: false, error: "working.stale", status: 409, theirs: { heading: now.heading, body: now.body, revision: now.revision } };
  // The clause must read back as itself in the next version's text.
  const source = await findVersionOutlineSource(db, wc.base.id);
  const changes = changesOf(wc);
  changes.set(clause.label, { heading, body });
  const next = buildNextText({ text: source!.text, language: wc.base.language === "ru" ? "ru" : "vi", corrections: readCorrections(source!.corrections) }, changes);
  if (!next.ok && next.label === clause.label) return { ok: false, error: "working.structure", status: 400 };
  const result = await saveWorkingClause(db, { consultationId, baseVersionId: wc.base.id, userId: actor.actorUserId, now: Date.now() }, { clauseId: clause.id, expectedRevision: input.revision, heading, body }, actor);
  if (result.ok) return { ok: true };
  const again = await readWorkingCopy(db, consultationId);
  const theirs = again ? again.textOf(clause) : now;
  return { ok: false, error: "working.stale", status: 409, theirs: { heading: theirs.heading, body: theirs.body, revision: theirs.revision } };
}

/** The clauses whose working text differs from the base, by label. */
function changesOf(wc: WorkingCopy): Map<string, ClauseText> {
  const out = new Map<string, ClauseText>();
  for (const [clauseId, w] of wc.working) {
    const c = wc.byId.get(clauseId);
    if (c && (w.heading !== c.heading || w.body !== c.body)) out.set(c.label, { heading: w.heading, body: w.body });
  }
  return out;
}

/**
 * Whether the working copy with this clause's new body still reads back as the same clauses: false
 * when the body would break the next version's structure (a line opening a new clause, say), here or
 * in a clause after it. An accept or a choice that would break it is refused, as an edit is.
 */
async function keepsStructure(db: Db, wc: WorkingCopy, clause: ClauseRow, body: string): Promise<boolean> {
  const source = await findVersionOutlineSource(db, wc.base.id);
  const input = { text: source!.text, language: wc.base.language === "ru" ? ("ru" as const) : ("vi" as const), corrections: readCorrections(source!.corrections) };
  const changes = changesOf(wc);
  changes.set(clause.label, { heading: wc.textOf(clause).heading, body });
  const after = buildNextText(input, changes);
  if (after.ok) return true;
  if (after.label === clause.label) return false;
  // Broken elsewhere: refused only if it was this change that broke it.
  return !buildNextText(input, changesOf(wc)).ok;
}

/** Undo of an accept: an applied one's words put back, a conflict or a set-aside one withdrawn. */
export async function undo(consultationId: number, acceptId: number, actor: Actor): Promise<ActionOutcome> {
  const db = await getDb();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const wc = await readWorkingCopy(db, consultationId);
    if (!wc) return { ok: false, error: "working.noBase", status: 400 };
    const found = wc.accepts.find((a) => a.accept.id === acceptId);
    const clause = found ? wc.byId.get(found.accept.clauseId) : undefined;
    const proposal = found ? proposalOf(found.proposal) : null;
    if (!found || !clause || !proposal) return { ok: false, error: "error.notFound", status: 404 };
    let write = null;
    if (found.accept.state === "applied") {
      const now = wc.textOf(clause);
      const undone = undoIn({ id: acceptId, proposal, before: found.accept.before ?? "" }, now.body, clause.id);
      if (undone === null) return { ok: false, error: "working.cannotUndo", status: 409 };
      write = { clauseId: clause.id, expectedRevision: now.revision, heading: now.heading, body: undone };
    }
    const result = await undoAccept(db, { consultationId, baseVersionId: wc.base.id, userId: actor.actorUserId, now: Date.now() }, acceptId, write, actor);
    if (result.ok) return { ok: true };
  }
  return { ok: false, error: "working.busy", status: 409 };
}

/** A conflict settled: this proposal taken instead of the accepts in its way, or the current text kept. */
export async function settle(consultationId: number, acceptId: number, choice: "take" | "keep", actor: Actor): Promise<ActionOutcome> {
  const db = await getDb();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const wc = await readWorkingCopy(db, consultationId);
    if (!wc) return { ok: false, error: "working.noBase", status: 400 };
    const found = wc.accepts.find((a) => a.accept.id === acceptId && a.accept.state === "conflict");
    const clause = found ? wc.byId.get(found.accept.clauseId) : undefined;
    const proposal = found ? proposalOf(found.proposal) : null;
    if (!found || !clause || !proposal) return { ok: false, error: "error.notFound", status: 404 };
    const scope = { consultationId, baseVersionId: wc.base.id, userId: actor.actorUserId, now: Date.now() };
    let input: Parameters<typeof settleConflict>[2] = { acceptId, choice: "keep", write: null, before: null, setAside: [] };
    if (choice === "take") {
      const plan = takePlan(wc, clause, proposal);
      if (!plan) return { ok: false, error: "working.cannotTake", status: 409 };
      if (!(await keepsStructure(db, wc, clause, plan.text))) return { ok: false, error: "working.structure", status: 400 };
      const now = wc.textOf(clause);
      input = { acceptId, choice, write: { clauseId: clause.id, expectedRevision: now.revision, heading: now.heading, body: plan.text }, before: plan.before, setAside: plan.setAside };
    }
    const result = await settleConflict(db, scope, input, actor);
    if (result.ok) return { ok: true };
  }
  return { ok: false, error: "working.busy", status: 409 };
}

/** What "take this one instead" would make of the clause, and which accepts it sets aside; null if it cannot. */
function takePlan(wc: WorkingCopy, clause: ClauseRow, proposal: Proposal): { text: string; before: string; setAside: number[] } | null {
  const target = targetOf(wc, clause);
  const applied = appliedOn(wc, clause.id);
  const now = acceptInto(proposal, target, applied);
  if (now.state === "applied") return { text: now.text, before: now.before, setAside: [] };
  if (now.state === "notFound") return null;
  const rivals = applied.filter((a) => now.rivals.includes(a.id));
  const taken = takeInstead(proposal, target, rivals);
  return taken ? { ...taken, setAside: rivals.map((r) => r.id) } : null;
}

export type PublishResult =
  | { ok: true; versionId: number; number: number }
  | { ok: false; error: WorkingError | "working.stalePublish" | "working.nothingToPublish" | "working.publishConflicts"; status: 400 | 409; label?: string; citation?: string };

/**
 * "Công bố dự thảo mới": the working copy published as version N+1, with the base's text where
 * nothing changed, the links declared clause by clause and each accepted comment's new clause.
 * `expected` is what the drafter's page showed (its base and stamp): publishing is refused when the
 * newest published version is no longer that base or the working copy changed since (a second click,
 * a resubmitted form, another drafter), never retried onto something the drafter has not seen.
 */
export async function publishWorking(consultationId: number, expected: { baseVersionId: number; stamp: string }, actor: Actor): Promise<PublishResult> {
  const db = await getDb();
  const wc = await readWorkingCopy(db, consultationId);
  if (!wc) return { ok: false, error: "working.noBase", status: 400 };
  if (wc.base.id !== expected.baseVersionId || wc.stamp !== expected.stamp) return { ok: false, error: "working.stalePublish", status: 409 };
  // A conflict is a choice the drafter still owes (its comment is neither in the text nor set aside):
  // publishing over it would leave an accept pointing at a base that is no longer the newest.
  if (wc.accepts.some((a) => a.accept.state === "conflict")) return { ok: false, error: "working.publishConflicts", status: 409 };
  const changes = changesOf(wc);
  if (changes.size === 0) return { ok: false, error: "working.nothingToPublish", status: 400 };
  const source = await findVersionOutlineSource(db, wc.base.id);
  const corrections = readCorrections(source!.corrections);
  const next = buildNextText({ text: source!.text, language: wc.base.language === "ru" ? "ru" : "vi", corrections }, changes);
  if (!next.ok) {
    const c = wc.baseClauses.find((x) => x.label === next.label);
    return { ok: false, error: "working.structure", status: 400, label: next.label, citation: c?.citation ?? next.label };
  }
  const indexById = new Map(wc.baseClauses.map((c, i) => [c.id, i]));
  const links = wc.baseClauses.map((c, i) => {
    const n = next.clauses[i]!;
    return { oldId: c.id, newIndex: i, relation: n.heading === c.heading && n.body === c.body ? ("kept" as const) : ("changed" as const) };
  });
  // An accepted comment landed in its clause only if its words are still there (not edited away since).
  const landed = wc.accepts
    .filter((a) => {
      const clause = wc.byId.get(a.accept.clauseId);
      const proposal = proposalOf(a.proposal);
      if (a.accept.state !== "applied" || !clause || !proposal) return false;
      return undoIn({ id: a.accept.id, proposal, before: a.accept.before ?? "" }, wc.textOf(clause).body, clause.id) !== null;
    })
    .map((a) => ({ commentId: a.accept.commentId, newIndex: indexById.get(a.accept.clauseId)! }));
  const result = await publishWorkingCopy(
    db,
    { consultationId, baseVersionId: wc.base.id, userId: actor.actorUserId, now: Date.now() },
    {
      version: {
        consultationId,
        label: null,
        text: next.text,
        title: next.title,
        language: wc.base.language,
        frontMatter: next.frontMatter,
        backMatter: next.backMatter,
        clauses: next.clauses,
        corrections: next.corrections,
        source: { kind: "paste" },
        createdBy: actor.actorUserId,
      },
      links,
      landed,
      workingStamp: wc.stamp,
    },
    actor,
  );
  if (result.ok) return result;
  return { ok: false, error: "working.stalePublish", status: 409 };
}

/** For the page: what "take this one instead" would give (null when it cannot be taken by reading). */
export function previewTake(wc: WorkingCopy, clause: ClauseRow, proposal: Proposal): string | null {
  return takePlan(wc, clause, proposal)?.text ?? null;
}

/** For the page: the proposal as the comment made it, on the base clause's text (null if its words are not there). */
export function proposalOnBase(clause: ClauseRow, proposal: Proposal): string | null {
  return applyTo(proposal, clause.body, clause.id)?.text ?? null;
}

/** What a proposal says, for display: the quoted words and their replacement, or the whole wording. */
export type ProposalView = { kind: "phrase"; quote: string; suggestion: string } | { kind: "wording"; wording: string };

function viewOf(p: Proposal): ProposalView {
  return p.kind === "phrase" ? { kind: "phrase", quote: p.anchor.quote, suggestion: p.suggestion } : { kind: "wording", wording: p.wording };
}

/** The working copy page: every clause of the base (or only the changed ones), changes as word diffs, accepts with their comments. */
export async function workingCopyPage(consultationId: number, options: { onlyChanged: boolean }) {
  const db = await getDb();
  const wc = await readWorkingCopy(db, consultationId);
  if (!wc) return null;
  const acceptsByClause = new Map<number, WorkingCopy["accepts"]>();
  for (const a of wc.accepts) acceptsByClause.set(a.accept.clauseId, [...(acceptsByClause.get(a.accept.clauseId) ?? []), a]);
  const clausesOut = wc.baseClauses.map((c) => {
    const now = wc.textOf(c);
    const changed = now.heading !== c.heading || now.body !== c.body;
    const accepts = (acceptsByClause.get(c.id) ?? []).flatMap((a) => {
      const proposal = proposalOf(a.proposal);
      if (!proposal) return [];
      const preview = a.accept.state === "conflict" ? previewTake(wc, c, proposal) : null;
      return [
        {
          acceptId: a.accept.id,
          state: a.accept.state,
          commentId: a.proposal.commentId,
          agencyName: a.proposal.agencyName,
          text: a.proposal.text,
          proposal: viewOf(proposal),
          conflict:
            a.accept.state === "conflict"
              ? { current: wordDiff(c.body, now.body), thisOne: preview === null ? null : wordDiff(c.body, preview) }
              : null,
        },
      ];
    });
    return {
      id: c.id,
      label: c.label,
      ref: clauseRef(c),
      depth: c.depth,
      fixed: FIXED_KINDS.has(c.kind),
      heading: now.heading,
      body: now.body,
      revision: now.revision,
      changed,
      headingParts: changed && now.heading !== c.heading ? wordDiff(c.heading, now.heading) : null,
      bodyParts: changed && now.body !== c.body ? wordDiff(c.body, now.body) : null,
      accepts,
    };
  });
  const versionsNow = await listVersions(db, consultationId);
  const nextNumber = Math.max(0, ...versionsNow.map((v) => v.number)) + 1;
  return {
    base: { id: wc.base.id, label: wc.base.label, number: wc.base.number, language: wc.base.language },
    /** What the page shows is at: posted back with "publish" so nothing else is published. */
    stamp: wc.stamp,
    nextNumber,
    changedCount: clausesOut.filter((c) => c.changed).length,
    conflictCount: wc.accepts.filter((a) => a.accept.state === "conflict").length,
    clauses: options.onlyChanged ? clausesOut.filter((c) => c.changed || c.accepts.length > 0) : clausesOut,
  };
}

export type WorkingCopyPage = NonNullable<Awaited<ReturnType<typeof workingCopyPage>>>;

/**
 * The working copy as the next version's text would be; ok false (with the clause that does not read
 * back) when it cannot be built: never the base's text in its place.
 */
export async function workingCopyText(
  consultationId: number,
): Promise<({ language: "vi" | "ru"; baseLabel: string; nextNumber: number } & ({ ok: true; text: string } | { ok: false; citation: string })) | null> {
  const db = await getDb();
  const wc = await readWorkingCopy(db, consultationId);
  if (!wc) return null;
  const source = await findVersionOutlineSource(db, wc.base.id);
  const language: "vi" | "ru" = wc.base.language === "ru" ? "ru" : "vi";
  const next = buildNextText({ text: source!.text, language, corrections: readCorrections(source!.corrections) }, changesOf(wc));
  const versionsNow = await listVersions(db, consultationId);
  const common = { language, baseLabel: wc.base.label, nextNumber: Math.max(0, ...versionsNow.map((v) => v.number)) + 1 };
  if (!next.ok) return { ...common, ok: false, citation: wc.baseClauses.find((x) => x.label === next.label)?.citation ?? next.label };
  return { ...common, ok: true, text: next.text };
}
