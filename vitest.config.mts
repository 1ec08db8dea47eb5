import { defineConfig } from "vitest/config";

/**
 * One `vitest run` runs the runtime suites (test/**\/*.test.ts) and the type tests
 * (test/**\/*.test-d.ts, checked by tsc through tsconfig.typecheck.json); both are counted
 * by every reporter, the JSON one included.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // Separate processes: law and kernel suites are CPU-bound, and a crash stays in its file.
    pool: "forks",
    // The project is developed and checked on 2 cores; more workers only thrash.
    maxWorkers: 2,
    // Property-based law tests run hundreds of cases each; the package test builds and packs.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    typecheck: {
      enabled: true,
      checker: "tsc",
      include: ["test/**/*.test-d.ts"],
      tsconfig: "tsconfig.typecheck.json",
    },
  },
});
