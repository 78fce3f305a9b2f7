import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SHOPIFY_WEBHOOK_TOPICS } from "./parser";

describe("shopify.app.toml", () => {
  it("subscribes to every topic the connector handles, all at /webhooks/shopify", () => {
    const toml = readFileSync("shopify.app.toml", "utf8");
    const declared = [...toml.matchAll(/^(?:compliance_)?topics = \[([^\]]*)\]/gm)].flatMap((match) =>
      match[1]!.split(",").map((topic) => topic.trim().replace(/"/g, "")),
    );
    expect(new Set(declared)).toEqual(new Set(SHOPIFY_WEBHOOK_TOPICS));
    const uris = [...toml.matchAll(/^uri = "([^"]*)"/gm)].map((match) => match[1]);
    expect(new Set(uris)).toEqual(new Set(["/webhooks/shopify"]));
  });
});
