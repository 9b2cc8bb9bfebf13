/**
 * The drafter's corrections to how a draft was split into clauses, before it is published. The
 * clauses of a version are always `parseDocument(text, { corrections })`: a correction is appended
 * to the stored list (or the last one dropped, or all of them), the text re-parsed and the whole
 * outline stored again, with the version's links to its predecessor recomputed in the same write.
 */
import { z } from "zod";
import { getDb } from "#db/client.server";
import type { AuditEntry } from "#db/queries/audit";
import { predecessorVersion } from "#db/queries/lineage";
import { findVersionOutlineSource, listClauses, replaceVersionOutline, type VersionActor } from "#db/queries/versions";
import { correctionSchema, readCorrections, type OutlineCorrection } from "~/domain/clauses/corrections";
import { inDraftWorker } from "./draft-pool.server";
import { lineageFrom } from "./lineage.server";
import type { CorrectionStep, OutlineFix } from "./outline-correction";
import type { MessageKey } from "~/i18n";

export type { CorrectionStep, OutlineFix, OutlineFixClause } from "./outline-correction";

const paraField = z.string().regex(/^\d{1,9}$/).transform(Number);

/** The posted step: fields op, para (and delta for level), or the same packed in one button's value. */
const stepFormSchema = z.union([
  z.object({ op: z.enum(["undo", "reset"]) }).transform((f) => f.op),
  z
    .object({ op: z.literal("level"), para: paraField, delta: z.enum(["-1", "1"]).transform(Number) })
    .pipe(correctionSchema),
  z.object({ op: z.enum(["matter", "commentable", "join", "split"]), para: paraField }).pipe(correctionSchema),
]);

/**
 * Reads the step from a posted form: `op`, `para`, `delta` fields, or a `fix` button value packing
 * them ("join:12", "level:12:-1", "undo"), so one form can hold every button of a long outline.
 * Null if it is not a valid step.
 */
export function readCorrectionForm(form: FormData): CorrectionStep | null {
  const fix = form.get("fix");
  let raw: Record<string, unknown>;
  if (typeof fix === "string") {
    if (fix.length > 40) return null;
    const [op, para, delta] = fix.split(":");
    raw = { op, para, delta };
  } else {
    raw = { op: form.get("op") ?? undefined, para: form.get("para") ?? undefined, delta: form.get("delta") ?? undefined };
  }
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  const parsed = stepFormSchema.safeParse(raw);
  return parsed.success ? (parsed.data as CorrectionStep) : null;
}

export type CorrectionResult =
  | { ok: true; corrections: OutlineCorrection[]; clauseCount: number }
  | {
      ok: false;
      /**
       * missing: no such version; published: a published version never changes; notApplicable: the
       * paragraph is not where the correction needs it (e.g. "split" on a clause's first line);
       * unchanged: the outline would stay the same (nothing to undo, level out of a top clause…);
       * tooMany: the list is full; conflict: other corrections kept landing in between.
       */
      reason: "missing" | "published" | "notApplicable" | "unchanged" | "tooMany" | "conflict";
    };

/**
 * Applies one step to an unpublished version: a new correction, "undo" (drop the last one) or
 * "reset" (drop them all, back to the parser's own outline), and stores the re-parsed outline with
 * its links to the previous published version and, given who did it, the "version.outline_corrected"
 * event, in one transaction.
 */
export async function applyCorrection(versionId: number, step: CorrectionStep, actor: VersionActor | null = null): Promise<CorrectionResult> {
  const db = await getDb();
  // A write based on corrections (or a predecessor) that changed in between (another tab, another
  // process) is refused by the store and simply redone from the new list.
  for (let attempt = 0; attempt < 3; attempt++) {
    const source = await findVersionOutlineSource(db, versionId);
    if (!source) return { ok: false, reason: "missing" };
    if (source.publishedAt !== null) return { ok: false, reason: "published" };
    const current = readCorrections(source.corrections);
    // Two or three parses of the whole text: on the draft worker, never on the thread serving requests.
    const tried = await inDraftWorker("correctOutline", { text: source.text, current, step });
    if (!tried.ok) return tried;
    const { next, outline } = tried;
    const previous = await predecessorVersion(db, source.consultationId, source.number);
    const audit: AuditEntry | null = actor && {
      ...actor,
      action: "version.outline_corrected",
      subjectType: "version",
      subjectId: versionId,
      details: { consultationId: source.consultationId, step, corrections: next.length, clauseCount: outline.clauses.length },
    };
    const result = await replaceVersionOutline(db, versionId, {
      ...outline,
      corrections: JSON.stringify(next),
      expectedCorrections: source.corrections,
      lineage: previous ? await lineageFrom(db, previous.id, outline.clauses) : null,
      audit,
    });
    if (result === "stale") continue;
    if (result !== "ok") return { ok: false, reason: result };
    return { ok: true, corrections: next, clauseCount: outline.clauses.length };
  }
  return { ok: false, reason: "conflict" };
}

/** The outline of an unpublished version for its correction mode, re-parsed with its corrections (on the draft worker). */
export async function outlineForCorrection(versionId: number): Promise<OutlineFix | null> {
  const db = await getDb();
  const source = await findVersionOutlineSource(db, versionId);
  if (!source || source.publishedAt !== null) return null;
  const corrections = readCorrections(source.corrections);
  const [fix, rows] = await Promise.all([inDraftWorker("outlineFix", { text: source.text, corrections }), listClauses(db, versionId)]);
  const idByLabel = new Map(rows.map((r) => [r.label, r.id]));
  const clauses = fix.clauses.map((c) => ({ ...c, id: idByLabel.get(c.label) ?? null }));
  const stored = rows.map((r) => `${r.label}\u0000${r.heading}\u0000${r.body}\u0000${r.depth}`).join("\u0001");
  const parsed = clauses.map((c) => `${c.label}\u0000${c.heading}\u0000${c.body.map((l) => l.text).join("\n")}\u0000${c.depth}`).join("\u0001");
  return { corrections: corrections.length, clauses, frontMatter: fix.frontMatter, backMatter: fix.backMatter, stale: stored !== parsed };
}

export type CorrectionOutcome =
  | { ok: true; step: CorrectionStep; corrections: number; clauseCount: number }
  | { ok: false; status: 400 | 404 | 409; error: MessageKey };

const refusal: Record<Exclude<CorrectionResult, { ok: true }>["reason"], { status: 400 | 404 | 409; error: MessageKey }> = {
  missing: { status: 404, error: "error.notFound" },
  published: { status: 409, error: "outlineFix.published" },
  conflict: { status: 409, error: "outlineFix.conflict" },
  notApplicable: { status: 400, error: "outlineFix.notApplicable" },
  unchanged: { status: 400, error: "outlineFix.unchanged" },
  tooMany: { status: 400, error: "outlineFix.tooMany" },
};

/**
 * The review page's "correct" intent: read the posted step, apply it (recording it as done by
 * `actor` with the change), say how it went.
 */
export async function correctOutlineFromForm(versionId: number, form: FormData, actor: VersionActor): Promise<CorrectionOutcome> {
  const source = await findVersionOutlineSource(await getDb(), versionId);
  if (source && source.publishedAt !== null) return { ok: false, ...refusal.published };
  const step = readCorrectionForm(form);
  if (!step) return { ok: false, status: 400, error: "outlineFix.invalid" };
  const result = await applyCorrection(versionId, step, actor);
  if (!result.ok) return { ok: false, ...refusal[result.reason] };
  return { ok: true, step, corrections: result.corrections.length, clauseCount: result.clauseCount };
}
