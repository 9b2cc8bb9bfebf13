import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// The PostgreSQL pass (issue 14): TEST_DATABASE_URL names a PostgreSQL server where the test user may
// CREATE DATABASE. Every test process then starts with DATABASE_URL pointing there, so db/dialect.ts
// chooses PostgreSQL's tables at import; each test file (tests/integration/harness.ts) and each portal a
// test starts (tests/browser/portal.ts) makes a fresh database of its own on that server and drops it
// after. Without TEST_DATABASE_URL the suite runs on SQLite files, as it always has.
const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
if (testDatabaseUrl && !/^postgres(ql)?:\/\//i.test(testDatabaseUrl)) {
  throw new Error(`TEST_DATABASE_URL must be a postgres:// URL (got "${testDatabaseUrl}")`);
}
const env: Record<string, string> = testDatabaseUrl
  ? {
      DATABASE_URL: testDatabaseUrl,
      // PostgreSQL has no file beside which the portal could keep its secret: it refuses to start
      // without APP_SECRET (app/security/secret.server.ts).
      APP_SECRET: process.env.APP_SECRET && process.env.APP_SECRET.length >= 32 ? process.env.APP_SECRET : "test-only-secret-for-the-postgresql-pass-0123456789",
    }
  : {};
// Checks once, before any test, that the server answers and lets the test user create databases.
const pgSetup = testDatabaseUrl ? ["tests/support/pg-global-setup.ts"] : [];

// Separate from vite.config.ts: the Remix plugin must not run under vitest.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    env,
    projects: [
      {
        plugins: [tsconfigPaths()],
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
          environment: "node",
          pool: "forks",
          testTimeout: 30_000,
          env,
          globalSetup: pgSetup,
        },
      },
      {
        plugins: [tsconfigPaths()],
        test: {
          name: "browser",
          // Everything that runs against the built portal: browser journeys and the short load test.
          include: ["tests/browser/**/*.test.ts", "tests/load/**/*.test.ts"],
          environment: "node",
          pool: "forks",
          // The portal is built once (global-setup.ts); each file starts its own server and database.
          globalSetup: [...pgSetup, "tests/browser/global-setup.ts"],
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 240_000,
          env,
        },
      },
    ],
  },
});
