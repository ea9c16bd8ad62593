import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import { loadInputs } from "../src/load/inputs.js";
import { tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/**
 * How often each file was read, as bytes or as text. The file named `gone.yaml` is deleted as soon
 * as it has been read once.
 */
const reads = vi.hoisted(() => new Map<string, number>());

vi.mock("../src/load/files.js", async (original) => {
  const actual = await original<typeof import("../src/load/files.js")>();
  const counted =
    <A extends [string, ...unknown[]], R extends { ok: boolean }>(read: (...args: A) => R) =>
    (...args: A): R => {
      const [absolute] = args;
      reads.set(absolute, (reads.get(absolute) ?? 0) + 1);
      const result = read(...args);
      if (absolute.endsWith("gone.yaml") && result.ok) unlinkSync(absolute);
      return result;
    };
  return { ...actual, readInputBytes: counted(actual.readInputBytes), readInputFile: counted(actual.readInputFile) };
});

it("reads each artifact again when a profile among them made its facts be read anew, and reports one gone by then as a problem of its own", () => {
  const dir = tempDir("blendcheck-gone-");
  const profile = readFileSync(join(import.meta.dirname, "../fixtures/services/keystone-api.yaml"), "utf8");
  writeFileSync(join(dir, "a-profile.yaml"), profile.replace("name: keystone-api", "name: keystone-edge"));
  writeFileSync(join(dir, "keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
  writeFileSync(join(dir, "gone.yaml"), keystoneDeployment({ name: "keystone-gone" }));
  reads.clear();
  const inputs = loadInputs({ paths: ["."], cwd: dir });

  expect(reads.get(join(dir, "keystone.yaml"))).toBe(2);
  expect(reads.get(join(dir, "gone.yaml"))).toBe(2);
  expect(inputs.problems).toEqual([expect.objectContaining({ file: "gone.yaml", severity: "error", code: "not-found" })]);
  expect(inputs.extracted.workloads.map((w) => w.workload.name)).toEqual(["keystone-api"]);
});

it("without a profile among them, reads each artifact once: one gone after it was read is assessed", () => {
  const dir = tempDir("blendcheck-gone-");
  writeFileSync(join(dir, "keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
  writeFileSync(join(dir, "gone.yaml"), keystoneDeployment({ name: "keystone-gone" }));
  reads.clear();
  const inputs = loadInputs({ paths: ["."], cwd: dir });

  expect(reads.get(join(dir, "keystone.yaml"))).toBe(1);
  expect(reads.get(join(dir, "gone.yaml"))).toBe(1);
  expect(inputs.problems).toEqual([]);
  expect(inputs.extracted.workloads.map((w) => w.workload.name).sort()).toEqual(["keystone-api", "keystone-gone"]);
});
