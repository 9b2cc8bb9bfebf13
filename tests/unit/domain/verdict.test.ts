/** Verdicts (issue 16, part 4): what an answer's verdict is, how they are counted, what a form may send. */
import { describe, expect, it } from "vitest";
import type { AnswerEntry } from "~/domain/answer-form";
import { answerVerdict, countVerdicts, effectiveVerdict, readObjections } from "~/domain/verdict";

const entry = (clauseKey: string, text: string): AnswerEntry => ({ clauseKey, text, proposedWording: "" });

describe("effectiveVerdict", () => {
  it("keeps a stored verdict", () => {
    expect(effectiveVerdict("comments", "disagree")).toBe("disagree");
    expect(effectiveVerdict("agree", "agree")).toBe("agree");
  });
  it("reads answers given before verdicts by their kind: agree → agree, comments → agree with comments, decline → none", () => {
    expect(effectiveVerdict("agree", null)).toBe("agree");
    expect(effectiveVerdict("comments", null)).toBe("agree_with_comments");
    expect(effectiveVerdict("decline", null)).toBeNull();
    expect(effectiveVerdict(null, null)).toBeNull();
  });
});

describe("countVerdicts", () => {
  it("counts answers, older ones by their kind, grouped rows by their n", () => {
    expect(
      countVerdicts([
        { answerKind: "agree", verdict: null },
        { answerKind: "comments", verdict: null },
        { answerKind: "comments", verdict: "disagree", n: 2 },
        { answerKind: "comments", verdict: "agree_with_comments" },
        { answerKind: "decline", verdict: null },
        { answerKind: null, verdict: null },
      ]),
    ).toEqual({ agree: 1, agree_with_comments: 2, disagree: 2 });
  });
});

describe("readObjections", () => {
  it("takes the ticked boxes of known clauses only, once each", () => {
    const fields: [string, string][] = [["o:1", "1"], ["o:2", ""], ["o:3", "1"], ["o:99", "1"], ["o:general", "1"], ["o:1", "1"], ["c:1", "x"]];
    expect(readObjections(fields, new Set([1, 2, 3])).sort()).toEqual(["1", "3"]);
  });
});

describe("answerVerdict", () => {
  const entries = [entry("general", "Chung"), entry("1", "Không đồng ý vì…"), entry("2", "")];
  it("agree is agree, decline has none, and objections are dropped", () => {
    expect(answerVerdict("agree", "disagree", [], ["1"])).toEqual({ ok: true, verdict: "agree", objections: new Set() });
    expect(answerVerdict("decline", null, [], ["1"])).toEqual({ ok: true, verdict: null, objections: new Set() });
  });
  it("comments without a choice agree with comments (the form's default); objections then count for nothing", () => {
    expect(answerVerdict("comments", undefined, entries, ["1"])).toEqual({ ok: true, verdict: "agree_with_comments", objections: new Set() });
    expect(answerVerdict("comments", "", entries, [])).toMatchObject({ ok: true, verdict: "agree_with_comments" });
  });
  it("disagree keeps the objections on commented clauses", () => {
    expect(answerVerdict("comments", "disagree", entries, ["1"])).toEqual({ ok: true, verdict: "disagree", objections: new Set(["1"]) });
  });
  it("disagree without an objection is refused", () => {
    expect(answerVerdict("comments", "disagree", entries, [])).toEqual({ ok: false, errors: { verdict: "verdict.noObjection" } });
  });
  it("an objection on a clause without a comment asks for the reason there", () => {
    expect(answerVerdict("comments", "disagree", entries, ["1", "2"])).toEqual({ ok: false, errors: { "o:2": "verdict.objectionNeedsComment" } });
  });
  it("an unknown verdict is refused", () => {
    expect(answerVerdict("comments", "maybe", entries, [])).toEqual({ ok: false, errors: { verdict: "verdict.choose" } });
  });
});
