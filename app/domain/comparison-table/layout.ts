/**
 * The comparison table's page, as the .docx and the print view both lay it out: A4 landscape (a
 * table of two wordings side by side needs the width), the report's margins (Decree 30/2020/NĐ-CP:
 * 20 mm top and bottom, 30 mm on the binding side, 20 mm on the other); the text is 247 mm wide.
 */
import { PAGE_MM } from "~/domain/report/layout";

export const LANDSCAPE_MM = { width: PAGE_MM.height, height: PAGE_MM.width, top: PAGE_MM.top, bottom: PAGE_MM.bottom, left: PAGE_MM.left, right: PAGE_MM.right } as const;
/** Text width of the landscape page, in mm. */
export const LANDSCAPE_TEXT_MM = LANDSCAPE_MM.width - LANDSCAPE_MM.left - LANDSCAPE_MM.right;
/** Column widths in per cent: STT, clause, wording in N, wording in N+1, reason. */
export const COMPARISON_WIDTHS = [5, 11, 29, 29, 26] as const;
