/**
 * A sort key for Vietnamese names: comparing two keys byte by byte (or with JavaScript's `<`, which is
 * the same for them: the key of a Vietnamese or Latin name is plain ASCII) gives the Vietnamese dictionary order of the names.
 *
 * Why a key and not the databases' collation: SQLite compares the UTF-8 bytes ("Ủy ban" after "Ý",
 * "Đ" after "Z", "B" before "a"), and PostgreSQL's order depends on the locale its cluster was made
 * with (often C or en_US), so the same list came out in two different orders and in neither the
 * order a Vietnamese reader expects. A key made here sorts the same everywhere (on PostgreSQL it must
 * be compared with COLLATE "C", byte order, like SQLite's).
 *
 * The order, word (syllable) by word, as dictionaries do it ("ba", "ba ba", "bà", "bác"):
 * - first the letters, in the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, a
 *   vowel's form (ă, â, ê, ô, ơ, ư) being a letter of its own after its base (a < ă < â; d < đ), with
 *   f j w z of foreign names in their Latin places and digits before every letter;
 * - then, between words with the same letters, the tone: unmarked, huyền, hỏi, ngã, sắc, nặng;
 * - case is ignored, and so is the tone mark's placement ("hoà" and "hòa" are one word); spaces and
 *   punctuation only separate words.
 * Letters of other scripts keep their own character, after every Latin letter.
 */

const ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"];

/** Letter → its one-character rank, from "A" (0x41) up: above the digits and the separators below. */
const RANK = new Map(ALPHABET.map((letter, i) => [letter, String.fromCharCode(0x41 + i)]));

/** The combining marks of a vowel's form (NFD), and the base + mark each makes. */
const FORM_MARKS: Record<string, string> = { "\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn" };
const WITH_FORM: Record<string, string> = {
  "a breve": "ă",
  "a circumflex": "â",
  "e circumflex": "ê",
  "o circumflex": "ô",
  "o horn": "ơ",
  "u horn": "ư",
};

/** The tone marks (NFD), in dictionary order after the unmarked tone ("0"). */
const TONE_MARKS: Record<string, string> = { "\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5" };

/** Ends a word's letters, before its tones: lower than any letter or digit, so "ba" < "bac". */
const END_OF_LETTERS = "!";
/** Between words: lower than everything else, so "ba" < "ba ba" < "bà". */
const BETWEEN_WORDS = " ";

export function vietnameseSortKey(name: string): string {
  const words: string[] = [];
  let letters = "";
  let tones = "";
  const endWord = () => {
    if (letters === "") return;
    words.push(letters + END_OF_LETTERS + (tones === "" ? "0" : tones));
    letters = "";
    tones = "";
  };
  // Each base character with the combining marks that follow it.
  for (const [, base, marks] of name.toLowerCase().normalize("NFD").matchAll(/(\P{M})(\p{M}*)/gu)) {
    let letter = base!;
    for (const mark of marks!) {
      const form = FORM_MARKS[mark];
      if (form) letter = WITH_FORM[`${letter} ${form}`] ?? letter;
      const tone = TONE_MARKS[mark];
      if (tone) tones += tone;
    }
    const rank = RANK.get(letter);
    if (rank) letters += rank;
    // Digits ("0"–"9", below "A") and other scripts' letters (above every ASCII byte) as they are.
    else if (/[\p{L}\p{N}]/u.test(letter)) letters += letter;
    else endWord();
  }
  endWord();
  return words.join(BETWEEN_WORDS);
}

/** Compares two names in Vietnamese order (the order of their keys). */
export function compareVietnamese(a: string, b: string): number {
  const ka = vietnameseSortKey(a);
  const kb = vietnameseSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
