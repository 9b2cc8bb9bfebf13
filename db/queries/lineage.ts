import { and, asc, desc, eq, isNotNull, lt } from "drizzle-orm";
import { DIALECT, transaction, type Db } from "../client.server";
import { clauseLinks, versions } from "../schema";
import { recordAudit, type AuditEntry } from "./audit";
import { lockRow } from "./locks";

export type LinkRelation = "kept" | "changed" | "moved" | "split" | "merged" | "removed" | "new";

export interface LinkToStore {
  oldId: number | null;
  newId: number | null;
  relation: LinkRelation;
  score: number;
}

/**
 * A link whose new side is a clause not stored yet: `newIndex` is its place in the list of clauses
 * being stored with it (insertVersion, replaceVersionOutline), turned into its id once it has one.
 */
export interface PendingLink {
  oldId: number | null;
  newIndex: number | null;
  relation: LinkRelation;
  score: number;
}

/** Columns of a clause_links row as inserted (the id is the database's). */
const LINK_INSERT_COLUMNS = 7;

/** Rows per INSERT, under the bound-parameter limit of either database (see versions.ts). */
const LINK_BATCH = Math.floor((DIALECT === "pg" ? 65_535 : 32_766) / LINK_INSERT_COLUMNS);

/** Inserts links in batches; the caller is in a transaction and has removed what they replace. */
export async function insertLinkRows(tx: Db, fromVersionId: number, toVersionId: number, links: LinkToStore[], manual: boolean): Promise<void> {
  const values = links.map((l) => ({
    fromVersionId,
    toVersionId,
    oldClauseId: l.oldId,
    newClauseId: l.newId,
    relation: l.relation,
    score: Math.round(l.score * 100),
    manual,
  }));
  for (let i = 0; i < values.length; i += LINK_BATCH) await tx.insert(clauseLinks).values(values.slice(i, i + LINK_BATCH));
}

/**
 * Replaces the links of a version (the drafter's correction, or a re-alignment) and records `audit`
 * (e.g. "version.lineage_corrected") in the same transaction.
 */
export async function replaceLinks(
  db: Db,
  fromVersionId: number,
  toVersionId: number,
  links: LinkToStore[],
  manual: boolean,
  audit: AuditEntry | null,
): Promise<void> {
  await transaction(db, async (tx) => {
    // Two corrections at once would each delete only what was committed and both insert.
    await lockRow(tx, versions, versions.id, toVersionId);
    await tx.delete(clauseLinks).where(eq(clauseLinks.toVersionId, toVersionId));
    await insertLinkRows(tx, fromVersionId, toVersionId, links, manual);
    if (audit) await recordAudit(tx, audit);
  });
}

export async function listLinks(db: Db, toVersionId: number) {
  return db.select().from(clauseLinks).where(eq(clauseLinks.toVersionId, toVersionId)).orderBy(asc(clauseLinks.id));
}

/** Every link between the versions of a consultation, for following clauses across versions. */
export async function consultationLinks(db: Db, consultationId: number) {
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
    // "The first link of a clause wins" (lineage.server.ts) must mean the same on both databases.
    .orderBy(asc(clauseLinks.id));
}

/** The version a new version is compared with: the latest published one numbered before it. */
export async function predecessorVersion(db: Db, consultationId: number, number: number) {
  const [row] = await db
    .select({ id: versions.id, number: versions.number, label: versions.label })
    .from(versions)
    .where(and(eq(versions.consultationId, consultationId), lt(versions.number, number), isNotNull(versions.publishedAt)))
    .orderBy(desc(versions.number))
    .limit(1);
  return row ?? null;
}

export async function versionsInOrder(db: Db, consultationId: number) {
  return db
    .select({ id: versions.id, number: versions.number, label: versions.label, publishedAt: versions.publishedAt, language: versions.language })
    .from(versions)
    .where(eq(versions.consultationId, consultationId))
    .orderBy(asc(versions.number));
}
