import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { persistentThreadPool } from "./scripts/mutation-pool.mjs";

/**
 * The fast unit tests that exercise the mutated folders in-process, for `npm run mutation`, listed
 * from the cheapest file to the dearest.
 *
 * Left out, because each covers nearly every engine mutant and costs from a fifth of a second to
 * seconds per mutant, while the unit tests here cover the same code:
 * - CLI tests. Those that spawn the built CLI run `dist/`, which no mutant reaches; the in-process
 *   ones assess a whole catalog per test.
 * - Tests that load the whole built-in catalog or run the assess pipeline on fixtures
 *   (engine-properties, extract-readers, rules-meta, rule-templates, deployment-mechanisms,
 *   load-files, github-annotations).
 * - Tests that time a whole catalog or tens of thousands of items (evaluate-cache, merge-facts,
 *   extract-limits): their wall-clock bounds do not hold for instrumented code.
 */
const include = [
  "test/extract-workload-artifacts.test.ts",
  "test/extract-selectors.test.ts",
  "test/extract-compose-facts.test.ts",
  "test/extract-recognize-oslo.test.ts",
  "test/extract-config-maps.test.ts",
  "test/extract-read-workload.test.ts",
  "test/extract-oslo-facts.test.ts",
  "test/extract-merge-facts.test.ts",
  "test/extract-k8s-facts.test.ts",
  "test/k8s-reader.test.ts",
  "test/fact-recorder.test.ts",
  "test/group-by-namespace.test.ts",
  "test/k8s-copies.test.ts",
  "test/k8s-kustomize-patches.test.ts",
  "test/extract-match-service.test.ts",
  "test/extract-oslo-ini-problems.test.ts",
  "test/engine-message.test.ts",
  "test/engine-subject-facts.test.ts",
  "test/score-method.test.ts",
  "test/engine-subject.test.ts",
  "test/engine-case-runners.test.ts",
  "test/engine-cel-expression.test.ts",
  "test/engine-decide.test.ts",
  "test/evaluate.test.ts",
  "test/engine.test.ts",
  "test/score-service.test.ts",
  "test/score-boundaries.test.ts",
  "test/waiver-rescore.test.ts",
  "test/load.test.ts",
  "test/terminal-injection.test.ts",
  "test/diff.test.ts",
  "test/dates-and-json.test.ts",
  "test/gate-evaluate-edges.test.ts",
  "test/gate-diff.test.ts",
  "test/policy-confinement.test.ts",
  "test/gate-waivers.test.ts",
  "test/gate-summary.test.ts",
  "test/gate-evaluate.test.ts",
  "test/gate-load-policy.test.ts",
  "test/score-recommend.test.ts",
  "test/engine-workload-class.test.ts",
  "test/extract-oslo-ini.test.ts",
  "test/score-waves.test.ts",
  "test/junit.test.ts",
  "test/score.test.ts",
  "test/escape-terminal.test.ts",
  "test/engine-mitigate-plan.test.ts",
  "test/mitigate.test.ts",
  "test/cel-budget.test.ts",
  "test/sarif.test.ts",
  "test/extract-artifacts.test.ts",
  "test/engine-evaluate-keys.test.ts",
  "test/read-assessment.test.ts",
  "test/json-bytes.test.ts",
  "test/json-file.test.ts",
  "test/workload-findings.test.ts",
  "test/location-group.test.ts",
  "test/block-offsets.test.ts",
  "test/block-offsets-generated.test.ts",
  "test/block-yaml.test.ts",
  "test/report-subject-view.test.ts",
  "test/text-cache.test.ts",
  "test/k8s-finish-places.test.ts",
];

/** Runs the files in the order listed, cheapest first, so a mutant's first failing test ends its run sooner. */
class ListedOrder extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => include.findIndex((path) => file.moduleId.endsWith(path));
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  // One thread for all the runs of a Stryker worker, each run with the project's modules fresh:
  // a new thread per run spent most of a mutant's time loading vitest and the dependencies again.
  plugins: [persistentThreadPool()],
  test: {
    include,
    sequence: { sequencer: ListedOrder },
    setupFiles: ["test/mutation-setup.ts"],
    // Every temporary folder of the runs inside one, removed when Stryker is done with the runner.
    globalSetup: ["test/temp-root.ts"],
    testTimeout: 60_000,
    // The files of one run share modules, all under the same mutant.
    isolate: false,
  },
});
