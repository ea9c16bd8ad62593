/**
 * Mutation testing (`npm run mutation`): mutates the scoring, engine, gate, extractors, the YAML
 * line reader, the escapers and how the report views a service and its workloads, and runs the
 * fast unit tests against each mutant. Not part of CI; the HTML report is written to
 * reports/mutation/ (not committed). Narrow a run with `npm run mutation -- --mutate "src/gate/**"`.
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "src/score/**/*.ts",
    "src/engine/**/*.ts",
    "src/gate/**/*.ts",
    "src/extract/**/*.ts",
    "src/load/block-offsets.ts",
    "src/load/block-yaml.ts",
    "src/load/text-cache.ts",
    "src/report/escape.ts",
    "src/escape-terminal.ts",
    "src/report/clean-text.ts",
    "src/report/xml-escape.ts",
    "src/report/view/build-subject-view.ts",
    "src/report/view/group-service-views.ts",
  ],
  checkers: [],
  // Stryker rewrites the named tsconfig with TypeScript's JS API, which TypeScript 7 no longer has;
  // vitest compiles with esbuild and needs no tsconfig rewrite, so none is named.
  tsconfigFile: "",
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 20_000,
  ignoreStatic: true,
  reporters: ["html", "clear-text", "progress"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  // Reruns only the mutants whose code or covering tests changed; kept with the (uncommitted) report.
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
