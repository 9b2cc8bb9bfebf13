import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import crypto from "node:crypto";
import { DIALECT, isTransactionHandle, rows, transaction, type Db } from "../client.server";
import { clauseLinks, clauses, consultations, versions, type ClauseRow } from "../schema";
import { recordAudit, type AuditEntry } from "./audit";
import { insertLinkRows, predecessorVersion, type PendingLink } from "./lineage";
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

/**
 * The links of the clauses being stored to those of the version before (the alignment's proposal,
 * computed by the caller), with the predecessor they were computed against: the write is refused
 * ("stale") if that is no longer the version's predecessor when it lands (another version published
 * in between), and the caller computes them again.
 */
export interface PendingLineage {
  fromVersionId: number;
  links: PendingLink[];
}

/** Who stores or changes a version, for its audit event (the action and details are the write's own). */
export type VersionActor = Omit<AuditEntry, "action" | "subjectType" | "subjectId" | "details">;

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
  /** Null when the consultation has no published version before this one (nothing to link to). */
  lineage: PendingLineage | null;
  /** Recorded as "version.added" in the same transaction; null for stores nobody did (seeds, benches). */
  audit: VersionActor | null;
  /** Published from the working copy of this version (issue 16): its links are declared, stored as manual. */
  derivedFromVersionId?: number | null;
  manualLinks?: boolean;
}

export const versionColumns = {
  id: versions.id,
  consultationId: versions.consultationId,
  number: versions.number,
  label: versions.label,
  title: versions.title,
  /** The document's language (BCP 47), for marking its text inside a page in another language. */
  language: versions.language,
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
  language: string;
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

/**
 * Bound parameters one statement may carry: PostgreSQL's protocol counts them in 16 bits (65,535);
 * SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32,766. Multi-row statements are cut to stay under.
 */
const MAX_PARAMETERS = DIALECT === "pg" ? 65_535 : 32_766;

/** Rows per multi-row statement of `columns` parameters each. */
export function rowsPerStatement(columns: number): number {
  return Math.floor(MAX_PARAMETERS / columns);
}

export type StoreVersionResult = { status: "ok"; versionId: number } | { status: "stale" };

/**
 * Stores a new version in one transaction: the version, its clauses, their links to the previous
 * published version, the consultation's update time and the "version.added" event. Refused ("stale",
 * nothing written) if `lineage` was computed against a version that is no longer the predecessor.
 */
export async function insertVersion(db: Db, v: VersionToStore): Promise<StoreVersionResult> {
  // Serializable on PostgreSQL: two versions stored at once would take the same number (and the same
  // predecessor); one of them is retried and numbered after the other, as SQLite's one writer does.
  return transaction(
    db,
    async (tx): Promise<StoreVersionResult> => {
      const [last] = await tx
        .select({ n: sql<number>`coalesce(max(${versions.number}), 0)`.mapWith(Number) })
        .from(versions)
        .where(eq(versions.consultationId, v.consultationId));
      const number = (last?.n ?? 0) + 1;
      const previous = await predecessorVersion(tx, v.consultationId, number);
      if ((previous?.id ?? null) !== (v.lineage?.fromVersionId ?? null)) return { status: "stale" };
      const now = Date.now();
      const [row] = await tx
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
          derivedFromVersionId: v.derivedFromVersionId ?? null,
          publishedAt: v.publish ? now : null,
          createdBy: v.createdBy,
        })
        .returning({ id: versions.id });
      const versionId = row!.id;
      const ids = await insertClauseRows(tx, versionId, v.clauses);
      if (v.lineage) await insertLinkRows(tx, v.lineage.fromVersionId, versionId, resolveLinks(v.lineage.links, ids), v.manualLinks ?? false);
      await tx.update(consultations).set({ updatedAt: now }).where(eq(consultations.id, v.consultationId));
      if (v.audit) {
        await recordAudit(tx, {
          ...v.audit,
          action: "version.added",
          subjectType: "version",
          subjectId: versionId,
          details: { consultationId: v.consultationId, clauseCount: v.clauses.length, source: v.source.kind },
        });
      }
      return { status: "ok", versionId };
    },
    { isolation: "serializable" },
  );
}

/** The links with the new side's index replaced by the id the clause got. */
function resolveLinks(links: PendingLink[], ids: number[]) {
  return links.map((l) => {
    if (l.newIndex !== null && ids[l.newIndex] === undefined) throw new Error(`Link to clause #${l.newIndex}, which is not being stored`);
    return { oldId: l.oldId, newId: l.newIndex === null ? null : ids[l.newIndex]!, relation: l.relation, score: l.score };
  });
}

/** Columns of a clause row as inserted (id and parent_id left to the database and to the update below). */
const CLAUSE_INSERT_COLUMNS = 10;

/**
 * Inserts a version's clauses and returns their ids, index for index. The database gives the ids
 * (RETURNING, in batches under the parameter limit); parents are then set from them with one UPDATE
 * per batch, so the statements grow with the batches, not with the clauses.
 */
async function insertClauseRows(tx: Db, versionId: number, list: ClauseToStore[]): Promise<number[]> {
  if (list.length === 0) return [];
  const values = list.map((c) => ({
    versionId,
    label: c.label,
    kind: c.kind,
    number: c.number,
    heading: c.heading,
    body: c.body,
    citation: c.citation,
    position: c.position,
    depth: c.depth,
    contentHash: contentHash(c.heading, c.body),
  }));
  // Labels are unique within a version (clauses_version_label_unique): the returned rows are matched by
  // label, since neither database promises RETURNING in the order of VALUES.
  const idByLabel = new Map<string, number>();
  const batch = rowsPerStatement(CLAUSE_INSERT_COLUMNS);
  for (let i = 0; i < values.length; i += batch) {
    const inserted = await tx
      .insert(clauses)
      .values(values.slice(i, i + batch))
      .returning({ id: clauses.id, label: clauses.label });
    for (const r of inserted) idByLabel.set(r.label, r.id);
  }
  const ids = list.map((c) => {
    const id = idByLabel.get(c.label);
    if (id === undefined) throw new Error(`Clause ${c.label} was not stored`);
    return id;
  });
  const parents: [number, number][] = [];
  list.forEach((c, i) => {
    const parent = c.parentLabel === null ? undefined : idByLabel.get(c.parentLabel);
    if (parent !== undefined) parents.push([ids[i]!, parent]);
  });
  await setParents(tx, parents);
  return ids;
}

/** (clause id, parent id) pairs per UPDATE: about 100 kB of SQL, well under either database's statement size. */
const PARENTS_PER_STATEMENT = 5_000;

/**
 * Sets parent_id from (clause id, parent id) pairs: an UPDATE … FROM (VALUES …) per batch, which both
 * databases read the same way (SQLite since 3.33; VALUES columns are column1, column2 in both). The ids
 * are the database's own, checked to be integers, and written as literals: integer-typed in both
 * without casts, no bound parameters to count, and drizzle does not build tens of thousands of them
 * (that took longer than the update itself). RETURNING only because `rows` reads what it runs.
 */
async function setParents(tx: Db, pairs: [number, number][]): Promise<void> {
  for (let i = 0; i < pairs.length; i += PARENTS_PER_STATEMENT) {
    const tuples = pairs.slice(i, i + PARENTS_PER_STATEMENT).map(([id, parent]) => {
      if (!Number.isSafeInteger(id) || !Number.isSafeInteger(parent)) throw new Error(`Not a clause id: ${id}, ${parent}`);
      return `(${id}, ${parent})`;
    });
    await rows(
      tx,
      sql`update ${clauses} set "parent_id" = v.column2 from (values ${sql.raw(tuples.join(", "))}) as v where ${clauses.id} = v.column1 returning "id"`,
    );
  }
}

/** What an outline correction reads: the text (never changes) and the corrections so far. */
export async function findVersionOutlineSource(db: Db, id: number) {
  const [row] = await db
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
    .limit(1);
  return row ?? null;
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
  /** The new clauses' links to the previous published version (see PendingLineage); null if there is none. */
  lineage: PendingLineage | null;
  /** The "version.outline_corrected" (or similar) event, committed with the change. */
  audit: AuditEntry | null;
}

/**
 * Replaces an unpublished version's outline in one transaction: clauses (ids from the database, as
 * insertVersion), title, front and back matter, clause count and corrections, its links to the
 * previous published version (computed by the caller for these clauses) and the audit event. The
 * text never changes. A published version is a record and is refused, as is a write based on
 * corrections or on a predecessor that changed meanwhile ("stale": the caller reads and tries again).
 */
export async function replaceVersionOutline(db: Db, versionId: number, outline: OutlineToStore): Promise<"ok" | "missing" | "published" | "stale"> {
  // Serializable on PostgreSQL: two corrections of the same version at once both read the same
  // corrections; one is retried and then finds them changed (SQLite's one writer orders them anyway).
  return transaction(
    db,
    async (tx) => {
      const [v] = await tx
        .select({ consultationId: versions.consultationId, number: versions.number, publishedAt: versions.publishedAt, corrections: versions.corrections })
        .from(versions)
        .where(eq(versions.id, versionId))
        .limit(1);
      if (!v) return "missing";
      if (v.publishedAt !== null) return "published";
      if (v.corrections !== outline.expectedCorrections) return "stale";
      const previous = await predecessorVersion(tx, v.consultationId, v.number);
      if ((previous?.id ?? null) !== (outline.lineage?.fromVersionId ?? null)) return "stale";
      // Links first: they point at the clauses about to go.
      await tx.delete(clauseLinks).where(eq(clauseLinks.toVersionId, versionId));
      await tx.delete(clauses).where(eq(clauses.versionId, versionId));
      const ids = await insertClauseRows(tx, versionId, outline.clauses);
      await tx
        .update(versions)
        .set({
          title: outline.title,
          frontMatter: JSON.stringify(outline.frontMatter),
          backMatter: JSON.stringify(outline.backMatter),
          clauseCount: outline.clauses.length,
          corrections: outline.corrections,
        })
        .where(eq(versions.id, versionId));
      if (outline.lineage) await insertLinkRows(tx, outline.lineage.fromVersionId, versionId, resolveLinks(outline.lineage.links, ids), false);
      await tx.update(consultations).set({ updatedAt: Date.now() }).where(eq(consultations.id, v.consultationId));
      if (outline.audit) await recordAudit(tx, outline.audit);
      return "ok";
    },
    { isolation: "serializable" },
  );
}

export async function listVersions(db: Db, consultationId: number): Promise<VersionSummary[]> {
  return db
    .select(versionColumns)
    .from(versions)
    .where(eq(versions.consultationId, consultationId))
    .orderBy(desc(versions.number));
}

const hot = preparedPerDatabase((db) => ({
  latestPublished: db
    .select(versionColumns)
    .from(versions)
    .where(and(eq(versions.consultationId, sql.placeholder("consultationId")), isNotNull(versions.publishedAt)))
    .orderBy(desc(versions.number))
    .limit(1)
    .prepare(),
}));

/** The version agencies comment on: the newest published one (null before the first is published). */
export async function latestPublishedVersion(db: Db, consultationId: number): Promise<VersionSummary | null> {
  const [row] = await hot(db).latestPublished.execute({ consultationId });
  return row ?? null;
}

/**
 * A published version's summary by its id, from an in-process cache (a published version is never
 * changed or deleted: corrections and discarding refuse it), so an agency's link costs no query for it.
 * Null for an unknown or unpublished id.
 */
export async function publishedVersionSummary(db: Db, id: number): Promise<VersionSummary | null> {
  let cache = summaryCache.get(db);
  const cached = cache?.get(id);
  if (cached) return cached;
  const [row] = await db
    .select(versionColumns)
    .from(versions)
    .where(and(eq(versions.id, id), isNotNull(versions.publishedAt)))
    .limit(1);
  if (!row) return null;
  if (isTransactionHandle(db)) return row;
  if (!cache) summaryCache.set(db, (cache = new Map()));
  cache.set(id, Object.freeze(row));
  if (cache.size > PUBLISHED_CACHE_SIZE * 8) cache.delete(cache.keys().next().value!);
  return row;
}

const summaryCache = new WeakMap<Db, Map<number, Readonly<VersionSummary>>>();

/** A published version's clause ids, built once from the cached clauses (a submission checks its boxes against them). */
export async function clauseIdsOfVersion(db: Db, versionId: number): Promise<ReadonlySet<number>> {
  const list = await publishedVersionClauses(db, versionId);
  let ids = clauseIdSets.get(list);
  if (!ids) clauseIdSets.set(list, (ids = new Set(list.map((c) => c.id))));
  return ids;
}

const clauseIdSets = new WeakMap<readonly ClauseRow[], ReadonlySet<number>>();

export async function findVersion(db: Db, id: number) {
  const [row] = await db
    .select({
      ...versionColumns,
      frontMatter: versions.frontMatter,
      backMatter: versions.backMatter,
      derivedFromVersionId: versions.derivedFromVersionId,
    })
    .from(versions)
    .where(eq(versions.id, id))
    .limit(1);
  return row ?? null;
}

export async function findVersionSource(db: Db, id: number) {
  const [row] = await db
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
    .limit(1);
  return row ?? null;
}

/**
 * Publishes a version and records the event (`audit`, e.g. "version.published") in one transaction.
 * False, and no event, if it was already published (a second click or a second tab).
 */
export async function publishVersion(db: Db, id: number, audit: AuditEntry | null): Promise<boolean> {
  return transaction(db, async (tx) => {
    const published = await tx
      .update(versions)
      .set({ publishedAt: Date.now() })
      .where(and(eq(versions.id, id), isNull(versions.publishedAt)))
      .returning({ id: versions.id });
    if (published.length === 0) return false;
    if (audit) await recordAudit(tx, audit);
    return true;
  });
}

/**
 * Removes a version that was never published (a published version is a record and stays), with its
 * event, in one transaction. The one conditional DELETE decides: a publish landing at the same time
 * either comes first (nothing is deleted) or waits for this one. Its clauses and their links go with
 * it (ON DELETE CASCADE on clauses.version_id and clause_links.to_version_id).
 */
export async function discardUnpublishedVersion(db: Db, id: number, audit: AuditEntry | null): Promise<boolean> {
  return transaction(db, async (tx) => {
    const gone = await tx
      .delete(versions)
      .where(and(eq(versions.id, id), isNull(versions.publishedAt)))
      .returning({ id: versions.id });
    if (gone.length === 0) return false;
    if (audit) await recordAudit(tx, audit);
    return true;
  });
}

export async function listClauses(db: Db, versionId: number): Promise<ClauseRow[]> {
  return db.select().from(clauses).where(eq(clauses.versionId, versionId)).orderBy(asc(clauses.position));
}

/** How many published versions' clauses each process keeps (a long law's clauses are a few MB). */
const PUBLISHED_CACHE_SIZE = 32;

/** Per database handle (a reopened database starts empty): version id → its clauses, least recent first. */
const publishedCache = new WeakMap<Db, Map<number, readonly ClauseRow[]>>();

/**
 * A version's clauses, from an in-process cache when it is published (the agency's page reads the same
 * clauses on every view). Only published versions are kept, and that is safe with several processes
 * sharing the database without telling each other anything: a published version never changes (its
 * outline is refused by replaceVersionOutline and it cannot be discarded, both checked inside the
 * writing transaction) and it never becomes unpublished, so what one process read once every process
 * would read forever. The published time is read before the clauses: clauses read after seeing it set
 * are final. A draft may still be corrected, so its clauses are read each time and not kept.
 * The rows are frozen: they are shared by every request that reads them.
 */
export async function publishedVersionClauses(db: Db, versionId: number): Promise<readonly ClauseRow[]> {
  if (isTransactionHandle(db)) return listClauses(db, versionId);
  let cache = publishedCache.get(db);
  const cached = cache?.get(versionId);
  if (cached) {
    // Most recently used last.
    cache!.delete(versionId);
    cache!.set(versionId, cached);
    return cached;
  }
  const [v] = await db.select({ publishedAt: versions.publishedAt }).from(versions).where(eq(versions.id, versionId)).limit(1);
  const list = await listClauses(db, versionId);
  if (!v || v.publishedAt === null) return list;
  const frozen = Object.freeze(list.map((c) => Object.freeze(c)));
  if (!cache) publishedCache.set(db, (cache = new Map()));
  cache.set(versionId, frozen);
  if (cache.size > PUBLISHED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return frozen;
}

/** One clause with the consultation it belongs to (for access checks). */
export async function findClause(db: Db, id: number) {
  if (!Number.isSafeInteger(id)) return null;
  const [row] = await db
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
    .limit(1);
  return row ?? null;
}

/** Clauses by id with their version's number and label, in version then document order. */
export async function clausesWithVersion(db: Db, ids: number[]) {
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
    .orderBy(asc(versions.number), asc(clauses.position));
}
