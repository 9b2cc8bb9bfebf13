import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { transaction, write, type Db } from "../client.server";
import { agencies, sessions, staffUsers } from "../schema";

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: "admin" | "drafter";
  agencyId: number | null;
  agencyName: string | null;
}

export async function createSession(
  db: Db,
  row: { idHash: string; userId: number; expiresAt: number; ip: string; userAgent: string },
): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.insert(sessions).values(row);
    // Housekeeping on the write path keeps the table small without a scheduler.
    await tx.delete(sessions).where(lt(sessions.expiresAt, Date.now()));
  });
}

export async function findSessionUser(db: Db, idHash: string, now: number): Promise<SessionUser | null> {
  const [row] = await db
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
    .limit(1);
  return row ?? null;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await write(db, (w) => w.delete(sessions).where(eq(sessions.idHash, idHash)));
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await write(db, (w) => w.delete(sessions).where(eq(sessions.userId, userId)));
}
