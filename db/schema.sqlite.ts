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
    /** For the documents it issues (Decree 30/2020): its symbol ("SNV" in "Số: …/BC-SNV"), the body it answers to ("UBND TỈNH SÓC TRĂNG") and its place name ("Sóc Trăng"). */
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
export const people = sqliteTable(
  "people",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
export const bodies = sqliteTable(
  "bodies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
export const bodyMembers = sqliteTable(
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

/**
 * Fixed-window rate limits (app/security/rate-limit.server.ts), kept here so that every process on this
 * database counts together: one row per limiter and key, counted by one atomic upsert per hit.
 */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    hits: integer("hits").notNull(),
    resetAt: integer("reset_at", { mode: "number" }).notNull(),
  },
  (t) => [index("rate_limits_reset_idx").on(t.resetAt)],
);

/**
 * Jobs that must run in one place at a time however many processes serve the portal (the scheduler):
 * the holder renews its lease while it runs; another process takes the job once the lease has expired.
 */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at", { mode: "number" }).notNull(),
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
    /**
     * What the reception report needs to be signed (JSON, see app/domain/report/settings.ts): governing
     * and issuing body, symbol, place, signer, recipients, the request letter's sender, number and date.
     * Empty fields fall back to the drafting agency's defaults.
     */
    reportSettings: text("report_settings").notNull().default("{}"),
    cutoffAt: integer("cutoff_at", { mode: "number" }).notNull(),
    timeZone: text("time_zone").notNull().default("Asia/Ho_Chi_Minh"),
    status: text("status", { enum: ["preparing", "open", "closed", "finished"] })
      .notNull()
      .default("preparing"),
    /** When the drafter let each invited agency read the answers to its own comments. */
    answersPublishedAt: integer("answers_published_at", { mode: "number" }),
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
    /** The drafter's outline corrections (JSON, see app/domain/clauses/corrections.ts): the clauses are parse(text, corrections). */
    corrections: text("corrections").notNull().default("[]"),
    /** Published from the working copy of this version (issue 16): its lineage was declared, not aligned. */
    derivedFromVersionId: integer("derived_from_version_id"),
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
    /** How people cite the clause in the document's language ("khoản 3 Điều 2", "Phụ lục, dòng 1"); what every screen shows. */
    citation: text("citation").notNull().default(""),
    position: integer("position").notNull(),
    depth: integer("depth").notNull(),
    /** SHA-1 of heading + body, so later alignment can spot unchanged clauses without reading text. */
    contentHash: text("content_hash").notNull(),
  },
  (t) => [
    uniqueIndex("clauses_version_label_unique").on(t.versionId, t.label),
    index("clauses_version_position_idx").on(t.versionId, t.position),
    // Deleting a draft's clauses checks each one's children: without it, a full scan per clause.
    index("clauses_parent_idx").on(t.parentId),
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
export type Person = typeof people.$inferSelect;
export type Body = typeof bodies.$inferSelect;
export type StaffUser = typeof staffUsers.$inferSelect;
export type Consultation = typeof consultations.$inferSelect;
export type Version = typeof versions.$inferSelect;
export type ClauseRow = typeof clauses.$inferSelect;

// ---- invitations and comments (issue 4) ----------------------------------------------------------

/**
 * One invitation per agency and consultation. The link's token is never stored, only its SHA-256;
 * re-issuing replaces the hash (the old link stops working), revoking stamps revoked_at.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    /** A person invited in their own name (issue 17); agency_id is then their agency. */
    personId: integer("person_id").references((): AnySQLiteColumn => people.id),
    /** The body through which the person was invited (null when invited alone or for an agency). */
    bodyId: integer("body_id").references((): AnySQLiteColumn => bodies.id),
    tokenHash: text("token_hash").notNull(),
    /** Random per issue; with the server secret it re-derives the link (see app/invitations/token.server.ts). */
    tokenNonce: text("token_nonce").notNull(),
    createdAt: createdAt(),
    revokedAt: integer("revoked_at", { mode: "number" }),
    sentAt: integer("sent_at", { mode: "number" }),
    firstOpenedAt: integer("first_opened_at", { mode: "number" }),
    lastSeenAt: integer("last_seen_at", { mode: "number" }),
    draftUpdatedAt: integer("draft_updated_at", { mode: "number" }),
    /** The agency's own cutoff when the drafter extended it for this agency alone. */
    cutoffOverrideAt: integer("cutoff_override_at", { mode: "number" }),
    /** The drafter chose to accept an answer after the cutoff; it is then marked late. */
    lateAllowed: integer("late_allowed", { mode: "boolean" }).notNull().default(false),
    /** Denormalised from the latest submission so the board needs no sub-query per agency. */
    latestSubmissionId: integer("latest_submission_id"),
    submittedAt: integer("submitted_at", { mode: "number" }),
    answerKind: text("answer_kind", { enum: ["comments", "agree", "decline"] }),
    /** The latest submission's verdict (issue 16), denormalised like answer_kind. */
    verdict: text("verdict", { enum: ["agree", "agree_with_comments", "disagree"] }),
    late: integer("late", { mode: "boolean" }).notNull().default(false),
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
    // Current comments are found by joining on the latest submission of each invitation.
    index("invitations_latest_submission_idx").on(t.latestSubmissionId),
  ],
);

/** The invitee's work in progress, saved as they type; the drafter never sees it. */
export const commentDrafts = sqliteTable(
  "comment_drafts",
  {
    invitationId: integer("invitation_id")
      .notNull()
      .references(() => invitations.id),
    /** "general" for the whole draft, otherwise the clause id. */
    clauseKey: text("clause_key").notNull(),
    text: text("text").notNull().default(""),
    proposedWording: text("proposed_wording").notNull().default(""),
    /** Suggestions and comments on phrases of the clause being written (JSON list, issue 16). */
    phrases: text("phrases").notNull().default("[]"),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
    /** "Không đồng ý với nội dung này" ticked on the clause (issue 16; counts only with a "disagree" answer). */
    objection: integer("objection", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("comment_drafts_key").on(t.invitationId, t.clauseKey)],
);

/** Every submitted answer, revisions appended: nothing is updated in place or deleted. */
export const submissions = sqliteTable(
  "submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
    submittedAt: integer("submitted_at", { mode: "number" }).notNull(),
    late: integer("late", { mode: "boolean" }).notNull().default(false),
    receiptRef: text("receipt_ref").notNull(),
    /** The form's one-time key: a double submit or a retried request finds this row instead. */
    requestKey: text("request_key").notNull(),
    replyLetterName: text("reply_letter_name"),
    replyLetter: blob("reply_letter", { mode: "buffer" }),
    ip: text("ip").notNull().default(""),
  },
  (t) => [
    uniqueIndex("submissions_revision_unique").on(t.invitationId, t.revision),
    uniqueIndex("submissions_request_key_unique").on(t.requestKey),
    uniqueIndex("submissions_receipt_unique").on(t.receiptRef),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
    /** Null for a general comment on the whole draft. */
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
    objection: integer("objection", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    // The drafter reads the comments of each agency's latest submission (invitations.latest_submission_id).
    index("comments_consultation_clause_idx").on(t.consultationId, t.clauseId),
    index("comments_clause_idx").on(t.clauseId),
    index("comments_invitation_idx").on(t.invitationId),
    index("comments_submission_idx").on(t.submissionId),
  ],
);

/** Mail waiting, sent or failed; without SMTP it is the outbox the drafter reads. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
    /** When the mail was sent; null until then. */
    sentAt: integer("sent_at", { mode: "number" }),
    /** When the last attempt began (null before the first): the retry schedule counts from it. */
    lastAttemptAt: integer("last_attempt_at", { mode: "number" }),
  },
  (t) => [index("outbox_consultation_idx").on(t.consultationId, t.createdAt), index("outbox_due_idx").on(t.status, t.lastAttemptAt)],
);

/** Reminder times the drafter set for a consultation; each runs once. */
export const reminders = sqliteTable(
  "reminders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    dueAt: integer("due_at", { mode: "number" }).notNull(),
    doneAt: integer("done_at", { mode: "number" }),
    /** The portal's address as the drafter used it when scheduling: the links in the reminder. */
    baseUrl: text("base_url").notNull().default(""),
  },
  (t) => [index("reminders_due_idx").on(t.doneAt, t.dueAt)],
);

export type Invitation = typeof invitations.$inferSelect;
export type Submission = typeof submissions.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;

// ---- lineage (issue 5) ---------------------------------------------------------------------------

/**
 * How the clauses of a version continue those of the version before it. One row per relation:
 * an old clause with no new one was removed, a new clause with no old one is new.
 */
export const clauseLinks = sqliteTable(
  "clause_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The version whose clauses are the "new" side; its predecessor is fromVersionId. */
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
    /** Set by the drafter's correction rather than by the alignment. */
    manual: integer("manual", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    index("clause_links_to_idx").on(t.toVersionId),
    index("clause_links_old_idx").on(t.oldClauseId),
    index("clause_links_new_idx").on(t.newClauseId),
  ],
);

export type ClauseLinkRow = typeof clauseLinks.$inferSelect;

// ---- answers (issue 6) -----------------------------------------------------------------------------

/**
 * The drafter's answer to one comment or to a group of comments saying the same thing.
 * `revision` grows with every save, so two drafters editing the same answer notice each other.
 */
export const answers = sqliteTable(
  "answers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    consultationId: integer("consultation_id")
      .notNull()
      .references(() => consultations.id),
    decision: text("decision", { enum: ["accepted", "partly", "explained", "noted"] }).notNull(),
    text: text("text").notNull().default(""),
    /** Where the comment was taken in, in a later version (optional). */
    newClauseId: integer("new_clause_id").references(() => clauses.id),
    revision: integer("revision").notNull().default(1),
    authorUserId: integer("author_user_id").references(() => staffUsers.id),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("answers_consultation_idx").on(t.consultationId), index("answers_new_clause_idx").on(t.newClauseId)],
);

/** Which answer a comment has (several comments may share one answer: a group). */
export const commentAnswers = sqliteTable(
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

export type AnswerRow = typeof answers.$inferSelect;

// ---- the drafting loop (issue 16) --------------------------------------------------------------------

/** A disagreement the drafter settled after consulting the agency (one per comment), with a note. */
export const settlements = sqliteTable("settlements", {
  commentId: integer("comment_id")
    .primaryKey()
    .references(() => comments.id),
  note: text("note").notNull(),
  settledBy: integer("settled_by").references(() => staffUsers.id),
  settledAt: integer("settled_at", { mode: "number" }).notNull(),
});

/**
 * The working copy of the next version: the clauses of a published version the drafter changed (by
 * editing or by accepting proposals). Unchanged clauses have no row; publishing writes version N+1.
 */
export const workingClauses = sqliteTable(
  "working_clauses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("working_clauses_clause_unique").on(t.baseVersionId, t.clauseId)],
);

/** A comment's proposal accepted into the working copy: applied, or waiting for a choice (conflict). */
export const workingAccepts = sqliteTable(
  "working_accepts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
    acceptedAt: integer("accepted_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("working_accepts_comment_unique").on(t.baseVersionId, t.commentId), index("working_accepts_clause_idx").on(t.baseVersionId, t.clauseId)],
);

export type WorkingClauseRow = typeof workingClauses.$inferSelect;
export type WorkingAcceptRow = typeof workingAccepts.$inferSelect;
