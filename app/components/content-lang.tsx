/**
 * What people wrote or named (drafts, comments, agency names, consultation titles) keeps its own
 * language inside an English or Russian page: marked with `lang` so that screen readers read it as
 * Vietnamese (WCAG 3.1.2). A draft's language is stored on its version (versions.language); names and
 * typed texts are Vietnamese.
 */
import { Fragment, type ReactNode } from "react";
import type { Params, Translate, TranslationKey } from "~/i18n";

export const CONTENT_LANG = "vi";

/**
 * A translated sentence with content inside it (an agency's name in "Góp ý của {agency}"): the
 * parameters named in `marked` come out wrapped in <span lang>, the rest as plain text.
 */
export function Sentence({ t, k, params, marked, lang = CONTENT_LANG }: { t: Translate; k: TranslationKey; params: Params; marked: string[]; lang?: string }): ReactNode {
  const sentinel = (i: number) => `\u0001${i}\u0001`;
  const withSentinels: Params = { ...params };
  marked.forEach((name, i) => {
    withSentinels[name] = sentinel(i);
  });
  const parts = t(k, withSentinels).split(/\u0001(\d+)\u0001/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} lang={lang}>
            {String(params[marked[Number(part)]!] ?? "")}
          </span>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
