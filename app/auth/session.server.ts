/**
 * Staff sessions: the cookie carries a random id, the database keeps only its SHA-256, so sessions
 * can be listed and ended (sign out, password change) and a leaked database yields no session.
 * A new id is issued at every sign-in (no session fixation).
 */
import { createCookie, redirect } from "@remix-run/node";
import crypto from "node:crypto";
import { getDb } from "#db/client.server";
import {
  createSession,
  deleteSession,
  deleteSessionsOfUser,
  findSessionUser,
  type SessionUser,
} from "#db/queries/sessions";

const SESSION_DAYS = 14;
const secure = process.env.NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "1";

export const sessionCookie = createCookie("gopy_session", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure,
  maxAge: SESSION_DAYS * 24 * 60 * 60,
});

export type { SessionUser };

function hashId(id: string): string {
  return crypto.createHash("sha256").update(id).digest("hex");
}

async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 32 ? value : null;
}

export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const id = await readSessionId(request);
  if (!id) return null;
  return findSessionUser(await getDb(), hashId(id), Date.now());
}

/** The signed-in staff member, or a redirect to the sign-in page that comes back here after. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/signin?redirectTo=${encodeURIComponent(back)}`);
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin") throw new Response("Forbidden", { status: 403 });
  return user;
}

/** Starts a session and returns the Set-Cookie header value to send with the redirect. */
export async function startSession(
  userId: number,
  meta: { ip: string; userAgent: string },
): Promise<string> {
  const id = crypto.randomBytes(32).toString("base64url");
  await createSession(await getDb(), {
    idHash: hashId(id),
    userId,
    expiresAt: Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000,
    ip: meta.ip,
    userAgent: meta.userAgent.slice(0, 300),
  });
  return sessionCookie.serialize(id);
}

export async function endSession(request: Request): Promise<string> {
  const id = await readSessionId(request);
  if (id) await deleteSession(await getDb(), hashId(id));
  return sessionCookie.serialize("", { maxAge: 0 });
}

/** After a password change: every other session of the user ends, this one is renewed. */
export async function restartSessions(
  userId: number,
  meta: { ip: string; userAgent: string },
): Promise<string> {
  await deleteSessionsOfUser(await getDb(), userId);
  return startSession(userId, meta);
}
