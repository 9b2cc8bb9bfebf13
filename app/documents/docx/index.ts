/** Reads a Word .docx the way Word shows it. See document.ts, numbering.ts, tables.ts, serialise.ts. */
import { readDocumentXml } from "./document";
import { parseNumbering } from "./numbering";
import { parseStyles } from "./styles";
import type { DocxDocument } from "./types";
import { readDocxParts } from "./zip";

export { docxToText, visibleLines } from "./serialise";
export type { DocxBlock, DocxDocument, DocxParagraph, DocxTable } from "./types";
export { DocxTooLargeError, DocxUnreadableError } from "./zip";

/**
 * Throws DocxTooLargeError when the parts inflate past MAX_EXPANDED_BYTES (whatever the headers say),
 * DocxUnreadableError when the bytes are not a Word document.
 */
export function readDocx(bytes: Uint8Array): DocxDocument {
  const parts = readDocxParts(bytes);
  const styles = parseStyles(parts.styles);
  const numbering = parseNumbering(parts.numbering, styles);
  return { blocks: readDocumentXml(parts.document, styles, numbering) };
}
