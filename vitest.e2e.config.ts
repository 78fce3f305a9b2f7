import { defineConfig } from "vitest/config";

// Browser tests: the built app in a real Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
export default defineConfig({
  test: {
    environment: "node",
    include: ["test/e2e/**/*.e2e.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
