import { unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import { loadInputs } from "../src/load/inputs.js";
import { tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** How often each file was read. The file named `gone.yaml` is deleted as soon as it has been read once. */
const reads = vi.hoisted(() => new Map<string, number>());

vi.mock("../src/load/files.js", async (original) => {
  const actual = await original<typeof import("../src/load/files.js")>();
  return {
    ...actual,
    readInputFile: (...args: Parameters<typeof actual.readInputFile>) => {
      const [absolute] = args;
      reads.set(absolute, (reads.get(absolute) ?? 0) + 1);
      const read = actual.readInputFile(...args);
      if (absolute.endsWith("gone.yaml") && read.ok) unlinkSync(absolute);
      return read;
    },
  };
});

it("reads each artifact again when it is extracted, and reports one gone by then as a problem of its own", () => {
  const dir = tempDir("blendcheck-gone-");
  writeFileSync(join(dir, "keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
  writeFileSync(join(dir, "gone.yaml"), keystoneDeployment({ name: "keystone-gone" }));
  reads.clear();
  const inputs = loadInputs({ paths: ["."], cwd: dir });

  expect(reads.get(join(dir, "keystone.yaml"))).toBe(2);
  expect(reads.get(join(dir, "gone.yaml"))).toBe(2);
  expect(inputs.problems).toEqual([expect.objectContaining({ file: "gone.yaml", severity: "error", code: "not-found" })]);
  expect(inputs.extracted.workloads.map((w) => w.workload.name)).toEqual(["keystone-api"]);
});
