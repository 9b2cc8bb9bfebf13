/**
 * Comments that say nearly the same thing, proposed as groups for one answer (issue 16, part 5). The
 * drafter decides; this only suggests, with a similarity the drafter can see.
 *
 * How two comments are compared: each is a weighted set of its content words (app/domain/similar/words:
 * no marks, no function words) and of its pairs of neighbouring words, weighted by how rare they are
 * among all the comments (idf), the pairs at half weight so that word order counts a little but not
 * much; the similarity is the cosine of the two weight vectors (1 = the same words).
 *
 * Why it stays fast at 100,000 comments: no comment is compared with every other. Each gets a MinHash
 * signature of its word set; comments that agree on all rows of at least one band of the signature
 * (locality-sensitive hashing) become candidate pairs, and only those are scored. A band shared by very
 * many comments (a stock phrase) is not expanded pair by pair: each of its members is compared with a
 * few neighbours only, which keeps the work proportional to the number of comments.
 */
import { contentWords } from "./words";

export interface CommentText {
  id: number;
  text: string;
}

export interface SuggestedGroup {
  /** The comments, in the order they were given. */
  ids: number[];
  /** The weakest link that joined the group (0–1): every member is at least this close to another. */
  similarity: number;
  /** Each member's closest other member and how close (0–1). */
  closest: Map<number, { id: number; similarity: number }>;
}

export interface SuggestOptions {
  /** Least similarity for two comments to be grouped (default 0.6). */
  threshold?: number;
  /** Comments with fewer content words than this are not grouped (default 3: "Đồng ý." says little). */
  minWords?: number;
}

const BANDS = 24;
const ROWS = 4;
const HASHES = BANDS * ROWS;
/** Members of a band bucket compared pair by pair; larger buckets are compared with neighbours only. */
const BUCKET_ALL_PAIRS = 64;
const NEIGHBOURS = 8;

/** 32-bit FNV-1a of a string: the feature's identity for hashing. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fixed odd multipliers and offsets for the MinHash permutations (deterministic: same input, same groups). */
const MUL = new Uint32Array(HASHES);
const ADD = new Uint32Array(HASHES);
{
  let seed = 0x9e3779b9;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  for (let i = 0; i < HASHES; i++) {
    MUL[i] = next() | 1;
    ADD[i] = next();
  }
}

class UnionFind {
  private parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n).map((_, i) => i);
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

interface Vector {
  features: Int32Array;
  weights: Float64Array;
}

function cosine(a: Vector, b: Vector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.features.length && j < b.features.length) {
    const fa = a.features[i]!;
    const fb = b.features[j]!;
    if (fa === fb) dot += a.weights[i++]! * b.weights[j++]!;
    else if (fa < fb) i++;
    else j++;
  }
  return dot;
}

export function suggestGroups(comments: readonly CommentText[], options: SuggestOptions = {}): SuggestedGroup[] {
  const threshold = options.threshold ?? 0.6;
  const minWords = options.minWords ?? 3;

  // Features: words and neighbouring pairs, interned to numbers.
  const featureIds = new Map<string, number>();
  const df: number[] = [];
  const featureHash: number[] = [];
  const docs: { index: number; words: number[]; pairs: number[] }[] = [];
  comments.forEach((c, index) => {
    const words = contentWords(c.text);
    if (new Set(words).size < minWords) return;
    const intern = (f: string) => {
      let id = featureIds.get(f);
      if (id === undefined) {
        id = df.length;
        featureIds.set(f, id);
        df.push(0);
        featureHash.push(fnv1a(f));
      }
      return id;
    };
    const w = [...new Set(words.map(intern))];
    const p = [...new Set(words.slice(1).map((x, i) => intern(`${words[i]} ${x}`)))];
    for (const f of w) df[f]!++;
    for (const f of p) df[f]!++;
    docs.push({ index, words: w, pairs: p });
  });
  const n = docs.length;
  if (n < 2) return [];

  // Weighted, normalised vectors (idf; pairs at half weight).
  const vectors: Vector[] = docs.map((d) => {
    const entries: [number, number][] = [];
    for (const f of d.words) entries.push([f, Math.log(1 + n / df[f]!)]);
    for (const f of d.pairs) entries.push([f, 0.5 * Math.log(1 + n / df[f]!)]);
    entries.sort((x, y) => x[0] - y[0]);
    const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
    return { features: Int32Array.from(entries, (e) => e[0]), weights: Float64Array.from(entries, (e) => e[1] / norm) };
  });

  // MinHash signatures of the sets of words and neighbouring pairs (pairs make two unrelated comments
  // that share common words unlikely to meet), then band buckets (keyed by a number: a hash of the band's rows
  // and the band's index; a collision only adds a candidate, which the scoring then drops).
  const buckets = new Map<number, number[]>();
  const signature = new Uint32Array(HASHES);
  docs.forEach((d, doc) => {
    signature.fill(0xffffffff);
    for (const f of d.words.concat(d.pairs)) {
      const h = featureHash[f]!;
      for (let k = 0; k < HASHES; k++) {
        const v = (Math.imul(h, MUL[k]!) + ADD[k]!) >>> 0;
        if (v < signature[k]!) signature[k] = v;
      }
    }
    for (let b = 0; b < BANDS; b++) {
      let h = 0x811c9dc5;
      for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ signature[b * ROWS + r]!, 0x01000193) >>> 0;
      const key = h * BANDS + b;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(doc);
      else buckets.set(key, [doc]);
    }
  });

  // Candidate pairs, each scored once.
  const seen = new Set<number>();
  const edges: { a: number; b: number; s: number }[] = [];
  const consider = (a: number, b: number) => {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const key = lo * n + hi;
    if (seen.has(key)) return;
    seen.add(key);
    const s = cosine(vectors[lo]!, vectors[hi]!);
    if (s >= threshold) edges.push({ a: lo, b: hi, s });
  };
  for (const bucket of buckets.values()) {
    if (bucket.length < 2) continue;
    if (bucket.length <= BUCKET_ALL_PAIRS) {
      for (let i = 0; i < bucket.length; i++) for (let j = i + 1; j < bucket.length; j++) consider(bucket[i]!, bucket[j]!);
    } else {
      for (let i = 0; i < bucket.length; i++) for (let j = i + 1; j <= i + NEIGHBOURS && j < bucket.length; j++) consider(bucket[i]!, bucket[j]!);
    }
  }

  // Groups: strongest links first, so each group's weakest link is the one that joined it last.
  edges.sort((x, y) => y.s - x.s);
  const uf = new UnionFind(n);
  const closest = new Map<number, { id: number; similarity: number }>();
  const weakest = new Map<number, number>();
  for (const { a, b, s } of edges) {
    const ida = comments[docs[a]!.index]!.id;
    const idb = comments[docs[b]!.index]!.id;
    if (!closest.has(ida)) closest.set(ida, { id: idb, similarity: s });
    if (!closest.has(idb)) closest.set(idb, { id: ida, similarity: s });
    const ra = uf.find(a);
    const rb = uf.find(b);
    if (ra === rb) continue;
    const w = Math.min(s, weakest.get(ra) ?? 1, weakest.get(rb) ?? 1);
    uf.union(a, b);
    weakest.set(uf.find(a), w);
  }
  const members = new Map<number, number[]>();
  for (let d = 0; d < n; d++) {
    if (!closest.has(comments[docs[d]!.index]!.id)) continue;
    const root = uf.find(d);
    const list = members.get(root);
    if (list) list.push(d);
    else members.set(root, [d]);
  }
  const groups: SuggestedGroup[] = [];
  for (const [root, list] of members) {
    if (list.length < 2) continue;
    const ids = list.map((d) => comments[docs[d]!.index]!.id);
    groups.push({ ids, similarity: weakest.get(root) ?? 1, closest: new Map(ids.map((id) => [id, closest.get(id)!])) });
  }
  // Largest groups first (most answers saved), then the closest.
  return groups.sort((x, y) => y.ids.length - x.ids.length || y.similarity - x.similarity);
}
