/**
 * Printed labels, unique within a version and safe in an anchor (#clause-II.1.a):
 *   Phần/Раздел "P2", Chương/Глава "C3", Mục "C3.M1", Tiểu mục "C3.M1.TM2";
 *   Điều 5 "D5" (Статья 5 "S5"): articles are numbered through a law, so no chapter prefix;
 *   Roman sections "II"; khoản "II.1" or "D5.1"; điểm "II.1.a"; decimals "I.2.1" (the printed
 *   2.1 once, not "I.2.2.1"); unnumbered root paragraphs "p1", "p2" (set by the parser).
 * A label met twice (numbering that restarts) gets "-2", "-3".
 */
import type { Marker } from "./markers";
import type { Clause } from "./types";

function join(parent: Clause | null, own: string): string {
  return parent ? `${parent.label}.${own}` : own;
}

/** The nearest ancestor that the decimal's own number does not already repeat. */
function decimalBase(number: string, parent: Clause | null, parentsOf: (c: Clause) => Clause | null): Clause | null {
  let base = parent;
  while (base && (base.kind === "item" || base.kind === "decimal") && base.number !== null && number.startsWith(`${base.number}.`)) {
    base = parentsOf(base);
  }
  return base;
}

export function buildLabel(marker: Marker, parent: Clause | null, language: "vi" | "ru", parentOf: (c: Clause) => Clause | null): string {
  const n = marker.number.replace(/\s+/g, "");
  switch (marker.style) {
    case "part":
      return `P${n}`;
    case "chapter":
      return `C${n}`;
    case "section":
      return join(parent, `M${n}`);
    case "subsection":
      return join(parent, `TM${n}`);
    case "article":
      return `${language === "ru" ? "S" : "D"}${n}`;
    case "roman":
      return parent && (parent.kind === "article" || parent.kind === "roman") ? join(parent, n) : n;
    case "decimal":
      return join(decimalBase(n, parent, parentOf), n);
    default:
      return join(parent, n);
  }
}

export function uniqueLabel(label: string, used: Set<string>): string {
  let candidate = label;
  for (let k = 2; used.has(candidate); k++) candidate = `${label}-${k}`;
  used.add(candidate);
  return candidate;
}
