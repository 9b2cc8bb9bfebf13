/** What styles.xml says about paragraph styles: name, basedOn, numbering and outline level. */
import { attr, intAttr, sax } from "./xml";

export interface StyleDef {
  id: string;
  name: string | null;
  basedOn: string | null;
  numId: string | null;
  ilvl: number | null;
  outlineLvl: number | null;
}

/** The list a style's paragraphs are in: numId and ilvl from the nearest style along basedOn that sets them. */
export interface StyleNumbering {
  numId: string | null;
  ilvl: number | null;
  /** The style that set numId (a list level linked to it by w:pStyle gives the level when ilvl is not set). */
  from: string | null;
}

export class Styles {
  private readonly headingCache = new Map<string | null, number | null>();
  private readonly numberingCache = new Map<string | null, StyleNumbering>();

  constructor(readonly byId: ReadonlyMap<string, StyleDef>) {}

  /** The style and the styles it is based on, nearest first (cycles cut). */
  chain(styleId: string | null): StyleDef[] {
    const out: StyleDef[] = [];
    const seen = new Set<string>();
    let id = styleId;
    while (id && !seen.has(id) && out.length < 20) {
      seen.add(id);
      const style = this.byId.get(id);
      if (!style) break;
      out.push(style);
      id = style.basedOn;
    }
    return out;
  }

  /** Heading level 1–9 of a paragraph in this style, or null (from outlineLvl or a "heading N" style). */
  headingLevel(styleId: string | null): number | null {
    let level = this.headingCache.get(styleId);
    if (level === undefined) {
      level = null;
      for (const style of this.chain(styleId)) {
        if (style.outlineLvl !== null) {
          level = outlineToHeading(style.outlineLvl);
          break;
        }
        level = headingStyleLevel(style);
        if (level !== null) break;
      }
      this.headingCache.set(styleId, level);
    }
    return level;
  }

  /** The numbering a paragraph in this style gets: the nearest numId and ilvl along basedOn. */
  numbering(styleId: string | null): StyleNumbering {
    const cached = this.numberingCache.get(styleId);
    if (cached) return cached;
    let numId: string | null = null;
    let ilvl: number | null = null;
    let from: string | null = null;
    for (const style of this.chain(styleId)) {
      if (numId === null && style.numId !== null) {
        numId = style.numId;
        from = style.id;
      }
      if (ilvl === null && style.ilvl !== null) ilvl = style.ilvl;
      if (numId !== null && ilvl !== null) break;
    }
    const result = { numId, ilvl, from };
    this.numberingCache.set(styleId, result);
    return result;
  }
}

export function outlineToHeading(outlineLvl: number): number | null {
  return outlineLvl >= 0 && outlineLvl <= 8 ? outlineLvl + 1 : null;
}

const HEADING_ID = /^heading([1-9])$/i;
const HEADING_NAME = /^heading ([1-9])$/i;

function headingStyleLevel(style: StyleDef): number | null {
  const match = HEADING_ID.exec(style.id) ?? (style.name ? HEADING_NAME.exec(style.name.trim()) : null);
  return match ? Number(match[1]) : null;
}

export function parseStyles(xml: string | null): Styles {
  const byId = new Map<string, StyleDef>();
  if (!xml) return new Styles(byId);
  const stack: string[] = [];
  let current: StyleDef | null = null;
  sax(xml, {
    open(local, attributes) {
      const parent = stack[stack.length - 1];
      const grand = stack[stack.length - 2];
      stack.push(local);
      if (local === "style" && parent === "styles") {
        const type = attr(attributes, "type") ?? "paragraph";
        const id = attr(attributes, "styleId");
        current = id !== undefined && (type === "paragraph" || type === "numbering")
          ? { id, name: null, basedOn: null, numId: null, ilvl: null, outlineLvl: null }
          : null;
        return;
      }
      if (!current) return;
      if (parent === "style") {
        if (local === "name") current.name = attr(attributes, "val") ?? null;
        else if (local === "basedOn") current.basedOn = attr(attributes, "val") ?? null;
      } else if (parent === "pPr" && grand === "style") {
        if (local === "outlineLvl") current.outlineLvl = intAttr(attributes) ?? null;
      } else if (parent === "numPr" && grand === "pPr" && stack[stack.length - 4] === "style") {
        if (local === "numId") current.numId = attr(attributes, "val") ?? null;
        else if (local === "ilvl") current.ilvl = intAttr(attributes) ?? null;
      }
    },
    close(local) {
      stack.pop();
      if (local === "style" && current) {
        if (!byId.has(current.id)) byId.set(current.id, current);
        current = null;
      }
    },
  });
  return new Styles(byId);
}
