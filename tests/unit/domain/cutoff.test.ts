import { describe, expect, it } from "vitest";
import { answerWindow, arrivalWindow, effectiveCutoff, type AnswerWindowInput } from "~/domain/cutoff";
import { zonedLocalToInstant } from "~/domain/zoned-time";

// 17:00 on 6 July 2023 in Hanoi (UTC+7, no daylight saving) = 10:00 UTC.
const CUTOFF = Date.UTC(2023, 6, 6, 10, 0);
const open: AnswerWindowInput = { status: "open", cutoffAt: CUTOFF, cutoffOverrideAt: null, lateAllowed: false, revokedAt: null };

describe("effectiveCutoff", () => {
  it("is the common cutoff without an extension", () => {
    expect(effectiveCutoff(open)).toBe(CUTOFF);
  });
  it("an extension only lengthens an agency's time, never shortens it", () => {
    expect(effectiveCutoff({ cutoffAt: CUTOFF, cutoffOverrideAt: CUTOFF + 86_400_000 })).toBe(CUTOFF + 86_400_000);
    expect(effectiveCutoff({ cutoffAt: CUTOFF, cutoffOverrideAt: CUTOFF - 86_400_000 })).toBe(CUTOFF);
  });
});

describe("answerWindow", () => {
  it("the cutoff typed as 17:00 in Hanoi is the instant the window shuts", () => {
    expect(zonedLocalToInstant("2023-07-06T17:00", "Asia/Ho_Chi_Minh")).toBe(CUTOFF);
  });

  it("is open up to the last millisecond before the cutoff and shut exactly at it", () => {
    expect(answerWindow(open, CUTOFF - 1)).toEqual({ canSubmit: true, late: false, cutoffAt: CUTOFF });
    expect(answerWindow(open, CUTOFF)).toEqual({ canSubmit: false, reason: "closed", cutoffAt: CUTOFF });
    expect(answerWindow(open, CUTOFF + 1)).toMatchObject({ canSubmit: false, reason: "closed" });
  });

  it("accepts late answers, marked late, from the cutoff on when the drafter allows them", () => {
    const late = { ...open, lateAllowed: true };
    expect(answerWindow(late, CUTOFF - 1)).toMatchObject({ canSubmit: true, late: false });
    expect(answerWindow(late, CUTOFF)).toMatchObject({ canSubmit: true, late: true });
    expect(answerWindow(late, CUTOFF + 30 * 86_400_000)).toMatchObject({ canSubmit: true, late: true });
  });

  it("an extension moves this agency's boundary, exactly", () => {
    const extended = { ...open, cutoffOverrideAt: CUTOFF + 3_600_000 };
    expect(answerWindow(extended, CUTOFF + 3_599_999)).toEqual({ canSubmit: true, late: false, cutoffAt: CUTOFF + 3_600_000 });
    expect(answerWindow(extended, CUTOFF + 3_600_000)).toMatchObject({ canSubmit: false, reason: "closed", cutoffAt: CUTOFF + 3_600_000 });
  });

  it("a consultation closed by hand takes no more on-time answers, before its cutoff too; late ones if allowed", () => {
    expect(answerWindow({ ...open, status: "closed" }, CUTOFF - 86_400_000)).toMatchObject({ canSubmit: false, reason: "closed" });
    expect(answerWindow({ ...open, status: "closed", lateAllowed: true }, CUTOFF - 86_400_000)).toMatchObject({ canSubmit: true, late: true });
  });

  it("a revoked link, a consultation not yet open or finished: never, whatever else is allowed", () => {
    const generous = { ...open, lateAllowed: true, cutoffOverrideAt: CUTOFF + 86_400_000 };
    expect(answerWindow({ ...generous, revokedAt: CUTOFF - 10 }, CUTOFF - 5)).toMatchObject({ canSubmit: false, reason: "revoked" });
    expect(answerWindow({ ...generous, status: "preparing" }, CUTOFF - 5)).toMatchObject({ canSubmit: false, reason: "notOpen" });
    expect(answerWindow({ ...generous, status: "finished" }, CUTOFF - 5)).toMatchObject({ canSubmit: false, reason: "finished" });
    // Revocation wins over the status.
    expect(answerWindow({ ...generous, status: "preparing", revokedAt: 1 }, CUTOFF - 5)).toMatchObject({ reason: "revoked" });
  });
});

describe("arrivalWindow at its boundaries", () => {
  it("the last byte exactly at cutoff + grace is still on time, one millisecond later is not", () => {
    const grace = 120_000;
    expect(arrivalWindow(open, { startedAt: CUTOFF - 1, receivedAt: CUTOFF + grace }, grace)).toMatchObject({ canSubmit: true, late: false });
    expect(arrivalWindow(open, { startedAt: CUTOFF - 1, receivedAt: CUTOFF + grace + 1 }, grace)).toMatchObject({ canSubmit: false, reason: "closed" });
    // Begun exactly at the cutoff: not before it, so no grace.
    expect(arrivalWindow(open, { startedAt: CUTOFF, receivedAt: CUTOFF }, grace)).toMatchObject({ canSubmit: false });
  });
});
