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

/** How long after the cutoff an answer whose sending began before it may still finish arriving. */
export const CUTOFF_GRACE_MS = 2 * 60_000;

/** When a posted answer began to arrive (its headers) and when its last byte did. */
export interface Arrival {
  startedAt: number;
  receivedAt: number;
}

/**
 * The window for a posted answer, decided on the instant its whole body was received, not when its
 * headers came: a slow upload is not "on time" because it began before the cutoff. One that began
 * before the cutoff and finished within the grace counts as on time (it is stored with its real arrival
 * time); one that finished later is judged at its arrival (closed, or late where late answers are allowed).
 */
export function arrivalWindow(input: AnswerWindowInput, arrival: Arrival, graceMs: number = CUTOFF_GRACE_MS): AnswerWindow {
  const atArrival = answerWindow(input, arrival.receivedAt);
  if (atArrival.canSubmit && !atArrival.late) return atArrival;
  const atStart = answerWindow(input, Math.min(arrival.startedAt, arrival.receivedAt));
  if (atStart.canSubmit && !atStart.late && arrival.receivedAt <= atStart.cutoffAt + graceMs) return atStart;
  return atArrival;
}
