/**
 * Text as people type it without a Vietnamese keyboard: lower case, without tone and vowel marks or
 * other diacritics, đ as d ("Điều 5" → "dieu 5"). The one folding behind the draft's search box, the
 * member lists' column headers and the comparison of similar comments.
 */
export function foldMarks(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}
