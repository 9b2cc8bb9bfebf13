/**
 * Clause lineage between two versions: which clause of the new version continues which clause of
 * the old one, and what became of every old clause (kept, changed, moved, split, merged, removed).
 *
 * Matching is by content, not by number, so renumbering (an article inserted shifts every later
 * number) costs nothing. Steps:
 *  1. identical text (ignoring form) pairs first; a clause with the same printed label and the same
 *     heading pairs tentatively (its body rewritten: "1. Mục đích" whose points became dash lines);
 *  2. the rest pair greedily by confidence: word similarity (Dice on word counts) first, agreement of
 *     position (between the matched neighbours) and of parent (the parents are paired) as secondary
 *     evidence that never makes a pair alone. Candidates are found through an index of the words each
 *     clause has, so two 1 MB laws do not compare every pair;
 *  3. an old clause left over whose words are mostly inside one new clause, and mostly inside what that
 *     clause's other sources do not explain, was merged into it (points a) b) c) that became dash lines
 *     of their item): a clause that did not change has nothing left to explain, so nothing is ever
 *     merged into it. A new clause left over whose words are mostly inside an old clause, in what its
 *     other successors do not already carry, is a piece of a split. Each group (a new clause with all
 *     its sources, an old clause with all its pieces) must then be similar enough as a whole;
 *  4. the rest are removed (old) or new: a pairing below MIN_CONFIDENCE is not made;
 *  5. pairs out of order (not on the longest increasing run of old positions) are marked moved.
 *
 * Every link carries its confidence (0..1, stored as score_pct): 1 for identical texts.
 */
import { formless, fullText, words, type ClauseText } from "./text";

export interface AlignClause extends ClauseText {
  id: number;
  label: string;
  position: number;
  /** Depth in the outline (0 for top-level clauses); the parent is the nearest clause before with less. */
  depth?: number;
  /** The parent clause's id, when known (stored clauses); otherwise derived from `depth`. */
  parentId?: number | null;
}

export type Relation = "kept" | "changed" | "moved" | "split" | "merged" | "removed" | "new";

export interface Link {
  oldId: number | null;
  newId: number | null;
  relation: Relation;
  /**
   * Confidence 0..1 (stored as score_pct): 1 for identical texts, 0 for removed/new; for a pair, word
   * similarity with position and parent agreement (see MIN_CONFIDENCE); for a merged source or a split
   * piece, the lower of its containment and its group's similarity.
   */
  score: number;
}

/**
 * The confidence a pairing needs, or it is not made (the old clause removed, the new one new).
 * Confidence = TEXT_WEIGHT × word similarity + POSITION_WEIGHT (between its matched neighbours) +
 * PARENT_WEIGHT (the parents are paired). Chosen from tests/unit/lineage/align.test.ts: real
 * counterparts (a khoản reworded, an article moved and edited, the Sóc Trăng redraft) score 0.6 and
 * up, while unrelated clauses of one law share only the law's common syllables ("thực hiện",
 * "cơ quan", "nhà nước"): up to ~0.55 similarity for two short clauses, ~0.3 for a khoản rewritten
 * beyond recognition. So: below TEXT_FLOOR (0.5) nothing pairs, whatever the position says; a clause
 * in its place under its paired parent needs similarity 0.5 (confidence 0.6), one that left its place
 * or its parent 0.5 (0.5), one that left both 0.625.
 */
export const MIN_CONFIDENCE = 0.5;
const TEXT_FLOOR = 0.5;
const TEXT_WEIGHT = 0.8;
const POSITION_WEIGHT = 0.1;
const PARENT_WEIGHT = 0.1;
/** Links (other than identical texts) below this confidence are shown to the drafter to check. */
export const LOW_CONFIDENCE = 0.7;
/** A merged source (split piece) has at least this share of its words inside the clause it went into (came from). */
const CONTAINMENT_THRESHOLD = 0.75;
/**
 * ... and at least this share inside what that clause's other sources (pieces) do not already
 * explain: the words a merge brought must be new there. A clause kept as it was has nothing left,
 * so a deleted heading whose words happen to be in it is reported removed, not merged.
 */
const RESIDUAL_THRESHOLD = 0.5;
/** Words in more than this many clauses are too common to find candidates with. */
const MAX_POSTING = 60;

/**
 * A clause with what comparison needs, computed only when first asked: most clauses pair on their
 * raw text, so their normalised text and word counts are never built.
 */
class Prepared {
  readonly raw: string;
  private exactText: string | undefined;
  private words: { bag: Map<string, number>; size: number } | undefined;
  constructor(readonly clause: AlignClause) {
    this.raw = fullText(clause);
  }
  get exact(): string {
    return (this.exactText ??= formless(this.raw));
  }
  private counted() {
    if (!this.words) {
      const bag = new Map<string, number>();
      const ws = words(this.raw);
      for (const w of ws) bag.set(w, (bag.get(w) ?? 0) + 1);
      this.words = { bag, size: ws.length };
    }
    return this.words;
  }
  get bag(): Map<string, number> {
    return this.counted().bag;
  }
  get size(): number {
    return this.counted().size;
  }
}

function prepare(c: AlignClause): Prepared {
  return new Prepared(c);
}

function common(a: Prepared, b: Prepared): number {
  const [small, large] = a.bag.size <= b.bag.size ? [a, b] : [b, a];
  let n = 0;
  for (const [w, k] of small.bag) n += Math.min(k, large.bag.get(w) ?? 0);
  return n;
}

function dice(a: Prepared, b: Prepared): number {
  return a.size + b.size === 0 ? 0 : (2 * common(a, b)) / (a.size + b.size);
}

/** A multiset of words: what a group of clauses says, or what is left of a clause once others are taken out. */
interface Bag {
  bag: Map<string, number>;
  size: number;
}

function sumBags(parts: Bag[]): Bag {
  const bag = new Map<string, number>();
  let size = 0;
  for (const p of parts) {
    for (const [w, k] of p.bag) bag.set(w, (bag.get(w) ?? 0) + k);
    size += p.size;
  }
  return { bag, size };
}

/** `whole` without the words of `parts` (counted: a word twice in whole and once in parts stays once). */
function minusBags(whole: Bag, parts: Bag[]): Bag {
  const bag = new Map(whole.bag);
  let size = whole.size;
  for (const p of parts) {
    for (const [w, k] of p.bag) {
      const have = bag.get(w);
      if (have === undefined) continue;
      const take = Math.min(have, k);
      size -= take;
      if (have === take) bag.delete(w);
      else bag.set(w, have - take);
    }
  }
  return { bag, size };
}

function commonBags(a: Bag, b: Bag): number {
  const [small, large] = a.bag.size <= b.bag.size ? [a, b] : [b, a];
  let n = 0;
  for (const [w, k] of small.bag) n += Math.min(k, large.bag.get(w) ?? 0);
  return n;
}

function diceBags(a: Bag, b: Bag): number {
  return a.size + b.size === 0 ? 0 : (2 * commonBags(a, b)) / (a.size + b.size);
}

function containedIn(part: Bag, whole: Bag): number {
  return part.size === 0 ? 0 : commonBags(part, whole) / part.size;
}

/** How much of `part` is found inside `whole`. */
function containment(part: Prepared, whole: Prepared): number {
  return part.size === 0 ? 0 : common(part, whole) / part.size;
}

function candidateIndex(items: Prepared[], only?: number[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (const i of only ?? items.keys()) {
    const p = items[i]!;
    for (const w of p.bag.keys()) {
      const list = index.get(w);
      if (list) list.push(i);
      else index.set(w, [i]);
    }
  }
  return index;
}

/** How many unmatched old clauses around the expected position are compared whatever their words. */
const NEAR = 12;

/** For each new index, where in the old version it would be if it moved with its matched neighbours. */
function expectedPositions(newLength: number, newToOld: Map<number, number>): number[] {
  const out: number[] = [];
  let anchorNew = -1;
  let anchorOld = -1;
  for (let j = 0; j < newLength; j++) {
    const i = newToOld.get(j);
    if (i !== undefined) [anchorNew, anchorOld] = [j, i];
    out.push(anchorOld + (j - anchorNew));
  }
  return out;
}

/** The `k` entries of a sorted index list nearest to `target` on each side. */
function nearby(sorted: number[], target: number, k: number): number[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return sorted.slice(Math.max(0, lo - k), lo + k);
}

function candidatesOf(p: Prepared, index: Map<string, number[]>, limit = 40): number[] {
  const hits = new Map<number, number>();
  for (const w of p.bag.keys()) {
    const list = index.get(w);
    if (!list || list.length > MAX_POSTING) continue;
    for (const i of list) hits.set(i, (hits.get(i) ?? 0) + 1);
  }
  return [...hits.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([i]) => i);
}

/** Indices (into `seq`) of one longest strictly increasing subsequence. O(n log n). */
function longestIncreasing(seq: number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < seq[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}

/**
 * Pairs identical texts. Texts found once on each side pair first and serve as anchors; a text
 * repeated ("Thời gian thực hiện: Năm 2023.") pairs with the copy nearest to where the anchors
 * before it say it should be.
 */
function pairIdentical(
  olds: Prepared[],
  news: Prepared[],
  key: (p: Prepared) => string,
  oldTaken: { has(i: number): boolean },
  newToOld: Map<number, number>,
  pair: (j: number, i: number, s: number) => void,
): void {
  const byText = new Map<string, number[]>();
  olds.forEach((p, i) => {
    if (oldTaken.has(i)) return;
    const k = key(p);
    const list = byText.get(k);
    if (list) list.push(i);
    else byText.set(k, [i]);
  });
  const newCount = new Map<string, number>();
  news.forEach((p, j) => {
    if (!newToOld.has(j)) newCount.set(key(p), (newCount.get(key(p)) ?? 0) + 1);
  });
  news.forEach((p, j) => {
    if (newToOld.has(j)) return;
    const k = key(p);
    const list = byText.get(k);
    if (k !== "" && list?.length === 1 && newCount.get(k) === 1) pair(j, list[0]!, 1);
  });
  let anchorNew = -1;
  let anchorOld = -1;
  news.forEach((p, j) => {
    const matched = newToOld.get(j);
    if (matched !== undefined) {
      [anchorNew, anchorOld] = [j, matched];
      return;
    }
    const k = key(p);
    const list = byText.get(k);
    if (!list || k === "") return;
    const expected = anchorOld + (j - anchorNew);
    let best = -1;
    for (const i of list) if (!oldTaken.has(i) && (best < 0 || Math.abs(i - expected) < Math.abs(best - expected))) best = i;
    if (best >= 0) {
      pair(j, best, 1);
      [anchorNew, anchorOld] = [j, best];
    }
  });
}

/** Index of each clause's parent in the list (-1 at the top level): from parentId when given, else from depth. */
function parentsOf(list: AlignClause[]): Int32Array {
  const out = new Int32Array(list.length).fill(-1);
  if (list.some((c) => c.parentId !== undefined)) {
    const index = new Map(list.map((c, i) => [c.id, i]));
    list.forEach((c, i) => {
      if (c.parentId != null) out[i] = index.get(c.parentId) ?? -1;
    });
    return out;
  }
  const stack: number[] = [];
  list.forEach((c, i) => {
    const depth = c.depth ?? 0;
    while (stack.length > 0 && (list[stack[stack.length - 1]!]!.depth ?? 0) >= depth) stack.pop();
    out[i] = stack.length > 0 ? stack[stack.length - 1]! : -1;
    stack.push(i);
  });
  return out;
}

/**
 * For each new index, the old positions of the nearest matched clauses before and after it (-1 and
 * the old length when there is none): a clause whose counterpart lies between them is in its place.
 */
function anchorsAround(newLength: number, oldLength: number, newToOld: Map<number, number>): { before: Int32Array; after: Int32Array } {
  const before = new Int32Array(newLength);
  const after = new Int32Array(newLength);
  let last = -1;
  for (let j = 0; j < newLength; j++) {
    before[j] = last;
    const i = newToOld.get(j);
    if (i !== undefined) last = i;
  }
  last = oldLength;
  for (let j = newLength - 1; j >= 0; j--) {
    after[j] = last;
    const i = newToOld.get(j);
    if (i !== undefined) last = i;
  }
  return { before, after };
}

export function alignVersions(oldClauses: AlignClause[], newClauses: AlignClause[]): Link[] {
  const olds = oldClauses.map(prepare);
  const news = newClauses.map(prepare);
  // Indices, both ways; `scores` holds the confidence of each new clause's pairing.
  const newToOld = new Map<number, number>();
  const oldToNew = new Map<number, number>();
  const scores = new Map<number, number>();
  const pair = (j: number, i: number, s: number) => {
    newToOld.set(j, i);
    oldToNew.set(i, j);
    scores.set(j, s);
  };
  const unpair = (j: number) => {
    const i = newToOld.get(j);
    if (i === undefined) return;
    newToOld.delete(j);
    oldToNew.delete(i);
    scores.delete(j);
  };

  // 1. Identical texts: raw text first (no normalising needed), then the form-insensitive text for what is left.
  pairIdentical(olds, news, (p) => p.raw, oldToNew, newToOld, pair);
  pairIdentical(olds, news, (p) => p.exact, oldToNew, newToOld, pair);
  // An identical pair has no word left to explain: nothing can be merged into it or split from it (3a, 3b).
  const identicalNew = new Set(newToOld.keys());
  const identicalOld = new Set(oldToNew.keys());

  // 1b. Same printed label and same heading: the same clause with its body rewritten ("1. Mục đích"
  // whose points a) b) c) became dash lines). Only tentatively: the group check (3c) keeps it when
  // the clause with what was merged into it is similar enough to the new text.
  const tentative = new Set<number>();
  const byLabel = new Map<string, number>();
  olds.forEach((p, i) => {
    if (!oldToNew.has(i)) byLabel.set(p.clause.label, i);
  });
  news.forEach((p, j) => {
    if (newToOld.has(j)) return;
    const i = byLabel.get(p.clause.label);
    if (i === undefined || oldToNew.has(i)) return;
    const heading = formless(p.clause.heading, true);
    if (heading === "" || formless(olds[i]!.clause.heading, true) !== heading) return;
    pair(j, i, 0);
    tentative.add(j);
  });

  // Secondary evidence: the old clause lies between the old counterparts of the new one's matched
  // neighbours, and the two parents are paired (or both are at the top level).
  const oldParent = parentsOf(oldClauses);
  const newParent = parentsOf(newClauses);
  const { before, after } = anchorsAround(news.length, olds.length, newToOld);
  const confidence = (i: number, j: number, text: number): number => {
    const po = oldParent[i]!;
    const pn = newParent[j]!;
    const parentAgrees = po < 0 ? pn < 0 : pn >= 0 && newToOld.get(pn) === po;
    return TEXT_WEIGHT * text + (before[j]! < i && i < after[j]! ? POSITION_WEIGHT : 0) + (parentAgrees ? PARENT_WEIGHT : 0);
  };

  // 2. Similar texts: most confident pairs first. Candidates are the unmatched old clauses sharing a
  // rare word, plus those near where the matched neighbours say the clause should be (common words only).
  const unmatchedOld = olds.map((_, i) => i).filter((i) => !oldToNew.has(i));
  const oldIndex = candidateIndex(olds, unmatchedOld);
  const expectedOld = expectedPositions(news.length, newToOld);
  const pairs: { i: number; j: number; s: number; c: number }[] = [];
  news.forEach((p, j) => {
    if (newToOld.has(j)) return;
    const near = nearby(unmatchedOld, expectedOld[j]!, NEAR);
    for (const i of new Set([...candidatesOf(p, oldIndex), ...near])) {
      if (oldToNew.has(i)) continue;
      const s = dice(olds[i]!, p);
      if (s >= TEXT_FLOOR) pairs.push({ i, j, s, c: confidence(i, j, s) });
    }
  });
  pairs.sort((a, b) => b.c - a.c || b.s - a.s || Math.abs(a.i - a.j) - Math.abs(b.i - b.j));
  // Twice: a pair short of confidence because its parents were not paired yet may be made once they are.
  for (let pass = 0; pass < 2; pass++) {
    for (const { i, j, s } of pairs) {
      if (oldToNew.has(i) || newToOld.has(j)) continue;
      const c = confidence(i, j, s);
      if (c >= MIN_CONFIDENCE) pair(j, i, c);
    }
  }

  // 3a. Old clauses left over, mostly contained in one new clause and in what its other sources do
  // not explain: merged into it. When that new clause has no predecessor yet, the first such old
  // clause (in document order) is its predecessor, provisionally. Candidates: the new clauses around
  // where the old one's matched neighbours went.
  const expectedNew = expectedPositions(olds.length, oldToNew);
  const allNew = news.map((_, j) => j);
  const sourcesOf = new Map<number, number[]>();
  const promoted = new Set<number>();
  const explainedBy = (j: number): Bag[] => {
    const out: Bag[] = [];
    const i = newToOld.get(j);
    if (i !== undefined) out.push(olds[i]!);
    for (const k of sourcesOf.get(j) ?? []) out.push(olds[k]!);
    return out;
  };
  olds.forEach((p, i) => {
    if (oldToNew.has(i) || p.size === 0) return;
    let best = -1;
    let bestScore = 0;
    for (const j of nearby(allNew, expectedNew[i]!, NEAR)) {
      if (identicalNew.has(j)) continue;
      const s = containment(p, news[j]!);
      if (s < CONTAINMENT_THRESHOLD || s <= bestScore) continue;
      if (containedIn(p, minusBags(news[j]!, explainedBy(j))) < RESIDUAL_THRESHOLD) continue;
      [best, bestScore] = [j, s];
    }
    if (best < 0) return;
    if (!newToOld.has(best)) {
      pair(best, i, 0);
      promoted.add(best);
    } else {
      const list = sourcesOf.get(best);
      if (list) list.push(i);
      else sourcesOf.set(best, [i]);
    }
  });

  // 3c. Each new clause with its sources, as a whole: a provisional predecessor stays only if the
  // group is similar enough to the new text; merges stay only if they explain it better than the
  // predecessor alone.
  const groupText = new Map<number, number>();
  for (const j of new Set([...tentative, ...promoted, ...sourcesOf.keys()])) {
    const i = newToOld.get(j);
    if (i === undefined) continue;
    const group = explainedBy(j);
    const together = group.length === 1 ? dice(olds[i]!, news[j]!) : diceBags(sumBags(group), news[j]!);
    const c = confidence(i, j, together);
    if (tentative.has(j) || promoted.has(j)) {
      if (together >= TEXT_FLOOR && c >= MIN_CONFIDENCE) {
        scores.set(j, c);
        groupText.set(j, together);
      } else {
        unpair(j);
        sourcesOf.delete(j);
      }
    } else if (together > dice(olds[i]!, news[j]!)) {
      scores.set(j, Math.max(scores.get(j)!, c));
      groupText.set(j, together);
    } else {
      sourcesOf.delete(j);
    }
  }
  const mergedOld = new Set([...sourcesOf.values()].flat());

  // 3b. New clauses left over, mostly contained in an old clause (matched or not, found near where the
  // neighbours put it) and in what its other successors do not carry: a piece of that old clause, split.
  const piecesOf = new Map<number, number[]>();
  const pieceScore = new Map<number, number>();
  const allOld = olds.map((_, i) => i);
  const carriedBy = (i: number): Bag[] => {
    const out: Bag[] = [];
    const j = oldToNew.get(i);
    if (j !== undefined) out.push(news[j]!);
    for (const k of piecesOf.get(i) ?? []) out.push(news[k]!);
    return out;
  };
  news.forEach((p, j) => {
    if (newToOld.has(j) || p.size === 0) return;
    let best = -1;
    let bestScore = 0;
    for (const i of new Set([...candidatesOf(p, oldIndex), ...nearby(allOld, expectedOld[j]!, NEAR)])) {
      if (mergedOld.has(i) || identicalOld.has(i)) continue;
      const s = containment(p, olds[i]!);
      if (s < CONTAINMENT_THRESHOLD || s <= bestScore) continue;
      if (containedIn(p, minusBags(olds[i]!, carriedBy(i))) < RESIDUAL_THRESHOLD) continue;
      [best, bestScore] = [i, s];
    }
    if (best < 0) return;
    const list = piecesOf.get(best);
    if (list) list.push(j);
    else piecesOf.set(best, [j]);
    pieceScore.set(j, bestScore);
  });
  // Each split old clause, as a whole: its pieces must together be similar enough to it, and explain it
  // better than its successor alone.
  for (const [i, pieces] of piecesOf) {
    const j0 = oldToNew.get(i);
    const together = diceBags(olds[i]!, sumBags(carriedBy(i)));
    const alone = j0 !== undefined ? dice(olds[i]!, news[j0]!) : 0;
    if (together < MIN_CONFIDENCE || together <= alone) {
      piecesOf.delete(i);
      continue;
    }
    for (const j of pieces) pieceScore.set(j, Math.min(pieceScore.get(j)!, together));
    if (j0 !== undefined) scores.set(j0, Math.max(scores.get(j0)!, confidence(i, j0, together)));
  }

  const links: Link[] = [];
  for (const [j, sources] of sourcesOf) {
    for (const i of sources) {
      links.push({ oldId: olds[i]!.clause.id, newId: news[j]!.clause.id, relation: "merged", score: Math.min(containment(olds[i]!, news[j]!), groupText.get(j) ?? 1) });
    }
  }

  // 5. Order: matched pairs in new order; those off the longest increasing run of old positions moved.
  const matched = [...newToOld.entries()].sort((a, b) => a[0] - b[0]);
  const inOrder = longestIncreasing(matched.map(([, i]) => i));
  matched.forEach(([j, i], k) => {
    const o = olds[i]!;
    const n = news[j]!;
    const relation: Relation = piecesOf.has(i) ? "split" : !inOrder.has(k) ? "moved" : o.exact === n.exact ? "kept" : "changed";
    links.push({ oldId: o.clause.id, newId: n.clause.id, relation, score: scores.get(j) ?? 0 });
  });
  const pieceOf = new Map<number, number>();
  for (const [i, pieces] of piecesOf) {
    for (const j of pieces) {
      pieceOf.set(j, i);
      links.push({ oldId: olds[i]!.clause.id, newId: news[j]!.clause.id, relation: "split", score: pieceScore.get(j)! });
    }
  }
  // 4. What is left.
  olds.forEach((p, i) => {
    if (!oldToNew.has(i) && !mergedOld.has(i) && !piecesOf.has(i)) links.push({ oldId: p.clause.id, newId: null, relation: "removed", score: 0 });
  });
  news.forEach((p, j) => {
    if (!newToOld.has(j) && !pieceOf.has(j)) links.push({ oldId: null, newId: p.clause.id, relation: "new", score: 0 });
  });
  return links;
}

/**
 * The drafter's correction: for each new clause, the old clause it continues (or null: new).
 * Relations are recomputed from that choice; an old clause chosen twice was split, an old clause
 * chosen by none keeps its proposed "merged" link if it had one (unless its id is in `unmerged`: the
 * drafter undid that merge), and is removed otherwise. A pair the alignment proposed keeps its
 * confidence; a pair the drafter made gets the word similarity of the two texts.
 */
export function linksFromMapping(
  oldClauses: AlignClause[],
  newClauses: AlignClause[],
  mapping: Map<number, number | null>,
  proposed: Link[],
  unmerged: ReadonlySet<number> = new Set(),
): Link[] {
  const proposedScore = new Map(proposed.filter((l) => l.oldId !== null && l.newId !== null && l.relation !== "merged").map((l) => [`${l.oldId}:${l.newId}`, l.score]));
  const olds = new Map(oldClauses.map((c) => [c.id, prepare(c)]));
  const oldPos = new Map(oldClauses.map((c, i) => [c.id, i]));
  const chosenBy = new Map<number, number[]>();
  for (const n of newClauses) {
    const o = mapping.get(n.id);
    if (o != null && olds.has(o)) (chosenBy.get(o) ?? chosenBy.set(o, []).get(o)!).push(n.id);
  }
  const pairs = newClauses.filter((n) => mapping.get(n.id) != null && olds.has(mapping.get(n.id)!));
  const inOrder = longestIncreasing(pairs.map((n) => oldPos.get(mapping.get(n.id)!)!));
  const links: Link[] = pairs.map((n, k) => {
    const o = olds.get(mapping.get(n.id)!)!;
    const p = prepare(n);
    const relation: Relation =
      chosenBy.get(o.clause.id)!.length > 1 ? "split" : !inOrder.has(k) ? "moved" : o.exact === p.exact ? "kept" : "changed";
    return { oldId: o.clause.id, newId: n.id, relation, score: proposedScore.get(`${o.clause.id}:${n.id}`) ?? dice(o, p) };
  });
  for (const n of newClauses) {
    const o = mapping.get(n.id);
    if (o == null || !olds.has(o)) links.push({ oldId: null, newId: n.id, relation: "new", score: 0 });
  }
  const newIds = new Set(newClauses.map((n) => n.id));
  for (const o of oldClauses) {
    if (chosenBy.has(o.id)) continue;
    const merged = unmerged.has(o.id) ? undefined : proposed.find((l) => l.oldId === o.id && l.relation === "merged" && l.newId !== null && newIds.has(l.newId));
    links.push(merged ?? { oldId: o.id, newId: null, relation: "removed", score: 0 });
  }
  return links;
}
