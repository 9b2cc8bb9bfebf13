/**
 * Count messages through Intl.PluralRules (issue 15): Russian one/few/many, English one/other,
 * Vietnamese a single form; every count message has all four CLDR forms in every catalog; counts are
 * printed in the language's notation.
 */
import { describe, expect, it } from "vitest";
import { formatNumber, isPluralKey, pluralCategory, PLURAL_CATEGORIES, translate, type PluralKey } from "~/i18n";
import { vi } from "~/i18n/messages/vi";
import { en } from "~/i18n/messages/en";
import { ru } from "~/i18n/messages/ru";

const NBSP = "\u00a0";

describe("plural categories", () => {
  it("Russian: one for 1 and 21, few for 2 and 22, many for 5, 25 and 111", () => {
    const cases: [number, string][] = [[1, "one"], [2, "few"], [5, "many"], [21, "one"], [22, "few"], [25, "many"], [111, "many"], [0, "many"], [11, "many"], [12, "many"], [104, "few"]];
    for (const [n, category] of cases) expect(pluralCategory("ru", n), String(n)).toBe(category);
  });
  it("English: one for 1, other for 2 and 0", () => {
    expect(pluralCategory("en", 1)).toBe("one");
    expect(pluralCategory("en", 2)).toBe("other");
    expect(pluralCategory("en", 0)).toBe("other");
  });
  it("Vietnamese has no plural forms", () => {
    for (const n of [0, 1, 2, 5, 21]) expect(pluralCategory("vi", n)).toBe("other");
  });
});

describe("count messages", () => {
  const ruComments: [number, string][] = [
    [1, "1 замечание"], [2, "2 замечания"], [5, "5 замечаний"], [21, "21 замечание"], [22, "22 замечания"], [25, "25 замечаний"], [111, "111 замечаний"],
  ];
  for (const [n, text] of ruComments) {
    it(`ru: ${text}`, () => expect(translate("ru", "outline.comments", { n })).toBe(text));
  }

  it("ru: the verb and the noun agree with the count", () => {
    expect(translate("ru", "board.invited", { n: 1 })).toBe("Создано 1 приглашение.");
    expect(translate("ru", "board.invited", { n: 2 })).toBe("Создано 2 приглашения.");
    expect(translate("ru", "board.invited", { n: 5 })).toBe("Создано 5 приглашений.");
    expect(translate("ru", "board.invited", { n: 21 })).toBe("Создано 21 приглашение.");
    expect(translate("ru", "invitee.timeLeft", { n: 1, hours: 2, minutes: 3 })).toBe("остался 1 день 2 ч 3 мин");
    expect(translate("ru", "invitee.timeLeft", { n: 22, hours: 0, minutes: 5 })).toBe("осталось 22 дня 0 ч 5 мин");
    expect(translate("ru", "invitee.timeLeft", { n: 1498, hours: 0, minutes: 5 })).toBe(`осталось 1${NBSP}498 дней 0 ч 5 мин`);
    expect(translate("ru", "reportDoc.silent", { n: 111, names: "А" })).toBe("Не ответили 111 организаций: А.");
  });

  it("en: singular for 1, plural for 2", () => {
    expect(translate("en", "outline.commentsTitle", { n: 1 })).toBe("See the 1 comment on this clause");
    expect(translate("en", "outline.commentsTitle", { n: 2 })).toBe("See the 2 comments on this clause");
    expect(translate("en", "board.invited", { n: 1 })).toBe("1 invitation created.");
    expect(translate("en", "board.invited", { n: 2 })).toBe("2 invitations created.");
    expect(translate("en", "reportDoc.silent", { n: 1, names: "A" })).toBe("1 agency has not answered: A.");
    expect(translate("en", "reportDoc.silent", { n: 2, names: "A, B" })).toBe("2 agencies have not answered: A, B.");
    expect(translate("en", "invitee.timeLeft", { n: 1498, hours: 1, minutes: 2 })).toBe("1,498 days 1 h 2 min left");
  });

  it("vi: one form whatever the count", () => {
    expect(translate("vi", "board.invited", { n: 1 })).toBe("Đã tạo 1 lời mời.");
    expect(translate("vi", "board.invited", { n: 2 })).toBe("Đã tạo 2 lời mời.");
    expect(translate("vi", "invitee.timeLeft", { n: 1498, hours: 1, minutes: 2 })).toBe("còn 1.498 ngày 1 giờ 2 phút");
  });

  it("a count given as a string still picks the form, printed as given", () => {
    expect(translate("en", "outline.comments", { n: "1" })).toBe("1 comment");
  });

  it("a plain key is not a count message", () => {
    expect(isPluralKey("outline.comments")).toBe(true);
    expect(isPluralKey("outline.comments.one")).toBe(false);
    expect(isPluralKey("common.save")).toBe(false);
    expect(isPluralKey("kind.other")).toBe(false);
  });
});

describe("the catalogs' count messages", () => {
  const bases = Object.keys(vi).filter((k) => k.endsWith(".many")).map((k) => k.slice(0, -".many".length) as PluralKey);

  it("exist, and each has all four forms in every catalog", () => {
    expect(bases.length).toBeGreaterThan(20);
    for (const catalog of [vi, en, ru] as Record<string, string>[]) {
      for (const base of bases) for (const c of PLURAL_CATEGORIES) expect(catalog[`${base}.${c}`], `${base}.${c}`).toBeTypeOf("string");
    }
  });

  it("Russian spells 21 like 1, 22 like 2 and 25 like 5 and 111", () => {
    const digitsOut = (b: PluralKey, n: number) => translate("ru", b, { n, shown: 0, hours: 0, minutes: 0 }).replace(/\d+/g, "#");
    for (const b of bases) {
      expect(digitsOut(b, 21), b).toBe(digitsOut(b, 1));
      expect(digitsOut(b, 22), b).toBe(digitsOut(b, 2));
      expect(digitsOut(b, 25), b).toBe(digitsOut(b, 5));
      expect(digitsOut(b, 111), b).toBe(digitsOut(b, 5));
    }
    // Messages written as "label: {n}" or "label — {n}" need no agreement; all others have a singular.
    const agreeing = bases.filter((b) => digitsOut(b, 1) !== digitsOut(b, 5));
    expect(agreeing.length).toBeGreaterThan(20);
  });

  it("Vietnamese repeats one form (the language has no plural)", () => {
    for (const base of bases) {
      const forms = new Set(PLURAL_CATEGORIES.map((c) => vi[`${base}.${c}` as keyof typeof vi]));
      expect(forms.size, base).toBe(1);
    }
  });

  it("English uses its .one form for 1 only and the same plural for few, many and other", () => {
    for (const base of bases) {
      const e = en as Record<string, string>;
      expect(e[`${base}.few`], base).toBe(e[`${base}.other`]);
      expect(e[`${base}.many`], base).toBe(e[`${base}.other`]);
    }
  });
});

describe("numbers", () => {
  it("are grouped per language", () => {
    expect(formatNumber("vi", 1498)).toBe("1.498");
    expect(formatNumber("en", 1498)).toBe("1,498");
    expect(formatNumber("ru", 1498)).toBe(`1${NBSP}498`);
  });
});
