import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
// @ts-expect-error: the benchmark is plain JavaScript without types
import { generateEstate } from "../bench/generate.mjs";
import { ROOT, tempDir } from "./helpers/cli.js";

const HOOK = join(ROOT, "test", "helpers", "report-heap.mjs");

it("keeps the young generation small on the built-in catalog's job, whose data would grow it to 32 MiB", () => {
  const dir = tempDir("blendcheck-heap-");
  const log = join(dir, "heap.json");
  const run = spawnSync(
    process.execPath,
    ["--import", HOOK, join(ROOT, "dist", "cli.mjs"), "assess", "--format", "html,md,json", "--out", dir],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, BLENDCHECK_HEAP_LOG: log },
    },
  );
  expect(run.status, run.stderr).toBe(0);
  // V8 names a flag it does not know on stderr; the run's own lines are all it should print there.
  const lines = run.stderr.split("\n").filter(Boolean);
  expect(lines.map((line) => /^wrote \S+\/openstack\.(html|md|json)$/.exec(line)?.[1])).toEqual(["html", "md", "json"]);
  const sizes = JSON.parse(readFileSync(log, "utf8")) as Record<string, number>;
  // A quarter of what it grows to otherwise: about the size it reaches while the modules load.
  expect(sizes.new_space).toBeLessThanOrEqual(8 * 1024 * 1024);
});

/** The functions V8 reports it finished optimizing (`--trace-opt`) while the CLI runs `args`. */
function optimizedDuring(args: string[]): string[] {
  const run = spawnSync(process.execPath, ["--trace-opt", join(ROOT, "dist", "cli.mjs"), ...args], { cwd: ROOT, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout
    .split("\n")
    .filter((line) => line.startsWith("[completed optimizing"))
    .map((line) => /<JSFunction (\S+?)[ >]/.exec(line)?.[1] ?? "");
}

it("optimizes none of the engine on the built-in catalog's job, while a small run over the user's files is optimized", () => {
  // The engine's fact keys are optimized on the catalog's job with V8's defaults. The settings apply
  // before the catalog is read, but what starting up made hot (Node's own path functions) may be optimized already.
  expect(optimizedDuring(["assess", "--format", "json", "--out", tempDir("blendcheck-opt-")])).not.toContain("keyOfPaths");
  const estate = tempDir("blendcheck-opt-estate-");
  // 100 workloads make a small run (144 subjects), known to be small only once its files are read.
  generateEstate(estate, 100);
  expect(optimizedDuring(["assess", estate, "--format", "json", "--out", tempDir("blendcheck-opt-")])).toContain("keyOfPaths");
});
