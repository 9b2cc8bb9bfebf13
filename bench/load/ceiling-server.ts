/**
 * The ceiling for the load test: a bare Node http server doing the same work per submission as the
 * portal's invitee action, with nothing else in between (no Express, no Remix, no ORM): read the same
 * multipart form, check the CSRF pair, find the invitation by its token hash, and write the rows the
 * portal writes in one better-sqlite3 transaction. Answers 302 to the receipt, as the portal does. Raw
 * SQL on purpose: it is the SQLite floor the portal is measured against.
 *
 * CEILING_WRITES chooses the rows:
 *   same (default)  the portal's inserts (issues 7 and 14: "doing the same inserts"): the link's post
 *                   counted in rate_limits (read before the form is parsed, counted in the transaction),
 *                   the submission, its comments, the invitation pointed at it, the boxes kept as drafts
 *                   (cleared, inserted, the invitation's draft time) and the audit event; the comments
 *                   and the drafts each in one multi-row insert, as the portal's
 *   lean            the submission, its comments and the invitation only: the ceiling until 2026-12-02,
 *                   printed beside the other so the two can be compared
 *
 * GET /stats answers the statements run so far and the submissions stored, so the bench can give the
 * ceiling's statements per submission beside the portal's.
 *
 * Run: node --import tsx bench/load/ceiling-server.ts   (DATABASE_URL, PORT, HOST from the env)
 */
import Database from "better-sqlite3";
import crypto from "node:crypto";
import http from "node:http";

const db = new Database(process.env.DATABASE_URL!);
db.pragma("journal_mode = WAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = NORMAL");

const findInvitation = db.prepare(
  `select i.id, i.consultation_id as consultationId, i.revoked_at as revokedAt, c.cutoff_at as cutoffAt, c.status,
     (select v.id from versions v where v.consultation_id = c.id and v.published_at is not null order by v.number desc limit 1) as versionId
   from invitations i join consultations c on c.id = i.consultation_id where i.token_hash = ?`,
);
const findByKey = db.prepare("select id from submissions where request_key = ?");
const lastRevision = db.prepare("select coalesce(max(revision), 0) as n from submissions where invitation_id = ?");
const insertSubmission = db.prepare(
  `insert into submissions (invitation_id, revision, version_id, answer_kind, signer_name, signer_position, submitted_at, late, receipt_ref, request_key, ip)
   values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
);
const insertComment = db.prepare(
  `insert into comments (submission_id, invitation_id, consultation_id, version_id, clause_id, text, proposed_wording, position) values (?, ?, ?, ?, ?, ?, ?, ?)`,
);
const updateInvitation = db.prepare(
  `update invitations set latest_submission_id = ?, submitted_at = ?, answer_kind = ?, comment_count = ?, last_seen_at = ? where id = ?`,
);

const sameWrites = (process.env.CEILING_WRITES ?? "same") === "same";
// As db/queries/rate-limits.ts (linkPosts: 240 posts a minute per link), db/queries/invitations.ts
// (drafts kept, the invitation's draft time) and db/queries/audit.ts.
const LINK_POSTS = { limit: 240, windowMs: 60_000 };
const linkHits = db.prepare("select hits from rate_limits where key = ? and reset_at > ?");
const hitLink = db.prepare(
  `insert into rate_limits (key, hits, reset_at) values (?, 1, ?) on conflict (key) do update
     set hits = case when reset_at <= ? then 1 else hits + 1 end, reset_at = case when reset_at <= ? then ? else reset_at end returning hits`,
);
const clearDrafts = db.prepare("delete from comment_drafts where invitation_id = ?");
const touchDraft = db.prepare("update invitations set first_opened_at = coalesce(first_opened_at, ?), last_seen_at = ?, draft_updated_at = ? where id = ?");
const insertAudit = db.prepare(
  "insert into audit_events (actor_user_id, actor_label, action, subject_type, subject_id, details, ip, created_at) values (null, ?, 'answer.submitted', 'invitation', ?, ?, ?, ?)",
);

let statements = 0;
let stored = 0;

/**
 * Same writes: the comments and the drafts go in multi-row inserts, one statement for all of a
 * submission's rows (up to ROWS_PER_INSERT), as the portal writes them (db/queries/prepared.ts
 * preparedRowInserts); one statement per row would make the ceiling run more statements than the
 * portal and flatter the ratio. The lean ceiling keeps its row-by-row comments (the earlier runs').
 */
const ROWS_PER_INSERT = 100;
function multiRow(head: string, rowSql: string, tail = ""): (rows: unknown[][]) => void {
  const byCount = new Map<number, Database.Statement>();
  return (rows) => {
    for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
      const batch = rows.slice(at, at + ROWS_PER_INSERT);
      let statement = byCount.get(batch.length);
      if (!statement) byCount.set(batch.length, (statement = db.prepare(`${head} values ${batch.map(() => rowSql).join(", ")} ${tail}`)));
      statements++;
      statement.run(batch.flat());
    }
  };
}
const insertComments = multiRow(
  "insert into comments (submission_id, invitation_id, consultation_id, version_id, clause_id, text, proposed_wording, position)",
  "(?, ?, ?, ?, ?, ?, ?, ?)",
);
const insertDrafts = multiRow(
  "insert into comment_drafts (invitation_id, clause_key, text, proposed_wording, phrases, updated_at, objection)",
  "(?, ?, ?, ?, '[]', ?, 0)",
  "on conflict do nothing",
);

type Inv = { id: number; consultationId: number; revokedAt: number | null; cutoffAt: number; status: string; versionId: number | null };

const submit = db.transaction((inv: Inv, form: FormData, now: number, ip: string) => {
  statements += 2; // the transaction's BEGIN and COMMIT
  if (sameWrites) {
    statements++;
    const { hits } = hitLink.get(`link-posts:invitation:${inv.id}`, now + LINK_POSTS.windowMs, now, now, now + LINK_POSTS.windowMs) as { hits: number };
    if (hits > LINK_POSTS.limit) return "limited" as const;
  }
  const key = String(form.get("requestKey"));
  statements++;
  const existing = findByKey.get(key) as { id: number } | undefined;
  if (existing) return existing.id;
  statements++;
  const revision = (lastRevision.get(inv.id) as { n: number }).n + 1;
  if (revision - 1 !== Number(form.get("baseRevision"))) return null;
  const kind = String(form.get("answerKind"));
  statements++;
  const id = Number(
    insertSubmission.run(inv.id, revision, inv.versionId, kind, String(form.get("signerName")), String(form.get("signerPosition")), now, `C-${inv.id}-${revision}`, key, ip).lastInsertRowid,
  );
  let position = 0;
  const written: [string, string, string][] = [];
  const commentRows: unknown[][] = [];
  for (const [name, value] of form) {
    if (!name.startsWith("c:") || typeof value !== "string" || value.trim() === "") continue;
    const clause = name.slice(2);
    const wording = form.get(`p:${clause}`);
    const proposed = typeof wording === "string" ? wording : "";
    written.push([clause, value, proposed]);
    const row = [id, inv.id, inv.consultationId, inv.versionId, clause === "general" ? null : Number(clause), value.trim(), proposed.trim(), position++];
    if (sameWrites) commentRows.push(row);
    else {
      statements++;
      insertComment.run(...row);
    }
  }
  insertComments(commentRows);
  statements++;
  updateInvitation.run(id, now, kind, position, now, inv.id);
  if (sameWrites) {
    statements += 3;
    clearDrafts.run(inv.id);
    insertDrafts(written.map(([clause, text, proposed]) => [inv.id, clause, text, proposed, now]));
    touchDraft.run(now, now, now, inv.id);
    const signer = String(form.get("signerName"));
    insertAudit.run(`${signer} (cơ quan)`, inv.id, JSON.stringify({ submissionId: id, kind, late: false, comments: position, phrases: 0 }), ip, now);
  }
  stored++;
  return id;
});

function csrfFromCookie(header: string | undefined): string | null {
  const raw = /(?:^|;\s*)gopy_csrf=([^;]*)/.exec(header ?? "")?.[1];
  if (!raw) return null;
  try {
    // Remix's unsigned cookie format: base64 of the JSON value.
    const value: unknown = JSON.parse(Buffer.from(decodeURIComponent(raw), "base64").toString("utf8"));
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string> = {}, body = "") {
  res.writeHead(status, headers).end(body);
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") return send(res, 200, { "Content-Type": "application/json" }, JSON.stringify({ statements, submissions: stored }));
  const m = /^\/i\/([A-Za-z0-9_-]{43})$/.exec((req.url ?? "").split("?")[0]!);
  if (req.method === "GET") return send(res, m || req.url === "/healthz" ? 200 : 404);
  if (req.method !== "POST" || !m) return send(res, 404);
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  const answer = async () => {
    try {
      // In the portal's order: the link first, then (same writes) its post count, then the form.
      statements++;
      const inv = findInvitation.get(crypto.createHash("sha256").update(m[1]!).digest("hex")) as Inv | undefined;
      if (!inv) return send(res, 404);
      if (sameWrites) {
        statements++;
        const counted = linkHits.get(`link-posts:invitation:${inv.id}`, Date.now()) as { hits: number } | undefined;
        if (counted && counted.hits > LINK_POSTS.limit) return send(res, 429);
      }
      const form = await new Response(Buffer.concat(chunks), { headers: { "Content-Type": req.headers["content-type"] ?? "" } }).formData();
      const cookieToken = csrfFromCookie(req.headers.cookie);
      if (!cookieToken || cookieToken !== form.get("csrf")) return send(res, 403);
      const now = Date.now();
      if (inv.revokedAt !== null || inv.status !== "open" || now > inv.cutoffAt || inv.versionId === null) return send(res, 409);
      const id = submit(inv, form, now, req.socket.remoteAddress ?? "");
      if (id === "limited") return send(res, 429);
      if (id === null) return send(res, 409);
      send(res, 302, { Location: `/i/${m[1]}/receipt?s=${id}` });
    } catch {
      send(res, 500);
    }
  };
  req.on("end", () => void answer());
});

server.listen(Number(process.env.PORT ?? 3100), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
