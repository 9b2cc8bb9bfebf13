/**
 * The drafter's corrections to an outline before publishing. They point at paragraphs by index in
 * the parser's paragraph list (stable for a version, whose text never changes), so the clauses of a
 * version are always `parseDocument(text, { corrections })`: reproducible, and undone by dropping one.
 */
import { z } from "zod";

export const correctionSchema = z.discriminatedUnion("op", [
  /** The paragraph is front or back matter: kept with the version, not commented on. */
  z.object({ op: z.literal("matter"), para: z.number().int().min(0) }),
  /** A front or back matter paragraph is content after all: it becomes a clause. */
  z.object({ op: z.literal("commentable"), para: z.number().int().min(0) }),
  /** The clause that this paragraph opens is joined to the clause before it (its text becomes body). */
  z.object({ op: z.literal("join"), para: z.number().int().min(0) }),
  /** This body paragraph opens a clause of its own, at the level of the clause it was in. */
  z.object({ op: z.literal("split"), para: z.number().int().min(0) }),
  /** The clause this paragraph opens moves one level out (-1) or in (+1), under the clause before it. */
  z.object({ op: z.literal("level"), para: z.number().int().min(0), delta: z.union([z.literal(-1), z.literal(1)]) }),
]);

export type OutlineCorrection = z.infer<typeof correctionSchema>;

export const MAX_CORRECTIONS = 500;
export const correctionsSchema = z.array(correctionSchema).max(MAX_CORRECTIONS);

/** Stored JSON -> corrections; anything unreadable counts as none (the text alone still parses). */
export function readCorrections(json: string | null | undefined): OutlineCorrection[] {
  if (!json) return [];
  try {
    const parsed = correctionsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The corrections by paragraph, the last word winning where two say opposite things of one paragraph. */
export interface CorrectionIndex {
  matter: Set<number>;
  commentable: Set<number>;
  join: Set<number>;
  split: Set<number>;
  level: Map<number, number>;
}

export function indexCorrections(list: readonly OutlineCorrection[]): CorrectionIndex {
  const index: CorrectionIndex = { matter: new Set(), commentable: new Set(), join: new Set(), split: new Set(), level: new Map() };
  for (const c of list) {
    switch (c.op) {
      case "matter":
        index.commentable.delete(c.para);
        index.matter.add(c.para);
        break;
      case "commentable":
        index.matter.delete(c.para);
        index.commentable.add(c.para);
        break;
      case "join":
        index.split.delete(c.para);
        index.join.add(c.para);
        break;
      case "split":
        index.join.delete(c.para);
        index.split.add(c.para);
        break;
      case "level":
        index.level.set(c.para, (index.level.get(c.para) ?? 0) + c.delta);
        break;
    }
  }
  return index;
}
