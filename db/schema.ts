/**
 * The records of Góp ý. Times are stored as integer milliseconds since the epoch (UTC) so that the
 * schema maps one-to-one onto PostgreSQL's bigint later; the consultation's time zone is stored
 * beside its cutoff and only used for display and for reading what a drafter typed.
 */
import { sql } from "drizzle-orm";
import {
  blob,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "number" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

export const agencies = sqliteTable(
  "agencies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    shortName: text("short_name").notNull().default(""),
    /** Contact e-mail addresses, one per line (kept as text: a list of a few addresses per agency). */
    emails: text("emails").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("agencies_name_unique").on(t.name)],
);

export const staffUsers = sqliteTable(
  "staff_users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "drafter"] }).notNull(),
    agencyId: integer("agency_id").references(() => agencies.id),
    passwordHash: text("password_hash").notNull(),
    disabledAt: integer("disabled_at", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("staff_users_email_unique").on(t.email)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the random session id carried by the cookie: a stolen database yields no live session. */
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    ip: text("ip").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed sign-in counters, one row per account and one per client address. */
export const signinThrottle = sqliteTable("signin_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: integer("last_failure_at", { mode: "number" }).notNull(),
  blockedUntil: integer("blocked_until", { mode: "number" }).notNull().default(0),
});

export const consultations = sqliteTable(
  "consultations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    kind: text("kind", { enum: ["plan", "decision", "regulation", "report", "other"] }).notNull(),
    draftingAgencyId: integer("drafting_agency_id")
      .notNull()
      .references(() => agencies.id),
    letterRef: text("letter_ref").notNull().default(""),
    letterText: text("letter_text").notNull().default(""),
    cutoffAt: integer("cutoff_at", { mode: "number" }).notNull(),
    timeZone: text("time_zone").notNull().default("Asia/Ho_Chi_Minh"),
    status: text("status", { enum: ["preparing", "open", "closed", "finished"] })
      .notNull()
      .default("preparing"),
    createdBy: integer("created_by").references(() => staffUsers.id),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [index("consultations_agency_idx").on(t.draftingAgencyId)],
);

export const versions = sqliteTable(
  "versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    number: integer("number").notNull(),
    label: text("label").notNull(),
    /** The text the clauses were parsed from (NFC, LF line ends). */
    text: text("text").notNull(),
    title: text("title"),
    language: text("language").notNull().default("vi"),
    frontMatter: text("front_matter").notNull().default("[]"),
    backMatter: text("back_matter").notNull().default("[]"),
    clauseCount: integer("clause_count").notNull().default(0),
    sourceKind: text("source_kind", { enum: ["paste", "file"] }).notNull(),
    sourceFilename: text("source_filename"),
    sourceMime: text("source_mime"),
    /** The original upload, byte for byte, so the drafter can always get back what was sent. */
    sourceBlob: blob("source_blob", { mode: "buffer" }),
    publishedAt: integer("published_at", { mode: "number" }),
    createdBy: integer("created_by").references(() => staffUsers.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("versions_consultation_number_unique").on(t.consultationId, t.number)],
);

export const clauses = sqliteTable(
  "clauses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    versionId: integer("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "cascade" }),
    parentId: integer("parent_id").references((): AnySQLiteColumn => clauses.id, {
      onDelete: "cascade",
    }),
    label: text("label").notNull(),
    kind: text("kind").notNull(),
    number: text("number"),
    heading: text("heading").notNull(),
    body: text("body").notNull(),
    position: integer("position").notNull(),
    depth: integer("depth").notNull(),
    /** SHA-1 of heading + body, so later alignment can spot unchanged clauses without reading text. */
    contentHash: text("content_hash").notNull(),
  },
  (t) => [
    uniqueIndex("clauses_version_label_unique").on(t.versionId, t.label),
    index("clauses_version_position_idx").on(t.versionId, t.position),
  ],
);

/** Append-only record of state changes: who did what, when, from where. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorUserId: integer("actor_user_id").references(() => staffUsers.id),
    actorLabel: text("actor_label").notNull().default(""),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    details: text("details").notNull().default("{}"),
    ip: text("ip").notNull().default(""),
    at: createdAt(),
  },
  (t) => [index("audit_subject_idx").on(t.subjectType, t.subjectId)],
);

export type Agency = typeof agencies.$inferSelect;
export type StaffUser = typeof staffUsers.$inferSelect;
export type Consultation = typeof consultations.$inferSelect;
export type Version = typeof versions.$inferSelect;
export type ClauseRow = typeof clauses.$inferSelect;
