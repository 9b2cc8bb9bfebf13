/**
 * Cells a spreadsheet cannot read as formulas ("CSV injection", OWASP): a comment, agency or signer
 * name starting with `=`, `+`, `-`, `@`, a tab or a carriage return would otherwise become a live
 * formula (`=HYPERLINK(...)`, `=cmd|...`) when the file is opened in Excel or LibreOffice.
 *
 * - .csv: such a text cell gets a single quote in front (`'=HYPERLINK(...)`), the OWASP way; numbers
 *   stay numbers, and a text that is just a negative number ("-12", "-3.5") is left alone, since a
 *   spreadsheet reads it as that number and nothing else.
 * - .xlsx: text is written as a text cell (exceljs makes a formula only from `{ formula }` objects,
 *   never from a string), so `=HYPERLINK(...)` shows as typed and is not evaluated; a quote there
 *   would be shown to the reader as part of the text, so none is added. `xlsxCell` is the one door
 *   the .xlsx rows go through, so no value can reach exceljs as anything but text or a number.
 */

/** Starts like a formula: `=`, `+`, `-`, `@`, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain negative number, which a spreadsheet reads as that number. */
const NEGATIVE_NUMBER = /^-\d+(?:\.\d+)?$/;

export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text);
}

export type CellValue = string | number | null | undefined;

/** A .csv cell: text that could be read as a formula gets a leading `'`; numbers pass as they are. */
export function csvCell(value: CellValue): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return looksLikeFormula(value) ? `'${value}` : value;
}

/** A .csv row, every cell through `csvCell`. */
export function csvRow(values: readonly CellValue[]): (string | number)[] {
  return values.map(csvCell);
}

/** An .xlsx cell: text stays text (never a formula object), numbers stay numbers, nothing stays empty. */
export function xlsxCell(value: CellValue): string | number | null {
  if (value === null || value === undefined || value === "") return null;
  return typeof value === "number" ? value : String(value);
}
