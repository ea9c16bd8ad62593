import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** A keystone Deployment on the pod network, recognised by openstack-helm's labels. */
const KEYSTONE_DEPLOYMENT = keystoneDeployment({ name: "keystone-api", replicas: null, image: "docker.io/openstackhelm/keystone:2024.1" });

/** Runs the built CLI with `input` on its standard input. */
function runWithStdin(args: string[], input: string, cwd: string) {
  const result = spawnSync(process.execPath, [join(ROOT, "dist", "cli.mjs"), ...args], {
    cwd,
    input,
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe("names given on the command line are checked against what exists", () => {
  it("an unknown --placement exits 2 with a suggestion, in assess and gate", async () => {
    for (const command of ["assess", "gate"]) {
      const run = await runCliInProcess([command, "--placement", "k8s", "--out", tempDir()]);
      expect(run.code, `${command}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain("expected --placement among");
      expect(run.stderr).toMatch(/did you mean k8s-(scheduled|pinned)/);
    }
  });

  it("an unknown --format exits 2 with a suggestion", async () => {
    const run = await runCliInProcess(["assess", "--format", "jsn", "--out", tempDir()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("did you mean json?");
  });

  it("a --service glob that matches no service exits 2 with a suggestion", async () => {
    const run = await runCliInProcess(["assess", "--service", "keystone-apu", "--out", tempDir()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expected --service to match a service, got keystone-apu; did you mean keystone-api?");
    expect((await runCliInProcess(["assess", "--service", "nova-*", "--format", "json", "--out", tempDir()])).code).toBe(0);
  });

  it("a policy placement that does not exist is reported at its line with a suggestion", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".blendcheck.yaml"), "apiVersion: blendcheck/v1\nkind: Policy\nspec:\n  placements: [k8s-schedulled]\n");
    const run = await runCliInProcess(["gate"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.blendcheck\.yaml:4:\d+ error unknown-placement .*got k8s-schedulled; did you mean k8s-scheduled\?/);
  });
});

describe("blendcheck placements list", () => {
  it("lists every placement with its title", () => {
    const run = runCli(["placements", "list"]);
    expect(run.code, run.stderr).toBe(0);
    for (const name of ["poci", "k8s-pinned", "k8s-scheduled", "swarm", "marathon"])
      expect(run.stdout).toMatch(new RegExp(`^${name}\\s+\\S`, "m"));
  });
});

describe("standard input", () => {
  it("reads `-` as a multi-document stream named <stdin> in locations", () => {
    const dir = tempDir();
    const stream = `${KEYSTONE_DEPLOYMENT}---\n${KEYSTONE_DEPLOYMENT.replace("name: keystone-api\n  labels", "name: keystone-api-2\n  labels")}`;
    const run = runWithStdin(["assess", "-", "--format", "json", "--out", dir], stream, dir);
    expect(run.code, run.stderr).toBe(0);
    const assessment = JSON.parse(readFileSync(join(dir, "blendcheck.json"), "utf8"));
    expect(assessment.inputs).toEqual(["-"]);
    expect(assessment.services.map((s: { name: string }) => s.name)).toContain("keystone-api");
    // The JSON leaves out a finding's locations when there are none.
    const files = new Set(assessment.findings.flatMap((f: { locations?: { file: string }[] }) => (f.locations ?? []).map((l) => l.file)));
    // The rest are the built-in catalog's own files, given as absolute paths.
    expect([...files].filter((f) => !String(f).startsWith("/"))).toEqual(["<stdin>"]);
  });

  it("reads a stream larger than a pipe holds, from a parent that writes it as the reader goes", () => {
    const dir = tempDir();
    // 2 MB of comment before the Deployment: the pipe fills many times over while the CLI reads it.
    const stream = `${`# ${"x".repeat(97)}\n`.repeat(20_000)}${KEYSTONE_DEPLOYMENT}`;
    const run = runWithStdin(["assess", "-", "--format", "json", "--out", "-"], stream, dir);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).services.map((s: { name: string }) => s.name)).toEqual(["keystone-api"]);
  });

  it("gate - assesses the stream, not the catalog", () => {
    const dir = tempDir();
    const run = runWithStdin(["gate", "-", "--format", "json", "--out", dir], KEYSTONE_DEPLOYMENT, dir);
    expect([0, 1]).toContain(run.code);
    const assessment = JSON.parse(readFileSync(join(dir, "blendcheck.json"), "utf8"));
    expect(assessment.services.map((s: { name: string }) => s.name)).toEqual(["keystone-api"]);
  });
});

describe("assess on paths that describe nothing", () => {
  it("exits 2 with 'nothing assessed' and the reasons instead of reporting the catalog", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "deploy"));
    writeFileSync(
      join(dir, "deploy", "web.yaml"),
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop-frontend\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n",
    );
    // Without --catalog-only the Deployment is assessed as generic; with it, nothing the catalog knows is left.
    const run = await runCliInProcess(["assess", "deploy", "--catalog-only", "--out", join(dir, "out")], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nothing assessed");
    expect(run.stderr).toMatch(/^deploy\/web\.yaml:\d+ Deployment shop-frontend: /m);
  });
});
