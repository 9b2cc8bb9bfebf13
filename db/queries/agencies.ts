import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.server";
import { agencies, type Agency } from "../schema";

export interface AgencyInput {
  name: string;
  shortName: string;
  emails: string[];
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
    .values({ name: input.name, shortName: input.shortName, emails: input.emails.join("\n") })
    .returning({ id: agencies.id })
    .get().id;
}

export function updateAgency(db: Db, id: number, input: AgencyInput): void {
  db.update(agencies)
    .set({ name: input.name, shortName: input.shortName, emails: input.emails.join("\n") })
    .where(eq(agencies.id, id))
    .run();
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
