/** A thin SAX layer over htmlparser2 (xmlMode): element names without their namespace prefix. */
import { decodeXML } from "entities";
import { Parser } from "htmlparser2";

export type Attributes = Record<string, string>;

export interface SaxHandlers {
  open(local: string, attributes: Attributes): void;
  close(local: string): void;
  text?(text: string): void;
}

/** Element names repeat endlessly ("w:r", "w:t"…): strip each prefix once. */
const LOCAL_NAMES = new Map<string, string>();

function localName(name: string): string {
  let local = LOCAL_NAMES.get(name);
  if (local === undefined) {
    const colon = name.indexOf(":");
    local = colon < 0 ? name : name.slice(colon + 1);
    if (LOCAL_NAMES.size < 10_000) LOCAL_NAMES.set(name, local);
  }
  return local;
}

export function sax(xml: string, handlers: SaxHandlers): void {
  const text = handlers.text;
  const parser = new Parser(
    {
      onopentag: (name, attributes) => handlers.open(localName(name), attributes),
      onclosetag: (name) => handlers.close(localName(name)),
      ontext: text ? (data) => text(data.includes("&") ? decodeXML(data) : data) : undefined,
    },
    // Entities are decoded only where they are read (text and the few attribute values we use):
    // decoding every attribute of every run property was a tenth of the reading time.
    { xmlMode: true, decodeEntities: false },
  );
  parser.write(xml);
  parser.end();
}

/** A WordprocessingML attribute: `w:val` (or unprefixed `val`). */
export function attr(attributes: Attributes, name: string): string | undefined {
  const value = attributes[`w:${name}`] ?? attributes[name];
  return value !== undefined && value.includes("&") ? decodeXML(value) : value;
}

/** An on/off property (`<w:vanish/>`, `<w:isLgl w:val="false"/>`). */
export function onOff(attributes: Attributes): boolean {
  const value = attr(attributes, "val");
  return value === undefined || !(value === "0" || value === "false" || value === "off");
}

export function intAttr(attributes: Attributes, name = "val"): number | undefined {
  const value = attr(attributes, name);
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : undefined;
}
