import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { assess } from "../src/assess.js";
import { collectGarbage } from "../src/cli/collect-garbage.js";
import type { ArtifactFacts } from "../src/extract/index.js";
import { type Inputs, loadInputs } from "../src/load/inputs.js";
import { renderJson } from "../src/report/json.js";
import { tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/**
 * For each subject built from a workload: whether each workload assessed before the last one still
 * had its facts then, after a full collection (a weak reference per workload, made before
 * the run), and how many rows of rules had been evaluated by then. Only those workloads are asked:
 * a weak reference that gives its target holds it to the end of the task, and the last workload's
 * facts may still sit in a register of the assessing loop.
 */
const watch = vi.hoisted(() => ({
  records: [] as WeakRef<object>[],
  heldWhenBuilt: [] as boolean[][],
  evaluated: 0,
  evaluatedWhenBuilt: [] as number[],
}));

vi.mock("../src/engine/subject.js", async (original) => {
  const actual = await original<typeof import("../src/engine/subject.js")>();
  return {
    ...actual,
    buildServiceSubject: (...args: Parameters<typeof actual.buildServiceSubject>) => {
      if (args[1] && watch.records.length > 0) {
        expect(collectGarbage()).toBe(true);
        const asked = watch.records.slice(0, Math.max(0, watch.heldWhenBuilt.length - 1));
        watch.heldWhenBuilt.push(asked.map((record) => record.deref() !== undefined));
        watch.evaluatedWhenBuilt.push(watch.evaluated);
      }
      return actual.buildServiceSubject(...args);
    },
  };
});

vi.mock("../src/engine/evaluate.js", async (original) => {
  const actual = await original<typeof import("../src/engine/evaluate.js")>();
  return {
    ...actual,
    evaluateRuleRow: (...args: Parameters<typeof actual.evaluateRuleRow>) => {
      watch.evaluated++;
      return actual.evaluateRuleRow(...args);
    },
  };
});

const tool = { name: "blendcheck", version: "test" };
const WORKLOADS = 5;
let dir: string;

beforeAll(() => {
  dir = tempDir("blendcheck-release-");
  mkdirSync(join(dir, "deploy"));
  const manifests = Array.from({ length: WORKLOADS }, (_, i) => keystoneDeployment({ name: `keystone-api-${i}` }));
  writeFileSync(join(dir, "deploy", "keystone.yaml"), manifests.join("---\n"));
});

/** Weak references to each workload's facts, made in a frame of their own so that nothing here holds them. */
function watchWorkloads(inputs: Inputs): void {
  watch.records = inputs.extracted.workloads.map(({ facts }: { facts: ArtifactFacts }) => new WeakRef(facts));
  watch.heldWhenBuilt = [];
  watch.evaluated = 0;
  watch.evaluatedWhenBuilt = [];
}

/** Assesses after the task that made the weak references ends: until then they hold their targets. */
async function assessWatched(releaseWorkloads: boolean, decideEachWorkload = false): Promise<{ inputs: Inputs; json: string }> {
  const inputs = loadInputs({ paths: ["deploy"], cwd: dir });
  watchWorkloads(inputs);
  await new Promise((resolve) => setImmediate(resolve));
  const json = renderJson(assess(inputs, { tool, baseDir: dir, releaseWorkloads, decideEachWorkload }));
  return { inputs, json };
}

/** `held` for every workload asked about as each subject is built: those before the last one built. */
function eachBuilt(held: boolean): boolean[][] {
  return Array.from({ length: WORKLOADS }, (_, built) => Array.from({ length: Math.max(0, built - 1) }, () => held));
}

describe("releaseWorkloads", () => {
  it("lets each workload's facts go once it is assessed, while later workloads are assessed", async () => {
    await assessWatched(true);
    expect(watch.heldWhenBuilt).toEqual(eachBuilt(false));
  });

  it("holds every workload to the end of the run without it, and leaves the inputs as they were", async () => {
    const { inputs } = await assessWatched(false);
    expect(watch.heldWhenBuilt).toEqual(eachBuilt(true));
    expect(inputs.extracted.workloads).toHaveLength(WORKLOADS);
  });

  it("builds each workload's subject when its turn comes, not all of them before the first is assessed", async () => {
    const { json } = await assessWatched(false, true);
    const placements = JSON.parse(json).placements.length;
    expect(placements).toBeGreaterThan(1);
    // Each workload evaluates a row of rules per placement: its subject is built after the last workload's rows.
    expect(watch.evaluatedWhenBuilt).toEqual(Array.from({ length: WORKLOADS }, (_, built) => built * placements));
  });

  it("gives the same assessment, and leaves the inputs' list of workloads empty", async () => {
    const kept = await assessWatched(false);
    const released = await assessWatched(true);
    expect(released.json).toBe(kept.json);
    expect(JSON.parse(released.json).services).toHaveLength(WORKLOADS);
    expect(released.inputs.extracted.workloads).toEqual([]);
  });
});
