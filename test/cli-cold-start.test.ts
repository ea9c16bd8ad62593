import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./helpers/cli.js";
import { readImports } from "./helpers/imports.js";

const CLI = join(ROOT, "dist", "cli.mjs");
const HOOK = join(ROOT, "test", "helpers", "record-imports.mjs");
const SEGMENTERS = join(ROOT, "test", "helpers", "count-segmenters.mjs");

/** Runs the built CLI and returns its exit code and how many text segmenters it built. */
function countSegmenters(args: string[]): { code: number; built: number } {
  const log = join(tempDir("blendcheck-segmenters-"), "segmenters.log");
  const result = spawnSync(process.execPath, ["--import", SEGMENTERS, CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, BLENDCHECK_SEGMENTER_LOG: log },
  });
  return { code: result.status ?? -1, built: Number(readFileSync(log, "utf8")) };
}

/** Runs the built CLI and returns its output and the packages it loaded, from node_modules or from its bundles. */
function runRecording(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string; packages: string[] } {
  const log = join(tempDir("blendcheck-imports-"), "imports.log");
  const result = spawnSync(process.execPath, ["--import", HOOK, CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env, BLENDCHECK_IMPORT_LOG: log },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, packages: readImports(log).packages };
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

  it("parses a command's arguments without loading Node's assert, which yargs' checks load only to report a failure", () => {
    const log = join(tempDir("blendcheck-builtins-"), "builtins.log");
    const hook = `import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(${JSON.stringify(log)}, process.moduleLoadList.join("\\n")));`;
    const result = spawnSync(
      process.execPath,
      ["--import", `data:text/javascript,${encodeURIComponent(hook)}`, CLI, "rules", "list", "--format", "json"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(0);
    const builtins = readFileSync(log, "utf8").split("\n");
    // yargs ran: its shim's own imports were loaded.
    expect(builtins).toContain("NativeModule util");
    expect(builtins).not.toContain("NativeModule assert");
  });

  it("loads what a command uses when it runs (the recording sees packages)", () => {
    const run = runRecording(["schema", "placement"]);
    expect(run.code).toBe(0);
    expect(run.packages).toContain("zod");
    expect(run.packages).not.toContain("handlebars");
  });

  it("assesses the built-in catalog without loading the schemas, which the build already checked it against", () => {
    const out = tempDir("blendcheck-catalog-");
    const run = runRecording(["assess", "--format", "json,md", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "openstack.json"), "utf8")).services.length).toBeGreaterThan(40);
    expect(run.packages).toContain("@marcbachmann/cel-js");
    expect(run.packages).not.toContain("zod");
  });

  it("loads the schemas to validate what the build did not check: a user's documents, a policy", () => {
    const dir = tempDir("blendcheck-user-");
    writeFileSync(
      join(dir, "policy.yaml"),
      "apiVersion: blendcheck/v1\nkind: Policy\nmetadata:\n  name: strict\nspec:\n  scoring:\n    weights:\n      critical: -1\n",
    );
    const policy = runRecording(["assess", "--policy", join(dir, "policy.yaml"), "--format", "json", "--out", dir]);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toMatch(/policy\.yaml:8:\d+ error .*spec\.scoring\.weights\.critical/);
    expect(policy.packages).toContain("zod");
    const profile = runRecording(["assess", join(ROOT, "fixtures", "services", "nova-api.yaml"), "--format", "json", "--out", dir]);
    expect(profile.code, profile.stderr).toBe(0);
    expect(profile.packages).toContain("zod");
  });

  it("loads RE2 when a condition calls matches(), and only then", () => {
    const dir = tempDir("blendcheck-matches-");
    mkdirSync(join(dir, "custom"));
    writeFileSync(
      join(dir, "custom", "nova-named.yaml"),
      [
        "apiVersion: blendcheck/v1",
        "kind: Rule",
        "id: custom/nova-named",
        "title: Named as a nova service",
        "dimension: twelve-factor",
        "factor: I",
        "severity: low",
        "trigger: restart",
        "when: has(service.name)",
        "fails: \"!service.name.matches('^nova-[a-z]+$')\"",
        'message: "{{service.name}} is not named as a nova service"',
        "rationale: A rule for the test.",
        "remediation: None.",
        "effort: 1",
        "references: [{ title: RE2 syntax, url: 'https://github.com/google/re2/wiki/Syntax' }]",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "custom", "nova-named.test.yaml"),
      [
        "apiVersion: blendcheck/v1",
        "kind: RuleTest",
        "rule: custom/nova-named",
        "cases:",
        "  - { name: nova passes, placement: poci, service: { name: nova-api }, expect: pass }",
        "  - { name: keystone fails, placement: poci, service: { name: keystone-api }, expect: fail }",
        "",
      ].join("\n"),
    );
    const run = runRecording(["rules", "test", dir]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^1 rule\(s\), 2 case\(s\) passed, 0 failed/);
    expect(run.code).toBe(0);
    const catalog = runRecording(["assess", "--format", "json", "--out", tempDir("blendcheck-catalog-")]);
    expect(catalog.code).toBe(0);
    expect(catalog.packages).not.toContain("re2js");
  });

  it("measures text for help layout only when yargs lays out help", () => {
    const catalog = countSegmenters(["assess", "--format", "json", "--out", tempDir("blendcheck-catalog-")]);
    expect(catalog).toEqual({ code: 0, built: 0 });
    // A further global flag takes the parser's path: yargs lays out the help itself.
    const help = countSegmenters(["assess", "--help", "--debug"]);
    expect(help.code).toBe(0);
    expect(help.built).toBeGreaterThan(0);
  });

  it("sets its V8 tiering flag without a word from V8 (an unknown flag is reported on stderr)", () => {
    const run = runRecording(["schema", "placement"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });
});
