import type { Db } from "../client.server";
import { auditEvents } from "../schema";

export interface AuditEntry {
  actorUserId: number | null;
  actorLabel?: string;
  action: string;
  subjectType: string;
  subjectId: string | number;
  details?: Record<string, unknown>;
  ip?: string;
}

export function recordAudit(db: Db, entry: AuditEntry): void {
  db.insert(auditEvents)
    .values({
      actorUserId: entry.actorUserId,
      actorLabel: entry.actorLabel ?? "",
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: String(entry.subjectId),
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? "",
    })
    .run();
}
