import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import crypto from "node:crypto";
import type { Db } from "../client.server";
import { clauseLinks, clauses, consultations, versions, type ClauseRow } from "../schema";
import { predecessorVersion, replaceLinks, type LinkToStore } from "./lineage";
import { preparedPerDatabase } from "./prepared";

/** A clause as the parser gives it, flattened in document order (see app/domain/clauses). */
export interface ClauseToStore {
  label: string;
  parentLabel: string | null;
  kind: string;
  number: string | null;
  heading: string;
  body: string;
  citation: string;
  position: number;
  depth: number;
}

export interface VersionToStore {
  consultationId: number;
  label: string | null;
  text: string;
  title: string | null;
  language: string;
  frontMatter: string[];
  backMatter: string[];
  clauses: ClauseToStore[];
  source:
    | { kind: "paste" }
    | { kind: "file"; filename: string; mime: string; bytes: Buffer };
  createdBy: number | null;
  publish: boolean;
  /** The drafter's outline corrections the clauses were parsed with (stored as JSON; none by default). */
  corrections?: readonly unknown[];
}

export const versionColumns = {
  id: versions.id,
  consultationId: versions.consultationId,
  number: versions.number,
  label: versions.label,
  title: versions.title,
  clauseCount: versions.clauseCount,
  sourceKind: versions.sourceKind,
  sourceFilename: versions.sourceFilename,
  publishedAt: versions.publishedAt,
  createdAt: versions.createdAt,
};

export type VersionSummary = {
  id: number;
  consultationId: number;
  number: number;
  label: string;
  title: string | null;
  clauseCount: number;
  sourceKind: "paste" | "file";
  sourceFilename: string | null;
  publishedAt: number | null;
  createdAt: number;
};

export function defaultVersionLabel(number: number): string {
  return `Dự thảo lần ${number}`;
}

export function contentHash(heading: string, body: string): string {
  return crypto.createHash("sha1").update(heading).update("\u0000").update(body).digest("hex");
}

/** Rows per INSERT: 9 columns each keeps well under SQLite's bound-parameter limit. */
const CHUNK = 400;

/**
 * Stores a new version and all its clauses in one transaction. Clause ids are assigned here, in
 * document order, so parents can be referenced in the same multi-row INSERT (no per-clause lookups).
 */
export function insertVersion(db: Db, v: VersionToStore): number {
  return db.transaction((tx) => {
    const last = tx
      .select({ n: sql<number>`coalesce(max(${versions.number}), 0)` })
      .from(versions)
      .where(eq(versions.consultationId, v.consultationId))
      .get();
    const number = (last?.n ?? 0) + 1;
    const now = Date.now();
    const versionId = tx
      .insert(versions)
      .values({
        consultationId: v.consultationId,
        number,
        label: v.label?.trim() || defaultVersionLabel(number),
        text: v.text,
        title: v.title,
        language: v.language,
        frontMatter: JSON.stringify(v.frontMatter),
        backMatter: JSON.stringify(v.backMatter),
        clauseCount: v.clauses.length,
        sourceKind: v.source.kind,
        sourceFilename: v.source.kind === "file" ? v.source.filename : null,
        sourceMime: v.source.kind === "file" ? v.source.mime : null,
        sourceBlob: v.source.kind === "file" ? v.source.bytes : null,
        corrections: JSON.stringify(v.corrections ?? []),
        publishedAt: v.publish ? now : null,
        createdBy: v.createdBy,
      })
      .returning({ id: versions.id })
      .get().id;

    insertClauseRows(tx, versionId, v.clauses);
    tx.update(consultations)
      .set({ updatedAt: now })
      .where(eq(consultations.id, v.consultationId))
      .run();
    return versionId;
  });
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Inserts a version's clauses with ids assigned here, in document order, parents before children. */
function insertClauseRows(tx: Tx, versionId: number, list: ClauseToStore[]): void {
  const maxId = tx.select({ n: sql<number>`coalesce(max(${clauses.id}), 0)` }).from(clauses).get();
  const firstId = (maxId?.n ?? 0) + 1;
  const idByLabel = new Map<string, number>();
  const rows = list.map((c, i) => {
    const id = firstId + i;
    idByLabel.set(c.label, id);
    return {
      id,
      versionId,
      parentId: c.parentLabel === null ? null : (idByLabel.get(c.parentLabel) ?? null),
      label: c.label,
      kind: c.kind,
      number: c.number,
      heading: c.heading,
      body: c.body,
      citation: c.citation,
      position: c.position,
      depth: c.depth,
      contentHash: contentHash(c.heading, c.body),
    };
  });
  for (let i = 0; i < rows.length; i += CHUNK) {
    tx.insert(clauses).values(rows.slice(i, i + CHUNK)).run();
  }
}

/** What an outline correction reads: the text (never changes) and the corrections so far. */
export function findVersionOutlineSource(db: Db, id: number) {
  return (
    db
      .select({
        id: versions.id,
        consultationId: versions.consultationId,
        number: versions.number,
        text: versions.text,
        corrections: versions.corrections,
        publishedAt: versions.publishedAt,
      })
      .from(versions)
      .where(eq(versions.id, id))
      .get() ?? null
  );
}

export interface OutlineToStore {
  title: string | null;
  frontMatter: string[];
  backMatter: string[];
  clauses: ClauseToStore[];
  /** The corrections the clauses were parsed with, as JSON. */
  corrections: string;
  /** The corrections JSON read before parsing: the write is refused ("stale") if another write came in between. */
  expectedCorrections: string;
}

/**
 * The version's links to its predecessor from the two versions' clauses (the alignment lives in the
 * domain; it is handed in so the re-link is part of the same write).
 */
export type Relink = (previousClauses: ClauseRow[], newClauses: ClauseRow[]) => LinkToStore[];

/**
 * Replaces an unpublished version's outline in one transaction: clauses (ids assigned as by
 * insertVersion), title, front and back matter, clause count and corrections, then its links to
 * the previous published version, recomputed by `relink`. The text never changes. A published
 * version is a record and is refused, as is a write based on corrections that changed meanwhile.
 */
export function replaceVersionOutline(db: Db, versionId: number, outline: OutlineToStore, relink: Relink): "ok" | "missing" | "published" | "stale" {
  return db.transaction((tx) => {
    const v = tx
      .select({ consultationId: versions.consultationId, number: versions.number, publishedAt: versions.publishedAt, corrections: versions.corrections })
      .from(versions)
      .where(eq(versions.id, versionId))
      .get();
    if (!v) return "missing";
    if (v.publishedAt !== null) return "published";
    if (v.corrections !== outline.expectedCorrections) return "stale";
    // Links first: they point at the clauses about to go.
    tx.delete(clauseLinks).where(eq(clauseLinks.toVersionId, versionId)).run();
    tx.delete(clauses).where(eq(clauses.versionId, versionId)).run();
    insertClauseRows(tx, versionId, outline.clauses);
    tx.update(versions)
      .set({
        title: outline.title,
        frontMatter: JSON.stringify(outline.frontMatter),
        backMatter: JSON.stringify(outline.backMatter),
        clauseCount: outline.clauses.length,
        corrections: outline.corrections,
      })
      .where(eq(versions.id, versionId))
      .run();
    const previous = predecessorVersion(db, v.consultationId, v.number);
    if (previous) replaceLinks(db, previous.id, versionId, relink(listClauses(db, previous.id), listClauses(db, versionId)), false);
    tx.update(consultations).set({ updatedAt: Date.now() }).where(eq(consultations.id, v.consultationId)).run();
    return "ok";
  });
}

export function listVersions(db: Db, consultationId: number): VersionSummary[] {
  return db
    .select(versionColumns)
    .from(versions)
    .where(eq(versions.consultationId, consultationId))
    .orderBy(desc(versions.number))
    .all();
}

const hot = preparedPerDatabase((db) => ({
  latestPublished: db
    .select(versionColumns)
    .from(versions)
    .where(and(eq(versions.consultationId, sql.placeholder("consultationId")), isNotNull(versions.publishedAt)))
    .orderBy(desc(versions.number))
    .limit(1)
    .prepare(),
  clauseIds: db.select({ id: clauses.id }).from(clauses).where(eq(clauses.versionId, sql.placeholder("versionId"))).prepare(),
}));

/** The version agencies comment on: the newest published one (null before the first is published). */
export function latestPublishedVersion(db: Db, consultationId: number): VersionSummary | null {
  return hot(db).latestPublished.get({ consultationId }) ?? null;
}

/** The ids of a version's clauses, for checking which boxes of a posted form are real. */
export function clauseIdsOfVersion(db: Db, versionId: number): Set<number> {
  return new Set(hot(db).clauseIds.all({ versionId }).map((c) => c.id));
}

export function findVersion(db: Db, id: number) {
  return (
    db
      .select({
        ...versionColumns,
        language: versions.language,
        frontMatter: versions.frontMatter,
        backMatter: versions.backMatter,
      })
      .from(versions)
      .where(eq(versions.id, id))
      .get() ?? null
  );
}

export function findVersionSource(db: Db, id: number) {
  return (
    db
      .select({
        consultationId: versions.consultationId,
        sourceKind: versions.sourceKind,
        sourceFilename: versions.sourceFilename,
        sourceMime: versions.sourceMime,
        sourceBlob: versions.sourceBlob,
        text: versions.text,
        number: versions.number,
      })
      .from(versions)
      .where(eq(versions.id, id))
      .get() ?? null
  );
}

export function publishVersion(db: Db, id: number): boolean {
  const result = db
    .update(versions)
    .set({ publishedAt: Date.now() })
    .where(sql`${versions.id} = ${id} and ${versions.publishedAt} is null`)
    .run();
  return result.changes === 1;
}

/** Removes a version that was never published (a published version is a record and stays). */
export function discardUnpublishedVersion(db: Db, id: number): boolean {
  return db.transaction((tx) => {
    const v = tx.select({ publishedAt: versions.publishedAt }).from(versions).where(eq(versions.id, id)).get();
    if (!v || v.publishedAt !== null) return false;
    tx.delete(clauses).where(eq(clauses.versionId, id)).run();
    tx.delete(versions).where(eq(versions.id, id)).run();
    return true;
  });
}

export function listClauses(db: Db, versionId: number): ClauseRow[] {
  return db
    .select()
    .from(clauses)
    .where(eq(clauses.versionId, versionId))
    .orderBy(asc(clauses.position))
    .all();
}

/** One clause with the consultation it belongs to (for access checks). */
export function findClause(db: Db, id: number) {
  if (!Number.isSafeInteger(id)) return null;
  return (
    db
      .select({
        id: clauses.id,
        label: clauses.label,
        citation: clauses.citation,
        heading: clauses.heading,
        versionId: clauses.versionId,
        consultationId: versions.consultationId,
      })
      .from(clauses)
      .innerJoin(versions, eq(versions.id, clauses.versionId))
      .where(eq(clauses.id, id))
      .get() ?? null
  );
}

/** Clauses by id with their version's number and label, in version then document order. */
export function clausesWithVersion(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: clauses.id,
      label: clauses.label,
      citation: clauses.citation,
      heading: clauses.heading,
      body: clauses.body,
      versionId: clauses.versionId,
      versionNumber: versions.number,
      versionLabel: versions.label,
    })
    .from(clauses)
    .innerJoin(versions, eq(versions.id, clauses.versionId))
    .where(inArray(clauses.id, ids.slice(0, 900)))
    .orderBy(asc(versions.number), asc(clauses.position))
    .all();
}
