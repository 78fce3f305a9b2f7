import { defineConfig } from "vitest/config";

// Separate from vite.config.ts so the Remix plugin is not loaded in tests.
export default defineConfig({
  test: {
    environment: "node",
    include: [
      "app/**/*.test.ts",
      "connectors/**/*.test.ts",
      "jobs/**/*.test.ts",
      "cli/**/*.test.ts",
      "prisma/**/*.test.ts",
      "scripts/**/*.test.ts",
      "server/**/*.test.ts",
      "test/sim/**/*.test.ts",
    ],
    exclude: ["**/*.pg.test.ts", "**/*.redis.test.ts", "node_modules/**"],
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/test-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
