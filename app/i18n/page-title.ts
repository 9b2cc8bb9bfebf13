/**
 * Page titles for the routes' `meta` exports: "Page — Consultation title — Góp ý", in the interface
 * language. Meta functions cannot use hooks: they read the root loader's data (its language and that
 * language's messages, app/root.tsx), so no catalog is bundled for the browser.
 */
import { DEFAULT_LANG, isLang, translatorFrom, type Messages, type Params, type TranslationKey } from "./index";

interface MetaMatch {
  id: string;
  data?: unknown;
}

const NO_MESSAGES: Messages = {};

/**
 * The <title> of a page: its own name (a message, or content such as a version's label, or null for a
 * page named by its content alone), then what it belongs to (a consultation's title), then the portal's name.
 */
export function pageTitle(
  matches: readonly MetaMatch[] | undefined,
  page: TranslationKey | { text: string } | null,
  context?: string | null,
  params?: Params,
): { title: string } {
  const root = matches?.find((m) => m.id === "root")?.data as { lang?: unknown; messages?: Messages } | undefined;
  const t = translatorFrom(isLang(root?.lang) ? root.lang : DEFAULT_LANG, root?.messages ?? NO_MESSAGES);
  const own = page === null ? null : typeof page === "object" ? page.text : t(page, params);
  // Without the root's messages (its loader failed) the portal's name is still right.
  const name = root?.messages ? t("app.name") : "Góp ý";
  return { title: [own, context, name].filter((p): p is string => !!p).join(" — ") };
}
