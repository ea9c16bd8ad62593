import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import { collectGarbage } from "../src/cli/collect-garbage.js";
import { tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** A weak reference to the inputs each run read, and whether they were still held when its reports were written. */
const seen = vi.hoisted(() => ({
  inputs: undefined as WeakRef<object> | undefined,
  heldAtReports: [] as boolean[],
  released: [] as (boolean | undefined)[],
}));

// Whether each run let its workloads go as they were assessed (`releaseWorkloads`).
vi.mock("../src/assess.js", async (original) => {
  const actual = await original<typeof import("../src/assess.js")>();
  return {
    ...actual,
    assess: (...args: Parameters<typeof actual.assess>) => {
      seen.released.push(args[1].releaseWorkloads);
      return actual.assess(...args);
    },
  };
});

vi.mock("../src/cli/read-inputs.js", async (original) => {
  const actual = await original<typeof import("../src/cli/read-inputs.js")>();
  return {
    ...actual,
    loadOrFail: async (...args: Parameters<typeof actual.loadOrFail>) => {
      const inputs = await actual.loadOrFail(...args);
      seen.inputs = new WeakRef(inputs);
      // A weak reference holds its target to the end of the task that made it: the run goes on in a new one.
      await new Promise((resolve) => setImmediate(resolve));
      return inputs;
    },
  };
});

vi.mock("../src/cli/write-report.js", async (original) => {
  const actual = await original<typeof import("../src/cli/write-report.js")>();
  return {
    ...actual,
    emitReports: (...args: Parameters<typeof actual.emitReports>) => {
      expect(collectGarbage()).toBe(true);
      seen.heldAtReports.push(seen.inputs?.deref() !== undefined);
      return actual.emitReports(...args);
    },
  };
});

function deployDir(): string {
  const dir = tempDir("blendcheck-released-");
  writeFileSync(join(dir, "keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
  return dir;
}

it("lets the inputs go once they are assessed, before assess writes its reports", async () => {
  seen.heldAtReports = [];
  seen.released = [];
  const dir = deployDir();
  const run = await runCliInProcess(["assess", ".", "--format", "json", "--out", join(dir, "out")], { cwd: dir });
  expect(run.code, run.stderr).toBe(0);
  expect(seen.heldAtReports).toEqual([false]);
  expect(seen.released).toEqual([true]);
});

it("lets the inputs go once they are assessed, before the gate is evaluated and reported", async () => {
  seen.heldAtReports = [];
  seen.released = [];
  const dir = deployDir();
  const run = await runCliInProcess(["gate", "."], { cwd: dir });
  expect([0, 1], run.stderr).toContain(run.code);
  expect(seen.heldAtReports).toEqual([false]);
  expect(seen.released).toEqual([true]);
});
