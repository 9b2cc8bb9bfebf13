/**
 * The PostgreSQL twin of schema.sqlite.ts: the same tables, columns, defaults, foreign keys and
 * indexes, under the same SQL and TypeScript names. The queries in db/queries are written once,
 * against the SQLite declaration's types (see db/schema.ts), and run against these tables when
 * DATABASE_URL names a PostgreSQL server, so every column here must read back as the same TypeScript
 * type as its SQLite counterpart (tests/unit/db/schema-parity.test.ts checks both).
 *
 * The mapping: integer ids → identity columns (BY DEFAULT, so a copy can keep its ids and reset the
 * sequence afterwards); epoch-millisecond times → bigint read as a number; 0/1 flags → boolean;
 * blobs → bytea read as a Buffer; text enums stay text. Change schema.sqlite.ts and this file together.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

/** Raw bytes; node-postgres already returns a Buffer for bytea, the conversion only guards other drivers. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
  fromDriver(value: Buffer | Uint8Array | string): Buffer {
    if (Buffer.isBuffer(value)) return value;
    if (typeof value === "string") {
      // The text form of bytea ("\x0102…") when a driver hands it over unparsed.
      return value.startsWith("\\x") ? Buffer.from(value.slice(2), "hex") : Buffer.from(value, "binary");
    }
    return Buffer.from(value);
  },
});

/** An integer primary key numbered by the database, as SQLite's `integer primary key autoincrement`. */
const id = () => integer("id").primaryKey().generatedByDefaultAsIdentity();

/** Milliseconds since the epoch (UTC); bigint because they outgrow a 32-bit integer. */
const ms = <TName extends string>(name: TName) => bigint(name, { mode: "number" });

const createdAt = () =>
  ms("created_at")
    .notNull()
    .default(sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`);

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

export const agencies = pgTable(
  "agencies",
  {
    id: id(),
    name: text("name").notNull(),
    shortName: text("short_name").notNull().default(""),
    emails: text("emails").notNull().default(""),
    symbol: text("symbol").notNull().default(""),
    governingBody: text("governing_body").notNull().default(""),
    placeName: text("place_name").notNull().default(""),
    /** vietnameseSortKey(name) (app/domain/vietnamese-sort-key.ts): its byte order is the dictionary order of the names, on both databases. */
    sortKey: text("sort_key").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("agencies_name_unique").on(t.name), index("agencies_sort_key_idx").on(t.sortKey)],
);

/**
 * People of the directory (issue 17): members of collective bodies (a People's Committee, a steering
 * committee), invited in their own name. Each belongs to an agency (the department they direct, or the
 * body's host agency), which keeps every invitation's agency known.
 */
export const people = pgTable(
  "people",
  {
    id: id(),
    name: text("name").notNull(),
    position: text("position").notNull().default(""),
    /** Contact e-mail addresses, one per line, as agencies.emails. */
    emails: text("emails").notNull().default(""),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    /** vietnameseSortKey(name), as agencies.sort_key. */
    sortKey: text("sort_key").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("people_agency_idx").on(t.agencyId), index("people_sort_key_idx").on(t.sortKey)],
);

/** A collective body: a named list of people kept by the administrator ("Thành viên UBND tỉnh Sóc Trăng"). */
export const bodies = pgTable(
  "bodies",
  {
    id: id(),
    name: text("name").notNull(),
    /** The agency the body sits in (UBND tỉnh): a member's agency when the list names none. */
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    sortKey: text("sort_key").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("bodies_name_unique").on(t.name)],
);

/** Who is a member of which body, in the list's order (chair first). */
export const bodyMembers = pgTable(
  "body_members",
  {
    bodyId: integer("body_id")
      .notNull()
      .references(() => bodies.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("body_members_unique").on(t.bodyId, t.personId), index("body_members_person_idx").on(t.personId)],
);

export const staffUsers = pgTable(
  "staff_users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "drafter"] }).notNull(),
    agencyId: integer("agency_id").references(() => agencies.id),
    passwordHash: text("password_hash").notNull(),
    disabledAt: ms("disabled_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("staff_users_email_unique").on(t.email)],
);

export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    expiresAt: ms("expires_at").notNull(),
    ip: text("ip").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const signinThrottle = pgTable("signin_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: ms("last_failure_at").notNull(),
  blockedUntil: ms("blocked_until").notNull().default(0),
});

/** Fixed-window rate limits shared by every process (see schema.sqlite.ts). */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    hits: integer("hits").notNull(),
    resetAt: ms("reset_at").notNull(),
  },
  (t) => [index("rate_limits_reset_idx").on(t.resetAt)],
);

/** Jobs that run in one place at a time: who holds each, until when (see schema.sqlite.ts). */
export const leases = pgTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: ms("expires_at").notNull(),
});

export const consultations = pgTable(
  "consultations",
  {
    id: id(),
    title: text("title").notNull(),
    kind: text("kind", { enum: ["plan", "decision", "regulation", "report", "other"] }).notNull(),
    draftingAgencyId: integer("drafting_agency_id")
      .notNull()
      .references(() => agencies.id),
    letterRef: text("letter_ref").notNull().default(""),
    letterText: text("letter_text").notNull().default(""),
    reportSettings: text("report_settings").notNull().default("{}"),
    cutoffAt: ms("cutoff_at").notNull(),
    timeZone: text("time_zone").notNull().default("Asia/Ho_Chi_Minh"),
    status: text("status", { enum: ["preparing", "open", "closed", "finished"] })
      .notNull()
      .default("preparing"),
    answersPublishedAt: ms("answers_published_at"),
    createdBy: integer("created_by").references(() => staffUsers.id),
    createdAt: createdAt(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [index("consultations_agency_idx").on(t.draftingAgencyId)],
);

export const versions = pgTable(
  "versions",
  {
    id: id(),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    number: integer("number").notNull(),
    label: text("label").notNull(),
    text: text("text").notNull(),
    title: text("title"),
    language: text("language").notNull().default("vi"),
    frontMatter: text("front_matter").notNull().default("[]"),
    backMatter: text("back_matter").notNull().default("[]"),
    clauseCount: integer("clause_count").notNull().default(0),
    sourceKind: text("source_kind", { enum: ["paste", "file"] }).notNull(),
    sourceFilename: text("source_filename"),
    sourceMime: text("source_mime"),
    sourceBlob: bytea("source_blob"),
    corrections: text("corrections").notNull().default("[]"),
    /** Published from the working copy of this version (issue 16): its lineage was declared, not aligned. */
    derivedFromVersionId: integer("derived_from_version_id"),
    publishedAt: ms("published_at"),
    createdBy: integer("created_by").references(() => staffUsers.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("versions_consultation_number_unique").on(t.consultationId, t.number)],
);

export const clauses = pgTable(
  "clauses",
  {
    id: id(),
    versionId: integer("version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "cascade" }),
    parentId: integer("parent_id").references((): AnyPgColumn => clauses.id, {
      onDelete: "cascade",
    }),
    label: text("label").notNull(),
    kind: text("kind").notNull(),
    number: text("number"),
    heading: text("heading").notNull(),
    body: text("body").notNull(),
    citation: text("citation").notNull().default(""),
    position: integer("position").notNull(),
    depth: integer("depth").notNull(),
    contentHash: text("content_hash").notNull(),
  },
  (t) => [
    uniqueIndex("clauses_version_label_unique").on(t.versionId, t.label),
    index("clauses_version_position_idx").on(t.versionId, t.position),
    // Deleting a draft's clauses checks each one's children: without it, a full scan per clause.
    index("clauses_parent_idx").on(t.parentId),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
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

// ---- invitations and comments (issue 4) ----------------------------------------------------------

export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    /** A person invited in their own name (issue 17); agency_id is then their agency. */
    personId: integer("person_id").references((): AnyPgColumn => people.id),
    /** The body through which the person was invited (null when invited alone or for an agency). */
    bodyId: integer("body_id").references((): AnyPgColumn => bodies.id),
    tokenHash: text("token_hash").notNull(),
    tokenNonce: text("token_nonce").notNull(),
    createdAt: createdAt(),
    revokedAt: ms("revoked_at"),
    sentAt: ms("sent_at"),
    firstOpenedAt: ms("first_opened_at"),
    lastSeenAt: ms("last_seen_at"),
    draftUpdatedAt: ms("draft_updated_at"),
    cutoffOverrideAt: ms("cutoff_override_at"),
    lateAllowed: boolean("late_allowed").notNull().default(false),
    latestSubmissionId: integer("latest_submission_id"),
    submittedAt: ms("submitted_at"),
    answerKind: text("answer_kind", { enum: ["comments", "agree", "decline"] }),
    /** The latest submission's verdict (issue 16), denormalised like answer_kind. */
    verdict: text("verdict", { enum: ["agree", "agree_with_comments", "disagree"] }),
    late: boolean("late").notNull().default(false),
    commentCount: integer("comment_count").notNull().default(0),
    /**
     * The answer chosen on the page but not sent yet (autosaved with the drafts): a verdict, or "decline"
     * (no verdict). Here and not as a comment_drafts row: every save already updates this row
     * (draft_updated_at) in its transaction, so the choice costs no statement of its own, and the drafts
     * stay one row per box. A submission clears it (its answer_kind and verdict say what was chosen).
     */
    draftVerdict: text("draft_verdict", { enum: ["agree", "agree_with_comments", "disagree", "decline"] }),
  },
  (t) => [
    uniqueIndex("invitations_token_unique").on(t.tokenHash),
    // One invitation per agency, and one per person, in a consultation: a person invited in their own
    // name and their agency invited as such answer separately.
    uniqueIndex("invitations_consultation_agency_unique").on(t.consultationId, t.agencyId).where(sql`person_id is null`),
    uniqueIndex("invitations_consultation_person_unique").on(t.consultationId, t.personId),
    index("invitations_body_idx").on(t.bodyId),
    index("invitations_latest_submission_idx").on(t.latestSubmissionId),
  ],
);

export const commentDrafts = pgTable(
  "comment_drafts",
  {
    invitationId: integer("invitation_id")
      .notNull()
      .references(() => invitations.id),
    clauseKey: text("clause_key").notNull(),
    text: text("text").notNull().default(""),
    proposedWording: text("proposed_wording").notNull().default(""),
    /** Suggestions and comments on phrases of the clause being written (JSON list, issue 16). */
    phrases: text("phrases").notNull().default("[]"),
    updatedAt: ms("updated_at").notNull(),
    /** "Không đồng ý với nội dung này" ticked on the clause (issue 16; counts only with a "disagree" answer). */
    objection: boolean("objection").notNull().default(false),
  },
  (t) => [uniqueIndex("comment_drafts_key").on(t.invitationId, t.clauseKey)],
);

export const submissions = pgTable(
  "submissions",
  {
    id: id(),
    invitationId: integer("invitation_id")
      .notNull()
      .references(() => invitations.id),
    revision: integer("revision").notNull(),
    versionId: integer("version_id")
      .notNull()
      .references(() => versions.id),
    answerKind: text("answer_kind", { enum: ["comments", "agree", "decline"] }).notNull(),
    /** Agree, agree with comments, or disagree (issue 16); null on submissions made before verdicts existed. */
    verdict: text("verdict", { enum: ["agree", "agree_with_comments", "disagree"] }),
    signerName: text("signer_name").notNull(),
    signerPosition: text("signer_position").notNull(),
    submittedAt: ms("submitted_at").notNull(),
    late: boolean("late").notNull().default(false),
    receiptRef: text("receipt_ref").notNull(),
    requestKey: text("request_key").notNull(),
    replyLetterName: text("reply_letter_name"),
    replyLetter: bytea("reply_letter"),
    ip: text("ip").notNull().default(""),
  },
  (t) => [
    uniqueIndex("submissions_revision_unique").on(t.invitationId, t.revision),
    uniqueIndex("submissions_request_key_unique").on(t.requestKey),
    uniqueIndex("submissions_receipt_unique").on(t.receiptRef),
  ],
);

export const comments = pgTable(
  "comments",
  {
    id: id(),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => submissions.id),
    invitationId: integer("invitation_id")
      .notNull()
      .references(() => invitations.id),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    versionId: integer("version_id")
      .notNull()
      .references(() => versions.id),
    clauseId: integer("clause_id").references(() => clauses.id),
    text: text("text").notNull(),
    proposedWording: text("proposed_wording").notNull().default(""),
    position: integer("position").notNull().default(0),
    /**
     * On a phrase (issue 16): the words quoted ("" for an insertion point) with their context and their
     * offset in the clause's text (see app/domain/anchors/reanchor.ts). Null for a comment on a whole clause.
     */
    anchorQuote: text("anchor_quote"),
    anchorPrefix: text("anchor_prefix").notNull().default(""),
    anchorSuffix: text("anchor_suffix").notNull().default(""),
    anchorStart: integer("anchor_start"),
    /** The words proposed in place of the quote ("" deletes it); null when the comment proposes no words. */
    suggestion: text("suggestion"),
    /** The agency disagrees with this clause (its verdict is "disagree"). */
    objection: boolean("objection").notNull().default(false),
  },
  (t) => [
    index("comments_consultation_clause_idx").on(t.consultationId, t.clauseId),
    index("comments_clause_idx").on(t.clauseId),
    index("comments_invitation_idx").on(t.invitationId),
    index("comments_submission_idx").on(t.submissionId),
  ],
);

export const outbox = pgTable(
  "outbox",
  {
    id: id(),
    consultationId: integer("consultation_id").references(() => consultations.id),
    invitationId: integer("invitation_id").references(() => invitations.id),
    kind: text("kind", { enum: ["invitation", "reminder", "answers"] }).notNull(),
    toAddresses: text("to_addresses").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["pending", "sent", "failed", "kept"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: createdAt(),
    sentAt: ms("sent_at"),
    lastAttemptAt: ms("last_attempt_at"),
  },
  (t) => [
    index("outbox_consultation_idx").on(t.consultationId, t.createdAt),
    index("outbox_due_idx").on(t.status, t.lastAttemptAt),
  ],
);

export const reminders = pgTable(
  "reminders",
  {
    id: id(),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    dueAt: ms("due_at").notNull(),
    doneAt: ms("done_at"),
    baseUrl: text("base_url").notNull().default(""),
  },
  (t) => [index("reminders_due_idx").on(t.doneAt, t.dueAt)],
);

// ---- lineage (issue 5) ---------------------------------------------------------------------------

export const clauseLinks = pgTable(
  "clause_links",
  {
    id: id(),
    toVersionId: integer("to_version_id")
      .notNull()
      .references(() => versions.id, { onDelete: "cascade" }),
    fromVersionId: integer("from_version_id")
      .notNull()
      .references(() => versions.id),
    oldClauseId: integer("old_clause_id").references(() => clauses.id),
    newClauseId: integer("new_clause_id").references(() => clauses.id, { onDelete: "cascade" }),
    relation: text("relation", { enum: ["kept", "changed", "moved", "split", "merged", "removed", "new"] }).notNull(),
    score: integer("score_pct").notNull().default(0),
    manual: boolean("manual").notNull().default(false),
  },
  (t) => [
    index("clause_links_to_idx").on(t.toVersionId),
    index("clause_links_old_idx").on(t.oldClauseId),
    index("clause_links_new_idx").on(t.newClauseId),
  ],
);

// ---- answers (issue 6) -----------------------------------------------------------------------------

export const answers = pgTable(
  "answers",
  {
    id: id(),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    decision: text("decision", { enum: ["accepted", "partly", "explained", "noted"] }).notNull(),
    text: text("text").notNull().default(""),
    newClauseId: integer("new_clause_id").references(() => clauses.id),
    revision: integer("revision").notNull().default(1),
    authorUserId: integer("author_user_id").references(() => staffUsers.id),
    updatedAt: ms("updated_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("answers_consultation_idx").on(t.consultationId), index("answers_new_clause_idx").on(t.newClauseId)],
);

/**
 * SQLite's `comment_id integer primary key` is a rowid alias (drizzle marks it as having a default);
 * here it is a plain integer key: it always names an existing comment, so nothing should number it.
 */
export const commentAnswers = pgTable(
  "comment_answers",
  {
    commentId: integer("comment_id")
      .primaryKey()
      .references(() => comments.id),
    answerId: integer("answer_id")
      .notNull()
      .references(() => answers.id),
  },
  (t) => [index("comment_answers_answer_idx").on(t.answerId)],
);

// ---- the drafting loop (issue 16) --------------------------------------------------------------------

/** A disagreement the drafter settled after consulting the agency (one per comment), with a note. */
export const settlements = pgTable("settlements", {
  commentId: integer("comment_id")
    .primaryKey()
    .references(() => comments.id),
  note: text("note").notNull(),
  settledBy: integer("settled_by").references(() => staffUsers.id),
  settledAt: ms("settled_at").notNull(),
});

/**
 * The working copy of the next version: the clauses of a published version the drafter changed (by
 * editing or by accepting proposals). Unchanged clauses have no row; publishing writes version N+1.
 */
export const workingClauses = pgTable(
  "working_clauses",
  {
    id: id(),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    baseVersionId: integer("base_version_id")
      .notNull()
      .references(() => versions.id),
    clauseId: integer("clause_id")
      .notNull()
      .references(() => clauses.id),
    heading: text("heading").notNull(),
    body: text("body").notNull(),
    /** Grows with every save: two drafters editing one clause notice each other. */
    revision: integer("revision").notNull().default(1),
    updatedBy: integer("updated_by").references(() => staffUsers.id),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [uniqueIndex("working_clauses_clause_unique").on(t.baseVersionId, t.clauseId)],
);

/** A comment's proposal accepted into the working copy: applied, or waiting for a choice (conflict). */
export const workingAccepts = pgTable(
  "working_accepts",
  {
    id: id(),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    baseVersionId: integer("base_version_id")
      .notNull()
      .references(() => versions.id),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id),
    clauseId: integer("clause_id")
      .notNull()
      .references(() => clauses.id),
    state: text("state", { enum: ["applied", "conflict", "set_aside"] }).notNull(),
    /** The clause's working text just before this proposal was applied (to show and undo it). */
    before: text("before"),
    /**
     * The comment's answer before this accept made it "accepted", to put back on undo or when set
     * aside: its decision, "none" when the accept created the answer, null when the accept did not
     * touch it (a conflict is not accepted until taken).
     */
    answerBefore: text("answer_before", { enum: ["accepted", "partly", "explained", "noted", "none"] }),
    acceptedBy: integer("accepted_by").references(() => staffUsers.id),
    acceptedAt: ms("accepted_at").notNull(),
  },
  (t) => [uniqueIndex("working_accepts_comment_unique").on(t.baseVersionId, t.commentId), index("working_accepts_clause_idx").on(t.baseVersionId, t.clauseId)],
);

export type WorkingClauseRow = typeof workingClauses.$inferSelect;
export type WorkingAcceptRow = typeof workingAccepts.$inferSelect;
