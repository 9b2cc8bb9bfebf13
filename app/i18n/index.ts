/**
 * The message catalogs. Vietnamese is the source: every key exists there; English and Russian have
 * exactly the same keys (tests/unit/i18n/catalogs.test.ts); a message missing from a catalog falls back
 * to English, then Vietnamese.
 *
 * Count messages ("{n} comments") have one entry per CLDR plural category: "key.one", "key.few",
 * "key.many" and "key.other", in every catalog (so the key sets stay identical). Call them by the bare
 * key with the count as `n` — `t("board.invited", { n: 21 })` — and `Intl.PluralRules` of the language
 * picks the form: Vietnamese has only "other", English "one" and "other", Russian "one" (1, 21, 101…),
 * "few" (2–4, 22–24…), "many" (5–20, 25–30, 111…) and "other" (fractions). Forms a language never uses
 * repeat its "other" form. A numeric `n` is printed with the language's digit grouping (1.498, 1,498,
 * 1 498).
 */
import { vi, type MessageKey } from "./messages/vi";
import { en } from "./messages/en";
import { ru } from "./messages/ru";

export type { MessageKey };
export const LANGUAGES = ["vi", "en", "ru"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = "vi";

/** BCP 47 locale used for dates and numbers in each interface language. */
export const LOCALES: Record<Lang, string> = { vi: "vi-VN", en: "en-GB", ru: "ru-RU" };

const catalogs: Record<Lang, Partial<Record<string, string>>> = { vi, en, ru };

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The CLDR plural categories a count message spells out, in every catalog. */
export const PLURAL_CATEGORIES = ["one", "few", "many", "other"] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];

/** The bare key of a count message: "board.invited" for "board.invited.one" … "board.invited.other". */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.many` ? Base : never) : never;
/** What `t` accepts: a plain message's key, or a count message's bare key (with `n` in the params). */
export type TranslationKey = MessageKey | PluralKey;

export type Params = Record<string, string | number>;
export type Translate = (key: TranslationKey, params?: Params) => string;

const pluralRules = new Map<Lang, Intl.PluralRules>();
const numberFormats = new Map<Lang, Intl.NumberFormat>();

/** The CLDR category of the count `n` in `lang` ("one", "few", "many" or "other"). */
export function pluralCategory(lang: Lang, n: number): PluralCategory {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(LOCALES[lang])));
  const category = rules.select(n);
  return (PLURAL_CATEGORIES as readonly string[]).includes(category) ? (category as PluralCategory) : "other";
}

/** A number in the language's notation: 1.498 (vi), 1,498 (en), 1 498 (ru). */
export function formatNumber(lang: Lang, n: number): string {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(LOCALES[lang])));
  return format.format(n);
}

/** Whether `key` names a count message (its forms are "key.one" … "key.other"). */
export function isPluralKey(key: string): key is PluralKey {
  return !Object.hasOwn(vi, key) && Object.hasOwn(vi, `${key}.many`);
}

/**
 * One language's messages with its gaps filled from English, then Vietnamese. The root loader sends the
 * page's language's to the browser (app/root.tsx, read by useT in ./use-t.ts), so no catalog is ever
 * in the browser's scripts: code that runs in the browser (components, `meta`) translates with
 * translatorFrom and those messages, never with translate, translator, isPluralKey or isMessageKey,
 * which read the catalogs (tests/browser/14-bundle.test.ts fails when a page's scripts hold one).
 */
export type Messages = Readonly<Record<string, string>>;

const resolved = new Map<Lang, Messages>();

/** The messages of `lang`, fallbacks applied (server side: it reads the catalogs). */
export function messagesOf(lang: Lang): Messages {
  let messages = resolved.get(lang);
  if (!messages) resolved.set(lang, (messages = Object.freeze({ ...catalogs.vi, ...catalogs.en, ...catalogs[lang] }) as Messages));
  return messages;
}

/** The template for `key` among `messages`; for a count message, the form the count `n` takes in `lang`. */
function template(lang: Lang, messages: Messages, key: string, n: number): string | undefined {
  if (Object.hasOwn(messages, key)) return messages[key];
  if (!Object.hasOwn(messages, `${key}.many`)) return undefined;
  return messages[`${key}.${pluralCategory(lang, n)}`] ?? messages[`${key}.other`];
}

/** `key` in `lang`, read from `messages` (in the browser: the root loader's, see messagesOf). */
export function translateFrom(lang: Lang, messages: Messages, key: TranslationKey, params?: Params): string {
  const count = params?.n === undefined ? NaN : Number(params.n);
  const message = template(lang, messages, key, Number.isFinite(count) ? count : 0) ?? key;
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return name === "n" && typeof value === "number" ? formatNumber(lang, value) : String(value);
  });
}

export function translate(lang: Lang, key: TranslationKey, params?: Params): string {
  return translateFrom(lang, messagesOf(lang), key, params);
}

/** A `t` over the given messages: what the browser's code uses (see Messages). */
export function translatorFrom(lang: Lang, messages: Messages): Translate {
  return (key, params) => translateFrom(lang, messages, key, params);
}

export function translator(lang: Lang): Translate {
  return (key, params) => translate(lang, key, params);
}

/** Whether `key` names a message (for keys built from data, such as "auditAction." + an action code). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(vi, key);
}
