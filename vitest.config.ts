import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Test files that replace a module with `vi.mock`, so they need a module graph of their own, and
 * those that search a heap snapshot for a text: a worker shared with other files can hold more than
 * one string can, and its snapshot with it.
 */
const ISOLATED = [
  "test/held-texts.test.ts",
  "test/k8s-reader.test.ts",
  "test/cli-assess-collects.test.ts",
  "test/cli-inputs-released.test.ts",
  "test/load-artifact-gone.test.ts",
  "test/load-first-pass.test.ts",
  "test/cli-internal-error.test.ts",
  "test/cli-json-room.test.ts",
  "test/workload-class-sharing.test.ts",
  "test/json-file-spill.test.ts",
  "test/assess-release.test.ts",
  "test/cli-heap-growth.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default is one worker per core minus one, which is a single worker on two cores;
    // many files here wait on a spawned CLI, so a second worker keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts", "src/**/*.test.ts"],
          exclude: ISOLATED,
          globalSetup: ["test/temp-root.ts", "test/global-setup.ts"],
          // Importing the engine, zod schemas and CEL again for each of some eighty files cost most
          // of the suite's time; no file here mocks a module or leaves global state behind, so the
          // files share one module graph per worker.
          isolate: false,
        },
      },
      { extends: true, test: { name: "isolated", include: ISOLATED, isolate: true, globalSetup: ["test/temp-root.ts"] } },
    ],
  },
});
