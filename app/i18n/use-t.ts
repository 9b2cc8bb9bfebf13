import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LANG, translatorFrom, type Lang, type Messages, type Translate } from "./index";

/** What the root loader gives every page (app/root.tsx): its language and that language's messages. */
interface RootData {
  lang: Lang;
  messages: Messages;
}

const NO_MESSAGES: Messages = {};

export function useLang(): Lang {
  return useRouteLoaderData<RootData>("root")?.lang ?? DEFAULT_LANG;
}

/**
 * `t` in the page's language, over the messages the root loader sent: the browser never loads a
 * catalog (see Messages in ./index.ts). Without the root's data (it failed) keys show as they are.
 */
export function useT(): Translate {
  const root = useRouteLoaderData<RootData>("root");
  return translatorFrom(root?.lang ?? DEFAULT_LANG, root?.messages ?? NO_MESSAGES);
}
