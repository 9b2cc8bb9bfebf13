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

/**
 * The Vietnamese examples quoted in the hints of the document settings (app/i18n messages with
 * {example}, {symbol}, {place}…): content in every page language, so passed as marked parameters.
 */
export const EXAMPLES = {
  governingBody: "UBND TỈNH SÓC TRĂNG",
  issuingBody: "SỞ NỘI VỤ",
  symbol: "SNV",
  code: "BC-SNV",
  place: "Sóc Trăng",
  requestSender: "Văn phòng Ủy ban nhân dân tỉnh",
  authorityTitle: "GIÁM ĐỐC",
  printedAuthority: "KT. GIÁM ĐỐC",
  signerTitle: "PHÓ GIÁM ĐỐC",
  firstRecipient: "- Như trên;",
  lastRecipient: "- Lưu: VT.",
  authorityPrefixes: "TM., KT.",
  recipientsTerm: "Nơi nhận",
} as const;
