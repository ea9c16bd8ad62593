import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./helpers/cli.js";

const CLI = join(ROOT, "dist", "cli.mjs");
const HOOK = join(ROOT, "test", "helpers", "record-imports.mjs");

/** Runs the built CLI and returns its output and the packages it imported. */
function runRecording(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string; packages: string[] } {
  const log = join(tempDir("blendcheck-imports-"), "imports.log");
  const result = spawnSync(process.execPath, ["--import", HOOK, CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env, BLENDCHECK_IMPORT_LOG: log },
  });
  const packages = existsSync(log) ? [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))] : [];
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, packages };
}

describe("cold start", () => {
  it("answers --version before loading the argument parser or the engine", () => {
    const run = runRecording(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`);
    expect(run.packages).toEqual([]);
  });

  it("answers assess --help before loading the argument parser or the engine", () => {
    const run = runRecording(["assess", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--format");
    expect(run.packages).toEqual([]);
  });

  it("prints for --help, alone and after each command, the text yargs prints", () => {
    const commands = Object.keys(JSON.parse(readFileSync(join(ROOT, "dist", "help.json"), "utf8")) as Record<string, string>);
    expect(commands).toEqual(expect.arrayContaining(["", "assess", "gate", "report", "rules"]));
    for (const command of commands) {
      const args = command === "" ? ["--help"] : [command, "--help"];
      const recorded = runRecording(args);
      // A further global flag takes the parser's path: yargs prints the help itself.
      const parsed = runRecording([...args, "--debug"]);
      expect(parsed.packages, command).toContain("yargs");
      expect(recorded.packages, command).toEqual([]);
      expect(recorded.stdout, command).toBe(parsed.stdout);
      expect(recorded.code, command).toBe(parsed.code);
    }
  });

  it("leaves help in another language to yargs, which translates its headings", () => {
    const run = runRecording(["assess", "--help"], { LC_ALL: "de_DE.UTF-8" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Optionen:");
    expect(run.packages).toContain("yargs");
  });

  it("loads what a command uses when it runs (the recording sees packages)", () => {
    const run = runRecording(["schema", "placement"]);
    expect(run.code).toBe(0);
    expect(run.packages).toContain("zod");
    expect(run.packages).not.toContain("handlebars");
  });

  it("sets its V8 tiering flag without a word from V8 (an unknown flag is reported on stderr)", () => {
    const run = runRecording(["schema", "placement"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });
});
