import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it, vi } from "vitest";
import { loadInputs } from "../src/load/inputs.js";
import { tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** How often each file of `root` had its bytes read, and how often they were decoded to text, by file name. */
const counts = vi.hoisted(() => ({ root: "", bytes: new Map<string, number>(), texts: new Map<string, number>() }));

vi.mock("../src/load/files.js", async (original) => {
  const actual = await original<typeof import("../src/load/files.js")>();
  const add = (map: Map<string, number>, path: string) => {
    if (counts.root === "" || !path.startsWith(counts.root)) return;
    const name = path.slice(counts.root.length + 1);
    map.set(name, (map.get(name) ?? 0) + 1);
  };
  return {
    ...actual,
    readInputBytes: (...args: Parameters<typeof actual.readInputBytes>) => {
      add(counts.bytes, args[0]);
      return actual.readInputBytes(...args);
    },
    // `readInputFile` reads and decodes with the module's own functions: one call is one read of each.
    readInputFile: (...args: Parameters<typeof actual.readInputFile>) => {
      add(counts.bytes, args[0]);
      add(counts.texts, args[0]);
      return actual.readInputFile(...args);
    },
    // Decoding names a file as the run shows it, from its working directory (`root` here).
    decodeInput: (...args: Parameters<typeof actual.decodeInput>) => {
      add(counts.texts, resolve(counts.root, args[0]));
      return actual.decodeInput(...args);
    },
  };
});

it("decodes a file before its facts are read only when its bytes may hold blendcheck documents", () => {
  const dir = tempDir("blendcheck-first-pass-");
  writeFileSync(join(dir, "keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
  const policy = "apiVersion: blendcheck/v1\nkind: Policy\nspec:\n  failOn: critical\n";
  writeFileSync(join(dir, "policy.yaml"), policy);
  writeFileSync(join(dir, "wide-policy.yaml"), Buffer.from(`\ufeff${policy}`, "utf16le"));
  // UTF-16 does not hold `blendcheck/v1` as UTF-8 bytes: such a file is always decoded to be told.
  writeFileSync(join(dir, "wide.yaml"), Buffer.from(`\ufeff${keystoneDeployment({ name: "keystone-wide" })}`, "utf16le"));
  writeFileSync(join(dir, "notes.txt"), "apiVersion: blendcheck/v1\n");
  writeFileSync(join(dir, "binary.yaml"), Buffer.from([0x6b, 0x3a, 0x00, 0x0a]));
  counts.root = dir;
  counts.bytes.clear();
  counts.texts.clear();
  const inputs = loadInputs({ paths: ["."], cwd: dir });

  // A manifest is decoded once, when its facts are read; blendcheck's files are held from the first read.
  expect(Object.fromEntries(counts.texts)).toEqual({
    "keystone.yaml": 1,
    "policy.yaml": 1,
    "wide-policy.yaml": 1,
    "wide.yaml": 2,
    "notes.txt": 1,
    "binary.yaml": 1,
  });
  // A file not named as YAML or JSON is not even read before then.
  expect(counts.bytes.get("notes.txt")).toBe(1);
  expect(inputs.policies.map((p) => p.file).sort()).toEqual(["policy.yaml", "wide-policy.yaml"]);
  expect(inputs.extracted.workloads.map((w) => w.workload.name).sort()).toEqual(["keystone-api", "keystone-wide"]);
  expect(inputs.problems.map(({ file, code }) => ({ file, code }))).toEqual([{ file: "binary.yaml", code: "binary-file" }]);
});
