/**
 * Clause lineage between two versions: which clause of the new version continues which clause of
 * the old one, and what became of every old clause (kept, changed, moved, split, merged, removed).
 *
 * Matching is by content, not by number, so renumbering (an article inserted shifts every later
 * number) costs nothing. Steps:
 *  1. identical text (ignoring form) pairs first;
 *  2. the rest pair greedily by word similarity (Dice on word counts), candidates found through an
 *     index of the words each clause has, so two 1 MB laws do not compare every pair;
 *  3. an old clause left over whose words are mostly inside one new clause was merged into it
 *     (points a) b) c) that became dash lines of their item); a new clause left over whose words are
 *     mostly inside an old clause already matched is a piece of a split;
 *  4. the rest are removed (old) or new;
 *  5. pairs out of order (not on the longest increasing run of old positions) are marked moved.
 */
import { formless, fullText, words, type ClauseText } from "./text";

export interface AlignClause extends ClauseText {
  id: number;
  label: string;
  position: number;
}

export type Relation = "kept" | "changed" | "moved" | "split" | "merged" | "removed" | "new";

export interface Link {
  oldId: number | null;
  newId: number | null;
  relation: Relation;
  /** Similarity 0..1 of the two texts (1 for identical, 0 for removed/new). */
  score: number;
}

const MATCH_THRESHOLD = 0.5;
const CONTAINMENT_THRESHOLD = 0.75;
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
  oldTaken: Set<number>,
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

export function alignVersions(oldClauses: AlignClause[], newClauses: AlignClause[]): Link[] {
  const olds = oldClauses.map(prepare);
  const news = newClauses.map(prepare);
  const newToOld = new Map<number, number>(); // index -> index
  const oldTaken = new Set<number>();
  const scores = new Map<number, number>();

  // 1. Identical texts.
  const pair = (j: number, i: number, s: number) => {
    newToOld.set(j, i);
    oldTaken.add(i);
    scores.set(j, s);
  };
  // Raw text first (no normalising needed), then the form-insensitive text for what is left.
  pairIdentical(olds, news, (p) => p.raw, oldTaken, newToOld, pair);
  pairIdentical(olds, news, (p) => p.exact, oldTaken, newToOld, pair);

  // 1b. Same printed label and same heading: the same clause with its body rewritten
  // ("1. Mục đích" whose points a) b) c) became dash lines).
  const byLabel = new Map<string, number>();
  olds.forEach((p, i) => {
    if (!oldTaken.has(i)) byLabel.set(p.clause.label, i);
  });
  news.forEach((p, j) => {
    if (newToOld.has(j)) return;
    const i = byLabel.get(p.clause.label);
    if (i === undefined || oldTaken.has(i)) return;
    if (formless(olds[i]!.clause.heading, true) !== formless(p.clause.heading, true)) return;
    newToOld.set(j, i);
    oldTaken.add(i);
    scores.set(j, dice(olds[i]!, p));
  });

  // 2. Similar texts: best pairs first. Candidates are the unmatched old clauses sharing a rare word,
  // plus those near where the matched neighbours say the clause should be (common words only).
  const unmatchedOld = olds.map((_, i) => i).filter((i) => !oldTaken.has(i));
  const oldIndex = candidateIndex(olds, unmatchedOld);
  const expectedOld = expectedPositions(news.length, newToOld);
  const pairs: { i: number; j: number; s: number }[] = [];
  news.forEach((p, j) => {
    if (newToOld.has(j)) return;
    const near = nearby(unmatchedOld, expectedOld[j]!, NEAR);
    for (const i of new Set([...candidatesOf(p, oldIndex), ...near])) {
      if (oldTaken.has(i)) continue;
      const s = dice(olds[i]!, p);
      if (s >= MATCH_THRESHOLD) pairs.push({ i, j, s });
    }
  });
  pairs.sort((a, b) => b.s - a.s || Math.abs(a.i - a.j) - Math.abs(b.i - b.j));
  for (const { i, j, s } of pairs) {
    if (oldTaken.has(i) || newToOld.has(j)) continue;
    newToOld.set(j, i);
    oldTaken.add(i);
    scores.set(j, s);
  }

  // 3a. Old clauses left over, mostly contained in one new clause: merged into it. When that new
  // clause has no predecessor yet, the first such old clause (in document order) is its predecessor.
  // Candidates: the new clauses around where the old one's matched neighbours went.
  const expectedNew = expectedPositions(olds.length, new Map([...newToOld].map(([j, i]) => [i, j])));
  const allNew = news.map((_, j) => j);
  const mergedInto = new Map<number, number>();
  olds.forEach((p, i) => {
    if (oldTaken.has(i)) return;
    let best = -1;
    let bestScore = 0;
    for (const j of nearby(allNew, expectedNew[i]!, NEAR)) {
      const s = containment(p, news[j]!);
      if (s > bestScore) [best, bestScore] = [j, s];
    }
    if (best < 0 || bestScore < CONTAINMENT_THRESHOLD) return;
    if (!newToOld.has(best)) {
      newToOld.set(best, i);
      oldTaken.add(i);
      scores.set(best, dice(p, news[best]!));
    } else {
      mergedInto.set(i, best);
    }
  });
  // 3b. New clauses left over, mostly contained in an old clause (matched or not, found near where
  // the neighbours put it): that old clause was split.
  const splitOld = new Set<number>();
  const splitNew = new Map<number, { i: number; s: number }>();
  const allOld = olds.map((_, i) => i);
  news.forEach((p, j) => {
    if (newToOld.has(j)) return;
    let best = -1;
    let bestScore = 0;
    for (const i of new Set([...candidatesOf(p, oldIndex), ...nearby(allOld, expectedOld[j]!, NEAR)])) {
      const s = containment(p, olds[i]!);
      if (s > bestScore) [best, bestScore] = [i, s];
    }
    if (best >= 0 && bestScore >= CONTAINMENT_THRESHOLD) {
      splitOld.add(best);
      splitNew.set(j, { i: best, s: bestScore });
    }
  });

  const links: Link[] = [];
  for (const [i, j] of mergedInto) {
    links.push({ oldId: olds[i]!.clause.id, newId: news[j]!.clause.id, relation: "merged", score: containment(olds[i]!, news[j]!) });
  }

  // 5. Order: matched pairs in new order; those off the longest increasing run of old positions moved.
  const matched = [...newToOld.entries()].sort((a, b) => a[0] - b[0]);
  const inOrder = longestIncreasing(matched.map(([, i]) => i));
  matched.forEach(([j, i], k) => {
    const o = olds[i]!;
    const n = news[j]!;
    const relation: Relation = splitOld.has(i)
      ? "split"
      : !inOrder.has(k)
        ? "moved"
        : o.exact === n.exact
          ? "kept"
          : "changed";
    links.push({ oldId: o.clause.id, newId: n.clause.id, relation, score: scores.get(j) ?? 0 });
  });
  for (const [j, { i, s }] of splitNew) {
    links.push({ oldId: olds[i]!.clause.id, newId: news[j]!.clause.id, relation: "split", score: s });
  }
  // 4. What is left.
  olds.forEach((p, i) => {
    if (!oldTaken.has(i) && !mergedInto.has(i) && !splitOld.has(i)) links.push({ oldId: p.clause.id, newId: null, relation: "removed", score: 0 });
  });
  news.forEach((p, j) => {
    if (!newToOld.has(j) && !splitNew.has(j)) links.push({ oldId: null, newId: p.clause.id, relation: "new", score: 0 });
  });
  return links;
}

/**
 * The drafter's correction: for each new clause, the old clause it continues (or null: new).
 * Relations are recomputed from that choice; an old clause chosen twice was split, an old clause
 * chosen by none keeps its proposed "merged" link if it had one, and is removed otherwise.
 */
export function linksFromMapping(
  oldClauses: AlignClause[],
  newClauses: AlignClause[],
  mapping: Map<number, number | null>,
  proposed: Link[],
): Link[] {
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
    return { oldId: o.clause.id, newId: n.id, relation, score: dice(o, p) };
  });
  for (const n of newClauses) {
    const o = mapping.get(n.id);
    if (o == null || !olds.has(o)) links.push({ oldId: null, newId: n.id, relation: "new", score: 0 });
  }
  const newIds = new Set(newClauses.map((n) => n.id));
  for (const o of oldClauses) {
    if (chosenBy.has(o.id)) continue;
    const merged = proposed.find((l) => l.oldId === o.id && l.relation === "merged" && l.newId !== null && newIds.has(l.newId));
    links.push(merged ?? { oldId: o.id, newId: null, relation: "removed", score: 0 });
  }
  return links;
}
