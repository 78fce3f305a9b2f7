// The Shopify webhook bodies in test/fixtures/shopify (see the README there).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "shopify");

/** A fixture's text, exactly as a delivery would carry it. */
export const shopifyFixtureText = (name: string) => readFileSync(join(FIXTURES, `${name}.json`), "utf8");

/** A fresh parsed copy, safe to modify. */
export const shopifyFixture = (name: string) => JSON.parse(shopifyFixtureText(name)) as Record<string, unknown>;

export const shopifyFixtureNames = () =>
  readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.replace(/\.json$/, ""));
