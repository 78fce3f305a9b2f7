import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derivePgSchema } from "../scripts/prisma-generate.ts";

const read = (path: string) => readFileSync(path, "utf8");

describe("schema sources", () => {
  it("every schema change has a migration (npm run migration:new -- <name>)", () => {
    expect(read("prisma/sqlite/schema.prisma")).toBe(read("prisma/migrated.schema.prisma"));
  });

  it("the PostgreSQL schema is derived from the SQLite one (npm run prisma:generate)", () => {
    expect(read("prisma/pg/schema.prisma")).toBe(derivePgSchema(read("prisma/sqlite/schema.prisma")));
  });
});
