import { expect, it, vi } from "vitest";
// @ts-expect-error: the benchmark is plain JavaScript without types
import { generateEstate } from "../bench/generate.mjs";
import { SMALL_RUN_SUBJECTS } from "../src/cli/small-run.js";
import { tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

/** How many assessments had run at each collection, whether reports were being written then, and how many assessments ran in all. */
const collected = vi.hoisted(() => ({ assessed: 0, writing: false, assessedBefore: [] as number[], whileWriting: [] as boolean[] }));

vi.mock("../src/cli/collect-garbage.js", () => ({
  collectGarbage: () => {
    collected.assessedBefore.push(collected.assessed);
    collected.whileWriting.push(collected.writing);
    return true;
  },
}));

vi.mock("../src/cli/write-report.js", async (original) => {
  const actual = await original<typeof import("../src/cli/write-report.js")>();
  return {
    ...actual,
    emitReports: (...args: Parameters<typeof actual.emitReports>) => {
      collected.writing = true;
      try {
        actual.emitReports(...args);
      } finally {
        collected.writing = false;
      }
    },
  };
});

vi.mock("../src/assess.js", async (original) => {
  const actual = await original<typeof import("../src/assess.js")>();
  return {
    ...actual,
    assess: (...args: Parameters<typeof actual.assess>) => {
      collected.assessed++;
      return actual.assess(...args);
    },
  };
});

it("collects the heap after reading a large estate and before assessing it, and again before writing its reports", async () => {
  const estate = tempDir("blendcheck-large-estate-");
  generateEstate(estate, 400);
  const out = tempDir("blendcheck-large-out-");
  collected.assessed = 0;
  collected.assessedBefore = [];
  collected.whileWriting = [];
  const run = await runCliInProcess(["assess", estate, "--format", "json", "--out", out]);
  expect(run.code, run.stderr).toBe(0);
  const subjects = Number(/^blendcheck \S+: (\d+) services/.exec(run.stdout)?.[1]);
  expect(subjects).toBeGreaterThan(SMALL_RUN_SUBJECTS);
  expect(collected.assessedBefore).toEqual([0, 1]);
  expect(collected.whileWriting).toEqual([false, false]);
  expect(collected.assessed).toBe(1);
});

it("collects the heap the same way for the gate, before assessing and before writing", async () => {
  const estate = tempDir("blendcheck-large-gate-");
  generateEstate(estate, 400);
  collected.assessed = 0;
  collected.assessedBefore = [];
  collected.whileWriting = [];
  const run = await runCliInProcess(["gate", estate]);
  expect([0, 1], run.stderr).toContain(run.code);
  expect(collected.assessedBefore).toEqual([0, 1]);
  expect(collected.whileWriting).toEqual([false, false]);
  expect(collected.assessed).toBe(1);
});

it("leaves the heap to V8 on a small run, such as the built-in catalog's", async () => {
  collected.assessedBefore = [];
  const run = await runCliInProcess(["assess", "--format", "json", "--out", tempDir("blendcheck-small-out-")]);
  expect(run.code, run.stderr).toBe(0);
  expect(collected.assessedBefore).toEqual([]);
});
