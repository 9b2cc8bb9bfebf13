/**
 * A form posted from another site (its Origin is not this portal's host): refused with a 403 before
 * anything reads it. Remix refuses it as well, but by throwing, which made it a 500 (attacker's pass).
 * The portal's own pages post with their own origin and are served as before.
 */
import { describe, expect, it } from "vitest";
import { usePortal } from "./browser";

const portal = usePortal();

const post = (path: string, origin: string | null) =>
  fetch(`${portal.baseURL()}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(origin === null ? {} : { Origin: origin }) },
    body: "email=a%40example.test&password=x",
    redirect: "manual",
  });

describe("a post from another site", () => {
  it("is refused 403 on any route, whatever the Origin says; the portal's own origin reaches the page", async () => {
    for (const origin of ["http://evil.test", "null", "not a url", `${portal.baseURL()}.evil.test`]) {
      for (const path of ["/signin", "/i/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "/staff/consultations/1/answers"]) {
        const res = await post(path, origin);
        expect(res.status, `${origin} → ${path}`).toBe(403);
        expect(await res.text()).toContain("Yêu cầu gửi từ một trang khác bị từ chối.");
      }
    }
    // Same origin: the sign-in page answers (its own CSRF check refuses a form without its token, as before).
    const own = await post("/signin", portal.baseURL());
    expect(await own.text()).not.toContain("Yêu cầu gửi từ một trang khác bị từ chối.");
    expect(own.status).toBeLessThan(500);
  });
});
