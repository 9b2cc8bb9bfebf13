/**
 * People and collective bodies of the directory (issue 17). A body ("Thành viên UBND tỉnh Sóc Trăng")
 * is a named list of people kept by the administrator; inviting it invites each member in their own
 * name. A person belongs to an agency (the department they direct, or the body's host agency).
 */
import { and, asc, count, eq, inArray, notInArray, sql } from "drizzle-orm";
import { vietnameseSortKey } from "../../app/domain/vietnamese-sort-key";
import { transaction, type Db } from "../client.server";
import { agencies, bodies, bodyMembers, people, type Body, type Person } from "../schema";
import { recordAudit, type AuditActor } from "./audit";
import { chunks } from "./batches";
import { byBodyName, byPersonName } from "./order";

export interface PersonInput {
  name: string;
  position: string;
  emails: string[];
  agencyId: number;
}

export interface BodySummary {
  id: number;
  name: string;
  agencyId: number;
  agencyName: string;
  members: number;
}

/** Every body with its host agency and its number of members, in Vietnamese order of names. */
export async function listBodies(db: Db): Promise<BodySummary[]> {
  return db
    .select({ id: bodies.id, name: bodies.name, agencyId: bodies.agencyId, agencyName: agencies.name, members: sql<number>`(select count(*) from ${bodyMembers} where ${bodyMembers.bodyId} = ${bodies.id})`.mapWith(Number) })
    .from(bodies)
    .innerJoin(agencies, eq(agencies.id, bodies.agencyId))
    .orderBy(...byBodyName, asc(bodies.id));
}

export async function findBody(db: Db, id: number): Promise<Body | null> {
  const [row] = await db.select().from(bodies).where(eq(bodies.id, id)).limit(1);
  return row ?? null;
}

export async function findBodyByName(db: Db, name: string): Promise<Body | null> {
  const [row] = await db.select().from(bodies).where(eq(bodies.name, name)).limit(1);
  return row ?? null;
}

export interface Member {
  personId: number;
  name: string;
  position: string;
  emails: string;
  agencyId: number;
  agencyName: string;
  order: number;
}

/** The members of the given bodies, each body's in the list's order (one query for any number of bodies). */
export async function membersOf(db: Db, bodyIds: number[]): Promise<Map<number, Member[]>> {
  const out = new Map<number, Member[]>(bodyIds.map((id) => [id, []]));
  if (bodyIds.length === 0) return out;
  const select = (ids: number[]) =>
    db
    .select({
      bodyId: bodyMembers.bodyId,
      personId: people.id,
      name: people.name,
      position: people.position,
      emails: people.emails,
      agencyId: people.agencyId,
      agencyName: agencies.name,
      order: bodyMembers.position,
    })
    .from(bodyMembers)
    .innerJoin(people, eq(people.id, bodyMembers.personId))
    .innerJoin(agencies, eq(agencies.id, people.agencyId))
    .where(inArray(bodyMembers.bodyId, ids))
    .orderBy(asc(bodyMembers.bodyId), asc(bodyMembers.position), ...byPersonName);
  const rows = [];
  for (const slice of chunks(bodyIds)) rows.push(...(await select(slice)));
  for (const { bodyId, ...m } of rows) out.get(bodyId)?.push(m);
  return out;
}

/** Every person with their agency's name, in Vietnamese order (a directory holds hundreds at most). */
export async function listPeople(db: Db): Promise<(Person & { agencyName: string })[]> {
  const rows = await db
    .select({ person: people, agencyName: agencies.name })
    .from(people)
    .innerJoin(agencies, eq(agencies.id, people.agencyId))
    .orderBy(...byPersonName, asc(people.id));
  return rows.map((r) => ({ ...r.person, agencyName: r.agencyName }));
}

export async function findPerson(db: Db, id: number): Promise<Person | null> {
  const [row] = await db.select().from(people).where(eq(people.id, id)).limit(1);
  return row ?? null;
}

const personValues = (input: PersonInput) => ({
  name: input.name,
  sortKey: vietnameseSortKey(input.name),
  position: input.position,
  emails: input.emails.join("\n"),
  agencyId: input.agencyId,
});

/** Adds a person; with `audit`, records "person.created" in the same transaction. */
export async function insertPerson(db: Db, input: PersonInput, audit?: AuditActor): Promise<number> {
  return transaction(db, async (tx) => {
    const [row] = await tx.insert(people).values(personValues(input)).returning({ id: people.id });
    if (audit) await recordAudit(tx, { ...audit, action: "person.created", subjectType: "person", subjectId: row!.id, details: { name: input.name } });
    return row!.id;
  });
}

/** Changes a person (their invitations keep pointing at them); with `audit`, records "person.updated". */
export async function updatePerson(db: Db, id: number, input: PersonInput, audit?: AuditActor): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.update(people).set(personValues(input)).where(eq(people.id, id));
    if (audit) await recordAudit(tx, { ...audit, action: "person.updated", subjectType: "person", subjectId: id, details: { name: input.name } });
  });
}

/** A body's list as the administrator gives it (a form or an imported .csv/.xlsx), already validated. */
export interface BodyListInput {
  name: string;
  agencyId: number;
  /** In the list's order; agencyId already resolved (the body's own when the row names none). */
  members: PersonInput[];
}

export interface BodyListOutcome {
  bodyId: number;
  created: number;
  updated: number;
  removed: number;
}

const normalEmail = (e: string) => e.trim().toLowerCase();
const nameKey = (name: string, agencyId: number) => `${name.trim().normalize("NFC").toLowerCase()}\u0000${agencyId}`;

/**
 * Creates or replaces a body's member list in one transaction: the body is found by name (or
 * created); each row is matched to a known person by one of their e-mail addresses, else by name and
 * agency, and updated, or added; the list's order becomes the members' order; people no longer listed
 * leave the body but stay in the directory (invitations made through it keep their names). Nothing is
 * written unless every row is (the caller validates all rows first).
 */
export async function saveBodyList(db: Db, input: BodyListInput, audit?: AuditActor): Promise<BodyListOutcome> {
  return transaction(db, async (tx) => {
    let [body] = await tx.select().from(bodies).where(eq(bodies.name, input.name)).limit(1);
    if (body) {
      await tx.update(bodies).set({ agencyId: input.agencyId }).where(eq(bodies.id, body.id));
    } else {
      [body] = await tx.insert(bodies).values({ name: input.name, agencyId: input.agencyId, sortKey: vietnameseSortKey(input.name) }).returning();
    }
    const bodyId = body!.id;
    // Everyone the list could name: one query, matched in memory.
    const known = await tx.select().from(people);
    const byEmail = new Map<string, Person>();
    const byName = new Map<string, Person>();
    for (const p of known) {
      for (const e of p.emails.split("\n")) if (e.trim()) byEmail.set(normalEmail(e), p);
      byName.set(nameKey(p.name, p.agencyId), p);
    }
    let created = 0;
    let updated = 0;
    const memberIds: number[] = [];
    for (const m of input.members) {
      const match = m.emails.map((e) => byEmail.get(normalEmail(e))).find((p) => p !== undefined) ?? byName.get(nameKey(m.name, m.agencyId));
      let id: number;
      if (match) {
        id = match.id;
        await tx.update(people).set(personValues(m)).where(eq(people.id, id));
        updated++;
      } else {
        const [row] = await tx.insert(people).values(personValues(m)).returning({ id: people.id });
        id = row!.id;
        created++;
      }
      if (!memberIds.includes(id)) memberIds.push(id);
    }
    const [{ n: before }] = (await tx.select({ n: count() }).from(bodyMembers).where(eq(bodyMembers.bodyId, bodyId))) as [{ n: number }];
    const stay = memberIds.length > 0 ? await tx.select({ n: count() }).from(bodyMembers).where(and(eq(bodyMembers.bodyId, bodyId), inArray(bodyMembers.personId, memberIds))) : [{ n: 0 }];
    const removed = before - (stay[0]?.n ?? 0);
    await tx.delete(bodyMembers).where(memberIds.length > 0 ? and(eq(bodyMembers.bodyId, bodyId), notInArray(bodyMembers.personId, memberIds)) : eq(bodyMembers.bodyId, bodyId));
    if (memberIds.length > 0) {
      await tx
        .insert(bodyMembers)
        .values(memberIds.map((personId, i) => ({ bodyId, personId, position: i })))
        .onConflictDoUpdate({ target: [bodyMembers.bodyId, bodyMembers.personId], set: { position: sql`excluded.position` } });
    }
    if (audit) await recordAudit(tx, { ...audit, action: "body.list_saved", subjectType: "body", subjectId: bodyId, details: { name: input.name, members: memberIds.length, created, updated, removed } });
    return { bodyId, created, updated, removed };
  });
}
