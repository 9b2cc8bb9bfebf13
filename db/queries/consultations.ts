import { and, desc, eq, sql } from "drizzle-orm";
import { transaction, write, type Db } from "../client.server";
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
export async function listConsultations(db: Db, agencyId: number | null): Promise<ConsultationSummary[]> {
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
  // count() and sum() are bigint on PostgreSQL: read as numbers.
  return db
    .select({
      id: consultations.id,
      title: consultations.title,
      kind: consultations.kind,
      status: consultations.status,
      cutoffAt: consultations.cutoffAt,
      timeZone: consultations.timeZone,
      draftingAgencyName: agencies.name,
      versionCount: sql<number>`coalesce(${versionCount.n}, 0)`.mapWith(Number),
      invitedCount: sql<number>`coalesce(${responses.invited}, 0)`.mapWith(Number),
      answeredCount: sql<number>`coalesce(${responses.answered}, 0)`.mapWith(Number),
      updatedAt: consultations.updatedAt,
    })
    .from(consultations)
    .innerJoin(agencies, eq(agencies.id, consultations.draftingAgencyId))
    .leftJoin(versionCount, eq(versionCount.consultationId, consultations.id))
    .leftJoin(responses, eq(responses.consultationId, consultations.id))
    .where(agencyId === null ? undefined : eq(consultations.draftingAgencyId, agencyId))
    .orderBy(desc(consultations.updatedAt));
}

export async function findConsultation(db: Db, id: number) {
  const [row] = await db
    .select({ consultation: consultations, draftingAgencyName: agencies.name })
    .from(consultations)
    .innerJoin(agencies, eq(agencies.id, consultations.draftingAgencyId))
    .where(eq(consultations.id, id))
    .limit(1);
  return row ?? null;
}

/** Who created or changed a consultation, for its audit event (the action and subject are the write's own). */
export type ConsultationActor = Omit<AuditEntry, "action" | "subjectType" | "subjectId" | "details">;

/**
 * Creates a consultation and, given who did it, records "consultation.created" in the same
 * transaction (seeds and tests that create one for themselves pass none).
 */
export async function insertConsultation(db: Db, input: ConsultationInput, createdBy: number | null, audit?: ConsultationActor): Promise<number> {
  return transaction(db, async (tx) => {
    const [row] = await tx
      .insert(consultations)
      .values({ ...input, createdBy, updatedAt: Date.now() })
      .returning({ id: consultations.id });
    const id = row!.id;
    if (audit) await recordAudit(tx, { ...audit, action: "consultation.created", subjectType: "consultation", subjectId: id });
    return id;
  });
}

/** Saves the consultation's form and records "consultation.updated" in the same transaction. */
export async function updateConsultation(db: Db, id: number, input: ConsultationInput, audit: ConsultationActor | null): Promise<void> {
  await transaction(db, async (tx) => {
    await tx
      .update(consultations)
      .set({ ...input, updatedAt: Date.now() })
      .where(eq(consultations.id, id));
    if (audit) {
      await recordAudit(tx, {
        ...audit,
        action: "consultation.updated",
        subjectType: "consultation",
        subjectId: id,
        details: { status: input.status, cutoffAt: input.cutoffAt },
      });
    }
  });
}

export async function touchConsultation(db: Db, id: number): Promise<void> {
  await write(db, (w) => w.update(consultations).set({ updatedAt: Date.now() }).where(eq(consultations.id, id)));
}

export async function findConsultationByTitle(db: Db, title: string, agencyId: number) {
  const [row] = await db
    .select()
    .from(consultations)
    .where(and(eq(consultations.title, title), eq(consultations.draftingAgencyId, agencyId)))
    .limit(1);
  return row ?? null;
}

/** One statement; given a transaction's handle, part of that transaction (with the change that caused it). */
export async function updateConsultationStatus(db: Db, id: number, status: ConsultationStatus): Promise<void> {
  await write(db, (w) => w.update(consultations).set({ status, updatedAt: Date.now() }).where(eq(consultations.id, id)));
}

/**
 * A consultation's report settings (what the reception report needs to be signed) with the drafting
 * agency's defaults beside them, unmerged: the form shows the defaults as placeholders.
 */
export async function findReportSettings(db: Db, consultationId: number) {
  const [row] = await db
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
    .limit(1);
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
export async function saveReportSettings(
  db: Db,
  consultationId: number,
  settings: ReportSettings,
  audit: ConsultationActor,
  /** Other events of the same change (the demo's "demo.loaded"), committed with it. */
  also: readonly AuditEntry[] = [],
): Promise<void> {
  const valid = reportSettingsSchema.parse(settings);
  await transaction(db, async (tx) => {
    await tx
      .update(consultations)
      .set({ reportSettings: JSON.stringify(valid), updatedAt: Date.now() })
      .where(eq(consultations.id, consultationId));
    await recordAudit(tx, {
      ...audit,
      action: "consultation.report_settings_updated",
      subjectType: "consultation",
      subjectId: consultationId,
      details: { symbol: valid.symbol, signerAuthority: valid.signerAuthority, requestNumber: valid.requestNumber },
    });
    for (const event of also) await recordAudit(tx, event);
  });
}
