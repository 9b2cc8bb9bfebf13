/**
 * The message catalogs agree with the Vietnamese one (issue 15): the same keys in every language, the
 * same {parameters} in every message, and a Russian catalog that is really Russian (not English copied
 * over, no English phrases left inside).
 */
import { describe, expect, it } from "vitest";
import { vi } from "~/i18n/messages/vi";
import { en } from "~/i18n/messages/en";
import { ru } from "~/i18n/messages/ru";

type Catalog = Readonly<Record<string, string>>;
const reference: Catalog = vi;
const others: Record<"en" | "ru", Catalog> = { en, ru };

/** The {name} placeholders of a message, as translate() in app/i18n/index.ts replaces them. */
function params(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

/** The message with its {parameters} taken out. */
function withoutParams(message: string): string {
  return message.replace(/\{\w+\}/g, " ");
}

/**
 * The parameters a translation must use: those of the Vietnamese message, except that an English
 * singular form ("….one": "1 agency has answered") may spell the count out instead of using {n}. Russian
 * may not: its "one" category also covers 21, 31, 101….
 */
function expectedParams(lang: string, key: string): string[] {
  const wanted = params(reference[key]);
  return lang === "en" && key.endsWith(".one") ? wanted.filter((name) => name !== "n") : wanted;
}

/**
 * Russian messages that may equal the English ones: names and codes that read the same in every
 * language. Anything with no letters outside its {parameters} ("{answered}/{invited}") is also allowed.
 */
const SAME_AS_ENGLISH_ALLOWED = new Set(["Góp ý"]);

/**
 * Latin-letter words a Russian message may contain next to each other: product names, file types,
 * protocols and the codes of Vietnamese official documents (NĐ-CP, BC, UBND, TM., KT., …), which are
 * printed as they are.
 */
const LATIN_ALLOWED = new Set(
  [
    "Góp", "ý", "docx", "txt", "md", "csv", "xlsx", "pdf", "CSV", "PDF", "QR", "SMTP", "UTF", "Word",
    "Excel", "URL", "HTML", "BC", "SNV", "VP", "VX", "CP", "UBND", "TM", "KT", "Q", "TL", "TUQ", "PP",
    "VT", "P", "N", "example", "gov", "vn", "com", "mailto",
  ].map((w) => w.toLowerCase()),
);

/** Runs of two or more ASCII-letter words (separated by spaces only) not in the allow-list. */
function latinPhrases(message: string): string[] {
  const found: string[] = [];
  // A "word" is a run of ASCII letters not glued to other letters (so Vietnamese "Sóc" or "Trăng" is not
  // split into ASCII pieces) and not part of an e-mail address or a file name.
  const words = /(?<![\p{L}\p{N}@._-])[A-Za-z]+(?![\p{L}\p{N}@_-])/gu;
  let run: string[] = [];
  let lastEnd = -1;
  for (const m of withoutParams(message).matchAll(words)) {
    const start = m.index ?? 0;
    const allowed = LATIN_ALLOWED.has(m[0].toLowerCase());
    const adjacent = lastEnd >= 0 && /^\s+$/.test(withoutParams(message).slice(lastEnd, start));
    if (!adjacent || allowed) {
      if (run.length >= 2) found.push(run.join(" "));
      run = [];
    }
    if (!allowed) run.push(m[0]);
    lastEnd = start + m[0].length;
  }
  if (run.length >= 2) found.push(run.join(" "));
  return found;
}

describe("message catalogs", () => {
  it("the Vietnamese catalog holds plain strings", () => {
    for (const [key, value] of Object.entries(reference)) {
      expect(typeof value, key).toBe("string");
      expect(value.trim(), key).not.toBe("");
    }
  });

  for (const [lang, catalog] of Object.entries(others)) {
    describe(lang, () => {
      it("has every key of the Vietnamese catalog", () => {
        const missing = Object.keys(reference).filter((key) => !Object.hasOwn(catalog, key));
        expect(missing, `${lang} lacks ${missing.length} of ${Object.keys(reference).length} keys`).toEqual([]);
      });

      it("has no key the Vietnamese catalog lacks", () => {
        const stray = Object.keys(catalog).filter((key) => !Object.hasOwn(reference, key));
        expect(stray).toEqual([]);
      });

      it("has no empty message", () => {
        const empty = Object.entries(catalog).filter(([, value]) => typeof value !== "string" || value.trim() === "");
        expect(empty.map(([key]) => key)).toEqual([]);
      });

      it("uses the same {parameters} as the Vietnamese message", () => {
        const differing = Object.entries(catalog)
          .filter(([key]) => Object.hasOwn(reference, key))
          .filter(([key, value]) => params(value).join(",") !== expectedParams(lang, key).join(","))
          .map(([key, value]) => `${key}: vi {${params(reference[key]).join(", ")}} ${lang} {${params(value).join(", ")}}`);
        expect(differing).toEqual([]);
      });
    });
  }

  describe("ru", () => {
    it("does not copy the English message", () => {
      const copied = Object.entries(ru)
        .filter(([key, value]) => value === en[key as keyof typeof en])
        .filter(([, value]) => !SAME_AS_ENGLISH_ALLOWED.has(value))
        .filter(([, value]) => /\p{L}/u.test(withoutParams(value)))
        .map(([key, value]) => `${key}: ${value}`);
      expect(copied).toEqual([]);
    });

    it("has no English phrases inside Russian messages", () => {
      const latin = Object.entries(ru)
        .map(([key, value]) => [key, latinPhrases(value)] as const)
        .filter(([, phrases]) => phrases.length > 0)
        .map(([key, phrases]) => `${key}: ${phrases.join(" | ")}`);
      expect(latin).toEqual([]);
    });
  });

  it("the Latin-phrase check catches English left in a Russian message", () => {
    expect(latinPhrases("Не удалось: the file is too large")).toEqual(["the file is too large"]);
    expect(latinPhrases("Файл .docx или PDF, не более 10 МБ")).toEqual([]);
    expect(latinPhrases("Например: SNV (№ …/BC-SNV), UBND TỈNH SÓC TRĂNG")).toEqual([]);
    expect(latinPhrases("Ссылка {agency link} для {name}")).toEqual(["agency link"]);
    expect(latinPhrases("Письмо для {name}")).toEqual([]);
  });
});
