/**
 * How people cite a clause, in the document's language: what every screen, the report, .xlsx and
 * .csv show (the label stays the key for links).
 *
 * Vietnamese, from the smallest unit up as the Law on Promulgation of Legal Documents and Decree
 * 30/2020 write it: "điểm a khoản 1 Điều 2", "Mục 2 Chương I", "Chương I"; articles are numbered
 * through a law, so a citation stops at the article. Plans and reports: "khoản 1 Mục II",
 * "điểm a khoản 1 Mục II", "Mục II.2.1". Tables: "Phụ lục I, dòng 2".
 * Russian, with the higher units in the genitive: "подпункт а пункта 1 статьи 22", "пункт 3 статьи 2",
 * "часть 1 статьи 5", "абзац третий статьи 2"; in an article "1." is a часть and "1)" a пункт,
 * elsewhere (decrees, regulations) "1." is a пункт and "а)" / "1)" under it a подпункт.
 */
import type { Clause } from "./types";

interface Cite {
  /** The clause's own unit ("khoản 3", "пункт 3"). */
  nom: string;
  /** The same as a higher unit of a longer citation (Russian genitive: "пункта 3"). */
  gen: string;
  /** Whether the parent's citation follows: articles, chapters and parts are cited alone. */
  chain: boolean;
}

const RU_ORDINAL_NOM = [
  "", "первый", "второй", "третий", "четвертый", "пятый", "шестой", "седьмой", "восьмой", "девятый", "десятый",
  "одиннадцатый", "двенадцатый", "тринадцатый", "четырнадцатый", "пятнадцатый", "шестнадцатый", "семнадцатый",
  "восемнадцатый", "девятнадцатый",
];
const RU_TENS_ORDINAL = ["", "", "двадцатый", "тридцатый", "сороковой", "пятидесятый", "шестидесятый", "семидесятый", "восьмидесятый", "девяностый"];
const RU_TENS = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"];

function ruGenitive(word: string): string {
  if (word === "третий") return "третьего";
  return word.replace(/(?:ый|ой|ий)$/u, "ого");
}

/** 3 -> "третий" / "третьего", 21 -> "двадцать первый" / "двадцать первого"; past 99, the digits. */
export function russianOrdinal(n: number): { nom: string; gen: string } {
  if (n < 20) return { nom: RU_ORDINAL_NOM[n]!, gen: ruGenitive(RU_ORDINAL_NOM[n]!) };
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const unit = n % 10;
    if (unit === 0) return { nom: RU_TENS_ORDINAL[tens]!, gen: ruGenitive(RU_TENS_ORDINAL[tens]!) };
    return { nom: `${RU_TENS[tens]} ${RU_ORDINAL_NOM[unit]}`, gen: `${RU_TENS[tens]} ${ruGenitive(RU_ORDINAL_NOM[unit]!)}` };
  }
  return { nom: String(n), gen: String(n) };
}

const same = (text: string, chain = true): Cite => ({ nom: text, gen: text, chain });

function short(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
}

/** The printed mark of a clause ("1." or "1)"), which decides between часть and пункт. */
export type MarkOf = (clause: Clause) => string;

interface Context {
  language: "vi" | "ru";
  markOf: MarkOf;
  /** Clauses open above the one being cited, outermost first. */
  ancestors: Clause[];
  siblings: Clause[];
  index: number;
  facts: SiblingFacts;
}

function nearest(ancestors: Clause[], kind: Clause["kind"]): Clause | undefined {
  for (let k = ancestors.length - 1; k >= 0; k--) if (ancestors[k]!.kind === kind) return ancestors[k];
  return undefined;
}

/**
 * Facts about one list of siblings, computed once per list (per-clause scans would be quadratic in a
 * letter of a thousand paragraphs): each paragraph's ordinal and run, each table's ordinal.
 */
interface SiblingFacts {
  ordinal: Int32Array;
  runStart: Int32Array;
  runEnd: Int32Array;
  tables: number;
}

function siblingFacts(list: Clause[]): SiblingFacts {
  const n = list.length;
  const ordinal = new Int32Array(n);
  const runStart = new Int32Array(n);
  const runEnd = new Int32Array(n);
  let paragraphs = 0;
  let tables = 0;
  for (let i = 0; i < n; i++) {
    const kind = list[i]!.kind;
    if (kind === "table") ordinal[i] = ++tables;
    if (kind !== "paragraph") continue;
    ordinal[i] = ++paragraphs;
    runStart[i] = i > 0 && list[i - 1]!.kind === "paragraph" ? runStart[i - 1]! : i;
  }
  for (let i = n - 1; i >= 0; i--) {
    if (list[i]!.kind === "paragraph") runEnd[i] = i + 1 < n && list[i + 1]!.kind === "paragraph" ? runEnd[i + 1]! : i;
  }
  return { ordinal, runStart, runEnd, tables };
}

/** A paragraph's place among its siblings: the leading run, the closing run, or its count. */
function paragraphPlace(ctx: Context): { run: "lead" | "tail" | "middle"; k: number; runLength: number } {
  const { siblings, index, facts } = ctx;
  const start = facts.runStart[index]!;
  const end = facts.runEnd[index]!;
  const k = facts.ordinal[index]!;
  if (start === 0 && end < siblings.length - 1) return { run: "lead", k: index - start + 1, runLength: end - start + 1 };
  // Only appendices after it: the run closes the body ("Trên đây là Kế hoạch…").
  let closes = start > 0;
  for (let j = end + 1; closes && j < siblings.length; j++) closes = siblings[j]!.kind === "appendix";
  if (closes) return { run: "tail", k: index - start + 1, runLength: end - start + 1 };
  return { run: "middle", k, runLength: end - start + 1 };
}

function vietnamese(c: Clause, ctx: Context): Cite {
  const n = c.number ?? "";
  const parent = ctx.ancestors[ctx.ancestors.length - 1];
  switch (c.kind) {
    case "appendix":
      return same(n ? `Phụ lục ${n}` : "Phụ lục", false);
    case "part":
      return same(`Phần ${n}`, false);
    case "chapter":
      return same(`Chương ${n}`, false);
    case "section":
      return same(`Mục ${n}`);
    case "subsection":
      return same(`Tiểu mục ${n}`);
    case "article":
      return same(`Điều ${n}`, false);
    case "roman":
      return same(`Mục ${n}`);
    case "item":
      return same(`khoản ${n}`);
    case "decimal": {
      if (nearest(ctx.ancestors, "article")) return same(`khoản ${n}`);
      if (/^[IVXLC]+\./u.test(n)) return same(`Mục ${n}`, false); // "I.1" prints its section
      const roman = nearest(ctx.ancestors, "roman");
      return roman ? same(`Mục ${roman.number}.${n}`, false) : same(`mục ${n}`);
    }
    case "point":
      return same(`điểm ${n}`);
    case "heading":
      return same(`mục “${short(c.heading)}”`, false);
    case "table":
      return same(tableWord(ctx, "Bảng", "bảng"));
    case "row":
      return same(`dòng ${n}`);
    case "paragraph": {
      const place = paragraphPlace(ctx);
      if (parent) return same(`đoạn ${place.k + 1}`); // the clause's own text is its first đoạn
      const tail = place.runLength > 1 ? ` ${place.k}` : "";
      if (place.run === "lead") return same(`đoạn mở đầu${tail}`);
      if (place.run === "tail") return same(`đoạn kết${tail}`);
      return same(`đoạn ${place.k}`);
    }
  }
}

/** "bảng" alone when its container has one table, "bảng 2" among several; at the root, capitalised. */
function tableWord(ctx: Context, root: string, inner: string): string {
  const word = ctx.ancestors.length === 0 ? root : inner;
  return ctx.facts.tables > 1 ? `${word} ${ctx.facts.ordinal[ctx.index]}` : word;
}

function russian(c: Clause, ctx: Context): Cite {
  const n = c.number ?? "";
  const parent = ctx.ancestors[ctx.ancestors.length - 1];
  const inArticle = nearest(ctx.ancestors, "article") !== undefined;
  const pair = (nom: string, gen: string, chain = true): Cite => ({ nom: `${nom}${n ? ` ${n}` : ""}`, gen: `${gen}${n ? ` ${n}` : ""}`, chain });
  switch (c.kind) {
    case "appendix":
      return pair("приложение", "приложения", false);
    case "part":
      return pair("раздел", "раздела", false);
    case "chapter":
      return pair("глава", "главы", false);
    case "section":
      return pair("параграф", "параграфа");
    case "subsection":
      return pair("подраздел", "подраздела");
    case "article":
      return pair("статья", "статьи", false);
    case "roman":
      return pair("раздел", "раздела");
    case "item":
    case "decimal": {
      const paren = ctx.markOf(c).endsWith(")");
      if (inArticle) return paren ? pair("пункт", "пункта") : pair("часть", "части");
      const underItem = parent !== undefined && (parent.kind === "item" || parent.kind === "decimal");
      return paren && underItem ? pair("подпункт", "подпункта") : pair("пункт", "пункта");
    }
    case "point":
      return pair("подпункт", "подпункта");
    case "heading":
      return { nom: `раздел «${short(c.heading)}»`, gen: `раздела «${short(c.heading)}»`, chain: false };
    case "table": {
      const word = tableWord(ctx, "Таблица", "таблица");
      return { nom: word, gen: word.replace(/^([Тт]аблиц)а/u, "$1ы"), chain: true };
    }
    case "row":
      return same(`строка ${n}`);
    case "paragraph": {
      const place = paragraphPlace(ctx);
      if (parent) {
        const o = russianOrdinal(place.k);
        return { nom: `абзац ${o.nom}`, gen: `абзаца ${o.gen}`, chain: true };
      }
      const tail = place.runLength > 1 ? `, абзац ${russianOrdinal(place.k).nom}` : "";
      if (place.run === "lead") return same(`преамбула${tail}`);
      if (place.run === "tail") return same(`заключительная часть${tail}`);
      return same(`абзац ${russianOrdinal(place.k).nom}`);
    }
  }
}

/** Numbers the decimal already prints ("2.1" under "2.") are not repeated: "Mục II.2.1", not "…khoản 2". */
function printedBy(c: Clause, ancestor: Clause): boolean {
  return (
    (c.kind === "decimal" || c.kind === "item") &&
    (ancestor.kind === "item" || ancestor.kind === "decimal") &&
    ancestor.number !== null &&
    (c.number ?? "").startsWith(`${ancestor.number}.`)
  );
}

/** An unnumbered heading below a numbered unit: its descendants are cited by that unit. */
function transparent(ancestors: Clause[], k: number): boolean {
  return ancestors[k]!.kind === "heading" && k > 0;
}

/** Sets `citation` on every clause of the tree. */
export function citeClauses(roots: Clause[], language: "vi" | "ru", markOf: MarkOf = () => ""): void {
  const cite = language === "ru" ? russian : vietnamese;
  // For each clause on the path: its own Cite and the genitive chain from it upwards.
  const walk = (list: Clause[], ancestors: Clause[], chains: { cite: Cite; genChain: string }[]) => {
    const facts = siblingFacts(list);
    list.forEach((c, index) => {
      const own = cite(c, { language, markOf, ancestors, siblings: list, index, facts });
      // Skip ancestors whose number this one prints, and the table of a row (the row reads "…, dòng 2").
      // Skip ancestors whose number this one prints, and unnumbered headings inside a numbered unit
      // (a Word heading "Danh mục nhiệm vụ" under "Phụ lục I" is not part of how a row is cited).
      let k = ancestors.length - 1;
      while (k >= 0 && (printedBy(c, ancestors[k]!) || transparent(ancestors, k))) k--;
      const above = own.chain && k >= 0 ? chains[k]! : null;
      let citation: string;
      let genChain: string;
      if (c.kind === "table" || c.kind === "row" || (c.kind === "heading" && k >= 0)) {
        // "Phụ lục I, bảng 2"; a row: "Phụ lục I, dòng 2" when its table is alone there, else "…, bảng 2, dòng 2".
        const tableAlone = c.kind === "row" && k >= 0 && ancestors[k]!.kind === "table" && /^(?:bảng|таблица)$/u.test(chains[k]!.cite.nom);
        let j = tableAlone ? k - 1 : k;
        while (j >= 0 && transparent(ancestors, j)) j--;
        const container = j >= 0 ? ancestors[j] : undefined;
        citation = container ? `${container.citation}, ${own.nom}` : capitalise(own.nom);
        genChain = container ? `${container.citation}, ${own.gen}` : own.gen;
      } else {
        citation = above ? `${own.nom} ${above.genChain}` : own.nom;
        genChain = above ? `${own.gen} ${above.genChain}` : own.gen;
      }
      c.citation = citation;
      const nextChains = chains.slice(0, ancestors.length);
      nextChains.push({ cite: own, genChain });
      if (c.children.length > 0) walk(c.children, [...ancestors, c], nextChains);
    });
  };
  walk(roots, [], []);
}

/** "khoản 3 Điều 2" -> "Khoản 3 Điều 2", where a citation starts a sentence or a table cell. */
export function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toLocaleUpperCase("vi") + text.slice(1);
}
