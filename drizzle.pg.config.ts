import { defineConfig } from "drizzle-kit";

// The PostgreSQL twin of drizzle.config.ts: migrations for db/schema.pg.ts (issue 14).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.pg.ts",
  out: "./db/migrations-pg",
});
