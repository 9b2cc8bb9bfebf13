import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LANG, translator, type Lang, type Translate } from "./index";

interface RootData {
  lang: Lang;
}

export function useLang(): Lang {
  return useRouteLoaderData<RootData>("root")?.lang ?? DEFAULT_LANG;
}

export function useT(): Translate {
  return translator(useLang());
}
