/**
 * document.xml → blocks, in one SAX pass (linear in the size of the XML).
 *
 * Kept: w:t, w:tab (" "), w:br / w:cr ("\n", but a page or column break is nothing), w:noBreakHyphen
 * ("-"), inserted text (w:ins, w:moveTo), field results, the content of w:sdt, w:smartTag,
 * w:hyperlink, w:customXml, w:fldSimple.
 * Left out: deleted text (w:del, w:moveFrom), field instructions, w:sym, hidden runs (w:vanish),
 * text boxes (w:txbxContent) and drawings, mc:Fallback copies, ruby annotations, footnote and comment
 * references (their text lives in other parts, which are not read).
 */
import type { Numbering } from "./numbering";
import { outlineToHeading, type Styles } from "./styles";
import { buildTable, type CellBuilder, type RowBuilder, type TableBuilder } from "./tables";
import type { DocxBlock, DocxParagraph } from "./types";
import { attr, intAttr, onOff, sax } from "./xml";

/** Subtrees whose content is never shown as the document's text. */
const SKIP = new Set([
  "del", "moveFrom", "delText", "instrText", "delInstrText", "txbxContent", "drawing", "pict", "object",
  "Fallback", "sdtPr", "sdtEndPr", "rt", "pPrChange", "rPrChange", "tblPrChange", "trPrChange", "tcPrChange",
  "sectPrChange", "tblGridChange", "tabs", "sectPr", "smartTagPr", "customXmlPr", "footnotes", "endnotes",
]);

/** Property containers: their children describe, they are not text. */
const PROPS = new Set(["pPr", "rPr", "tblPr", "trPr", "tcPr", "tblGrid"]);

interface ParagraphBuilder {
  parts: string[];
  style: string | null;
  numId: string | null;
  ilvl: number | null;
  outlineLvl: number | null;
}

interface OpenTable {
  table: TableBuilder;
  paragraphs: DocxParagraph[];
  row: RowBuilder | null;
  cell: CellBuilder | null;
}

export function readDocumentXml(xml: string, styles: Styles, numbering: Numbering): DocxBlock[] {
  const blocks: DocxBlock[] = [];
  const stack: string[] = [];
  let skipAt = -1;
  let propsAt = -1;
  let paragraph: ParagraphBuilder | null = null;
  const tables: OpenTable[] = [];
  let inText = false;
  let textStart = 0;
  let preserveSpace = false;
  let hiddenRun = false;
  /** Open fields: false while in the instruction part, true once in the result part. */
  const fields: boolean[] = [];
  let instructionFields = 0;

  const finishParagraph = (b: ParagraphBuilder): DocxParagraph => {
    // Numbering: the paragraph's own numPr, else its style's (numId "0" switches it off).
    const fromStyle = b.numId === null || b.ilvl === null ? styles.numbering(b.style) : null;
    const numId = b.numId ?? fromStyle?.numId ?? null;
    let number: string | null = null;
    let numberSuffix: " " | "" = " ";
    if (numId !== null && numId !== "0") {
      let ilvl = b.ilvl ?? fromStyle?.ilvl ?? null;
      if (ilvl === null && fromStyle?.from) ilvl = numbering.levelForStyle(numId, fromStyle.from);
      const rendered = numbering.next(numId, ilvl ?? 0);
      if (rendered) {
        number = rendered.number;
        numberSuffix = rendered.suffix;
      }
    }
    const headingLevel = b.outlineLvl !== null ? outlineToHeading(b.outlineLvl) : styles.headingLevel(b.style);
    return { type: "paragraph", text: b.parts.join(""), number, numberSuffix, headingLevel, style: b.style };
  };

  const add = (text: string) => {
    if (paragraph && !hiddenRun && instructionFields === 0) paragraph.parts.push(text);
  };

  sax(xml, {
    open(local, attributes) {
      const depth = stack.length;
      const parent = stack[depth - 1];
      stack.push(local);
      if (skipAt >= 0) return;
      if (SKIP.has(local)) {
        skipAt = depth;
        return;
      }
      if (propsAt >= 0) {
        readProperty(local, parent, attributes);
        return;
      }
      if (PROPS.has(local)) {
        propsAt = depth;
        return;
      }
      switch (local) {
        case "p":
          paragraph = { parts: [], style: null, numId: null, ilvl: null, outlineLvl: null };
          return;
        case "r":
          hiddenRun = false;
          return;
        case "t":
          inText = true;
          textStart = paragraph ? paragraph.parts.length : 0;
          preserveSpace = attributes["xml:space"] === "preserve";
          return;
        case "tab":
        case "ptab":
          add(" ");
          return;
        case "br": {
          const type = attr(attributes, "type");
          if (type !== "page" && type !== "column") add("\n");
          return;
        }
        case "cr":
          add("\n");
          return;
        case "noBreakHyphen":
          add("-");
          return;
        case "fldChar": {
          const type = attr(attributes, "fldCharType");
          if (type === "begin") {
            fields.push(false);
            instructionFields++;
          } else if (type === "separate") {
            if (fields.length > 0 && !fields[fields.length - 1]) {
              fields[fields.length - 1] = true;
              instructionFields--;
            }
          } else if (type === "end") {
            if (fields.length > 0 && !fields.pop()) instructionFields--;
          }
          return;
        }
        case "tbl":
          tables.push({ table: { gridColumns: 0, rows: [] }, paragraphs: [], row: null, cell: null });
          return;
        case "tr": {
          const open = tables[tables.length - 1];
          if (open) open.row = { cells: [], header: false, before: 0, after: 0 };
          return;
        }
        case "tc": {
          const open = tables[tables.length - 1];
          if (open) open.cell = { paragraphs: [], span: 1, vMerge: null };
          return;
        }
      }
    },
    close(local) {
      stack.pop();
      const depth = stack.length;
      if (skipAt >= 0) {
        if (depth === skipAt) skipAt = -1;
        return;
      }
      if (propsAt >= 0) {
        if (depth === propsAt) propsAt = -1;
        return;
      }
      switch (local) {
        case "t":
          inText = false;
          // Without xml:space="preserve", leading and trailing white space is not content (Word, LibreOffice).
          if (!preserveSpace && paragraph && paragraph.parts.length > textStart) trimParts(paragraph.parts, textStart);
          return;
        case "r":
          hiddenRun = false;
          return;
        case "p":
          if (paragraph) {
            const p = finishParagraph(paragraph);
            paragraph = null;
            const open = tables[tables.length - 1];
            if (open?.cell) open.cell.paragraphs.push(p);
            else if (!open) blocks.push(p);
            if (open) open.paragraphs.push(p);
          }
          return;
        case "tc": {
          const open = tables[tables.length - 1];
          if (open?.cell) {
            if (open.row) open.row.cells.push(open.cell);
            open.cell = null;
          }
          return;
        }
        case "tr": {
          const open = tables[tables.length - 1];
          if (open?.row) {
            open.table.rows.push(open.row);
            open.row = null;
          }
          return;
        }
        case "tbl": {
          const done = tables.pop();
          if (!done) return;
          const outer = tables[tables.length - 1];
          if (outer) {
            // A nested table: its paragraphs become the outer cell's (the outer table's list already has them).
            if (outer.cell) outer.cell.paragraphs.push(...done.paragraphs);
            outer.paragraphs.push(...done.paragraphs);
          } else {
            blocks.push(buildTable(done.table, done.paragraphs));
          }
          return;
        }
      }
    },
    text(text) {
      if (inText && skipAt < 0 && propsAt < 0) add(text);
    },
  });
  return blocks;

  function readProperty(local: string, parent: string | undefined, attributes: Record<string, string>): void {
    const container = stack[propsAt];
    if (container === "pPr") {
      if (!paragraph || stack[propsAt - 1] !== "p") return;
      if (parent === "pPr") {
        if (local === "pStyle") paragraph.style = attr(attributes, "val") ?? null;
        else if (local === "outlineLvl") paragraph.outlineLvl = intAttr(attributes) ?? null;
      } else if (parent === "numPr") {
        if (local === "numId") paragraph.numId = attr(attributes, "val") ?? null;
        else if (local === "ilvl") paragraph.ilvl = intAttr(attributes) ?? null;
      }
      return;
    }
    if (container === "rPr") {
      if (stack[propsAt - 1] === "r" && parent === "rPr" && (local === "vanish" || local === "specVanish") && onOff(attributes)) hiddenRun = true;
      return;
    }
    const open = tables[tables.length - 1];
    if (!open) return;
    if (container === "tblGrid") {
      if (local === "gridCol") open.table.gridColumns++;
    } else if (container === "trPr" && open.row && parent === "trPr") {
      if (local === "tblHeader") open.row.header = onOff(attributes);
      else if (local === "gridBefore") open.row.before = Math.max(0, intAttr(attributes) ?? 0);
      else if (local === "gridAfter") open.row.after = Math.max(0, intAttr(attributes) ?? 0);
    } else if (container === "tcPr" && open.cell && parent === "tcPr") {
      if (local === "gridSpan") open.cell.span = Math.max(1, intAttr(attributes) ?? 1);
      else if (local === "vMerge") open.cell.vMerge = attr(attributes, "val") === "restart" ? "restart" : "continue";
    }
  }
}

/** Trims the text that parts[from…] make up together (a w:t's content may arrive in pieces). */
function trimParts(parts: string[], from: number): void {
  const text = parts.splice(from).join("");
  const trimmed = text.trim();
  if (trimmed !== "") parts.push(trimmed);
}
