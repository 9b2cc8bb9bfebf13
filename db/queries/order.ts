import { asc, sql, type SQL } from "drizzle-orm";
import { DIALECT } from "../dialect";
import { agencies, bodies, people } from "../schema";

/**
 * Agencies in Vietnamese dictionary order, the same on both databases: by the stored sort key
 * (vietnameseSortKey), compared byte by byte — SQLite's default; on PostgreSQL `collate "C"`, since a
 * cluster's locale (en_US, vi_VN…) would otherwise reorder the key's spaces and marks — then by the
 * name's bytes (names that differ only in case or tone placement share a key).
 */
export const byAgencyName: SQL[] =
  DIALECT === "pg"
    ? [sql`${agencies.sortKey} collate "C"`, sql`${agencies.name} collate "C"`]
    : [asc(agencies.sortKey), asc(agencies.name)];

/** People in Vietnamese dictionary order, as byAgencyName. */
export const byPersonName: SQL[] =
  DIALECT === "pg"
    ? [sql`${people.sortKey} collate "C"`, sql`${people.name} collate "C"`]
    : [asc(people.sortKey), asc(people.name)];

/** Bodies in Vietnamese dictionary order, as byAgencyName. */
export const byBodyName: SQL[] =
  DIALECT === "pg"
    ? [sql`${bodies.sortKey} collate "C"`, sql`${bodies.name} collate "C"`]
    : [asc(bodies.sortKey), asc(bodies.name)];
