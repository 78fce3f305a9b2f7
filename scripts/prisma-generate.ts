// Derives the PostgreSQL schema from the SQLite one and generates both clients.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

export function derivePgSchema(sqliteSchema: string): string {
  const pg = sqliteSchema
    .replace(/provider(\s*)= "sqlite"/, 'provider$1= "postgresql"')
    .replace(/url(\s*)= "file:[^"]*"/, 'url$1= env("DATABASE_URL")')
    .replace(/output(\s*)= "..\/..\/generated\/sqlite"/, 'output$1= "../../generated/pg"')
    .replace(
      /^\/\/ The one schema source\.[^\n]*\n\/\/[^\n]*\n/,
      "// GENERATED from prisma/sqlite/schema.prisma by `npm run prisma:generate`. Do not edit.\n",
    );
  if (!pg.includes('provider = "postgresql"') || !pg.includes("generated/pg")) {
    throw new Error("prisma/sqlite/schema.prisma no longer has the expected datasource/generator lines");
  }
  return pg;
}

function main() {
  const pg = derivePgSchema(readFileSync("prisma/sqlite/schema.prisma", "utf8"));
  writeFileSync("prisma/pg/schema.prisma", pg);
  for (const config of ["prisma.sqlite.config.ts", "prisma.pg.config.ts"]) {
    // prisma generate resolves env("DATABASE_URL") even though it never connects.
    const env = config.includes(".pg.")
      ? { ...process.env, DATABASE_URL: "postgresql://127.0.0.1/unused" }
      : process.env;
    execFileSync("npx", ["prisma", "generate", "--config", config], { stdio: ["ignore", "ignore", "inherit"], env });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
