import { asc, eq, inArray } from "drizzle-orm";
import { vietnameseSortKey } from "../../app/domain/vietnamese-sort-key";
import { transaction, type Db } from "../client.server";
import { agencies, type Agency } from "../schema";
import { recordAudit, type AuditActor } from "./audit";
import { byAgencyName } from "./order";

export interface AgencyInput {
  name: string;
  shortName: string;
  emails: string[];
  /** Defaults for the documents it issues (Decree 30/2020); left unchanged on update when absent. */
  symbol?: string;
  governingBody?: string;
  placeName?: string;
}

/** What an agency's issued documents default to: "SNV", "UBND TỈNH SÓC TRĂNG", "Sóc Trăng". */
export interface AgencyDocumentDefaults {
  symbol: string;
  governingBody: string;
  placeName: string;
}

function documentDefaultsOf(input: AgencyInput): Partial<AgencyDocumentDefaults> {
  const out: Partial<AgencyDocumentDefaults> = {};
  if (input.symbol !== undefined) out.symbol = input.symbol;
  if (input.governingBody !== undefined) out.governingBody = input.governingBody;
  if (input.placeName !== undefined) out.placeName = input.placeName;
  return out;
}

/**
 * Every agency, in Vietnamese alphabetical order (app/domain/vietnamese-sort-key.ts). Sorted here and
 * not by the database: SQLite orders names by their bytes and PostgreSQL by its cluster's locale, and
 * neither is the Vietnamese order. There are hundreds of agencies at most. (A stored sort_key column,
 * ordered with byte comparison on both databases, would let the database do it.)
 */
export async function listAgencies(db: Db): Promise<Agency[]> {
  return db.select().from(agencies).orderBy(...byAgencyName, asc(agencies.id));
}

/** Agencies stored before the sort key existed (migration 0009) get theirs; run once at start. */
export async function fillAgencySortKeys(db: Db): Promise<void> {
  const missing = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.sortKey, ""));
  if (missing.length === 0) return;
  await transaction(db, async (tx) => {
    for (const a of missing) await tx.update(agencies).set({ sortKey: vietnameseSortKey(a.name) }).where(eq(agencies.id, a.id));
  });
}

export async function findAgency(db: Db, id: number): Promise<Agency | null> {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id)).limit(1);
  return row ?? null;
}

export async function findAgencyByName(db: Db, name: string): Promise<Agency | null> {
  const [row] = await db.select().from(agencies).where(eq(agencies.name, name)).limit(1);
  return row ?? null;
}

/** Creates an agency; with `audit`, records "agency.created" by that actor in the same transaction. */
export async function insertAgency(db: Db, input: AgencyInput, audit?: AuditActor): Promise<number> {
  return transaction(db, async (tx) => {
    const [row] = await tx
      .insert(agencies)
      .values({ name: input.name, sortKey: vietnameseSortKey(input.name), shortName: input.shortName, emails: input.emails.join("\n"), ...documentDefaultsOf(input) })
      .returning({ id: agencies.id });
    const id = row!.id;
    if (audit) await recordAudit(tx, { ...audit, action: "agency.created", subjectType: "agency", subjectId: id, details: documentDefaultsOf(input) });
    return id;
  });
}

/** Changes an agency; with `audit`, records "agency.updated" by that actor in the same transaction. */
export async function updateAgency(db: Db, id: number, input: AgencyInput, audit?: AuditActor): Promise<void> {
  await transaction(db, async (tx) => {
    await tx
      .update(agencies)
      .set({ name: input.name, sortKey: vietnameseSortKey(input.name), shortName: input.shortName, emails: input.emails.join("\n"), ...documentDefaultsOf(input) })
      .where(eq(agencies.id, id));
    if (audit) await recordAudit(tx, { ...audit, action: "agency.updated", subjectType: "agency", subjectId: id, details: documentDefaultsOf(input) });
  });
}

/** The agency's name and document defaults (for `withAgencyDefaults`), or null when it does not exist. */
export async function agencyDocumentDefaults(db: Db, id: number): Promise<(AgencyDocumentDefaults & { name: string }) | null> {
  const [row] = await db
    .select({ name: agencies.name, symbol: agencies.symbol, governingBody: agencies.governingBody, placeName: agencies.placeName })
    .from(agencies)
    .where(eq(agencies.id, id))
    .limit(1);
  return row ?? null;
}

/** Saves the three document defaults and records who changed them, in one transaction. */
export async function saveAgencyDocumentDefaults(db: Db, id: number, defaults: AgencyDocumentDefaults, audit: AuditActor): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.update(agencies).set(defaults).where(eq(agencies.id, id));
    await recordAudit(tx, { ...audit, action: "agency.document_defaults_updated", subjectType: "agency", subjectId: id, details: { ...defaults } });
  });
}

/** Finds agencies by exact name, creating the missing ones; returns ids in input order. */
export async function ensureAgencies(db: Db, inputs: AgencyInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  return transaction(db, async (tx) => {
    const found = await tx
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(inArray(agencies.name, inputs.map((a) => a.name)));
    const existing = new Map(found.map((a) => [a.name, a.id]));
    const ids: number[] = [];
    for (const input of inputs) {
      let id = existing.get(input.name);
      if (id === undefined) {
        id = await insertAgency(tx, input);
        existing.set(input.name, id);
      }
      ids.push(id);
    }
    return ids;
  });
}

export function agencyEmails(agency: Pick<Agency, "emails">): string[] {
  return agency.emails.split("\n").filter((e) => e.trim() !== "");
}
