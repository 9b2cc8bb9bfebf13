/**
 * The message catalogs. Vietnamese is the source: every key exists there; English must be complete
 * (the type checker enforces it); Russian may be partial and falls back to English.
 */
import { vi, type MessageKey } from "./messages/vi";
import { en } from "./messages/en";
import { ru } from "./messages/ru";

export type { MessageKey };
export const LANGUAGES = ["vi", "en", "ru"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = "vi";

const catalogs: Record<Lang, Partial<Record<MessageKey, string>>> = { vi, en, ru };

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const template = catalogs[lang][key] ?? en[key] ?? vi[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function translator(lang: Lang): Translate {
  return (key, params) => translate(lang, key, params);
}

/** BCP 47 locale used for dates and numbers in each interface language. */
export const LOCALES: Record<Lang, string> = { vi: "vi-VN", en: "en-GB", ru: "ru-RU" };
