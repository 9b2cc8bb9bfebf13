/**
 * The tables of the database this process uses (see dialect.ts). Both schemas declare the same tables
 * and columns with the same TypeScript types (tests/unit/db/schema-parity.test.ts), so the queries in
 * db/queries are written once, against the SQLite declaration's types; at run time they get the
 * PostgreSQL tables when DATABASE_URL names a PostgreSQL server.
 */
import * as pgSchema from "./schema.pg";
import * as sqliteSchema from "./schema.sqlite";
import { DIALECT } from "./dialect";

const active = (DIALECT === "pg" ? pgSchema : sqliteSchema) as unknown as typeof sqliteSchema;

export const {
  settings,
  agencies,
  people,
  bodies,
  bodyMembers,
  staffUsers,
  sessions,
  signinThrottle,
  rateLimits,
  leases,
  consultations,
  versions,
  clauses,
  auditEvents,
  invitations,
  commentDrafts,
  submissions,
  comments,
  outbox,
  reminders,
  clauseLinks,
  answers,
  commentAnswers,
  settlements,
  workingClauses,
  workingAccepts,
} = active;

export type * from "./schema.sqlite";
