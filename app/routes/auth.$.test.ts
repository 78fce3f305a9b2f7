import { describe, expect, it } from "vitest";
import { loader } from "./auth.$";

// drill:bad-input found GET /auth/login answering 500: the Shopify library throws when authenticate.admin() runs on
// its configured login path, and the app has no login page (installs go through the Shopify admin).
describe("GET /auth/*", () => {
  it("answers 404 on the login path instead of calling the Shopify library", async () => {
    for (const path of ["/auth/login", "/auth/login/"]) {
      const response = await loader({
        request: new Request(`http://app.test${path}`),
        params: { "*": "login" },
        context: {},
      });
      expect(response).toBeInstanceOf(Response);
      expect((response as Response).status).toBe(404);
    }
  });
});
