/**
 * Which database this process talks to, fixed when the process starts: PostgreSQL when DATABASE_URL
 * is a postgres:// (or postgresql://) URL, the embedded SQLite file otherwise. The tables, the SQL
 * fragments that differ and the migrations are chosen from it once, at import.
 */
export type Dialect = "sqlite" | "pg";

export function dialectOfUrl(url: string | undefined): Dialect {
  return url && /^postgres(ql)?:\/\//i.test(url.trim()) ? "pg" : "sqlite";
}

export const DIALECT: Dialect = dialectOfUrl(process.env.DATABASE_URL);
