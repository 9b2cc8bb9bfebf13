import type { DiffPart } from "~/domain/diff/word-diff";
import { CONTENT_LANG } from "~/components/content-lang";

/**
 * Word differences as text: <del> for what the old version had, <ins> for what the new one has.
 * `side` shows one version's side only (old: same + removed, new: same + added). `lang`: the draft's.
 */
export function DiffText({ parts, side, lang = CONTENT_LANG }: { parts: DiffPart[]; side?: "old" | "new"; lang?: string }) {
  return (
    <div className="diff-text" lang={lang}>
      {parts.map((p, i) => {
        if (p.op === "same") return <span key={i}>{p.text}</span>;
        if (p.op === "removed") return side === "new" ? null : <del key={i}>{p.text}</del>;
        return side === "old" ? null : <ins key={i}>{p.text}</ins>;
      })}
    </div>
  );
}
