/**
 * The report's page as the .docx and the print view both lay it out (Decree 30/2020/NĐ-CP): A4,
 * margins 20 mm top and bottom, 30 mm left, 20 mm right; the widths of the header's two columns
 * and of the tables' columns, so the two agree page for page.
 */
export const PAGE_MM = { width: 210, height: 297, top: 20, bottom: 20, left: 30, right: 20 } as const;
/** The header table: the issuer's side and the national name's side, in mm (together the text width, 160 mm). */
export const HEAD_COLUMNS_MM = [63, 97] as const;
/** Column widths of the comments table, in per cent: STT, clause, agency, comment, answer. */
export const COMMENT_WIDTHS = [7, 15, 18, 32, 28] as const;
/** Column widths of the appendix, in per cent: STT, clause, old wording, new wording, reason. */
export const APPENDIX_WIDTHS = [7, 13, 27, 28, 25] as const;
/** "Nơi nhận" and the signature block, in per cent. */
export const SIGNATURE_WIDTHS = [45, 55] as const;

/**
 * Roughly how wide a line of Times New Roman is, in twentieths of a point: enough to size the short
 * rules of the header (1/3 to 1/2 of the issuing body's name, the motto's full length).
 */
export function estimateWidth(text: string, sizePt: number, bold: boolean): number {
  let em = 0;
  for (const ch of text) {
    if (ch === " ") em += 0.25;
    else if (/[-–.,:;'()]/.test(ch)) em += 0.3;
    else if (/[MWМЖШЩЮ]/u.test(ch)) em += 0.9;
    else if (ch === ch.toLocaleUpperCase() && ch !== ch.toLocaleLowerCase()) em += bold ? 0.72 : 0.68;
    else if (/[mwмжшщю]/u.test(ch)) em += 0.75;
    else if (/[iljtfr]/.test(ch)) em += 0.3;
    else em += bold ? 0.52 : 0.48;
  }
  return Math.round(em * sizePt * 20);
}

/**
 * The national name's size in points: 12 pt (Decree 30: 12–13), smaller for a translation too long
 * for its column ("СОЦИАЛИСТИЧЕСКАЯ РЕСПУБЛИКА ВЬЕТНАМ"), so it stays on one line.
 */
export function nationalNameSize(text: string): number {
  const room = HEAD_COLUMNS_MM[1] * 56.693 * 0.94;
  let size = 12;
  while (size > 9 && estimateWidth(text, size, true) > room) size -= 0.5;
  return size;
}
