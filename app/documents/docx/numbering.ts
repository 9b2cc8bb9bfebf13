/**
 * numbering.xml resolved the way Word renders it.
 *
 * - A `w:num` points at a `w:abstractNum` (levels 0–8). Nums pointing at the same abstractNum share
 *   one set of counters: a list continued by another num. A num with a `w:startOverride` restarts
 *   that level at the override where the num is first used at that level; the counters stay shared
 *   (a num without override used afterwards counts on from there, as Word and LibreOffice do).
 * - Advancing level L resets every deeper level, unless that level's `w:lvlRestart` says otherwise
 *   (0: never; N: only when a level shallower than N, 1-based, advances).
 * - Counters live for the whole document: section breaks and un-numbered paragraphs do not reset them.
 * - A level above the current one that has never been used shows start − 1 ("0.1." under no "1."),
 *   as Word does.
 */
import { BULLET, formatNumber } from "./formats";
import type { Styles } from "./styles";
import { attr, intAttr, onOff, sax } from "./xml";

export interface LevelDef {
  start: number;
  format: string;
  text: string | null;
  restart: number | null;
  legal: boolean;
  suffix: "tab" | "space" | "nothing";
  pStyle: string | null;
}

interface AbstractDef {
  levels: Map<number, LevelDef>;
  numStyleLink: string | null;
}

interface NumDef {
  abstractId: string;
  starts: Map<number, number>;
  levels: Map<number, LevelDef>;
}

export interface RenderedNumber {
  /** "I.", "a)", "Điều 3.", "-"; null when the level shows nothing. */
  number: string | null;
  /** What separates the number from the text: a tab or a space (one space) or nothing. */
  suffix: " " | "";
}

const PLACEHOLDER = /%([1-9])/g;

function newLevel(): LevelDef {
  return { start: 0, format: "decimal", text: null, restart: null, legal: false, suffix: "tab", pStyle: null };
}

export class Numbering {
  private readonly counters = new Map<string, (number | undefined)[]>();
  /** "numId:ilvl" of the startOverrides already applied. */
  private readonly restarted = new Set<string>();

  constructor(
    private readonly abstracts: ReadonlyMap<string, AbstractDef>,
    private readonly nums: ReadonlyMap<string, NumDef>,
    private readonly styles: Styles,
  ) {}

  /** The abstractNum behind a num, following numStyleLink through a numbering style. */
  private abstractOf(num: NumDef): { id: string; def: AbstractDef } | null {
    let id = num.abstractId;
    for (let hops = 0; hops < 5; hops++) {
      const def = this.abstracts.get(id);
      if (!def) return null;
      if (!def.numStyleLink) return { id, def };
      const linkedNumId = this.styles.numbering(def.numStyleLink).numId;
      const linked = linkedNumId === null ? undefined : this.nums.get(linkedNumId);
      if (!linked || linked.abstractId === id) return { id, def };
      id = linked.abstractId;
    }
    return null;
  }

  private level(num: NumDef, abstract: AbstractDef, ilvl: number): LevelDef | undefined {
    return num.levels.get(ilvl) ?? abstract.levels.get(ilvl);
  }

  /** The level of a list that a paragraph style is linked to (`w:pStyle` in a `w:lvl`), if any. */
  levelForStyle(numId: string, styleId: string): number | null {
    const num = this.nums.get(numId);
    const abstract = num && this.abstractOf(num);
    if (!num || !abstract) return null;
    for (let ilvl = 0; ilvl < 9; ilvl++) {
      if (this.level(num, abstract.def, ilvl)?.pStyle === styleId) return ilvl;
    }
    return null;
  }

  /** Numbers the next paragraph of list `numId` at level `ilvl`; null if there is no such list. */
  next(numId: string, ilvl: number): RenderedNumber | null {
    if (numId === "0") return null;
    const num = this.nums.get(numId);
    const abstract = num && this.abstractOf(num);
    if (!num || !abstract) return null;
    const lvl = Math.min(8, Math.max(0, ilvl));
    const def = this.level(num, abstract.def, lvl);
    if (!def) return null;
    let values = this.counters.get(abstract.id);
    if (!values) {
      values = new Array<number | undefined>(9).fill(undefined);
      this.counters.set(abstract.id, values);
    }
    const current = values[lvl];
    const override = num.starts.get(lvl);
    if (override !== undefined && !this.restarted.has(`${numId}:${lvl}`)) {
      this.restarted.add(`${numId}:${lvl}`);
      values[lvl] = override;
    } else {
      values[lvl] = current === undefined ? this.start(num, abstract.def, lvl) : current + 1;
    }
    for (let k = lvl + 1; k < 9; k++) {
      const restart = this.level(num, abstract.def, k)?.restart ?? null;
      if (restart === null || (restart !== 0 && lvl < restart)) values[k] = undefined;
    }
    const suffix = def.suffix === "nothing" ? "" : " ";
    if (def.format === "bullet") return { number: BULLET, suffix };
    if (def.text === null || def.text === "") return { number: null, suffix };
    const rendered = def.text.indexOf("%") < 0 ? def.text : this.render(def, num, abstract.def, values, lvl);
    return { number: rendered === "" ? null : rendered, suffix };
  }

  private start(num: NumDef, abstract: AbstractDef, k: number): number {
    return num.starts.get(k) ?? this.level(num, abstract, k)?.start ?? 0;
  }

  /** lvlText with each %N replaced by level N's counter in level N's format (all decimal under isLgl). */
  private render(def: LevelDef, num: NumDef, abstract: AbstractDef, values: (number | undefined)[], lvl: number): string {
    const text = def.text ?? "";
    const out: string[] = [];
    let from = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const k = Number(match[1]) - 1;
      const start = this.start(num, abstract, k);
      const value = values[k] ?? (k < lvl ? Math.max(0, start - 1) : start);
      const format = def.legal ? "decimal" : (this.level(num, abstract, k)?.format ?? "decimal");
      out.push(text.slice(from, match.index), formatNumber(value, format === "bullet" ? "decimal" : format));
      from = match.index + match[0].length;
    }
    out.push(text.slice(from));
    return out.join("");
  }
}

export function parseNumbering(xml: string | null, styles: Styles): Numbering {
  const abstracts = new Map<string, AbstractDef>();
  const nums = new Map<string, NumDef>();
  if (xml) {
    let abstract: AbstractDef | null = null;
    let num: NumDef | null = null;
    let overrideLevel: number | null = null;
    let level: LevelDef | null = null;
    let levelIndex = 0;
    sax(xml, {
      open(local, attributes) {
        switch (local) {
          case "abstractNum": {
            abstract = { levels: new Map(), numStyleLink: null };
            const id = attr(attributes, "abstractNumId");
            if (id !== undefined && !abstracts.has(id)) abstracts.set(id, abstract);
            return;
          }
          case "num": {
            const id = attr(attributes, "numId");
            num = { abstractId: "", starts: new Map(), levels: new Map() };
            if (id !== undefined && !nums.has(id)) nums.set(id, num);
            return;
          }
          case "abstractNumId":
            if (num) num.abstractId = attr(attributes, "val") ?? "";
            return;
          case "numStyleLink":
            if (abstract) abstract.numStyleLink = attr(attributes, "val") ?? null;
            return;
          case "lvlOverride":
            overrideLevel = intAttr(attributes, "ilvl") ?? 0;
            return;
          case "startOverride":
            if (num && overrideLevel !== null) num.starts.set(overrideLevel, intAttr(attributes) ?? 0);
            return;
          case "lvl":
            level = newLevel();
            levelIndex = intAttr(attributes, "ilvl") ?? 0;
            return;
        }
        if (!level) return;
        switch (local) {
          case "start":
            level.start = intAttr(attributes) ?? 0;
            break;
          case "numFmt":
            level.format = attr(attributes, "val") ?? "decimal";
            break;
          case "lvlText":
            level.text = attributes["w:null"] && onOff({ "w:val": attributes["w:null"] }) ? "" : (attr(attributes, "val") ?? "");
            break;
          case "lvlRestart":
            level.restart = intAttr(attributes) ?? null;
            break;
          case "isLgl":
            level.legal = onOff(attributes);
            break;
          case "suff": {
            const value = attr(attributes, "val");
            level.suffix = value === "space" || value === "nothing" ? value : "tab";
            break;
          }
          case "pStyle":
            level.pStyle = attr(attributes, "val") ?? null;
            break;
          case "lvlPicBulletId":
            level.format = "bullet";
            break;
        }
      },
      close(local) {
        switch (local) {
          case "lvl":
            if (level) {
              const target = overrideLevel !== null ? num?.levels : abstract?.levels;
              if (target && !target.has(levelIndex)) target.set(levelIndex, level);
              // A whole level in a lvlOverride restarts that level too, at its own start.
              if (overrideLevel !== null && num && !num.starts.has(levelIndex)) num.starts.set(levelIndex, level.start);
            }
            level = null;
            return;
          case "lvlOverride":
            overrideLevel = null;
            return;
          case "abstractNum":
            abstract = null;
            return;
          case "num":
            num = null;
            return;
        }
      },
    });
  }
  return new Numbering(abstracts, nums, styles);
}
