import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.server";
import { agencies, consultations, versions, type Consultation } from "../schema";

export type ConsultationKind = Consultation["kind"];
export type ConsultationStatus = Consultation["status"];

export interface ConsultationInput {
  title: string;
  kind: ConsultationKind;
  draftingAgencyId: number;
  letterRef: string;
  letterText: string;
  cutoffAt: number;
  timeZone: string;
  status: ConsultationStatus;
}

export interface ConsultationSummary {
  id: number;
  title: string;
  kind: ConsultationKind;
  status: ConsultationStatus;
  cutoffAt: number;
  timeZone: string;
  draftingAgencyName: string;
  versionCount: number;
  updatedAt: number;
}

/** The staff home list; `agencyId` null means every agency's (administrators). One query. */
export function listConsultations(db: Db, agencyId: number | null): ConsultationSummary[] {
  const versionCount = db
    .select({ consultationId: versions.consultationId, n: sql<number>`count(*)`.as("n") })
    .from(versions)
    .groupBy(versions.consultationId)
    .as("vc");
  return db
    .select({
      id: consultations.id,
      title: consultations.title,
      kind: consultations.kind,
      status: consultations.status,
      cutoffAt: consultations.cutoffAt,
      timeZone: consultations.timeZone,
      draftingAgencyName: agencies.name,
      versionCount: sql<number>`coalesce(${versionCount.n}, 0)`,
      updatedAt: consultations.updatedAt,
    })
    .from(consultations)
    .innerJoin(agencies, eq(agencies.id, consultations.draftingAgencyId))
    .leftJoin(versionCount, eq(versionCount.consultationId, consultations.id))
    .where(agencyId === null ? undefined : eq(consultations.draftingAgencyId, agencyId))
    .orderBy(desc(consultations.updatedAt))
    .all();
}

export function findConsultation(db: Db, id: number) {
  return (
    db
      .select({ consultation: consultations, draftingAgencyName: agencies.name })
      .from(consultations)
      .innerJoin(agencies, eq(agencies.id, consultations.draftingAgencyId))
      .where(eq(consultations.id, id))
      .get() ?? null
  );
}

export function insertConsultation(db: Db, input: ConsultationInput, createdBy: number | null): number {
  return db
    .insert(consultations)
    .values({ ...input, createdBy, updatedAt: Date.now() })
    .returning({ id: consultations.id })
    .get().id;
}

export function updateConsultation(db: Db, id: number, input: ConsultationInput): void {
  db.update(consultations)
    .set({ ...input, updatedAt: Date.now() })
    .where(eq(consultations.id, id))
    .run();
}

export function touchConsultation(db: Db, id: number): void {
  db.update(consultations).set({ updatedAt: Date.now() }).where(eq(consultations.id, id)).run();
}

export function findConsultationByTitle(db: Db, title: string, agencyId: number) {
  return (
    db
      .select()
      .from(consultations)
      .where(and(eq(consultations.title, title), eq(consultations.draftingAgencyId, agencyId)))
      .get() ?? null
  );
}
