/**
 * Session fixation and the life of a session: a session id chosen before sign-in (planted by an
 * attacker) is never the one the server hands out; signing out and changing the password end
 * sessions on the server, not just in the browser; the cookies carry the right attributes.
 */
import crypto from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as signinRoute from "~/routes/signin";
import * as signoutRoute from "~/routes/signout";
import * as accountRoute from "~/routes/staff.account";
import * as usersRoute from "~/routes/staff.admin.users";
import * as staffLayout from "~/routes/staff";
import { csrfCookie, ensureCsrfToken } from "~/auth/csrf.server";
import { sessionCookie } from "~/auth/session.server";
import { eq, sql } from "drizzle-orm";
import { getDb, rows, write } from "#db/client.server";
import { sessions } from "#db/schema";
import { insertAgency } from "#db/queries/agencies";
import { cookiePairs, csrfCookiePair, ctx, postForm, useTempDatabase } from "./harness";
import { call, makeUser, PASSWORD, type Staff } from "./sweep-helpers";

useTempDatabase();

const args = (request: Request, context: { clientIp: string } = ctx) => ({ request, params: {}, context });
const get = (url: string, cookie?: string) => new Request(new URL(url, "http://localhost"), { headers: cookie ? { Cookie: cookie } : {} });
const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

/** The user the given cookies authenticate as, or null (the staff layout's loader decides). */
async function whoIs(cookie: string): Promise<string | null> {
  const r = await call(() => staffLayout.loader(args(get("/staff", cookie))));
  if (r.status === 302) {
    expect(r.location).toMatch(/^\/signin\?redirectTo=/);
    return null;
  }
  expect(r.status).toBe(200);
  return (r.data as { user: { name: string } }).user.name;
}

async function sessionPair(value: string): Promise<string> {
  return cookiePairs([await sessionCookie.serialize(value)])[0]!;
}

/** The id a session cookie carries ("gopy_session=…" → the id). */
async function idOf(pair: string): Promise<string> {
  return (await sessionCookie.parse(pair)) as string;
}

async function sessionRows(userId: number): Promise<{ id_hash: string }[]> {
  return rows<{ id_hash: string }>(await getDb(), sql`select id_hash from sessions where user_id = ${userId}`);
}

let agencyId = 0;
let ip = 0;
async function drafter(label: string): Promise<Staff> {
  agencyId ||= await insertAgency(await getDb(), { name: "Sở Nội vụ (phiên)", shortName: "", emails: [] });
  return makeUser("drafter", agencyId, label);
}

/** Signs in through the route with the given cookies; gives the new session cookie pair. */
async function signIn(email: string, cookie: string): Promise<{ pair: string; setCookie: string }> {
  // A fresh client address each time: this file is not about throttling.
  const r = await call(() => signinRoute.action(args(postForm("/signin", { email, password: PASSWORD }, cookie), { clientIp: `203.0.113.${++ip}` })));
  expect(r.status).toBe(302);
  const setCookie = r.headers.get("Set-Cookie")!;
  expect(setCookie).toMatch(/^gopy_session=/);
  return { pair: cookiePairs([setCookie])[0]!, setCookie };
}

describe("session fixation", () => {
  it("an id planted in the cookie before sign-in is replaced, and never authenticates", async () => {
    const victim = await drafter("victim");
    const planted = crypto.randomBytes(32).toString("base64url");
    const plantedPair = await sessionPair(planted);
    expect(await whoIs(plantedPair)).toBeNull();

    const { pair } = await signIn(victim.email, `${plantedPair}; ${await csrfCookiePair()}`);
    const issued = await idOf(pair);
    expect(issued).not.toBe(planted);
    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The new cookie is the victim; the planted one is still nobody, and the server never stored it.
    expect(await whoIs(pair)).toBe("victim user");
    expect(await whoIs(plantedPair)).toBeNull();
    expect((await sessionRows(victim.id)).map((r) => r.id_hash)).not.toContain(sha256(planted));
    // Only the hash of the issued id is kept, never the id itself.
    expect((await sessionRows(victim.id)).map((r) => r.id_hash)).toContain(sha256(issued));
    const dump = JSON.stringify(await rows(await getDb(), sql`select * from sessions`));
    expect(dump).not.toContain(issued);
  });

  it("an attacker's own live session planted in the victim's browser is replaced at the victim's sign-in", async () => {
    const attacker = await drafter("attacker");
    const victim = await drafter("victim2");
    const { pair } = await signIn(victim.email, attacker.cookie);
    expect(await idOf(pair)).not.toBe(await idOf(attacker.session));
    expect(await whoIs(pair)).toBe("victim2 user");
    // The attacker's cookie still opens only the attacker's account, never the victim's.
    expect(await whoIs(attacker.session)).toBe("attacker user");
  });

  it("every sign-in issues a new id, even for the same account", async () => {
    const staff = await drafter("twice");
    const csrf = await csrfCookiePair();
    const first = await signIn(staff.email, csrf);
    const second = await signIn(staff.email, `${first.pair}; ${csrf}`);
    expect(await idOf(second.pair)).not.toBe(await idOf(first.pair));
  });

  it("short or malformed cookie values are no session at all", async () => {
    for (const value of ["", "abc", "x".repeat(31)]) {
      expect(await whoIs(await sessionPair(value))).toBeNull();
    }
    expect(await whoIs("gopy_session=not-base64-json")).toBeNull();
  });
});

describe("ending sessions on the server", () => {
  it("sign-out deletes the session: the old cookie no longer works anywhere", async () => {
    const staff = await drafter("signout");
    expect(await whoIs(staff.cookie)).toBe("signout user");
    const out = await call(() => signoutRoute.action(args(postForm("/signout", {}, staff.cookie))));
    expect(out.status).toBe(302);
    expect(out.location).toBe("/signin");
    // The browser is told to drop the cookie...
    const cleared = out.headers.get("Set-Cookie")!;
    expect(cleared).toMatch(/^gopy_session=;/);
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    // ...and a copy kept elsewhere (a stolen cookie, another tab) no longer works.
    expect(await sessionRows(staff.id)).toEqual([]);
    expect(await whoIs(staff.cookie)).toBeNull();
    expect(await whoIs(staff.session)).toBeNull();
  });

  it("signing out ends only that browser's session", async () => {
    const staff = await drafter("two-browsers");
    const other = await signIn(staff.email, await csrfCookiePair());
    await call(() => signoutRoute.action(args(postForm("/signout", {}, staff.cookie))));
    expect(await whoIs(staff.cookie)).toBeNull();
    expect(await whoIs(other.pair)).toBe("two-browsers user");
  });

  it("changing the password ends every other session; this browser continues under a new id", async () => {
    const staff = await drafter("password");
    const csrf = await csrfCookiePair();
    const laptop = await signIn(staff.email, csrf);
    const phone = await signIn(staff.email, csrf);
    const bystander = await drafter("bystander");
    expect(await sessionRows(staff.id)).toHaveLength(3);

    const r = await call(() =>
      accountRoute.action(args(postForm("/staff/account", { currentPassword: PASSWORD, password: "another long password", passwordConfirm: "another long password" }, `${laptop.pair}; ${csrf}`))),
    );
    expect(r.status).toBe(200);
    const renewed = cookiePairs([r.headers.get("Set-Cookie")!])[0]!;
    expect(await idOf(renewed)).not.toBe(await idOf(laptop.pair));
    expect(await whoIs(renewed)).toBe("password user");
    // Every earlier session of the account is gone, including the one that made the change.
    expect(await whoIs(laptop.pair)).toBeNull();
    expect(await whoIs(phone.pair)).toBeNull();
    expect(await whoIs(staff.session)).toBeNull();
    expect(await sessionRows(staff.id)).toHaveLength(1);
    // Other accounts are untouched.
    expect(await whoIs(bystander.session)).toBe("bystander user");
  });

  it("a wrong current password changes nothing and ends nothing", async () => {
    const staff = await drafter("wrong-current");
    const r = await call(() =>
      accountRoute.action(args(postForm("/staff/account", { currentPassword: "not the password", password: "another long password", passwordConfirm: "another long password" }, staff.cookie))),
    );
    expect(r.status).toBe(400);
    expect(r.headers.get("Set-Cookie")).toBeNull();
    expect(await whoIs(staff.cookie)).toBe("wrong-current user");
  });

  it("disabling an account ends its sessions; enabling it again does not bring them back", async () => {
    const admin = await makeUser("admin", null, "admin");
    const staff = await drafter("to-disable");
    const toggle = (intent: string) => call(() => usersRoute.action(args(postForm("/staff/admin/users", { intent, userId: String(staff.id) }, admin.cookie))));
    expect((await toggle("disable")).status).toBe(200);
    expect(await sessionRows(staff.id)).toEqual([]);
    expect(await whoIs(staff.cookie)).toBeNull();
    expect((await toggle("enable")).status).toBe(200);
    expect(await whoIs(staff.cookie)).toBeNull();
  });

  it("an expired session is refused", async () => {
    const staff = await drafter("expired");
    await write(await getDb(), (w) => w.update(sessions).set({ expiresAt: Date.now() - 1 }).where(eq(sessions.userId, staff.id)));
    expect(await whoIs(staff.cookie)).toBeNull();
  });
});

describe("cookie attributes", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  const attributes = (setCookie: string) => setCookie.split(";").slice(1).map((a) => a.trim().toLowerCase());

  it("the session cookie from sign-in: HttpOnly, SameSite=Lax, Path=/, two weeks, not Secure in development", async () => {
    const staff = await drafter("attrs");
    const { setCookie } = await signIn(staff.email, await csrfCookiePair());
    const attrs = attributes(setCookie);
    expect(attrs).toContain("httponly");
    expect(attrs).toContain("samesite=lax");
    expect(attrs).toContain("path=/");
    expect(attrs).toContain(`max-age=${14 * 24 * 60 * 60}`);
    expect(attrs).not.toContain("secure");
    expect(attrs.some((a) => a.startsWith("domain="))).toBe(false);
  });

  it("the CSRF cookie: HttpOnly, SameSite=Lax, Path=/, a fresh random token for a new visitor", async () => {
    const first = await ensureCsrfToken(get("/signin"));
    const second = await ensureCsrfToken(get("/signin"));
    expect(first.token).not.toBe(second.token);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const attrs = attributes(first.setCookie!);
    expect(first.setCookie).toMatch(/^gopy_csrf=/);
    expect(attrs).toContain("httponly");
    expect(attrs).toContain("samesite=lax");
    expect(attrs).toContain("path=/");
    expect(attrs).not.toContain("secure");
    // A visitor who has a token keeps it; a malformed one is replaced.
    const kept = await ensureCsrfToken(get("/signin", cookiePairs([first.setCookie!])[0]!));
    expect(kept).toEqual({ token: first.token, setCookie: null });
    const bad = await ensureCsrfToken(get("/signin", cookiePairs([await csrfCookie.serialize("short")])[0]!));
    expect(bad.token).not.toBe("short");
    expect(bad.setCookie).not.toBeNull();
  });

  it("in production both cookies are Secure, unless INSECURE_COOKIES=1", async () => {
    const load = async () => {
      vi.resetModules();
      const session = await import("~/auth/session.server");
      const csrf = await import("~/auth/csrf.server");
      return [await session.sessionCookie.serialize("x".repeat(43)), await csrf.csrfCookie.serialize("y".repeat(43))];
    };
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("INSECURE_COOKIES", "");
    for (const c of await load()) {
      expect(attributes(c)).toContain("secure");
      expect(attributes(c)).toContain("httponly");
      expect(attributes(c)).toContain("samesite=lax");
    }
    vi.stubEnv("INSECURE_COOKIES", "1");
    for (const c of await load()) expect(attributes(c)).not.toContain("secure");
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("INSECURE_COOKIES", "");
    for (const c of await load()) expect(attributes(c)).not.toContain("secure");
  });
});
