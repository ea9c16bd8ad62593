import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./helpers/cli.js";

const CLI = join(ROOT, "dist", "cli.mjs");
const HOOK = join(ROOT, "test", "helpers", "record-imports.mjs");
const ENGINE_PACKAGES = ["handlebars", "zod", "js-yaml", "@marcbachmann/cel-js", "picomatch"];

/** Runs the built CLI and returns its output and the packages it imported. */
function runRecording(args: string[]): { code: number; stdout: string; packages: string[] } {
  const log = join(tempDir("blendcheck-imports-"), "imports.log");
  const result = spawnSync(process.execPath, ["--import", HOOK, CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, BLENDCHECK_IMPORT_LOG: log },
  });
  const packages = existsSync(log) ? [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))] : [];
  return { code: result.status ?? -1, stdout: result.stdout, packages };
}

describe("cold start", () => {
  it("answers --version before loading the argument parser or the engine", () => {
    const run = runRecording(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`);
    expect(run.packages).toEqual([]);
  });

  it("answers assess --help with the argument parser alone", () => {
    const run = runRecording(["assess", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--format");
    expect(run.packages).toContain("yargs");
    expect(run.packages.filter((p) => ENGINE_PACKAGES.some((e) => p === e || p.startsWith(`${e}/`)))).toEqual([]);
  });

  it("loads what a command uses when it runs (the recording sees packages)", () => {
    const run = runRecording(["schema", "placement"]);
    expect(run.code).toBe(0);
    expect(run.packages).toContain("zod");
    expect(run.packages).not.toContain("handlebars");
  });
});
