import { defineConfig } from "vitest/config";

/**
 * The fast unit tests that exercise the mutated folders in-process, for `npm run mutation`. CLI
 * tests are left out: those that spawn the built CLI run `dist/`, which no mutant reaches, and the
 * in-process ones assess a whole catalog per test, which covers nearly every mutant and makes each
 * mutant cost seconds. So are tests that time a whole catalog or tens of thousands of items
 * (evaluate-cache, merge-facts, extract-limits): their wall-clock bounds do not hold for
 * instrumented code, and the unit tests here cover the same code.
 */
export default defineConfig({
  test: {
    include: [
      "test/score.test.ts",
      "test/score-boundaries.test.ts",
      "test/score-waves.test.ts",
      "test/score-service.test.ts",
      "test/score-recommend.test.ts",
      "test/score-method.test.ts",
      "test/engine.test.ts",
      "test/engine-properties.test.ts",
      "test/engine-message.test.ts",
      "test/engine-decide.test.ts",
      "test/engine-subject.test.ts",
      "test/engine-workload-class.test.ts",
      "test/engine-mitigate-plan.test.ts",
      "test/engine-subject-facts.test.ts",
      "test/engine-evaluate-keys.test.ts",
      "test/evaluate.test.ts",
      "test/cel-budget.test.ts",
      "test/gate-evaluate.test.ts",
      "test/gate-evaluate-edges.test.ts",
      "test/gate-waivers.test.ts",
      "test/gate-summary.test.ts",
      "test/gate-load-policy.test.ts",
      "test/gate-diff.test.ts",
      "test/diff.test.ts",
      "test/dates-and-json.test.ts",
      "test/read-assessment.test.ts",
      "test/policy-confinement.test.ts",
      "test/terminal-injection.test.ts",
      "test/escape-terminal.test.ts",
      "test/github-annotations.test.ts",
      "test/extract-artifacts.test.ts",
      "test/extract-oslo-ini.test.ts",
      "test/extract-oslo-ini-problems.test.ts",
      "test/load.test.ts",
      "test/load-files.test.ts",
      "test/junit.test.ts",
      "test/sarif.test.ts",
      "test/mitigate.test.ts",
      "test/extract-readers.test.ts",
      "test/extract-selectors.test.ts",
      "test/extract-match-service.test.ts",
      "test/extract-workload-artifacts.test.ts",
      "test/deployment-mechanisms.test.ts",
      "test/group-by-namespace.test.ts",
      "test/waiver-rescore.test.ts",
      "test/rules-meta.test.ts",
      "test/rule-templates.test.ts",
    ],
    testTimeout: 60_000,
    pool: "forks",
  },
});
