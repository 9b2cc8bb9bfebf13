/**
 * The PostgreSQL ceiling for the load bench: ceiling-server.ts with node-postgres instead of
 * better-sqlite3. A bare Node http server doing the same work per submission as the portal's invitee
 * action, with nothing else in between (no Express, no Remix, no ORM): read the same multipart form,
 * check the CSRF pair, find the invitation by its token hash, and write the rows the portal writes in
 * one transaction. Answers 302 to the receipt, as the portal does. Raw SQL on purpose: it is the
 * PostgreSQL floor the portal is measured against. CEILING_WRITES=same (default) or lean, as in
 * ceiling-server.ts: the portal's inserts (the link's post count, the kept drafts, the audit event
 * besides the submission, its comments and the invitation), or only the last three.
 *
 * One statement more than the SQLite ceiling: the invitation's row is locked first (select … for
 * update), as the portal does on PostgreSQL, because here two submissions on one link can run at once
 * (SQLite's single writer orders them for free). Same pool size as the portal (PG_POOL_MAX, 10).
 *
 * GET /stats answers the statements sent so far and the submissions stored, so the bench can give the
 * ceiling's statements per submission beside the portal's.
 *
 * Run: node --import tsx bench/load/ceiling-server-pg.ts   (DATABASE_URL=postgres://…, PORT, HOST from the env)
 */
import crypto from "node:crypto";
import http from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL!, max: Number(process.env.PG_POOL_MAX ?? 10) });

let statements = 0;
let stored = 0;

/** A named (server-side prepared) statement, counted. */
async function query<R extends pg.QueryResultRow>(client: pg.PoolClient | pg.Pool, name: string, text: string, values: unknown[] = []): Promise<R[]> {
  statements++;
  return (await client.query<R>({ name, text, values })).rows;
}

const FIND_INVITATION = `select i.id, i.consultation_id as "consultationId", i.revoked_at as "revokedAt", c.cutoff_at as "cutoffAt", c.status,
     (select v.id from versions v where v.consultation_id = c.id and v.published_at is not null order by v.number desc limit 1) as "versionId"
   from invitations i join consultations c on c.id = i.consultation_id where i.token_hash = $1`;
const LOCK_INVITATION = "select id from invitations where id = $1 for update";
const FIND_BY_KEY = "select id from submissions where request_key = $1";
const LAST_REVISION = "select coalesce(max(revision), 0)::int as n from submissions where invitation_id = $1";
const INSERT_SUBMISSION = `insert into submissions (invitation_id, revision, version_id, answer_kind, signer_name, signer_position, submitted_at, late, receipt_ref, request_key, ip)
   values ($1, $2, $3, $4, $5, $6, $7, false, $8, $9, $10) returning id`;
const INSERT_COMMENT = `insert into comments (submission_id, invitation_id, consultation_id, version_id, clause_id, text, proposed_wording, position) values ($1, $2, $3, $4, $5, $6, $7, $8)`;
const UPDATE_INVITATION = `update invitations set latest_submission_id = $1, submitted_at = $2, answer_kind = $3, comment_count = $4, last_seen_at = $5 where id = $6`;

const sameWrites = (process.env.CEILING_WRITES ?? "same") === "same";
const LINK_POSTS = { limit: 240, windowMs: 60_000 };
const LINK_HITS = "select hits from rate_limits where key = $1 and reset_at > $2";
const HIT_LINK = `insert into rate_limits (key, hits, reset_at) values ($1, 1, $2) on conflict (key) do update
   set hits = case when rate_limits.reset_at <= $3 then 1 else rate_limits.hits + 1 end,
       reset_at = case when rate_limits.reset_at <= $3 then $2 else rate_limits.reset_at end returning hits`;
const CLEAR_DRAFTS = "delete from comment_drafts where invitation_id = $1";
const TOUCH_DRAFT = "update invitations set first_opened_at = coalesce(first_opened_at, $1), last_seen_at = $1, draft_updated_at = $1 where id = $2";
const INSERT_AUDIT = `insert into audit_events (actor_user_id, actor_label, action, subject_type, subject_id, details, ip, created_at)
   values (null, $1, 'answer.submitted', 'invitation', $2, $3, $4, $5)`;

/**
 * Same writes: the comments and the drafts go in multi-row inserts, one statement (a round trip) for all
 * of a submission's rows (up to ROWS_PER_INSERT), as the portal writes them (db/queries/prepared.ts);
 * one per row would make the ceiling run more statements than the portal and flatter the ratio. The
 * lean ceiling keeps its row-by-row comments (the earlier runs').
 */
const ROWS_PER_INSERT = 100;
/** `row(p)` is one row's values, its placeholders numbered from p ($p, $p+1 …, `columns` of them). */
function multiRow(name: string, head: string, columns: number, row: (p: (c: number) => string) => string, tail = "") {
  return async (client: pg.PoolClient, rows: unknown[][]): Promise<void> => {
    for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
      const batch = rows.slice(at, at + ROWS_PER_INSERT);
      const values = batch.map((_, r) => row((c) => `$${r * columns + c + 1}`)).join(", ");
      await query(client, `${name}${batch.length}`, `${head} values ${values} ${tail}`, batch.flat());
    }
  };
}
const insertComments = multiRow(
  "insertComments",
  "insert into comments (submission_id, invitation_id, consultation_id, version_id, clause_id, text, proposed_wording, position)",
  8,
  (p) => `(${[0, 1, 2, 3, 4, 5, 6, 7].map(p).join(", ")})`,
);
const insertDrafts = multiRow(
  "insertDrafts",
  "insert into comment_drafts (invitation_id, clause_key, text, proposed_wording, phrases, updated_at, objection)",
  5,
  (p) => `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, '[]', ${p(4)}, false)`,
  "on conflict do nothing",
);

// bigint (the millisecond times) as numbers, as the portal reads them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

type Inv = { id: number; consultationId: number; revokedAt: number | null; cutoffAt: number; status: string; versionId: number | null };

async function submit(inv: Inv, form: FormData, now: number, ip: string): Promise<number | null | "limited"> {
  const client = await pool.connect();
  try {
    statements++;
    await client.query("begin");
    try {
      await query(client, "lock", LOCK_INVITATION, [inv.id]);
      if (sameWrites) {
        const [hit] = await query<{ hits: number }>(client, "hitLink", HIT_LINK, [`link-posts:invitation:${inv.id}`, now + LINK_POSTS.windowMs, now]);
        if (hit!.hits > LINK_POSTS.limit) {
          statements++;
          await client.query("commit");
          return "limited";
        }
      }
      const key = String(form.get("requestKey"));
      const [existing] = await query<{ id: number }>(client, "byKey", FIND_BY_KEY, [key]);
      if (existing) {
        statements++;
        await client.query("commit");
        return existing.id;
      }
      const revision = (await query<{ n: number }>(client, "lastRevision", LAST_REVISION, [inv.id]))[0]!.n + 1;
      if (revision - 1 !== Number(form.get("baseRevision"))) {
        statements++;
        await client.query("commit");
        return null;
      }
      const kind = String(form.get("answerKind"));
      const [row] = await query<{ id: number }>(client, "insertSubmission", INSERT_SUBMISSION, [
        inv.id,
        revision,
        inv.versionId,
        kind,
        String(form.get("signerName")),
        String(form.get("signerPosition")),
        now,
        `C-${inv.id}-${revision}`,
        key,
        ip,
      ]);
      const id = row!.id;
      let position = 0;
      const written: [string, string, string][] = [];
      const commentRows: unknown[][] = [];
      for (const [name, value] of form) {
        if (!name.startsWith("c:") || typeof value !== "string" || value.trim() === "") continue;
        const clause = name.slice(2);
        const wording = form.get(`p:${clause}`);
        const proposed = typeof wording === "string" ? wording : "";
        written.push([clause, value, proposed]);
        const comment = [id, inv.id, inv.consultationId, inv.versionId, clause === "general" ? null : Number(clause), value.trim(), proposed.trim(), position++];
        if (sameWrites) commentRows.push(comment);
        else await query(client, "insertComment", INSERT_COMMENT, comment);
      }
      await insertComments(client, commentRows);
      await query(client, "updateInvitation", UPDATE_INVITATION, [id, now, kind, position, now, inv.id]);
      if (sameWrites) {
        await query(client, "clearDrafts", CLEAR_DRAFTS, [inv.id]);
        await insertDrafts(
          client,
          written.map(([clause, text, proposed]) => [inv.id, clause, text, proposed, now]),
        );
        await query(client, "touchDraft", TOUCH_DRAFT, [now, inv.id]);
        const details = JSON.stringify({ submissionId: id, kind, late: false, comments: position, phrases: 0 });
        await query(client, "insertAudit", INSERT_AUDIT, [`${String(form.get("signerName"))} (cơ quan)`, inv.id, details, ip, now]);
      }
      statements++;
      await client.query("commit");
      stored++;
      return id;
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}

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
      const [inv] = await query<Inv>(pool, "findInvitation", FIND_INVITATION, [crypto.createHash("sha256").update(m[1]!).digest("hex")]);
      if (!inv) return send(res, 404);
      if (sameWrites) {
        const [counted] = await query<{ hits: number }>(pool, "linkHits", LINK_HITS, [`link-posts:invitation:${inv.id}`, Date.now()]);
        if (counted && counted.hits > LINK_POSTS.limit) return send(res, 429);
      }
      const form = await new Response(Buffer.concat(chunks), { headers: { "Content-Type": req.headers["content-type"] ?? "" } }).formData();
      const cookieToken = csrfFromCookie(req.headers.cookie);
      if (!cookieToken || cookieToken !== form.get("csrf")) return send(res, 403);
      const now = Date.now();
      if (inv.revokedAt !== null || inv.status !== "open" || now > inv.cutoffAt || inv.versionId === null) return send(res, 409);
      const id = await submit(inv, form, now, req.socket.remoteAddress ?? "");
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
process.on("SIGTERM", () => server.close(() => void pool.end().finally(() => process.exit(0))));
