/**
 * The one place that decides whether an invited agency may submit at a given instant.
 * Instants are UTC milliseconds; the consultation's time zone only matters for display.
 */
export interface AnswerWindowInput {
  status: "preparing" | "open" | "closed" | "finished";
  cutoffAt: number;
  cutoffOverrideAt: number | null;
  lateAllowed: boolean;
  revokedAt: number | null;
}

export type AnswerWindow =
  | { canSubmit: true; late: boolean; cutoffAt: number }
  | { canSubmit: false; reason: "revoked" | "notOpen" | "closed" | "finished"; cutoffAt: number };

export function effectiveCutoff(input: Pick<AnswerWindowInput, "cutoffAt" | "cutoffOverrideAt">): number {
  // An extension for one agency can only lengthen its time, never shorten the common cutoff.
  return Math.max(input.cutoffAt, input.cutoffOverrideAt ?? 0);
}

export function answerWindow(input: AnswerWindowInput, now: number): AnswerWindow {
  const cutoffAt = effectiveCutoff(input);
  if (input.revokedAt !== null) return { canSubmit: false, reason: "revoked", cutoffAt };
  if (input.status === "preparing") return { canSubmit: false, reason: "notOpen", cutoffAt };
  if (input.status === "finished") return { canSubmit: false, reason: "finished", cutoffAt };
  const beforeCutoff = now < cutoffAt && input.status === "open";
  if (beforeCutoff) return { canSubmit: true, late: false, cutoffAt };
  if (input.lateAllowed) return { canSubmit: true, late: true, cutoffAt };
  return { canSubmit: false, reason: "closed", cutoffAt };
}
