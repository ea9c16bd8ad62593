import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import { HEAP_GROWTH_PERCENT } from "../src/cli/small-run.js";
import { tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";
import { keystoneDeployment } from "./helpers/manifests.js";

const YOUNG = "--no-allocation-site-pretenuring";
const MAIN_THREAD = "--no-parallel-scavenge";

/** The V8 flags each run set. */
const flags = vi.hoisted(() => [] as string[]);

vi.mock("node:v8", async (original) => {
  const actual = await original<typeof import("node:v8")>();
  return {
    ...actual,
    setFlagsFromString: (flag: string) => {
      flags.push(flag);
      actual.setFlagsFromString(flag);
    },
  };
});

it("bounds the heap's growth and keeps allocations young for a run over the user's files, and not for the built-in catalog's; both scavenge on the main thread", async () => {
  const dir = tempDir("blendcheck-heap-growth-");
  writeFileSync(join(dir, "keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
  const bound = `--heap-growing-percent=${HEAP_GROWTH_PERCENT}`;
  flags.length = 0;
  const files = await runCliInProcess(["assess", dir, "--format", "json", "--out", tempDir("blendcheck-heap-out-")]);
  expect(files.code, files.stderr).toBe(0);
  expect(flags).toContain(bound);
  expect(flags).toContain(YOUNG);
  expect(flags).toContain(MAIN_THREAD);
  flags.length = 0;
  const catalog = await runCliInProcess(["assess", "--format", "json", "--out", tempDir("blendcheck-heap-catalog-")]);
  expect(catalog.code, catalog.stderr).toBe(0);
  expect(flags).not.toContain(bound);
  expect(flags).not.toContain(YOUNG);
  expect(flags).toContain(MAIN_THREAD);
  expect(HEAP_GROWTH_PERCENT).toBeGreaterThan(0);
});
