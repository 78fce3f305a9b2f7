// Writes a migration for both providers from the difference between the schema as last migrated
// (prisma/migrated.schema.prisma) and the current prisma/sqlite/schema.prisma.
// `prisma migrate dev` cannot run offline with the JS engine (docs/decisions/0002).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { derivePgSchema } from "./prisma-generate.ts";
import { readFileSync } from "node:fs";

const SNAPSHOT = "prisma/migrated.schema.prisma";

function diff(config: string, from: string | null, to: string): string {
  const fromArgs = from ? ["--from-schema-datamodel", from] : ["--from-empty"];
  const env = config.includes(".pg.")
    ? { ...process.env, DATABASE_URL: process.env.MIGRATION_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" }
    : { ...process.env, DATABASE_URL: "file::memory:" };
  // migrate diff connects through the driver adapter (it changes nothing), so PostgreSQL must be reachable; SQLite
  // gets an in-memory database, so a fresh clone without ./data works.
  return execFileSync(
    "npx",
    ["prisma", "migrate", "diff", "--config", config, ...fromArgs, "--to-schema-datamodel", to, "--script"],
    { encoding: "utf8", env, stdio: ["ignore", "pipe", "inherit"] },
  );
}

function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npm run migration:new -- <snake_case_name>");
    process.exit(2);
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = `${stamp}_${name}`;
  const previous = existsSync(SNAPSHOT) ? SNAPSHOT : null;
  const previousPg = previous ? "prisma/.migrated-pg.tmp.prisma" : null;
  if (previous && previousPg) writeFileSync(previousPg, derivePgSchema(readFileSync(previous, "utf8")));
  const sqliteSql = diff("prisma.sqlite.config.ts", previous, "prisma/sqlite/schema.prisma");
  const pgSql = diff("prisma.pg.config.ts", previousPg, "prisma/pg/schema.prisma");
  if (sqliteSql.trim() === "-- This is an empty migration." || sqliteSql.trim() === "") {
    console.log("No schema changes since the last migration.");
    return;
  }
  for (const [provider, sql] of [
    ["sqlite", sqliteSql],
    ["pg", pgSql],
  ] as const) {
    mkdirSync(`prisma/${provider}/migrations/${folder}`, { recursive: true });
    writeFileSync(`prisma/${provider}/migrations/${folder}/migration.sql`, sql);
  }
  copyFileSync("prisma/sqlite/schema.prisma", SNAPSHOT);
  if (previousPg) execFileSync("rm", ["-f", previousPg]);
  console.log(`Wrote prisma/{sqlite,pg}/migrations/${folder}/migration.sql`);
}

main();
