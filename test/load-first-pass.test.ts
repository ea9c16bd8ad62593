import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it, vi } from "vitest";
import type { ServiceIndex } from "../src/extract/index.js";
import type { InputFile } from "../src/load/files.js";
import { loadInputs } from "../src/load/inputs.js";
import { tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** How often each file of `root` had its bytes read, was decoded to text and was given to an extraction, by file name. */
const counts = vi.hoisted(() => ({
  root: "",
  bytes: new Map<string, number>(),
  texts: new Map<string, number>(),
  extracted: new Map<string, number>(),
}));

vi.mock("../src/extract/index.js", async (original) => {
  const actual = await original<typeof import("../src/extract/index.js")>();
  return {
    ...actual,
    extractArtifacts: (files: Iterable<InputFile>, services: ServiceIndex) =>
      actual.extractArtifacts(
        (function* () {
          for (const input of files) {
            counts.extracted.set(input.file, (counts.extracted.get(input.file) ?? 0) + 1);
            yield input;
          }
        })(),
        services,
      ),
  };
});

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

it("reads each file once, and decodes one to tell whether it is blendcheck's only when its bytes may hold its documents", () => {
  const dir = tempDir("blendcheck-first-pass-");
  writeFileSync(join(dir, "keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
  const policy = "apiVersion: blendcheck/v1\nkind: Policy\nspec:\n  failOn: critical\n";
  writeFileSync(join(dir, "policy.yaml"), policy);
  writeFileSync(join(dir, "wide-policy.yaml"), Buffer.from(`\ufeff${policy}`, "utf16le"));
  // UTF-16 does not hold `blendcheck/v1` as UTF-8 bytes: such a file is always decoded to be told.
  writeFileSync(join(dir, "wide.yaml"), Buffer.from(`\ufeff${keystoneDeployment({ name: "keystone-wide" })}`, "utf16le"));
  writeFileSync(join(dir, "notes.txt"), "apiVersion: blendcheck/v1\n");
  writeFileSync(join(dir, "binary.yaml"), Buffer.from([0x6b, 0x3a, 0x00, 0x0a]));
  startCounting(dir);
  const inputs = loadInputs({ paths: ["."], cwd: dir });

  // Without a profile among them, each file is read and decoded once: its facts are read as it is.
  expect(Object.fromEntries(counts.texts)).toEqual({
    "keystone.yaml": 1,
    "policy.yaml": 1,
    "wide-policy.yaml": 1,
    "wide.yaml": 1,
    "notes.txt": 1,
    "binary.yaml": 1,
  });
  expect(Object.fromEntries(counts.bytes)).toEqual(Object.fromEntries(counts.texts));
  expect(Object.fromEntries(counts.extracted)).toEqual({ "keystone.yaml": 1, "wide.yaml": 1, "notes.txt": 1 });
  expect(inputs.policies.map((p) => p.file).sort()).toEqual(["policy.yaml", "wide-policy.yaml"]);
  expect(inputs.extracted.workloads.map((w) => w.workload.name).sort()).toEqual(["keystone-api", "keystone-wide"]);
  expect(inputs.problems.map(({ file, code }) => ({ file, code }))).toEqual([{ file: "binary.yaml", code: "binary-file" }]);
});

// A library may change what a profile says of its service, as a profile may add one.
it.each([
  ["profile", "services/keystone-api.yaml", "name: keystone-api", "name: keystone-edge"],
  ["library", "libraries/uwsgi.yaml", "name: uwsgi", "name: uwsgi-edge"],
])("reads the files again for their facts once a %s among them may change the services they are read for", (_, fixture, name, renamed) => {
  const dir = tempDir("blendcheck-first-pass-");
  const text = readFileSync(join(import.meta.dirname, "../fixtures", fixture), "utf8");
  writeFileSync(join(dir, "a-profile.yaml"), text.replace(name, renamed));
  writeFileSync(join(dir, "keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
  writeFileSync(join(dir, "notes.txt"), "apiVersion: blendcheck/v1\n");
  startCounting(dir);
  const inputs = loadInputs({ paths: ["."], cwd: dir });

  // The profile sorts first: nothing was extracted before it, so each file is extracted once, from its second read.
  expect(Object.fromEntries(counts.extracted)).toEqual({ "keystone.yaml": 1, "notes.txt": 1 });
  expect(Object.fromEntries(counts.texts)).toEqual({ "a-profile.yaml": 1, "keystone.yaml": 1, "notes.txt": 1 });
  expect(Object.fromEntries(counts.bytes)).toEqual({ "a-profile.yaml": 1, "keystone.yaml": 2, "notes.txt": 1 });
  expect([...inputs.profiles, ...inputs.libraries].map((p) => p.value.metadata.name)).toContain(renamed.slice("name: ".length));
});

function startCounting(dir: string): void {
  counts.root = dir;
  for (const map of [counts.bytes, counts.texts, counts.extracted]) map.clear();
}
