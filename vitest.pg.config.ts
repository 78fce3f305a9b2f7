import { defineConfig } from "vitest/config";

// The PostgreSQL + Redis suite: every database test (*.db.test.ts) again on PostgreSQL, plus the
// tests that need Redis or several processes. .ci/run starts both services.
export default defineConfig({
  test: {
    environment: "node",
    include: ["**/*.db.test.ts", "**/*.pg.test.ts", "**/*.redis.test.ts"],
    exclude: ["node_modules/**"],
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/test-env.ts"],
    env: {
      TEST_PG_URL: process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
      TEST_REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
    },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
