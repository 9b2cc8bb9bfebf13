/** Word-level differences between two texts, on top of the `diff` package. */
import { diffWordsWithSpace } from "diff";

export interface DiffPart {
  /** "same" text, text "added" in the new version, or "removed" from the old one. */
  op: "same" | "added" | "removed";
  text: string;
}

/**
 * The differences as a reader wants them: a run of changes separated only by spaces reads as one
 * replacement ("Thanh niên" -> "Thực hiện dân chủ ở cơ sở"), not as word-by-word swaps.
 */
export function wordDiff(oldText: string, newText: string): DiffPart[] {
  const parts: DiffPart[] = [];
  let removed = "";
  let added = "";
  let pendingSpace = "";
  const flush = () => {
    if (removed) parts.push({ op: "removed", text: removed });
    if (added) parts.push({ op: "added", text: added });
    removed = added = "";
  };
  const same = (text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.op === "same") last.text += text;
    else parts.push({ op: "same", text });
  };
  for (const change of diffWordsWithSpace(oldText, newText)) {
    if (change.added || change.removed) {
      if (pendingSpace) {
        // Spaces inside a replacement belong to both of its sides; otherwise they stay common text.
        if (removed && added) {
          removed += pendingSpace;
          added += pendingSpace;
        } else {
          flush();
          same(pendingSpace);
        }
        pendingSpace = "";
      }
      if (change.added) added += change.value;
      else removed += change.value;
    } else if (/^\s+$/.test(change.value) && (removed || added)) {
      pendingSpace += change.value;
    } else {
      flush();
      same(pendingSpace + change.value);
      pendingSpace = "";
    }
  }
  flush();
  if (pendingSpace) same(pendingSpace);
  return parts;
}
