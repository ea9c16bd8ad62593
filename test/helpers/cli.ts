import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { shortPathOf } from "../../src/cli/write-report.js";
import { displayPath } from "../../src/load/files.js";

/** The repository root, where package.json and dist/ live. */
export const ROOT = resolve(import.meta.dirname, "..", "..");

/** Runs the built CLI and returns its exit code and output. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, "dist", "cli.mjs"), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary directory. */
export function tempDir(prefix = "blendcheck-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** How the CLI names an input file in its messages when run from `cwd`: relative to it unless that climbs to the root. */
export function shownPath(file: string, cwd = ROOT): string {
  return displayPath(file, cwd);
}

/** How the CLI names a file it wrote in a "wrote" line when run from `cwd`: the shorter of the two names. */
export function shownOutput(file: string, cwd = ROOT): string {
  return shortPathOf(file, cwd);
}
