import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.server";
import { readReportSettings, reportSettingsSchema, type ReportSettings } from "../../app/domain/report/settings";
import { agencies, consultations, invitations, versions, type Consultation } from "../schema";
import { recordAudit, type AuditEntry } from "./audit";

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
  invitedCount: number;
  answeredCount: number;
  updatedAt: number;
}

/** The staff home list; `agencyId` null means every agency's (administrators). One query. */
export function listConsultations(db: Db, agencyId: number | null): ConsultationSummary[] {
  const versionCount = db
    .select({ consultationId: versions.consultationId, n: sql<number>`count(*)`.as("n") })
    .from(versions)
    .groupBy(versions.consultationId)
    .as("vc");
  const responses = db
    .select({
      consultationId: invitations.consultationId,
      invited: sql<number>`sum(case when ${invitations.revokedAt} is null then 1 else 0 end)`.as("invited"),
      answered: sql<number>`sum(case when ${invitations.revokedAt} is null and ${invitations.latestSubmissionId} is not null then 1 else 0 end)`.as("answered"),
    })
    .from(invitations)
    .groupBy(invitations.consultationId)
    .as("rc");
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
      invitedCount: sql<number>`coalesce(${responses.invited}, 0)`,
      answeredCount: sql<number>`coalesce(${responses.answered}, 0)`,
      updatedAt: consultations.updatedAt,
    })
    .from(consultations)
    .innerJoin(agencies, eq(agencies.id, consultations.draftingAgencyId))
    .leftJoin(versionCount, eq(versionCount.consultationId, consultations.id))
    .leftJoin(responses, eq(responses.consultationId, consultations.id))
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

export function updateConsultationStatus(db: Db, id: number, status: ConsultationStatus): void {
  db.update(consultations).set({ status, updatedAt: Date.now() }).where(eq(consultations.id, id)).run();
}

/**
 * A consultation's report settings (what the reception report needs to be signed) with the drafting
 * agency's defaults beside them, unmerged: the form shows the defaults as placeholders.
 */
export function findReportSettings(db: Db, consultationId: number) {
  const row = db
    .select({
      reportSettings: consultations.reportSettings,
      agencyName: agencies.name,
      symbol: agencies.symbol,
      governingBody: agencies.governingBody,
      placeName: agencies.placeName,
    })
    .from(consultations)
    .innerJoin(agencies, eq(agencies.id, consultations.draftingAgencyId))
    .where(eq(consultations.id, consultationId))
    .get();
  if (!row) return null;
  return {
    settings: readReportSettings(row.reportSettings),
    agency: { name: row.agencyName, symbol: row.symbol, governingBody: row.governingBody, placeName: row.placeName },
  };
}

/**
 * Validates and stores a consultation's report settings and records the change, in one transaction.
 * Throws (zod) on settings that do not validate: callers validate the form first.
 */
export function saveReportSettings(
  db: Db,
  consultationId: number,
  settings: ReportSettings,
  audit: Omit<AuditEntry, "action" | "subjectType" | "subjectId" | "details">,
): void {
  const valid = reportSettingsSchema.parse(settings);
  db.transaction(() => {
    db.update(consultations)
      .set({ reportSettings: JSON.stringify(valid), updatedAt: Date.now() })
      .where(eq(consultations.id, consultationId))
      .run();
    recordAudit(db, {
      ...audit,
      action: "consultation.report_settings_updated",
      subjectType: "consultation",
      subjectId: consultationId,
      details: { symbol: valid.symbol, signerAuthority: valid.signerAuthority, requestNumber: valid.requestNumber },
    });
  });
}
