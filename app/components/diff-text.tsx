import type { DiffPart } from "~/domain/diff/word-diff";

/**
 * Word differences as text: <del> for what the old version had, <ins> for what the new one has.
 * `side` shows one version's side only (old: same + removed, new: same + added).
 */
export function DiffText({ parts, side }: { parts: DiffPart[]; side?: "old" | "new" }) {
  return (
    <div className="diff-text">
      {parts.map((p, i) => {
        if (p.op === "same") return <span key={i}>{p.text}</span>;
        if (p.op === "removed") return side === "new" ? null : <del key={i}>{p.text}</del>;
        return side === "old" ? null : <ins key={i}>{p.text}</ins>;
      })}
    </div>
  );
}
