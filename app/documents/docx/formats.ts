/** One level's counter written in its `w:numFmt`, as Word writes it. */

const ROMAN: ReadonlyArray<readonly [number, string]> = [
  [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"],
  [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
];

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  let rest = n;
  const out: string[] = [];
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out.push(letters);
      rest -= value;
    }
  }
  return out.join("");
}

const LATIN = "abcdefghijklmnopqrstuvwxyz";
/**
 * russianLower: the alphabet without ё, й, ъ, ь (29 letters, ы kept), as LibreOffice numbers a
 * .docx's russianLower list. Past я we repeat the letter (аа, бб) as for Latin letters; LibreOffice
 * goes on аа, аб, ав. Word's own sequence past я is unverified here.
 */
const CYRILLIC = "абвгдежзиклмнопрстуфхцчшщыэюя";

/** Word's letter counting: a … z, then aa … zz, aaa … (the letter repeated, not base 26). */
function letters(n: number, alphabet: string): string {
  if (n <= 0) return String(n);
  const letter = alphabet[(n - 1) % alphabet.length];
  return letter.repeat(Math.floor((n - 1) / alphabet.length) + 1);
}

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

export const BULLET = "-";

/**
 * The counter `n` in format `format`. Formats we do not write faithfully (ordinal, cardinalText,
 * vietnameseCounting, the East Asian counting systems…) fall back to decimal digits, which read
 * the same to the clause parser.
 */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case "decimal":
      return String(n);
    case "decimalZero":
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case "upperRoman":
      return roman(n);
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "lowerLetter":
      return letters(n, LATIN);
    case "upperLetter":
      return letters(n, LATIN).toUpperCase();
    case "russianLower":
      return letters(n, CYRILLIC);
    case "russianUpper":
      return letters(n, CYRILLIC).toUpperCase();
    case "decimalEnclosedParen":
      return `(${n})`;
    case "decimalEnclosedFullstop":
      return `${n}.`;
    case "decimalEnclosedCircle":
      return n >= 1 && n <= CIRCLED.length ? CIRCLED[n - 1] : String(n);
    case "none":
      return "";
    case "bullet":
      return BULLET;
    default:
      return String(n);
  }
}
