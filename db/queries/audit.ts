import { desc, eq, lt, sql } from "drizzle-orm";
import { transaction, write, type Db } from "../client.server";
import { auditEvents, staffUsers } from "../schema";
import { preparedPerDatabase } from "./prepared";

export interface AuditEntry {
  actorUserId: number | null;
  actorLabel?: string;
  action: string;
  subjectType: string;
  subjectId: string | number;
  details?: Record<string, unknown>;
  ip?: string;
}

/** Who made a change and from where: what a route passes; the query function names the action and subject. */
export type AuditActor = Omit<AuditEntry, "action" | "subjectType" | "subjectId" | "details">;

const statements = preparedPerDatabase((db) => ({
  insert: db
    .insert(auditEvents)
    .values({
      actorUserId: sql.placeholder("actorUserId"),
      actorLabel: sql.placeholder("actorLabel"),
      action: sql.placeholder("action"),
      subjectType: sql.placeholder("subjectType"),
      subjectId: sql.placeholder("subjectId"),
      details: sql.placeholder("details"),
      ip: sql.placeholder("ip"),
    })
    .prepare(),
}));

/**
 * Appends one event. Given a transaction's handle it is part of that transaction, so the change and its
 * event commit together; given the shared handle it is a write of its own.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await write(db, (w) => statements(w).insert.execute({
    actorUserId: entry.actorUserId,
    actorLabel: entry.actorLabel ?? "",
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    details: JSON.stringify(entry.details ?? {}),
    ip: entry.ip ?? "",
  }));
}

/**
 * A change and its audit events, in one transaction (within db/: the change is a query of this layer).
 * Without events it is the change alone, as it would be written by itself.
 */
export async function withAudit<T>(db: Db, events: AuditEntry | readonly AuditEntry[] | null | undefined, change: (tx: Db) => Promise<T>): Promise<T> {
  const list = events == null ? [] : Array.isArray(events) ? (events as readonly AuditEntry[]) : [events as AuditEntry];
  if (list.length === 0) return change(db);
  return transaction(db, async (tx) => {
    const result = await change(tx);
    for (const event of list) await recordAudit(tx, event);
    return result;
  });
}

/**
 * The newest events first, with the actor's name, for the administrator's audit page. `beforeId` reads
 * on from the last id of the previous page (the CSV walks the whole log that way, one page at a time).
 */
export async function listAudit(db: Db, page: { limit: number; offset?: number; beforeId?: number }) {
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorName: staffUsers.name,
      actorEmail: staffUsers.email,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      details: auditEvents.details,
      ip: auditEvents.ip,
    })
    .from(auditEvents)
    .leftJoin(staffUsers, eq(staffUsers.id, auditEvents.actorUserId))
    .where(page.beforeId === undefined ? undefined : lt(auditEvents.id, page.beforeId))
    .orderBy(desc(auditEvents.id))
    .limit(page.limit)
    .offset(page.offset ?? 0);
}
