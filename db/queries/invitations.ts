import crypto from "node:crypto";
import { and, asc, count, desc, eq, inArray, isNull, ne, notExists, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { DIALECT, rows, transaction, write, type Db } from "../client.server";
import {
  agencies,
  bodies,
  bodyMembers,
  clauses,
  commentDrafts,
  comments,
  consultations,
  invitations,
  people,
  submissions,
  versions,
  type Invitation,
} from "../schema";
import { authorColumns, bodyOfInvitation, byAuthor, membershipOfInvitation, personOfInvitation, withAuthorName } from "./authors";
import { chunks } from "./batches";
import { updateConsultationStatus } from "./consultations";
import { lockRow } from "./locks";
import { byAgencyName, byBodyName, byPersonName } from "./order";
import { recordAudit, withAudit, type AuditEntry } from "./audit";
import { preparedPerDatabase, preparedRowInserts } from "./prepared";
import { hitInTransaction, hitRateLimit, type RateLimitHit } from "./rate-limits";

/**
 * A placeholder where drizzle's update types take only SQL. Given its column, the value is encoded as
 * that column's (a boolean becomes 0/1 for SQLite, stays a boolean for PostgreSQL).
 */
const slot = (name: string, column?: AnyColumn) => (column ? sql`${sql.param(sql.placeholder(name), column)}` : sql`${sql.placeholder(name)}`);
/** An agency's first save or submission also shows it opened the page (see markOpened). */
const firstOpened = sql`coalesce(${invitations.firstOpenedAt}, ${sql.placeholder("now")})`;

/**
 * The clause keys of a JSON array bound as one parameter, so any number of them is one statement.
 * SQLite reads the array with json_each; PostgreSQL has no json_each over text, it expands jsonb.
 */
const inJsonArray = (column: AnyColumn, placeholder: SQL): SQL =>
  DIALECT === "pg"
    ? sql`${column} in (select jsonb_array_elements_text(${placeholder}::jsonb))`
    : sql`${column} in (select value from json_each(${placeholder}))`;

/** The statements of an agency's link: opened and posted to on every request under load. */
const hot = preparedPerDatabase((db) => ({
  /** The invitation, its consultation, its agency and, for a person's link, the person and the body: one query. */
  byTokenHash: db
    .select({
      invitation: invitations,
      consultation: consultations,
      agencyName: agencies.name,
      personName: people.name,
      personPosition: people.position,
      bodyName: bodies.name,
      // The version agencies comment on (see latestPublishedVersion), by id only: its summary comes
      // from publishedVersionSummary's cache (a published version never changes).
      latestVersionId: sql<number | null>`(select "versions"."id" from "versions" where "versions"."consultation_id" = ${invitations.consultationId} and "versions"."published_at" is not null order by "versions"."number" desc limit 1)`,
    })
    .from(invitations)
    .innerJoin(consultations, eq(consultations.id, invitations.consultationId))
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(people, eq(people.id, invitations.personId))
    .leftJoin(bodies, eq(bodies.id, invitations.bodyId))
    .where(eq(invitations.tokenHash, sql.placeholder("hash")))
    .prepare(),
  /** The boxes posted empty (a JSON array of clause keys, any length, one statement). */
  deleteDrafts: db
    .delete(commentDrafts)
    .where(and(eq(commentDrafts.invitationId, sql.placeholder("invitationId")), inJsonArray(commentDrafts.clauseKey, sql`${sql.placeholder("keys")}`)))
    .prepare(),
  /** All of an invitation's drafts: a submission replaces them with the boxes it was sent with. */
  clearDrafts: db
    .delete(commentDrafts)
    .where(eq(commentDrafts.invitationId, sql.placeholder("invitationId")))
    .prepare(),
  /** With the answer chosen on the page when the save carries one (null: the one stored stays). */
  touchDraft: db
    .update(invitations)
    .set({
      draftUpdatedAt: slot("now", invitations.draftUpdatedAt),
      lastSeenAt: slot("now", invitations.lastSeenAt),
      firstOpenedAt: firstOpened,
      // Kept as it is when a submission newer than the page's base revision exists (a late autosave).
      draftVerdict: sql`case when exists (select 1 from "submissions" where "submissions"."invitation_id" = "invitations"."id" and "submissions"."revision" > ${sql.placeholder("base")}) then "invitations"."draft_verdict" else coalesce(${slot("draftVerdict", invitations.draftVerdict)}, "invitations"."draft_verdict") end`,
    })
    .where(eq(invitations.id, sql.placeholder("id")))
    .prepare(),
  submissionByKey: db
    .select({ id: submissions.id, invitationId: submissions.invitationId, receiptRef: submissions.receiptRef })
    .from(submissions)
    .where(eq(submissions.requestKey, sql.placeholder("requestKey")))
    .prepare(),
  lastRevision: db
    .select({ n: sql<number>`coalesce(max(${submissions.revision}), 0)`.mapWith(Number) })
    .from(submissions)
    .where(eq(submissions.invitationId, sql.placeholder("invitationId")))
    .prepare(),
  insertSubmission: db
    .insert(submissions)
    .values({
      invitationId: sql.placeholder("invitationId"),
      revision: sql.placeholder("revision"),
      versionId: sql.placeholder("versionId"),
      answerKind: sql.placeholder("answerKind"),
      verdict: sql.placeholder("verdict"),
      signerName: sql.placeholder("signerName"),
      signerPosition: sql.placeholder("signerPosition"),
      submittedAt: sql.placeholder("submittedAt"),
      late: sql.placeholder("late"),
      receiptRef: sql.placeholder("receiptRef"),
      requestKey: sql.placeholder("requestKey"),
      replyLetterName: sql.placeholder("replyLetterName"),
      replyLetter: sql.placeholder("replyLetter"),
      ip: sql.placeholder("ip"),
    })
    .returning({ id: submissions.id })
    .prepare(),
  pointInvitation: db
    .update(invitations)
    .set({
      latestSubmissionId: slot("submissionId", invitations.latestSubmissionId),
      submittedAt: slot("now", invitations.submittedAt),
      answerKind: slot("answerKind", invitations.answerKind),
      verdict: slot("verdict", invitations.verdict),
      late: slot("late", invitations.late),
      commentCount: slot("commentCount", invitations.commentCount),
      // The answer chosen but not sent is now sent: the page starts from the submission's again.
      draftVerdict: sql`null`,
      lastSeenAt: slot("now", invitations.lastSeenAt),
      firstOpenedAt: firstOpened,
    })
    .where(eq(invitations.id, sql.placeholder("id")))
    .prepare(),
}));

// ---- invitations ------------------------------------------------------------------------------

/** Invitation rows are inserted this many at a time (bound parameters per statement are limited). */
const INSERT_SLICE = 500;

/**
 * Who an invitation is for: an agency, or a person in their own name (with the agency they belong to,
 * and the body through which they were invited, if any).
 */
export interface InvitationTarget {
  agencyId: number;
  personId?: number | null;
  bodyId?: number | null;
  nonce: string;
}

const targetKey = (r: { agencyId: number; personId?: number | null }) => (r.personId ? `p${r.personId}` : `a${r.agencyId}`);

/**
 * Inserts an invitation for each agency or person not yet invited to the consultation (the others are
 * skipped by the unique indexes: one per agency, one per person) and returns the new ones with their
 * nonces. The link's token hash needs the id the database gives, so the rows are stored with a
 * placeholder hash that no token can have ("pending:" + nonce, unique like the nonce); call
 * setTokenHashes in the same transaction (app/invitations/invitations.server.ts: createInvitations).
 */
export async function insertInvitations(
  db: Db,
  consultationId: number,
  rows: InvitationTarget[],
): Promise<{ id: number; agencyId: number; personId: number | null; bodyId: number | null; nonce: string }[]> {
  const unique = [...new Map(rows.map((r) => [targetKey(r), r])).values()];
  const created: { id: number; agencyId: number; personId: number | null; bodyId: number | null; nonce: string }[] = [];
  await transaction(db, async (tx) => {
    for (let i = 0; i < unique.length; i += INSERT_SLICE) {
      const inserted = await tx
        .insert(invitations)
        .values(
          unique.slice(i, i + INSERT_SLICE).map((r) => ({
            consultationId,
            agencyId: r.agencyId,
            personId: r.personId ?? null,
            bodyId: r.personId ? (r.bodyId ?? null) : null,
            tokenNonce: r.nonce,
            tokenHash: `pending:${r.nonce}`,
          })),
        )
        // No conflict target: the agency's index is partial (person_id is null), which SQLite's upsert
        // would need repeated; any unique conflict here means "already invited" (nonces never collide).
        .onConflictDoNothing()
        .returning({ id: invitations.id, agencyId: invitations.agencyId, personId: invitations.personId, bodyId: invitations.bodyId, nonce: invitations.tokenNonce });
      created.push(...inserted);
    }
  });
  // In the order the targets were given (a multi-row insert does not promise the order of its rows).
  const order = new Map(unique.map((r, i) => [targetKey(r), i]));
  return created.sort((a, b) => order.get(targetKey(a))! - order.get(targetKey(b))!);
}

/**
 * An invitation link's token: HMAC(link key, "invitation:" + id + ":" + nonce), base64url. The key is
 * the server secret, which db/ never reads or stores: the caller hands it in for the one unit of work
 * that needs it (createInvitations, below), since the token needs the id the database gives on insert.
 */
export function invitationTokenOf(linkKey: Buffer, invitationId: number, nonce: string): string {
  return crypto.createHmac("sha256", linkKey).update(`invitation:${invitationId}:${nonce}`).digest("base64url");
}

/** What the database keeps of a token (to find its invitation): its SHA-256, hex. */
export function hashInvitationToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export interface CreatedInvitation {
  id: number;
  agencyId: number;
  personId: number | null;
  bodyId: number | null;
  nonce: string;
}

/**
 * Creates an invitation for each target not yet invited to the consultation, with its link's token
 * hash, in one transaction (joined when `db` is a transaction's handle): no invitation is ever stored
 * without its hash. Returns the new ones in the order given.
 */
export async function createInvitations(db: Db, consultationId: number, targets: InvitationTarget[], linkKey: Buffer): Promise<CreatedInvitation[]> {
  return transaction(db, async (tx) => {
    const created = await insertInvitations(tx, consultationId, targets);
    await setTokenHashes(tx, created.map(({ id, nonce }) => ({ id, hash: hashInvitationToken(invitationTokenOf(linkKey, id, nonce)) })));
    return created;
  });
}

export interface InviteAndOpenInput {
  consultationId: number;
  /** Agencies first, then each chosen body's members, then single people, each with a fresh nonce. */
  targets: InvitationTarget[];
  linkKey: Buffer;
  /** The consultation is still being prepared: it opens if anybody new is invited. */
  openIfAnyInvited: boolean;
  /** Who invites (the event is "invitations.created" on the consultation). */
  actor: { actorUserId: number | null; ip?: string };
  /** The chosen bodies' names, for the event (none: not mentioned). */
  bodyNames: string[];
  /** The people chosen (through a body or alone), in the order chosen, for the event (none: not mentioned). */
  people: { id: number; name: string }[];
}

/**
 * Invites the targets and, if anybody new is invited to a consultation still being prepared, opens it,
 * with its "invitations.created" event (the new ids, the bodies, the people newly invited and those
 * already invited), in one transaction. Returns the new invitations in the order given.
 */
export async function inviteAndOpenConsultation(db: Db, input: InviteAndOpenInput): Promise<CreatedInvitation[]> {
  return transaction(db, async (tx) => {
    const made = await createInvitations(tx, input.consultationId, input.targets, input.linkKey);
    const created = made.map((c) => c.id);
    const newPeople = new Set(made.map((c) => c.personId).filter((id): id is number => id !== null));
    const alreadyInvited = input.people.filter((p) => !newPeople.has(p.id)).map((p) => p.name);
    if (input.openIfAnyInvited && created.length > 0) {
      await updateConsultationStatus(tx, input.consultationId, "open");
    }
    await recordAudit(tx, {
      ...input.actor,
      action: "invitations.created",
      subjectType: "consultation",
      subjectId: input.consultationId,
      details: {
        invitationIds: created,
        ...(input.bodyNames.length > 0 ? { bodies: input.bodyNames } : {}),
        ...(input.people.length > 0 ? { people: input.people.filter((p) => newPeople.has(p.id)).map((p) => p.name) } : {}),
        ...(alreadyInvited.length > 0 ? { alreadyInvited } : {}),
      },
    });
    return made;
  });
}

/** Gives invitations their links' token hashes (see insertInvitations). */
export async function setTokenHashes(db: Db, hashes: { id: number; hash: string }[]): Promise<void> {
  if (hashes.length === 0) return;
  await transaction(db, async (tx) => {
    for (const { id, hash } of hashes) await tx.update(invitations).set({ tokenHash: hash }).where(eq(invitations.id, id));
  });
}

/** A new link (nonce and token hash) for the invitation, with its audit event ("invitation.reissued") when given. */
export async function reissueInvitation(db: Db, id: number, nonce: string, hash: string, audit?: AuditEntry): Promise<void> {
  await withAudit(db, audit, (tx) =>
    write(tx, (w) => w.update(invitations).set({ tokenNonce: nonce, tokenHash: hash, revokedAt: null }).where(eq(invitations.id, id))),
  );
}

/** Revokes the invitation's link, with its audit event ("invitation.revoked") when given. */
export async function revokeInvitation(db: Db, id: number, now: number, audit?: AuditEntry): Promise<void> {
  await withAudit(db, audit, (tx) =>
    write(tx, (w) => w.update(invitations).set({ revokedAt: now }).where(and(eq(invitations.id, id), isNull(invitations.revokedAt)))),
  );
}

export async function findInvitation(db: Db, id: number): Promise<Invitation | null> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id)).limit(1);
  return row ?? null;
}

/** What an invitation link opens: the invitation, its consultation and its agency, in one query. */
export async function findInvitationByTokenHash(db: Db, hash: string) {
  const [row] = await hot(db).byTokenHash.execute({ hash });
  return row ?? null;
}

/**
 * The page of the link was shown: by its own script (the invitee route's intent "opened"), never by a
 * bare GET, which mail scanners make too. A first autosave or submission also sets first_opened_at.
 */
export async function markOpened(db: Db, id: number, now: number): Promise<void> {
  await write(db, (w) =>
    w
      .update(invitations)
      .set({ firstOpenedAt: sql`coalesce(${invitations.firstOpenedAt}, ${now})`, lastSeenAt: now })
      .where(eq(invitations.id, id)),
  );
}

export async function markSent(db: Db, ids: number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await transaction(db, async (tx) => {
    for (const batch of chunks(ids)) {
      await tx
        .update(invitations)
        .set({ sentAt: sql`coalesce(${invitations.sentAt}, ${now})` })
        .where(inArray(invitations.id, batch));
    }
  });
}

/** The invitation's own cutoff (null: the consultation's), with its audit event when given. */
export async function setCutoffOverride(db: Db, id: number, cutoffAt: number | null, audit?: AuditEntry): Promise<void> {
  await withAudit(db, audit, (tx) => write(tx, (w) => w.update(invitations).set({ cutoffOverrideAt: cutoffAt }).where(eq(invitations.id, id))));
}

/** Whether the invitation may still answer late, with its audit event when given. */
export async function setLateAllowed(db: Db, id: number, allowed: boolean, audit?: AuditEntry): Promise<void> {
  await withAudit(db, audit, (tx) => write(tx, (w) => w.update(invitations).set({ lateAllowed: allowed }).where(eq(invitations.id, id))));
}

// ---- drafts (autosave) ------------------------------------------------------------------------

export interface DraftEntry {
  clauseKey: string;
  text: string;
  proposedWording: string;
  /** The clause's suggestions on phrases as JSON (app/domain/phrases); absent: none ("[]"). */
  phrases?: string;
  /** "Không đồng ý với nội dung này" ticked on the clause (issue 16); absent: not ticked. */
  objection?: boolean;
}

/** The answer chosen on the page and not sent yet: a verdict, or "decline" (invitations.draft_verdict). */
export type DraftVerdict = "agree" | "agree_with_comments" | "disagree" | "decline";

const phrasesOf = (e: DraftEntry) => (e.phrases && e.phrases.trim() !== "" ? e.phrases : "[]");

/** A box with nothing written in it (blank as a submission sees it) and not ticked: stored as no draft row at all. */
const isBlank = (e: DraftEntry) => e.text.trim() === "" && e.proposedWording.trim() === "" && phrasesOf(e).trim() === "[]" && !e.objection;

/** No base revision posted: no submission counts as newer (the largest revision a PostgreSQL integer holds). */
const NO_BASE = 2_147_483_647;

/** A submission newer than the page's base revision exists: the save comes from a page older than it. */
const submittedSince = (invitationId: number, base: number) =>
  sql`exists (select 1 from "submissions" where "submissions"."invitation_id" = ${invitationId} and "submissions"."revision" > ${base})`;

/**
 * Saves the posted boxes as drafts. The browser posts every box of the page, most of them empty, so
 * only the written ones are stored (one multi-row upsert) and the emptied ones are deleted (one statement
 * for all of them): a few statements, whatever the size of the draft. The answer chosen on the page
 * (`verdict`, issue 16) goes on the invitation's row with the save's time: no statement of its own.
 *
 * `baseRevision`: the latest submission's revision when the page was shown. If a newer submission exists (a
 * save arriving late, or from another tab), the answer chosen and the ticks are not written (the stored ones
 * stay, a new draft row is unticked): they would bring back a choice the submission replaced. The text is
 * saved as before. Checked inside the statements themselves, so the save costs no statement more.
 */
export async function saveDrafts(db: Db, invitationId: number, entries: DraftEntry[], now: number, verdict?: DraftVerdict | null, baseRevision?: number): Promise<void> {
  if (entries.length === 0 && !verdict) return;
  await transaction(db, async (tx) => {
    // The invitation first, as a submission does: both then wait for each other instead of deadlocking.
    await lockRow(tx, invitations, invitations.id, invitationId);
    const { deleteDrafts, touchDraft } = hot(tx);
    // One box per clause: the last posted wins (PostgreSQL refuses to upsert one row twice in a statement).
    const byKey = new Map(entries.map((e) => [e.clauseKey, e]));
    const emptied: string[] = [];
    const written: DraftEntry[] = [];
    for (const e of byKey.values()) (isBlank(e) ? emptied.push(e.clauseKey) : written.push(e));
    const stale = submittedSince(invitationId, baseRevision ?? NO_BASE);
    for (const batch of chunks(written)) {
      await tx
        .insert(commentDrafts)
        .values(batch.map((e) => ({ invitationId, clauseKey: e.clauseKey, text: e.text, proposedWording: e.proposedWording, phrases: phrasesOf(e), objection: e.objection ? sql`not ${stale}` : false, updatedAt: now })))
        .onConflictDoUpdate({
          target: [commentDrafts.invitationId, commentDrafts.clauseKey],
          set: {
            text: sql`excluded.text`,
            proposedWording: sql`excluded.proposed_wording`,
            phrases: sql`excluded.phrases`,
            objection: sql`case when ${stale} then "comment_drafts"."objection" else excluded.objection end`,
            updatedAt: sql`excluded.updated_at`,
          },
        });
    }
    if (emptied.length > 0) await deleteDrafts.execute({ invitationId, keys: JSON.stringify(emptied) });
    await touchDraft.execute({ id: invitationId, now, draftVerdict: verdict ?? null, base: baseRevision ?? NO_BASE });
  });
}

/** With each draft's last save (`updatedAt`): a draft saved since the latest submission is newer than it. */
export async function listDrafts(db: Db, invitationId: number): Promise<(DraftEntry & { updatedAt: number })[]> {
  return db
    .select({ clauseKey: commentDrafts.clauseKey, text: commentDrafts.text, proposedWording: commentDrafts.proposedWording, phrases: commentDrafts.phrases, objection: commentDrafts.objection, updatedAt: commentDrafts.updatedAt })
    .from(commentDrafts)
    .where(eq(commentDrafts.invitationId, invitationId));
}

// ---- submissions ------------------------------------------------------------------------------

export interface SubmissionInput {
  invitationId: number;
  consultationId: number;
  versionId: number;
  answerKind: "comments" | "agree" | "decline";
  signerName: string;
  signerPosition: string;
  late: boolean;
  requestKey: string;
  /** The receipt reference is this followed by the submission's revision (e.g. "GY-12-34-" → "GY-12-34-2"). */
  receiptPrefix: string;
  replyLetter: { name: string; bytes: Buffer } | null;
  ip: string;
  /** Agree, agree with comments or disagree (issue 16); null when the form did not say (older pages, tests). */
  verdict?: Verdict | null;
  comments: SubmittedComment[];
  now: number;
  /** The revision the submitter's page was built on; a later one means someone else submitted meanwhile. */
  baseRevision?: number;
  /**
   * The form's boxes: in the same transaction the agency's drafts become the written ones among them
   * (the others are deleted in one statement). Omitted: the drafts are left as they are.
   */
  drafts?: DraftEntry[];
  /**
   * The audit event, written in the same transaction with the new submission's id added to its details
   * as `submissionId` (not written for a duplicate or a stale form).
   */
  audit?: AuditEntry;
  /**
   * The post counted against the link's rate limit, first, in the same transaction (one commit instead
   * of two for each submission: issue 14). Over the limit, the hit alone is stored and the outcome is
   * `limited`; nothing else is written.
   */
  rateLimit?: RateLimitHit;
}

export type Verdict = "agree" | "agree_with_comments" | "disagree";

/** Where a comment on a phrase points (app/domain/anchors/reanchor.ts keeps the same fields). */
export interface StoredAnchor {
  quote: string;
  prefix: string;
  suffix: string;
  start: number;
}

export interface SubmittedComment {
  clauseId: number | null;
  text: string;
  proposedWording: string;
  /** On a phrase of the clause (issue 16); absent or null for the whole clause. */
  anchor?: StoredAnchor | null;
  /** Words proposed in place of the anchor's quote ("" deletes it); absent or null: no words proposed. */
  suggestion?: string | null;
  /** The agency disagrees with this clause. */
  objection?: boolean;
}

export type SubmitOutcome =
  | { submissionId: number; receiptRef: string; duplicate: boolean; stale?: false; limited?: false }
  | { stale: true; limited?: false };

/** A submission given a rate-limit hit may also find its link over the limit: only the hit is stored. */
export type LimitedSubmitOutcome = SubmitOutcome | { limited: true; stale?: false };

/** A submission already stored under the request key: the same form again, or a forged one. */
function alreadySubmitted(existing: { id: number; invitationId: number; receiptRef: string }, input: SubmissionInput): SubmitOutcome {
  // A key is drawn per page view; another invitation's key here is a forged form, not a retry.
  if (existing.invitationId !== input.invitationId) return { stale: true };
  return { submissionId: existing.id, receiptRef: existing.receiptRef, duplicate: true };
}

/** The unique index on submissions.request_key refused an insert (SQLite or PostgreSQL, through drizzle's wrapper). */
function isRequestKeyConflict(error: unknown): boolean {
  for (let e = error as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505" && e.constraint === "submissions_request_key_unique") return true;
    if (e.code === "SQLITE_CONSTRAINT_UNIQUE" && typeof e.message === "string" && e.message.includes("submissions.request_key")) return true;
  }
  return false;
}

/**
 * Appends a submission and its comments, points the invitation at it, keeps the written boxes as
 * drafts and writes the audit event: one transaction, so a crash leaves all of it or none of it. Its
 * statements are a constant number plus two per comment (the comment and its draft), whatever the
 * number of clauses (tests/integration/submission-statements.test.ts).
 * The same request key twice (double click, retried request, a second tab posting the same form)
 * returns the first submission instead of creating another.
 */
export async function submitAnswer(db: Db, input: SubmissionInput & { rateLimit: RateLimitHit | undefined }): Promise<LimitedSubmitOutcome>;
export async function submitAnswer(db: Db, input: SubmissionInput & { rateLimit?: undefined }): Promise<SubmitOutcome>;
export async function submitAnswer(db: Db, input: SubmissionInput): Promise<LimitedSubmitOutcome> {
  try {
    return await transaction(db, (tx) => submitInTransaction(tx, input));
  } catch (error) {
    // The rate-limit hit was rolled back with the transaction: the post is counted on its own, once,
    // whatever failed (otherwise a failing submission would be a post the limit never sees).
    const limited = input.rateLimit !== undefined && (await hitRateLimit(db, input.rateLimit.key, input.rateLimit.windowMs, input.now)) > input.rateLimit.limit;
    // The key check and the insert are in one transaction, but on PostgreSQL two transactions with the
    // same key (two processes, or two invitations' forms) can both pass the check before either commits:
    // the index refuses the second, which then finds the first's submission like any repeated post.
    if (!isRequestKeyConflict(error)) throw error;
    if (limited) return { limited: true };
    const [existing] = await hot(db).submissionByKey.execute({ requestKey: input.requestKey });
    if (!existing) throw error;
    return alreadySubmitted(existing, input);
  }
}

const COMMENT_COLUMNS = [
  "submissionId",
  "invitationId",
  "consultationId",
  "versionId",
  "clauseId",
  "text",
  "proposedWording",
  "position",
  "anchorQuote",
  "anchorPrefix",
  "anchorSuffix",
  "anchorStart",
  "suggestion",
  "objection",
] as const;

/** A comment's row as inserted: exactly the columns above (the compiler holds the two together). */
type CommentRow = { [K in (typeof COMMENT_COLUMNS)[number]]-?: (typeof comments.$inferInsert)[K] };

const insertCommentRows = preparedRowInserts<CommentRow>(DIALECT, COMMENT_COLUMNS, (db, rows) =>
  db
    .insert(comments)
    .values(rows as unknown as (typeof comments.$inferInsert)[])
    .prepare(),
);

const DRAFT_COLUMNS = ["invitationId", "clauseKey", "text", "proposedWording", "phrases", "objection", "updatedAt"] as const;

/** A draft's row as a submission keeps it. */
type DraftRow = { [K in (typeof DRAFT_COLUMNS)[number]]-?: (typeof commentDrafts.$inferInsert)[K] };

const insertDraftRows = preparedRowInserts<DraftRow>(DIALECT, DRAFT_COLUMNS, (db, rows) =>
  db
    .insert(commentDrafts)
    .values(rows as unknown as (typeof commentDrafts.$inferInsert)[])
    .onConflictDoNothing()
    .prepare(),
);

async function submitInTransaction(tx: Db, input: SubmissionInput): Promise<LimitedSubmitOutcome> {
  // PostgreSQL: the invitation's row is locked first, so a second submission on the same link (two
  // tabs) waits here until the first commits, then sees its key or its revision: the duplicate or the
  // stale outcome, never two submissions of one revision. SQLite needs none: its write transactions
  // begin IMMEDIATE (client.server.ts), one at a time.
  if (DIALECT === "pg") {
    await rows(tx, sql`select ${invitations.id} from ${invitations} where ${invitations.id} = ${input.invitationId} for update`);
  }
  if (input.rateLimit && (await hitInTransaction(tx, input.rateLimit, input.now)) > input.rateLimit.limit) return { limited: true };
  const q = hot(tx);
  const [existing] = await q.submissionByKey.execute({ requestKey: input.requestKey });
  if (existing) return alreadySubmitted(existing, input);
  const [lastRow] = await q.lastRevision.execute({ invitationId: input.invitationId });
  const last = lastRow?.n ?? 0;
  // Checked here, inside the write transaction, so two submissions cannot both pass it.
  if (input.baseRevision !== undefined && last !== input.baseRevision) return { stale: true };
  const revision = last + 1;
  const receiptRef = `${input.receiptPrefix}${revision}`;
  const [inserted] = await q.insertSubmission.execute({
    invitationId: input.invitationId,
    revision,
    versionId: input.versionId,
    answerKind: input.answerKind,
    verdict: input.verdict ?? null,
    signerName: input.signerName,
    signerPosition: input.signerPosition,
    submittedAt: input.now,
    late: input.late,
    receiptRef,
    requestKey: input.requestKey,
    replyLetterName: input.replyLetter?.name ?? null,
    replyLetter: input.replyLetter?.bytes ?? null,
    ip: input.ip,
  });
  const submissionId = inserted!.id;
  // The comments in multi-row statements (a few hundred rows each): a submission costs the same few
  // statements whether it carries 4 comments or 400.
  for (const batch of chunks(input.comments.map((c, position) => ({ c, position })))) {
    const rows = batch.map(({ c, position }): CommentRow => ({
      submissionId,
      invitationId: input.invitationId,
      consultationId: input.consultationId,
      versionId: input.versionId,
      clauseId: c.clauseId,
      text: c.text,
      proposedWording: c.proposedWording,
      position,
      anchorQuote: c.anchor?.quote ?? null,
      anchorPrefix: c.anchor?.prefix ?? "",
      anchorSuffix: c.anchor?.suffix ?? "",
      anchorStart: c.anchor?.start ?? null,
      suggestion: c.suggestion ?? null,
      objection: c.objection ?? false,
    }));
    if (!(await insertCommentRows(tx, rows))) await tx.insert(comments).values(rows);
  }
  await q.pointInvitation.execute({
    id: input.invitationId,
    submissionId,
    now: input.now,
    answerKind: input.answerKind,
    verdict: input.verdict ?? null,
    late: input.late,
    commentCount: input.comments.length,
  });
  if (input.drafts) {
    await q.clearDrafts.execute({ invitationId: input.invitationId });
    for (const batch of chunks(input.drafts.filter((e) => !isBlank(e)))) {
      const rows = batch.map((e): DraftRow => ({ invitationId: input.invitationId, clauseKey: e.clauseKey, text: e.text, proposedWording: e.proposedWording, phrases: phrasesOf(e), objection: e.objection ?? false, updatedAt: input.now }));
      if (!(await insertDraftRows(tx, rows))) await tx.insert(commentDrafts).values(rows).onConflictDoNothing();
    }
    await q.touchDraft.execute({ id: input.invitationId, now: input.now, draftVerdict: null, base: NO_BASE });
  }
  if (input.audit) await recordAudit(tx, { ...input.audit, details: { submissionId, ...input.audit.details } });
  return { submissionId, receiptRef, duplicate: false };
}

export async function findSubmission(db: Db, id: number) {
  const [row] = await db.select().from(submissions).where(eq(submissions.id, id)).limit(1);
  return row ?? null;
}

export async function listSubmissions(db: Db, invitationId: number) {
  return db
    .select({
      id: submissions.id,
      revision: submissions.revision,
      answerKind: submissions.answerKind,
      verdict: submissions.verdict,
      signerName: submissions.signerName,
      signerPosition: submissions.signerPosition,
      submittedAt: submissions.submittedAt,
      late: submissions.late,
      receiptRef: submissions.receiptRef,
      replyLetterName: submissions.replyLetterName,
    })
    .from(submissions)
    .where(eq(submissions.invitationId, invitationId))
    .orderBy(desc(submissions.revision));
}

/** The comments of one submission with their clause labels, in the order they were given. */
export async function listSubmissionComments(db: Db, submissionId: number) {
  return db
    .select({
      id: comments.id,
      clauseId: comments.clauseId,
      clauseLabel: clauses.label,
      clauseCitation: clauses.citation,
      clauseHeading: clauses.heading,
      text: comments.text,
      proposedWording: comments.proposedWording,
      objection: comments.objection,
      // A suggestion on a phrase (issue 16): the clause's text to show it on, the quote and the words.
      clauseBody: clauses.body,
      anchorQuote: comments.anchorQuote,
      anchorStart: comments.anchorStart,
      suggestion: comments.suggestion,
      // …and what re-anchors it on the newest version (its version, the quote's context).
      versionId: comments.versionId,
      anchorPrefix: comments.anchorPrefix,
      anchorSuffix: comments.anchorSuffix,
    })
    .from(comments)
    .leftJoin(clauses, eq(clauses.id, comments.clauseId))
    .where(eq(comments.submissionId, submissionId))
    .orderBy(sql`coalesce(${clauses.position}, -1)`, asc(comments.position));
}

// ---- the drafter's board --------------------------------------------------------------------------

export type BoardState = "notOpened" | "opened" | "drafting" | "submitted" | "agreed" | "declined" | "late" | "revoked";

/**
 * The board's state of an invitation, as SQL so filters and counts run in the database. It has no bound
 * parameter (late is tested as the boolean it is: 0/1 in SQLite, boolean in PostgreSQL), so PostgreSQL
 * sees the same expression in the select and in the group by of boardTotals.
 */
const stateSql: SQL<BoardState> = sql<BoardState>`case
  when ${invitations.revokedAt} is not null then 'revoked'
  when ${invitations.latestSubmissionId} is not null and ${invitations.late} then 'late'
  when ${invitations.answerKind} = 'agree' then 'agreed'
  when ${invitations.answerKind} = 'decline' then 'declined'
  when ${invitations.latestSubmissionId} is not null then 'submitted'
  when ${invitations.draftUpdatedAt} is not null then 'drafting'
  when ${invitations.firstOpenedAt} is not null then 'opened'
  else 'notOpened' end`;

/** The columns of a board row: the invitation, its agency, its person and body (if any), its latest signer. */
const boardColumns = {
  id: invitations.id,
  agencyId: invitations.agencyId,
  agencyName: agencies.name,
  agencyShortName: agencies.shortName,
  agencyEmails: agencies.emails,
  /** A person invited in their own name (null for an agency's invitation), with their addresses. */
  personId: invitations.personId,
  personName: people.name,
  personPosition: people.position,
  personEmails: people.emails,
  /** The body through which the person was invited (null when invited alone or for an agency). */
  bodyId: invitations.bodyId,
  bodyName: bodies.name,
  tokenNonce: invitations.tokenNonce,
  state: stateSql,
  sentAt: invitations.sentAt,
  firstOpenedAt: invitations.firstOpenedAt,
  lastSeenAt: invitations.lastSeenAt,
  submittedAt: invitations.submittedAt,
  answerKind: invitations.answerKind,
  verdict: invitations.verdict,
  commentCount: invitations.commentCount,
  cutoffOverrideAt: invitations.cutoffOverrideAt,
  lateAllowed: invitations.lateAllowed,
  revokedAt: invitations.revokedAt,
  late: invitations.late,
  latestSubmissionId: invitations.latestSubmissionId,
  signerName: submissions.signerName,
  signerPosition: submissions.signerPosition,
};

/**
 * One page of the board (in SQL: limit and offset), each row with its agency, person, body and latest
 * signer, one query. `scope: "main"` leaves out the members invited through a body (the board lists
 * them under their body, see bodyMemberRows); by default every invitation is listed.
 */
export async function boardRows(db: Db, consultationId: number, opts: { state?: BoardState; limit: number; offset: number; scope?: "all" | "main" }) {
  const where = and(
    eq(invitations.consultationId, consultationId),
    opts.state ? sql`${stateSql} = ${opts.state}` : undefined,
    opts.scope === "main" ? isNull(invitations.bodyId) : undefined,
  );
  return db
    .select(boardColumns)
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(people, eq(people.id, invitations.personId))
    .leftJoin(bodies, eq(bodies.id, invitations.bodyId))
    .leftJoin(submissions, eq(submissions.id, invitations.latestSubmissionId))
    .where(where)
    // The agency, then the person invited in their name; the id breaks ties between agencies of the
    // same name, so pages neither repeat nor skip a row. An agency's own invitation comes first.
    .orderBy(...byAgencyName, sql`${invitations.personId} is not null`, ...byPersonName, asc(invitations.id))
    .limit(opts.limit)
    .offset(opts.offset);
}

export type BoardRow = Awaited<ReturnType<typeof boardRows>>[number];

/**
 * Every member invited through a body in the consultation, each body's in its list's order (members
 * who have left the list since come last, by name): one query, bounded by the bodies' sizes.
 */
export async function bodyMemberRows(db: Db, consultationId: number) {
  return db
    .select({ ...boardColumns, memberOrder: bodyMembers.position })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .innerJoin(people, eq(people.id, invitations.personId))
    .innerJoin(bodies, eq(bodies.id, invitations.bodyId))
    .leftJoin(bodyMembers, and(eq(bodyMembers.bodyId, invitations.bodyId), eq(bodyMembers.personId, invitations.personId)))
    .leftJoin(submissions, eq(submissions.id, invitations.latestSubmissionId))
    .where(eq(invitations.consultationId, consultationId))
    .orderBy(...byBodyName, asc(bodies.id), sql`coalesce(${bodyMembers.position}, 1000000000)`, ...byPersonName, asc(invitations.id));
}

/** The members invited through bodies, grouped by body in the bodies' order, each with its count of answers. */
export async function boardBodies(db: Db, consultationId: number) {
  const groups = new Map<number, { bodyId: number; bodyName: string; invited: number; answered: number; members: Awaited<ReturnType<typeof bodyMemberRows>> }>();
  for (const row of await bodyMemberRows(db, consultationId)) {
    let g = groups.get(row.bodyId!);
    if (!g) groups.set(row.bodyId!, (g = { bodyId: row.bodyId!, bodyName: row.bodyName!, invited: 0, answered: 0, members: [] }));
    g.members.push(row);
    if (row.revokedAt === null) {
      g.invited++;
      if (row.latestSubmissionId !== null) g.answered++;
    }
  }
  return [...groups.values()];
}

/** Whether an invitation is a person's (1) or an agency's (0): no bound parameter, as stateSql. */
const isPersonSql = sql<number>`case when ${invitations.personId} is null then 0 else 1 end`.mapWith(Number);

/**
 * The board's counts: in total (invited, answered, agreed, comments, per state), and split between
 * agencies and people invited by name (members of bodies and people invited alone). One grouped query.
 */
export async function boardTotals(db: Db, consultationId: number) {
  const rows = await db
    .select({ state: stateSql, person: isPersonSql, n: count(), comments: sql<number | null>`sum(${invitations.commentCount})`.mapWith(Number) })
    .from(invitations)
    .where(eq(invitations.consultationId, consultationId))
    .groupBy(stateSql, isPersonSql);
  const byState: Partial<Record<BoardState, number>> = {};
  for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + r.n;
  const isAnswer = (state: BoardState) => state === "submitted" || state === "agreed" || state === "declined" || state === "late";
  const split = (person: number) => {
    const mine = rows.filter((r) => r.person === person && r.state !== "revoked");
    return { invited: mine.reduce((s, r) => s + r.n, 0), answered: mine.reduce((s, r) => s + (isAnswer(r.state) ? r.n : 0), 0) };
  };
  const invited = rows.reduce((s, r) => s + (r.state === "revoked" ? 0 : r.n), 0);
  const answered = (byState.submitted ?? 0) + (byState.agreed ?? 0) + (byState.declined ?? 0) + (byState.late ?? 0);
  const commentTotal = rows.reduce((s, r) => s + (r.state === "revoked" ? 0 : (r.comments ?? 0)), 0);
  return { invited, answered, agreed: byState.agreed ?? 0, comments: commentTotal, byState, agencies: split(0), people: split(1) };
}

/** Count of current comments per clause of a version: one grouped query for the whole outline. */
export async function commentCountsByClause(db: Db, consultationId: number): Promise<Map<number | null, number>> {
  const rows = await db
    .select({ clauseId: comments.clauseId, n: count() })
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .where(and(eq(comments.consultationId, consultationId), isNull(invitations.revokedAt)))
    .groupBy(comments.clauseId);
  return new Map(rows.map((r) => [r.clauseId, r.n]));
}

/** Current comments, filtered to one clause (null = general) or one agency, paginated. */
export async function listCurrentComments(
  db: Db,
  consultationId: number,
  filter: { clauseId?: number | null; clauseIds?: number[]; invitationId?: number },
  page: { limit: number; offset: number },
) {
  const conditions = [eq(comments.consultationId, consultationId), isNull(invitations.revokedAt)];
  if (filter.clauseIds !== undefined) {
    if (filter.clauseIds.length === 0) return [];
    conditions.push(inArray(comments.clauseId, filter.clauseIds.slice(0, 900)));
  }
  if (filter.clauseId !== undefined) {
    conditions.push(filter.clauseId === null ? isNull(comments.clauseId) : eq(comments.clauseId, filter.clauseId));
  }
  if (filter.invitationId !== undefined) conditions.push(eq(comments.invitationId, filter.invitationId));
  return db
    .select({
      id: comments.id,
      clauseId: comments.clauseId,
      clauseLabel: clauses.label,
      clauseCitation: clauses.citation,
      clauseHeading: clauses.heading,
      versionLabel: versions.label,
      text: comments.text,
      proposedWording: comments.proposedWording,
      // On a phrase (issue 16): the anchor, the words proposed, the clause's text to show them on.
      versionId: comments.versionId,
      anchorQuote: comments.anchorQuote,
      anchorPrefix: comments.anchorPrefix,
      anchorSuffix: comments.anchorSuffix,
      anchorStart: comments.anchorStart,
      suggestion: comments.suggestion,
      clauseBody: clauses.body,
      agencyName: agencies.name,
      // A person's comments (issue 17): shown as "name, position (body)", members under their body.
      ...authorColumns,
      invitationId: comments.invitationId,
      submittedAt: submissions.submittedAt,
      late: submissions.late,
      revision: submissions.revision,
    })
    .from(comments)
    .innerJoin(invitations, eq(invitations.latestSubmissionId, comments.submissionId))
    .innerJoin(submissions, eq(submissions.id, comments.submissionId))
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(people, personOfInvitation)
    .leftJoin(bodies, bodyOfInvitation)
    .leftJoin(bodyMembers, membershipOfInvitation)
    .innerJoin(versions, eq(versions.id, comments.versionId))
    .leftJoin(clauses, eq(clauses.id, comments.clauseId))
    .where(and(...conditions))
    .orderBy(sql`coalesce(${clauses.position}, -1)`, ...byAuthor, asc(comments.position))
    .limit(page.limit)
    .offset(page.offset)
    .then((found) => found.map(withAuthorName));
}

/**
 * Invitations to mail, with their agency's name and addresses, or for a person's invitation the
 * person's name, position and addresses (their agency's are not theirs); revoked ones are never mailed.
 */
async function mailTargets(db: Db, consultationId: number, condition: SQL | undefined) {
  const found = await db
    .select({
      id: invitations.id,
      agencyName: agencies.name,
      agencyEmails: agencies.emails,
      personId: invitations.personId,
      personName: people.name,
      personPosition: people.position,
      personEmails: people.emails,
      tokenNonce: invitations.tokenNonce,
    })
    .from(invitations)
    .innerJoin(agencies, eq(agencies.id, invitations.agencyId))
    .leftJoin(people, eq(people.id, invitations.personId))
    .where(and(eq(invitations.consultationId, consultationId), isNull(invitations.revokedAt), condition));
  return found.map(({ agencyEmails, personEmails, personName, personPosition, ...r }) => ({
    ...r,
    emails: r.personId !== null ? (personEmails ?? "") : agencyEmails,
    person: r.personId !== null ? { name: personName ?? "", position: personPosition ?? "" } : null,
  }));
}

/** Mail targets among the given invitations of a consultation. */
export async function invitationTargets(db: Db, consultationId: number, ids: number[]) {
  // In slices: a body of a thousand members, or several bodies, are invited and mailed in one go.
  const out: Awaited<ReturnType<typeof mailTargets>> = [];
  for (const slice of chunks(ids)) out.push(...(await mailTargets(db, consultationId, inArray(invitations.id, slice))));
  return out;
}

/** Those who have not answered yet: the reminders' targets. */
export async function invitationsWithoutAnswer(db: Db, consultationId: number) {
  return mailTargets(db, consultationId, isNull(invitations.latestSubmissionId));
}

/** Agencies of the directory that could still be invited (not yet invited, not the drafter itself). */
export async function uninvitedAgencies(db: Db, consultationId: number, draftingAgencyId: number) {
  return db
    .select({ id: agencies.id, name: agencies.name, emails: agencies.emails })
    .from(agencies)
    .where(
      and(
        ne(agencies.id, draftingAgencyId),
        notExists(
          db
            .select({ one: sql`1` })
            .from(invitations)
            // Only the agency's own invitation: one of its people invited by name leaves it invitable.
            .where(and(eq(invitations.consultationId, consultationId), eq(invitations.agencyId, agencies.id), isNull(invitations.personId))),
        ),
      ),
    )
    .orderBy(...byAgencyName);
}

/** The agencies' own invitations (not their people's) of a consultation, by agency. */
export async function invitationIdsByAgency(db: Db, consultationId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: invitations.id, agencyId: invitations.agencyId })
    .from(invitations)
    .where(and(eq(invitations.consultationId, consultationId), isNull(invitations.personId)));
  return new Map(rows.map((r) => [r.agencyId, r.id]));
}

/** The people invited by name to a consultation (alone or through a body), by person. */
export async function invitationIdsByPerson(db: Db, consultationId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: invitations.id, personId: invitations.personId })
    .from(invitations)
    .where(and(eq(invitations.consultationId, consultationId), sql`${invitations.personId} is not null`));
  return new Map(rows.map((r) => [r.personId!, r.id]));
}

/** Current comments on any of the given clauses (of any version), for the comparison view. */
export async function listCommentsOnClauses(db: Db, consultationId: number, clauseIds: number[]) {
  // Bound parameters are limited per statement: ask in slices.
  const out: Awaited<ReturnType<typeof listCurrentComments>> = [];
  for (let i = 0; i < clauseIds.length; i += 900) {
    out.push(...(await listCurrentComments(db, consultationId, { clauseIds: clauseIds.slice(i, i + 900) }, { limit: 1_000_000, offset: 0 })));
  }
  return out;
}
