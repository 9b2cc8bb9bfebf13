import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Db } from "../client.server";
import { agencies, sessions, staffUsers } from "../schema";

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: "admin" | "drafter";
  agencyId: number | null;
  agencyName: string | null;
}

export function createSession(
  db: Db,
  row: { idHash: string; userId: number; expiresAt: number; ip: string; userAgent: string },
): void {
  db.insert(sessions).values(row).run();
  // Housekeeping on the write path keeps the table small without a scheduler.
  db.delete(sessions).where(lt(sessions.expiresAt, Date.now())).run();
}

export function findSessionUser(db: Db, idHash: string, now: number): SessionUser | null {
  const row = db
    .select({
      id: staffUsers.id,
      email: staffUsers.email,
      name: staffUsers.name,
      role: staffUsers.role,
      agencyId: staffUsers.agencyId,
      agencyName: agencies.name,
    })
    .from(sessions)
    .innerJoin(staffUsers, eq(staffUsers.id, sessions.userId))
    .leftJoin(agencies, eq(agencies.id, staffUsers.agencyId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), isNull(staffUsers.disabledAt)))
    .get();
  return row ?? null;
}

export function deleteSession(db: Db, idHash: string): void {
  db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
}

export function deleteSessionsOfUser(db: Db, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
