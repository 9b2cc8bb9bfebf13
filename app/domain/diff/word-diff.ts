/** Word-level differences between two texts, on top of the `diff` package. */
import { diffWordsWithSpace } from "diff";

export interface DiffPart {
  /** "same" text, text "added" in the new version, or "removed" from the old one. */
  op: "same" | "added" | "removed";
  text: string;
}

export function wordDiff(oldText: string, newText: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffWordsWithSpace(oldText, newText)) {
    const op = change.added ? "added" : change.removed ? "removed" : "same";
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += change.value;
    else parts.push({ op, text: change.value });
  }
  return parts;
}
