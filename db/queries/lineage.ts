import { and, asc, desc, eq, isNotNull, lt } from "drizzle-orm";
import type { Db } from "../client.server";
import { clauseLinks, versions } from "../schema";

export interface LinkToStore {
  oldId: number | null;
  newId: number | null;
  relation: "kept" | "changed" | "moved" | "split" | "merged" | "removed" | "new";
  score: number;
}

/** Replaces the links of a version (the alignment's proposal, or the drafter's correction). */
export function replaceLinks(db: Db, fromVersionId: number, toVersionId: number, links: LinkToStore[], manual: boolean): void {
  db.transaction((tx) => {
    tx.delete(clauseLinks).where(eq(clauseLinks.toVersionId, toVersionId)).run();
    const rows = links.map((l) => ({
      fromVersionId,
      toVersionId,
      oldClauseId: l.oldId,
      newClauseId: l.newId,
      relation: l.relation,
      score: Math.round(l.score * 100),
      manual,
    }));
    for (let i = 0; i < rows.length; i += 400) tx.insert(clauseLinks).values(rows.slice(i, i + 400)).run();
  });
}

export function listLinks(db: Db, toVersionId: number) {
  return db.select().from(clauseLinks).where(eq(clauseLinks.toVersionId, toVersionId)).all();
}

/** Every link between the versions of a consultation, for following clauses across versions. */
export function consultationLinks(db: Db, consultationId: number) {
  return db
    .select({
      oldClauseId: clauseLinks.oldClauseId,
      newClauseId: clauseLinks.newClauseId,
      relation: clauseLinks.relation,
      toVersionId: clauseLinks.toVersionId,
      fromVersionId: clauseLinks.fromVersionId,
    })
    .from(clauseLinks)
    .innerJoin(versions, eq(versions.id, clauseLinks.toVersionId))
    .where(eq(versions.consultationId, consultationId))
    .all();
}

/** The version a new version is compared with: the latest published one numbered before it. */
export function predecessorVersion(db: Db, consultationId: number, number: number) {
  return (
    db
      .select({ id: versions.id, number: versions.number, label: versions.label })
      .from(versions)
      .where(and(eq(versions.consultationId, consultationId), lt(versions.number, number), isNotNull(versions.publishedAt)))
      .orderBy(desc(versions.number))
      .get() ?? null
  );
}

export function versionsInOrder(db: Db, consultationId: number) {
  return db
    .select({ id: versions.id, number: versions.number, label: versions.label, publishedAt: versions.publishedAt })
    .from(versions)
    .where(eq(versions.consultationId, consultationId))
    .orderBy(asc(versions.number))
    .all();
}
