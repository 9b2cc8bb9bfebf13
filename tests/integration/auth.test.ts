import { describe, expect, it } from "vitest";
import * as setupRoute from "~/routes/setup";
import * as signinRoute from "~/routes/signin";
import * as signoutRoute from "~/routes/signout";
import * as accountRoute from "~/routes/staff.account";
import * as usersRoute from "~/routes/staff.admin.users";
import * as staffLayout from "~/routes/staff";
import { getDb } from "#db/client.server";
import { countAdmins } from "#db/queries/users";
import { ACCOUNT_MAX_DELAY_MS, ADDRESS_FREE_FAILURES, PAIR_FREE_FAILURES } from "~/security/signin-policy";
import { cookiePairs, csrfCookiePair, ctx, getRequest, makeStaff, postForm, run, useTempDatabase } from "./harness";

useTempDatabase();

const args = (request: Request) => ({ request, params: {}, context: ctx });

describe("first-run set-up", () => {
  it("is offered while no administrator exists, and validates its form", async () => {
    const page = await run(() => setupRoute.loader(args(getRequest("/setup"))));
    expect(page.status).toBe(200);
    const csrf = await csrfCookiePair();
    const bad = await run(() =>
      setupRoute.action(args(postForm("/setup", { name: "Chánh Văn phòng", email: "not-an-email", password: "short", passwordConfirm: "other" }, csrf))),
    );
    expect(bad.status).toBe(400);
    const data = bad.data as { errors: Record<string, string>; values: Record<string, string> };
    expect(data.errors).toMatchObject({ email: "error.email", password: "error.passwordShort" });
    // What was typed comes back, passwords excepted.
    expect(data.values.name).toBe("Chánh Văn phòng");
    expect(data.values.password).toBeUndefined();
  });

  it("refuses a form without the CSRF token", async () => {
    const res = await run(() =>
      setupRoute.action(args(postForm("/setup", { name: "A", email: "a@b.vn", password: "long enough pw", passwordConfirm: "long enough pw" }, undefined, false))),
    );
    expect(res.status).toBe(403);
    expect(await countAdmins(await getDb())).toBe(0);
  });

  it("creates the first administrator once, then closes for good", async () => {
    const csrf = await csrfCookiePair();
    const fields = { name: "Quản trị", email: "Admin@Example.vn", password: "a long password", passwordConfirm: "a long password" };
    const ok = await run(() => setupRoute.action(args(postForm("/setup", fields, csrf))));
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/staff");
    expect(ok.headers.get("Set-Cookie")).toMatch(/gopy_session=.*HttpOnly.*SameSite=Lax/i);
    const again = await run(() => setupRoute.action(args(postForm("/setup", { ...fields, email: "second@example.vn" }, csrf))));
    expect(again.location).toBe("/signin");
    const page = await run(() => setupRoute.loader(args(getRequest("/setup"))));
    expect(page.location).toBe("/signin");
    expect(await countAdmins(await getDb())).toBe(1);
  });
});

describe("sign-in", () => {
  it("signs in with the right password, case-insensitive e-mail, and issues a fresh session", async () => {
    const csrf = await csrfCookiePair();
    const res = await run(() =>
      signinRoute.action(args(postForm("/signin", { email: "admin@example.VN", password: "a long password", redirectTo: "/staff/account" }, csrf))),
    );
    expect(res.status).toBe(302);
    expect(res.location).toBe("/staff/account");
    const cookie = cookiePairs([res.headers.get("Set-Cookie")!])[0]!;
    const layout = await run(() => staffLayout.loader(args(getRequest("/staff", cookie))));
    expect(layout.status).toBe(200);
  });

  it("never follows a redirect to another site", async () => {
    const csrf = await csrfCookiePair();
    const res = await run(() =>
      signinRoute.action(args(postForm("/signin", { email: "admin@example.vn", password: "a long password", redirectTo: "//evil.example/x" }, csrf))),
    );
    expect(res.location).toBe("/staff");
  });

  it("gives the same message for an unknown account and a wrong password", async () => {
    const csrf = await csrfCookiePair();
    const unknown = await run(() => signinRoute.action(args(postForm("/signin", { email: "nobody@example.vn", password: "whatever pw" }, csrf))));
    const wrong = await run(() => signinRoute.action(args(postForm("/signin", { email: "admin@example.vn", password: "wrong password" }, csrf))));
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    expect((unknown.data as { errors: object }).errors).toEqual((wrong.data as { errors: object }).errors);
    expect((wrong.data as { values: { email: string } }).values.email).toBe("admin@example.vn");
  });

  const signinFrom = (email: string, password: string, ip: string, csrf: string) =>
    run(() => signinRoute.action({ request: postForm("/signin", { email, password }, csrf), params: {}, context: { clientIp: ip } }));

  it("never locks the owner out: an attacker's failures from one address do not refuse the right password from another", async () => {
    const csrf = await csrfCookiePair();
    const target = await makeStaff({ role: "drafter", agencyName: "Sở Tư pháp (thử)" });
    const attacker = "203.0.113.10";
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await signinFrom(target.email, "wrong password", attacker, csrf)).status);
    // The attacker's address is refused on this account after its free failures …
    expect(statuses.slice(0, PAIR_FREE_FAILURES)).toEqual(Array(PAIR_FREE_FAILURES).fill(400));
    expect(statuses.at(-1)).toBe(429);
    const refused = await signinFrom(target.email, target.password, attacker, csrf);
    expect(refused.status).toBe(429);
    expect((refused.data as { errors: { _form: string } }).errors._form).toBe("signin.throttled");
    // … while the owner, from another address, signs in at once with the right password.
    const owner = await signinFrom(target.email, target.password, "198.51.100.20", csrf);
    expect(owner.status).toBe(302);
  });

  it("failures on an account from many addresses only slow it down, by a bounded delay", async () => {
    const csrf = await csrfCookiePair();
    const target = await makeStaff({ role: "drafter", agencyName: "Sở Xây dựng (thử)" });
    // 3 addresses × 3 failures = 9 on the account; none of the addresses is refused.
    for (let a = 0; a < 3; a++) {
      for (let i = 0; i < PAIR_FREE_FAILURES; i++) expect((await signinFrom(target.email, "wrong password", `203.0.113.${100 + a}`, csrf)).status).toBe(400);
    }
    const started = Date.now();
    const owner = await signinFrom(target.email, target.password, "198.51.100.21", csrf);
    const took = Date.now() - started;
    expect(owner.status).toBe(302);
    expect(took).toBeGreaterThanOrEqual(ACCOUNT_MAX_DELAY_MS - 50); // slowed …
    expect(took).toBeLessThan(ACCOUNT_MAX_DELAY_MS + 1500); // … but boundedly
  });

  it("refuses an address that keeps failing, across accounts", async () => {
    const csrf = await csrfCookiePair();
    const ip = "192.0.2.7";
    for (let i = 0; i < ADDRESS_FREE_FAILURES; i++) {
      expect((await signinFrom(`guess${i}@example.vn`, "nope nope", ip, csrf)).status).toBe(400);
    }
    expect((await signinFrom("guess-last@example.vn", "nope nope", ip, csrf)).status).toBe(400);
    const blocked = await signinFrom("admin@example.vn", "a long password", ip, csrf);
    expect(blocked.status).toBe(429);
    // Another address is not concerned.
    expect((await signinFrom("admin@example.vn", "a long password", "192.0.2.8", csrf)).status).toBe(302);
  });
});

describe("sessions and accounts", () => {
  it("staff pages need a session", async () => {
    const res = await run(() => staffLayout.loader(args(getRequest("/staff/account"))));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/signin?redirectTo=%2Fstaff%2Faccount");
  });

  it("sign-out ends the session on the server", async () => {
    const staff = await makeStaff({ role: "drafter", agencyName: "Sở Nội vụ (đăng xuất)" });
    const out = await run(() => signoutRoute.action(args(postForm("/signout", {}, staff.cookie))));
    expect(out.location).toBe("/signin");
    const after = await run(() => staffLayout.loader(args(getRequest("/staff", staff.cookie))));
    expect(after.status).toBe(302);
  });

  it("changing the password checks the current one and ends the other sessions", async () => {
    const staff = await makeStaff({ role: "drafter", agencyName: "Sở Nội vụ (mật khẩu)" });
    const wrong = await run(() =>
      accountRoute.action(args(postForm("/staff/account", { currentPassword: "not it", password: "new password 1", passwordConfirm: "new password 1" }, staff.cookie))),
    );
    expect(wrong.status).toBe(400);
    const ok = await run(() =>
      accountRoute.action(args(postForm("/staff/account", { currentPassword: staff.password, password: "new password 1", passwordConfirm: "new password 1" }, staff.cookie))),
    );
    expect(ok.status).toBe(200);
    const old = await run(() => staffLayout.loader(args(getRequest("/staff", staff.cookie))));
    expect(old.status).toBe(302);
    const fresh = cookiePairs([ok.headers.get("Set-Cookie")!])[0]!;
    const renewed = await run(() => staffLayout.loader(args(getRequest("/staff", fresh))));
    expect(renewed.status).toBe(200);
  });

  it("only administrators manage accounts; a drafter must belong to an agency", async () => {
    const drafter = await makeStaff({ role: "drafter", agencyName: "Sở Tài chính (thử)" });
    const denied = await run(() => usersRoute.loader(args(getRequest("/staff/admin/users", drafter.cookie))));
    expect(denied.status).toBe(403);
    const admin = await makeStaff({ role: "admin" });
    const noAgency = await run(() =>
      usersRoute.action(args(postForm("/staff/admin/users", { intent: "create", name: "Cán bộ", email: "canbo@example.vn", role: "drafter", agencyId: "", password: "long password 1" }, admin.cookie))),
    );
    expect(noAgency.status).toBe(400);
    expect((noAgency.data as { errors: Record<string, string> }).errors.agencyId).toBe("user.agencyRequired");
    const created = await run(() =>
      usersRoute.action(args(postForm("/staff/admin/users", { intent: "create", name: "Cán bộ", email: "canbo@example.vn", role: "drafter", agencyId: String(drafter.agencyId), password: "long password 1" }, admin.cookie))),
    );
    expect(created.status).toBe(200);
    const dup = await run(() =>
      usersRoute.action(args(postForm("/staff/admin/users", { intent: "create", name: "Cán bộ 2", email: "CANBO@example.vn", role: "drafter", agencyId: String(drafter.agencyId), password: "long password 1" }, admin.cookie))),
    );
    expect((dup.data as { errors: Record<string, string> }).errors.email).toBe("user.emailTaken");
  });
});

describe("sign-in under a burst of parallel guesses", () => {
  it("still refuses the address: guesses from one address are checked one after another", async () => {
    const csrf = await csrfCookiePair();
    const target = await makeStaff({ role: "drafter", agencyName: "Sở Công Thương (thử)" });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        run(() => signinRoute.action({ request: postForm("/signin", { email: target.email, password: `guess ${i}` }, csrf), params: {}, context: { clientIp: "198.51.100.77" } })),
      ),
    );
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(8);
    // The owner elsewhere is not refused.
    const owner = await run(() =>
      signinRoute.action({ request: postForm("/signin", { email: target.email, password: target.password }, csrf), params: {}, context: { clientIp: "198.51.100.78" } }),
    );
    expect(owner.status).toBe(302);
  });
});

describe("the audit log", () => {
  it("records state changes and is for administrators only", async () => {
    const { loader: auditPage } = await import("~/routes/staff.admin.audit");
    const { loader: auditCsv } = await import("~/routes/staff.admin.audit[.]csv");
    const drafter = await makeStaff({ role: "drafter", agencyName: "Sở Văn hóa (nhật ký)" });
    expect((await run(() => auditPage(args(getRequest("/staff/admin/audit", drafter.cookie))))).status).toBe(403);
    expect((await run(() => auditCsv(args(getRequest("/staff/admin/audit.csv", drafter.cookie))))).status).toBe(403);
    const admin = await makeStaff({ role: "admin" });
    const page = await run(() => auditPage(args(getRequest("/staff/admin/audit", admin.cookie))));
    const actions = (page.data as { rows: { action: string }[] }).rows.map((r) => r.action);
    expect(actions).toContain("setup.admin_created");
    expect(actions).toContain("user.password_changed");
    const csv = (await auditCsv(args(getRequest("/staff/admin/audit.csv", admin.cookie)))) as Response;
    expect(await csv.text()).toContain("setup.admin_created");
  });
});
