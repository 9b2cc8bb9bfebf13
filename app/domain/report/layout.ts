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
