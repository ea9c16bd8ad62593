import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, shownOutput, tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

const KEYSTONE = ["--service", "keystone-api", "--service", "nova-api"];

describe("what reaches the terminal", () => {
  it("assess prints the fit counts and top blockers to stdout, and keeps 'wrote' lines on stderr", () => {
    const out = tempDir();
    const run = runCli(["assess", ...KEYSTONE, "--format", "json", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^placement\s+ready\s+mitig\.\s+work\s+not-fit\s+unknown$/m);
    expect(run.stdout).toMatch(/^k8s-scheduled\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+$/m);
    expect(run.stdout).toContain("Top blockers under k8s-scheduled");
    expect(run.stdout).toMatch(/\d+ of 2 services/);
    expect(run.stderr).toContain(`wrote ${shownOutput(join(out, "openstack.json"))}`);
  });

  it("gate prints the same summary to stdout and its verdict to stderr", async () => {
    const run = await runCliInProcess(["gate", "--service", "nova-api", "--out", tempDir()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^k8s-scheduled\s+\d+/m);
    expect(run.stderr).toContain("blendcheck gate: FAILED");
  });

  it("prints --format text and github to stdout instead of writing files", async () => {
    const out = tempDir();
    const text = await runCliInProcess(["assess", ...KEYSTONE, "--format", "text", "--out", out]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^keystone-api\s+k8s-scheduled\s/m);
    const github = await runCliInProcess(["assess", "--service", "nova-api", "--format", "github", "--out", out]);
    expect(github.code, github.stderr).toBe(0);
    expect(github.stdout).toMatch(/^::error /m);
    expect(readdirSync(out)).toEqual([]);
  });

  it("writes the one requested format to stdout with --out -, and nothing else there", async () => {
    const run = runCli(["assess", ...KEYSTONE, "--format", "json", "--out", "-"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).services.map((s: { name: string }) => s.name)).toEqual(["keystone-api", "nova-api"]);
    expect(run.stderr).not.toContain("wrote");
    const two = await runCliInProcess(["assess", "--format", "json,md", "--out", "-"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("--out - writes one format to stdout, got 2: json, md");
  });

  it("report prints github annotations to stdout", async () => {
    const out = tempDir();
    expect((await runCliInProcess(["assess", "--service", "nova-api", "--format", "json", "--out", out])).code).toBe(0);
    const run = await runCliInProcess(["report", join(out, "openstack.json"), "--format", "github"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^::error /m);
  });
});

describe("gate --fail-on", () => {
  it("overrides the default severity threshold in both directions", async () => {
    // keystone-api fails only high rules under k8s-scheduled; horizon only medium ones.
    expect((await runCliInProcess(["gate", "--service", "keystone-api", "--out", tempDir()])).code).toBe(1);
    expect((await runCliInProcess(["gate", "--service", "keystone-api", "--fail-on", "critical", "--out", tempDir()])).code).toBe(0);
    expect((await runCliInProcess(["gate", "--service", "horizon", "--out", tempDir()])).code).toBe(0);
    expect((await runCliInProcess(["gate", "--service", "horizon", "--fail-on", "medium", "--out", tempDir()])).code).toBe(1);
  });

  it("overrides the policy's failOn, and refuses an unknown severity", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".blendcheck.yaml"), "apiVersion: blendcheck/v1\nkind: Policy\nspec:\n  failOn: critical\n");
    expect((await runCliInProcess(["gate", "--service", "keystone-api"], { cwd: dir })).code).toBe(0);
    expect((await runCliInProcess(["gate", "--service", "keystone-api", "--fail-on", "high"], { cwd: dir })).code).toBe(1);
    const bad = await runCliInProcess(["gate", "--fail-on", "severe"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/fail-on/);
  });
});

describe("reading a JSON written by --out -", () => {
  it("round-trips through report", async () => {
    const dir = tempDir();
    const run = await runCliInProcess(["assess", "--service", "keystone-api", "--format", "json", "--out", "-"]);
    writeFileSync(join(dir, "a.json"), run.stdout);
    const again = await runCliInProcess(["report", join(dir, "a.json"), "--format", "text"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("keystone-api");
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe(run.stdout);
  });
});

describe("a reader that stops early", () => {
  it("ends the run quietly when stdout's pipe closes, with no stack trace", () => {
    const run = spawnSync(
      "sh",
      ["-c", `"${process.execPath}" "${join(ROOT, "dist", "cli.mjs")}" assess --format html --out - | head -c 10`],
      {
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    expect(run.stdout).toBe("<!doctype ");
    expect(run.stderr).not.toContain("EPIPE");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
