import { describe, expect, it } from "vitest";
import { movementKindWords, movementSourceWords, signed } from "./movement-words";

describe("movement words", () => {
  it("names every movement kind in words, and falls back to the kind itself", () => {
    expect(movementKindWords("return_restock")).toBe("Returned to stock");
    expect(movementKindWords("count")).toBe("Counted");
    expect(movementKindWords("new_kind")).toBe("new kind");
  });

  it("names the source, a channel by its name", () => {
    expect(movementSourceWords("channel:abc", "WooCommerce")).toBe("WooCommerce");
    expect(movementSourceWords("channel:abc", null)).toBe("A removed channel");
    expect(movementSourceWords("api", null)).toBe("REST API");
    expect(movementSourceWords("test", null)).toBe("test");
  });

  it("signs quantities", () => {
    expect([signed(5), signed(-3), signed(0)]).toEqual(["+5", "\u22123", "0"]);
  });
});
