/**
 * What the browser translates with (issue 15): the root loader sends messagesOf(lang) as JSON, and
 * useT translates with translatorFrom over it. It must be exactly the language's catalog, and give the
 * same text as the server's translate for every message, count messages included.
 */
import { describe, expect, it } from "vitest";
import { LANGUAGES, messagesOf, translate, translatorFrom, type MessageKey, type PluralKey } from "~/i18n";
import { en } from "~/i18n/messages/en";
import { ru } from "~/i18n/messages/ru";
import { vi } from "~/i18n/messages/vi";

const catalogs = { vi, en, ru };

describe("messagesOf", () => {
  it("is the language's own catalog, key for key", () => {
    for (const lang of LANGUAGES) expect(messagesOf(lang)).toEqual(catalogs[lang]);
  });

  it("sent as JSON, translates as the server does", () => {
    const keys = Object.keys(vi) as MessageKey[];
    const pluralKeys = keys.filter((k) => k.endsWith(".many")).map((k) => k.slice(0, -".many".length) as PluralKey);
    expect(pluralKeys.length).toBeGreaterThan(0);
    for (const lang of LANGUAGES) {
      const t = translatorFrom(lang, JSON.parse(JSON.stringify(messagesOf(lang))) as Record<string, string>);
      for (const key of keys) expect(t(key, { n: 3, name: "X" }), `${lang} ${key}`).toBe(translate(lang, key, { n: 3, name: "X" }));
      for (const key of pluralKeys) {
        for (const n of [0, 1, 2, 5, 21, 1498]) expect(t(key, { n }), `${lang} ${key} ${n}`).toBe(translate(lang, key, { n }));
      }
    }
    // Russian count messages really take three forms through the sent messages.
    const t = translatorFrom("ru", messagesOf("ru"));
    const [one, few, many] = [1, 3, 5].map((n) => t(pluralKeys[0]!, { n }));
    expect(new Set([one, few, many]).size).toBe(3);
  });

  it("an unknown key shows as it is", () => {
    expect(translatorFrom("en", {})("nav.home")).toBe("nav.home");
  });
});
