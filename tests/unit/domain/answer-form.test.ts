import { describe, expect, it } from "vitest";
import { answerComments, GENERAL, MAX_COMMENT_CHARS, nonEmpty, overLimitFields, readEntries, timeLeft } from "~/domain/answer-form";
import { SubmitSchema } from "~/domain/answer-form.server";

const clauses = new Set([12, 13]);

describe("readEntries", () => {
  it("pairs each clause's comment and proposed wording, the general box included", () => {
    const entries = readEntries(
      [["c:12", "Đề nghị bỏ."], ["p:12", "Điều 2. …"], ["c:general", "Thống nhất."], ["p:13", "Chỉ đề xuất"]],
      clauses,
    );
    expect(entries).toEqual([
      { clauseKey: "12", text: "Đề nghị bỏ.", proposedWording: "Điều 2. …" },
      { clauseKey: GENERAL, text: "Thống nhất.", proposedWording: "" },
      { clauseKey: "13", text: "", proposedWording: "Chỉ đề xuất" },
    ]);
  });

  it("ignores other fields, clauses of other versions and names that only look alike", () => {
    const entries = readEntries(
      [["csrf", "x"], ["signerName", "A"], ["c:99", "another version"], ["c:12x", "x"], ["x:12", "x"], ["c:", "x"], ["c:general2", "x"], ["C:12", "x"], ["c:12", "kept"]],
      clauses,
    );
    expect(entries).toEqual([{ clauseKey: "12", text: "kept", proposedWording: "" }]);
  });

  it("writes line ends as \\n and text in composed Unicode (NFC), as stored and compared", () => {
    const decomposed = "Nghị định".normalize("NFD"); // typed with combining marks, as some keyboards send it
    expect(decomposed).not.toBe("Nghị định");
    const [entry] = readEntries([["c:12", `Dòng 1\r\nDòng 2\rDòng 3\n${decomposed}`]], clauses);
    expect(entry!.text).toBe("Dòng 1\nDòng 2\nDòng 3\nNghị định");
    expect(entry!.text).toBe(entry!.text.normalize("NFC"));
  });

  it("a box posted twice keeps the last value; nothing is trimmed or cut", () => {
    const long = "x".repeat(MAX_COMMENT_CHARS + 5);
    const [entry] = readEntries([["c:12", "first"], ["c:12", `  ${long}  `]], clauses);
    expect(entry!.text).toBe(`  ${long}  `);
  });
});

describe("overLimitFields", () => {
  it("allows exactly the limit, names every box over it", () => {
    const at = "ă".repeat(MAX_COMMENT_CHARS);
    expect(overLimitFields([{ clauseKey: "12", text: at, proposedWording: at }])).toBeNull();
    expect(overLimitFields([{ clauseKey: "12", text: at + "a", proposedWording: "" }, { clauseKey: GENERAL, text: "", proposedWording: at + "a" }])).toEqual({
      "c:12": "body.commentOverLimit",
      "p:general": "body.commentOverLimit",
    });
  });
});

describe("answerComments", () => {
  const typed = [{ clauseKey: "12", text: "Ý kiến", proposedWording: "" }];
  const blank = [{ clauseKey: "12", text: "  \n ", proposedWording: "\t" }];

  it("comments need at least one box with something in it", () => {
    expect(answerComments("comments", typed)).toEqual({ ok: true, comments: typed });
    expect(answerComments("comments", blank)).toEqual({ ok: false, error: "invitee.noComments" });
    expect(answerComments("comments", [])).toEqual({ ok: false, error: "invitee.noComments" });
  });

  it("agreeing or declining with comments typed asks first instead of dropping them", () => {
    expect(answerComments("agree", typed)).toEqual({ ok: false, error: "invitee.agreeButComments" });
    expect(answerComments("decline", typed)).toEqual({ ok: false, error: "invitee.agreeButComments" });
    expect(answerComments("agree", blank)).toEqual({ ok: true, comments: [] });
    expect(answerComments("decline", [])).toEqual({ ok: true, comments: [] });
  });

  it("nonEmpty keeps a box with only a proposed wording", () => {
    expect(nonEmpty([...blank, { clauseKey: "13", text: "", proposedWording: "Sửa thành …" }]).map((e) => e.clauseKey)).toEqual(["13"]);
  });
});

describe("SubmitSchema", () => {
  const good = { answerKind: "comments", signerName: "  Nguyễn Văn Bình ", signerPosition: "Phó Giám đốc", requestKey: "abcdefghijklmnop_-12", baseRevision: "3" };
  it("trims the signer, coerces the revision", () => {
    expect(SubmitSchema.parse(good)).toEqual({ ...good, signerName: "Nguyễn Văn Bình", baseRevision: 3 });
  });
  it("refuses an unknown answer kind, an empty signer, a malformed key or a negative revision, with catalog keys", () => {
    const messages = (input: object) => {
      const r = SubmitSchema.safeParse({ ...good, ...input });
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(messages({ answerKind: "maybe" })).toEqual(["invitee.chooseAnswer"]);
    expect(messages({ signerName: "   " })).toEqual(["error.required"]);
    expect(messages({ signerPosition: "x".repeat(201) })).toEqual(["error.tooLong"]);
    expect(messages({ requestKey: "short" })).toEqual(["error.invalid"]);
    expect(messages({ requestKey: "has spaces in it, sixteen+" })).toEqual(["error.invalid"]);
    expect(messages({ baseRevision: "-1" })).toHaveLength(1);
    expect(messages({ baseRevision: "1.5" })).toHaveLength(1);
  });
});

describe("timeLeft", () => {
  const cutoff = Date.UTC(2023, 6, 5, 17, 0);
  it("whole days, hours and minutes, rounded down", () => {
    expect(timeLeft(cutoff, cutoff - (86_400_000 + 2 * 3_600_000 + 3 * 60_000))).toEqual({ days: 1, hours: 2, minutes: 3 });
    expect(timeLeft(cutoff, cutoff - 59_999)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(timeLeft(cutoff, cutoff - 60_000)).toEqual({ days: 0, hours: 0, minutes: 1 });
    expect(timeLeft(cutoff, cutoff - 86_400_000)).toEqual({ days: 1, hours: 0, minutes: 0 });
  });
  it("never negative after the cutoff", () => {
    expect(timeLeft(cutoff, cutoff)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(timeLeft(cutoff, cutoff + 86_400_000)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});
