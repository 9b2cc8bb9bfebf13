import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.server";
import { agencies, type Agency } from "../schema";
import { recordAudit, type AuditEntry } from "./audit";

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

export function listAgencies(db: Db): Agency[] {
  return db.select().from(agencies).orderBy(asc(agencies.name)).all();
}

export function findAgency(db: Db, id: number): Agency | null {
  return db.select().from(agencies).where(eq(agencies.id, id)).get() ?? null;
}

export function findAgencyByName(db: Db, name: string): Agency | null {
  return db.select().from(agencies).where(eq(agencies.name, name)).get() ?? null;
}

export function insertAgency(db: Db, input: AgencyInput): number {
  return db
    .insert(agencies)
    .values({ name: input.name, shortName: input.shortName, emails: input.emails.join("\n"), ...documentDefaultsOf(input) })
    .returning({ id: agencies.id })
    .get().id;
}

export function updateAgency(db: Db, id: number, input: AgencyInput): void {
  db.update(agencies)
    .set({ name: input.name, shortName: input.shortName, emails: input.emails.join("\n"), ...documentDefaultsOf(input) })
    .where(eq(agencies.id, id))
    .run();
}

/** The agency's name and document defaults (for `withAgencyDefaults`), or null when it does not exist. */
export function agencyDocumentDefaults(db: Db, id: number): (AgencyDocumentDefaults & { name: string }) | null {
  return (
    db
      .select({ name: agencies.name, symbol: agencies.symbol, governingBody: agencies.governingBody, placeName: agencies.placeName })
      .from(agencies)
      .where(eq(agencies.id, id))
      .get() ?? null
  );
}

/** Saves the three document defaults and records who changed them, in one transaction. */
export function saveAgencyDocumentDefaults(
  db: Db,
  id: number,
  defaults: AgencyDocumentDefaults,
  audit: Omit<AuditEntry, "action" | "subjectType" | "subjectId" | "details">,
): void {
  db.transaction(() => {
    db.update(agencies).set(defaults).where(eq(agencies.id, id)).run();
    recordAudit(db, { ...audit, action: "agency.document_defaults_updated", subjectType: "agency", subjectId: id, details: { ...defaults } });
  });
}

/** Finds agencies by exact name, creating the missing ones; returns ids in input order. */
export function ensureAgencies(db: Db, inputs: AgencyInput[]): number[] {
  const names = inputs.map((a) => a.name);
  const existing = new Map(
    db
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(inArray(agencies.name, names))
      .all()
      .map((a) => [a.name, a.id]),
  );
  return inputs.map((input) => existing.get(input.name) ?? insertAgency(db, input));
}

export function agencyEmails(agency: Pick<Agency, "emails">): string[] {
  return agency.emails.split("\n").filter((e) => e.trim() !== "");
}
