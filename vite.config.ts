import { vitePlugin as remix } from "@remix-run/dev";
import path from "node:path";
import { defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The draft worker thread's entry (app/versions/draft-worker.ts) compiled by the server build into a
 * file of its own, build/server/draft-worker.js, with the pool (draft-pool.server.ts) pointed at it:
 * Vite leaves `new URL(…, import.meta.url)` alone in server code, so the build says where the file went.
 */
function draftWorkerBuild(): Plugin {
  const entry = path.resolve("app/versions/draft-worker.ts");
  const pool = path.resolve("app/versions/draft-pool.server.ts");
  const named = 'new URL("./draft-worker.ts", import.meta.url)';
  let serverBuild = false;
  let ref = "";
  return {
    name: "gopy:draft-worker",
    apply: "build",
    configResolved(config) {
      serverBuild = Boolean(config.build.ssr);
    },
    buildStart() {
      if (serverBuild) ref = this.emitFile({ type: "chunk", id: entry, fileName: "draft-worker.js" });
    },
    transform(code, id) {
      if (!serverBuild || id !== pool) return null;
      if (!code.includes(named)) this.error(`${pool} no longer names its worker as ${named}`);
      return code.replace(named, `new URL(import.meta.ROLLUP_FILE_URL_${ref})`);
    },
  };
}

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
    draftWorkerBuild(),
  ],
  server: { port: Number(process.env.PORT ?? 3000) },
  build: { target: "es2022" },
  // better-sqlite3 and argon2 are native modules: never bundle them.
  ssr: { external: ["better-sqlite3", "@node-rs/argon2"] },
});
