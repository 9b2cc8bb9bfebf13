/**
 * The rules of suggestions on a phrase (issue 16): a quote must be the clause's words at its offset,
 * the keyboard path finds typed words (asking which occurrence when they repeat), selections lose
 * their edge spaces, the server's reader checks the JSON list and adds typed words, and the report
 * says the change readably.
 */
import { describe, expect, it } from "vitest";
import { commentText } from "~/domain/report/build-report";
import { readPhrases } from "~/domain/phrases/phrase-form.server";
import { canonicalPhrases, phraseProblem, resolveTyped, trimSelection } from "~/domain/phrases/phrases";
import type { Translate } from "~/i18n";

const BODY = "- Cơ quan chủ trì: Sở Thông tin và Truyền thông; Đài Phát thanh - Truyền hình tỉnh, Báo Sóc Trăng và các phương tiện thông tin đại chúng.";
const DAI = "Đài Phát thanh - Truyền hình";

describe("phrases", () => {
  it("a quote must be the clause's words at its offset", () => {
    const start = BODY.indexOf(DAI);
    expect(phraseProblem(BODY, { start, quote: DAI, replacement: "Đài Phát thanh và Truyền hình", reason: "" })).toBeNull();
    expect(phraseProblem(BODY, { start: start + 1, quote: DAI, replacement: "x", reason: "" })).toBe("phrase.badAnchor");
    expect(phraseProblem(BODY, { start: BODY.length, quote: "x", replacement: "", reason: "" })).toBe("phrase.badAnchor");
    expect(phraseProblem(BODY, { start: 3, quote: "", replacement: " ", reason: "" })).toBe("phrase.emptyInsertion");
    expect(phraseProblem(BODY, { start, quote: DAI, replacement: DAI, reason: "" })).toBe("phrase.unchanged");
    expect(phraseProblem(BODY, { start, quote: DAI, replacement: "", reason: "" })).toBeNull();
  });

  it("the keyboard path finds the typed words, and asks which occurrence when they repeat", () => {
    expect(resolveTyped(BODY, { words: ` ${DAI} `, occurrence: "", replacement: "Đài PT-TH", reason: " Lý do " })).toEqual({ ok: true, phrase: { start: BODY.indexOf(DAI), quote: DAI, replacement: "Đài PT-TH", reason: "Lý do" } });
    expect(resolveTyped(BODY, { words: "Đài Truyền hình", occurrence: "", replacement: "x", reason: "" })).toEqual({ ok: false, error: "phrase.wordsNotFound" });
    expect(resolveTyped(BODY, { words: "", occurrence: "", replacement: "x", reason: "" })).toEqual({ ok: false, error: "phrase.wordsRequired" });
    expect(resolveTyped(BODY, { words: "Truyền", occurrence: "", replacement: "x", reason: "" })).toEqual({ ok: false, error: "phrase.whichOccurrence" });
    expect(resolveTyped(BODY, { words: "Truyền", occurrence: "3", replacement: "x", reason: "" })).toEqual({ ok: false, error: "phrase.whichOccurrence" });
    const second = BODY.indexOf("Truyền", BODY.indexOf("Truyền") + 1);
    expect(resolveTyped(BODY, { words: "Truyền", occurrence: "2", replacement: "x", reason: "" })).toMatchObject({ ok: true, phrase: { start: second } });
  });

  it("a selection loses the spaces at its edges; spaces only become a point", () => {
    const start = BODY.indexOf(DAI);
    expect(trimSelection(BODY, start - 1, start + DAI.length + 1)).toEqual({ start, end: start + DAI.length });
    expect(trimSelection(BODY, start + DAI.length + 1, start - 1)).toEqual({ start, end: start + DAI.length });
    const space = BODY.indexOf(" ");
    expect(trimSelection(BODY, space, space + 1)).toEqual({ start: space + 1, end: space + 1 });
  });

  it("the server's reader checks each clause's list, adds typed words, and keeps everything for a refused form", () => {
    const bodies = new Map([[7, BODY]]);
    const ok = { clauseKey: "7", text: "", proposedWording: "", phrases: JSON.stringify([{ start: BODY.indexOf(DAI), quote: DAI, replacement: "Đài PT-TH", reason: "" }]) };
    const read = readPhrases([ok], [["phq:7", "Báo Sóc Trăng"], ["phn:7", ""], ["pho:7", ""], ["phr:7", "Tên báo"]], bodies);
    expect(read.errors).toEqual({});
    expect(read.byClause.get("7")!.map((p) => p.quote)).toEqual([DAI, "Báo Sóc Trăng"]);
    expect(JSON.parse(ok.phrases)).toHaveLength(2);
    expect(read.typed["phq:7"]).toBe("");
    const bad = { clauseKey: "7", text: "", proposedWording: "", phrases: '[{"start":0,"quote":"Cơ","replacement":"x"}]' };
    const refused = readPhrases([bad], [["phq:7", "không có"]], bodies);
    expect(refused.errors).toEqual({ "ph:7": "phrase.badAnchor", "phq:7": "phrase.wordsNotFound" });
    expect(refused.typed["phq:7"]).toBe("không có");
    expect(bad.phrases).toBe('[{"start":0,"quote":"Cơ","replacement":"x"}]');
    for (const junk of ["{", '"x"', '[{"start":1.5,"quote":"","replacement":"x"}]', JSON.stringify(Array.from({ length: 51 }, () => ({ start: 0, quote: "", replacement: "x" })))]) {
      expect(readPhrases([{ clauseKey: "7", text: "", proposedWording: "", phrases: junk }], [], bodies).errors["ph:7"]).toBe("phrase.badList");
    }
  });

  it("a sent list and a draft compare the same whatever their order and spacing", () => {
    const a = JSON.stringify([{ start: 5, quote: "b", replacement: "c ", reason: "" }, { start: 1, quote: "a", replacement: "x", reason: " r" }]);
    const b = JSON.stringify([{ start: 1, quote: "a", replacement: "x", reason: "r" }, { start: 5, quote: "b", replacement: "c", reason: "" }]);
    expect(canonicalPhrases(a)).toBe(canonicalPhrases(b));
  });

  it("the report says the change readably, then the reason", () => {
    const t = ((key: string, p: Record<string, string>) => `${key}(${p.old}|${p.new})`) as unknown as Translate;
    expect(commentText({ text: "Ý kiến", anchorQuote: null, suggestion: null }, t)).toBe("Ý kiến");
    expect(commentText({ text: "Đúng tên", anchorQuote: DAI, suggestion: "Đài PT-TH" }, t)).toBe(`phrase.describe.replace(${DAI}|Đài PT-TH). Đúng tên`);
    expect(commentText({ text: "", anchorQuote: DAI, suggestion: "" }, t)).toBe(`phrase.describe.delete(${DAI}|)`);
    expect(commentText({ text: "", anchorQuote: "", suggestion: " tỉnh" }, t)).toBe("phrase.describe.insert(| tỉnh)");
  });
});
