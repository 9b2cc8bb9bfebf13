/**
 * CSRF protection by double submit: a random token lives in an httpOnly SameSite=Lax cookie and is
 * repeated in a hidden field of every form; a state-changing request must carry both, equal.
 * A foreign site can neither read the cookie nor guess the token.
 */
import { createCookie } from "@remix-run/node";
import crypto from "node:crypto";

const secure = process.env.NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "1";

export const csrfCookie = createCookie("gopy_csrf", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure,
});

export const CSRF_FIELD = "csrf";


/** The token of this visitor, and a Set-Cookie header when it had none yet. */
export async function ensureCsrfToken(
  request: Request,
): Promise<{ token: string; setCookie: string | null }> {
  const existing: unknown = await csrfCookie.parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && /^[A-Za-z0-9_-]{32,}$/.test(existing)) {
    return { token: existing, setCookie: null };
  }
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, setCookie: await csrfCookie.serialize(token) };
}

/** Throws a 403 response unless the form carries this visitor's token. */
export async function verifyCsrf(request: Request, form: FormData): Promise<void> {
  const cookieToken: unknown = await csrfCookie.parse(request.headers.get("Cookie"));
  const formToken = form.get(CSRF_FIELD);
  if (typeof cookieToken !== "string" || typeof formToken !== "string") throw forbidden();
  const a = Buffer.from(cookieToken);
  const b = Buffer.from(formToken);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw forbidden();
}

function forbidden(): Response {
  return new Response("Forbidden: the form has expired, reload the page and try again.", { status: 403 });
}
