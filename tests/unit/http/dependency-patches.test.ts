/**
 * patches/ (applied by `npm install` through patch-package): three changes to Remix's packages
 * that the load profile asked for. If an upgrade drops them, the portal still works but each request
 * does the work again; this test says so instead of the next benchmark.
 */
import { createRequire } from "node:module";
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

describe("the patches to Remix's server packages are applied", () => {
  it("@remix-run/router flattens and ranks a route tree once, and compiles each path once", async () => {
    const source = fs.readFileSync(require.resolve("@remix-run/router"), "utf8");
    expect(source).toContain("rankedBranches.get(routes)");
    expect(source).toContain("compiledPaths.get(key)");
    expect(source).toContain('paths[0] === "/" && paths[1] === "/" ? "/"');
    const { matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");
    const routes = [
      { id: "root", path: "/", children: [{ id: "invitee", path: "i/:token" }, { id: "receipt", path: "i/:token/receipt" }, { id: "index", index: true }] },
    ];
    // Same answers on the first call (flattened then) and on later ones (from the kept branches).
    for (let round = 0; round < 3; round++) {
      expect(matchRoutes(routes, "/i/abc")?.map((m) => [m.route.id, m.params.token])).toEqual([
        ["root", "abc"],
        ["invitee", "abc"],
      ]);
      expect(matchRoutes(routes, "/i/abc/receipt")?.at(-1)?.route.id).toBe("receipt");
      expect(matchRoutes(routes, "/")?.at(-1)?.route.id).toBe("index");
      expect(matchRoutes(routes, "/nowhere")).toBeNull();
    }
  });

  it("@remix-run/server-runtime copies a request only when it has a parameter to strip", () => {
    const source = fs.readFileSync(require.resolve("@remix-run/server-runtime/dist/data.js"), "utf8");
    expect(source).toContain('if (!url.searchParams.has("index")) return request;');
    expect(source).toContain('if (!url.searchParams.has("_routes")) return request;');
  });

  it("@remix-run/multipart-parser gives a part's header bytes as received", async () => {
    const { parseMultipart } = await import("@remix-run/multipart-parser");
    const body = new TextEncoder().encode('--zz\r\nContent-Disposition: form-data; name="c:1"\r\n\r\nx\r\n--zz--\r\n');
    const [part] = [...parseMultipart(body, { boundary: "zz" })];
    expect(Buffer.from((part as unknown as { rawHeader: Uint8Array }).rawHeader).toString("latin1")).toBe('Content-Disposition: form-data; name="c:1"');
  });
});
