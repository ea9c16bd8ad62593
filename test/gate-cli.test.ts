import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { Assessment } from "../src/model/assessment.js";
import { compileSarifSchema, SARIF_SCHEMA } from "./gate-sample.js";
import { tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

if (!existsSync(SARIF_SCHEMA)) {
  console.warn(
    `skipping the ajv check against the official SARIF schema: ${SARIF_SCHEMA} is absent (test/sarif-multitool.test.ts still validates SARIF)`,
  );
}

const RULE = "ip-movement/identity-from-hostname";
/** 2026-06-01, so waiver expiry does not depend on the day the tests run. */
const JUNE_2026 = { SOURCE_DATE_EPOCH: "1780272000" };

/** A service registered by hostname: it fails the hostname rule under k8s-scheduled and passes under POCI. */
function profile(name: string): string {
  return `apiVersion: blendcheck/v1
kind: ServiceProfile
metadata:
  name: ${name}
  project: demo
  description: A test service that registers itself by hostname.
spec:
  role: worker
  identity:
    source: hostname
    renameSafe: false
  evidence: []
`;
}

/** A working directory with `deploy/` holding the given services and an optional `.blendcheck.yaml`. */
function workspace(services: string[], policy?: string): string {
  const dir = tempDir("blendcheck-gate-");
  mkdirSync(join(dir, "deploy"));
  for (const name of services) writeFileSync(join(dir, "deploy", `${name}.yaml`), profile(name));
  if (policy !== undefined) writeFileSync(join(dir, ".blendcheck.yaml"), policy);
  return dir;
}

function policy(spec: string): string {
  return `apiVersion: blendcheck/v1\nkind: Policy\nspec:\n${spec}`;
}

const WAIVER = `  waivers:
    - rule: ${RULE}
      service: demo-*
      reason: pinned by a StatefulSet next release
      owner: team-compute
      expires: "2026-12-31"
`;

describe("blendcheck gate", () => {
  it("exits 1 with a summary naming the service, placement and rule when a high finding fails", async () => {
    const dir = workspace(["demo-worker"]);
    const run = await runCliInProcess(["gate", "deploy"], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("blendcheck gate: FAILED");
    expect(run.stderr).toContain(`demo-worker @ k8s-scheduled: ${RULE} (high) fails`);
    expect(run.stderr).toContain("top failing rules:");
  });

  it("exits 0 when the policy waives the failure, and shows it as waived in JSON, SARIF and JUnit", async () => {
    const dir = workspace(["demo-worker"], policy(WAIVER));
    const run = await runCliInProcess(["gate", "deploy", "--format", "json,sarif,junit", "--out", "reports"], { cwd: dir, env: JUNE_2026 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("blendcheck gate: passed");
    const json = JSON.parse(readFileSync(join(dir, "reports", "blendcheck.json"), "utf8")) as Assessment;
    const finding = json.findings.find((f) => f.rule === RULE && f.placement === "k8s-scheduled");
    expect(finding).toMatchObject({ status: "waived", waiver: { reason: "pinned by a StatefulSet next release", owner: "team-compute" } });
    const sarif = readFileSync(join(dir, "reports", "blendcheck.sarif"), "utf8");
    expect(sarif).toContain('"justification": "pinned by a StatefulSet next release (owner team-compute, expires 2026-12-31)"');
    const junit = readFileSync(join(dir, "reports", "blendcheck.junit.xml"), "utf8");
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toContain('<skipped message="waived: pinned by a StatefulSet next release (owner team-compute, expires 2026-12-31)"/>');
  });

  it("ignores every waiver with --no-waivers", async () => {
    const dir = workspace(["demo-worker"], policy(WAIVER));
    expect((await runCliInProcess(["gate", "deploy", "--no-waivers"], { cwd: dir, env: JUNE_2026 })).code).toBe(1);
  });

  it("exits 1 and says so when a waiver has expired", async () => {
    const dir = workspace(["demo-worker"], policy(WAIVER));
    const run = await runCliInProcess(["gate", "deploy"], { cwd: dir, env: { SOURCE_DATE_EPOCH: "1798761600" } });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("expired waivers (renew or remove them):");
    expect(run.stderr).toContain(
      `${RULE} for demo-* (owner team-compute, reason: pinned by a StatefulSet next release): expired 2026-12-31`,
    );
  });

  it("lists waivers that matched nothing with --audit-waivers", async () => {
    const unused = `${WAIVER}    - rule: termination/not-a-match
      service: nova-*
      reason: not ours
      owner: nobody
      expires: "2026-12-31"
`;
    const dir = workspace(["demo-worker"], policy(unused));
    const run = await runCliInProcess(["gate", "deploy", "--audit-waivers"], { cwd: dir, env: JUNE_2026 });
    expect(run.stderr).toContain("1 waiver(s) matched no finding");
    expect(run.stderr).toContain("termination/not-a-match for nova-* (owner nobody, reason: not ours)");
    expect(run.stderr).not.toContain(`${RULE} for demo-*`);
  });

  it("with a baseline hides the findings it already had but not new ones", async () => {
    const dir = workspace(["demo-worker"]);
    expect((await runCliInProcess(["assess", "deploy", "--format", "json", "--out", "old"], { cwd: dir })).code).toBe(0);
    expect((await runCliInProcess(["gate", "deploy", "--baseline", "old/blendcheck.json"], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, "deploy", "demo-agent.yaml"), profile("demo-agent"));
    const run = await runCliInProcess(["gate", "deploy", "--baseline", "old/blendcheck.json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`demo-agent @ k8s-scheduled: ${RULE} (high) fails`);
    expect(run.stderr).not.toContain("demo-worker @");
    expect(run.stderr).toMatch(/\d+ already in the baseline/);
  });

  it("scores with the policy's scoring settings, in gate and in assess --policy", async () => {
    const dir = workspace(["demo-worker"], policy("  scoring:\n    weights: { critical: 10, high: 0, medium: 3, low: 1, info: 0 }\n"));
    const scoreOf = (file: string) => {
      const json = JSON.parse(readFileSync(join(dir, file), "utf8")) as Assessment;
      expect(json.scoring.weights.high).toBe(0);
      const service = json.services.find((s) => s.name === "demo-worker");
      return service?.results.find((r) => r.placement === "k8s-scheduled")?.scores["ip-movement"];
    };
    await runCliInProcess(["gate", "deploy", "--format", "json", "--out", "gate"], { cwd: dir });
    expect(
      (await runCliInProcess(["assess", "deploy", "--policy", ".blendcheck.yaml", "--format", "json", "--out", "assess"], { cwd: dir }))
        .code,
    ).toBe(0);
    // With high weighing nothing, the failing high rule no longer moves the ip-movement score.
    expect(scoreOf("gate/blendcheck.json")).not.toBe(0);
    expect(scoreOf("assess/blendcheck.json")).toBe(scoreOf("gate/blendcheck.json"));
  });

  it("exits 2 when nothing is assessed", async () => {
    const dir = tempDir("blendcheck-gate-");
    mkdirSync(join(dir, "deploy"));
    writeFileSync(join(dir, "deploy", "notes.txt"), "no services here\n");
    const run = await runCliInProcess(["gate", "deploy"], { cwd: dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("no service was assessed");
  });

  it("exits 2 with file:line:col for an invalid policy and for an unknown placement in it", async () => {
    const bad = workspace(["demo-worker"], policy("  failOn: severe\n"));
    const run = await runCliInProcess(["gate", "deploy"], { cwd: bad });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^\.blendcheck\.yaml:4:\d+ error .*spec\.failOn/m);
    const unknown = workspace(["demo-worker"], policy("  placements: [poci, nomad]\n"));
    const second = await runCliInProcess(["gate", "deploy"], { cwd: unknown });
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toMatch(/^\.blendcheck\.yaml:4:\d+ error unknown-placement spec\.placements\.1: expected one of .*got nomad/m);
  });

  it("exits 2 for a baseline that is not an assessment", async () => {
    const dir = workspace(["demo-worker"]);
    writeFileSync(join(dir, "old.json"), '{"hello": 1}');
    const run = await runCliInProcess(["gate", "deploy", "--baseline", "old.json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("old.json:1:1 error invalid-assessment");
  });

  it("refuses a 2.0.0 baseline, in gate and in diff, with the advice to re-run it", async () => {
    const dir = workspace(["demo-worker"]);
    expect((await runCliInProcess(["gate", "deploy", "--format", "json", "--out", "now"], { cwd: dir })).code).toBeLessThan(2);
    const current = JSON.parse(readFileSync(join(dir, "now", "blendcheck.json"), "utf8"));
    writeFileSync(join(dir, "v2.json"), JSON.stringify({ ...current, schemaVersion: "2.0.0" }));
    const advice =
      "v2.json:1:1 error old-schema-version: assessment schemaVersion 2.0.0 cannot be compared with 3.0.0; re-run the baseline";
    const gate = await runCliInProcess(["gate", "deploy", "--baseline", "v2.json"], { cwd: dir });
    expect(gate.code, gate.stderr).toBe(2);
    expect(gate.stderr).toContain(advice);
    const diff = await runCliInProcess(["diff", "v2.json", "now/blendcheck.json"], { cwd: dir });
    expect(diff.code, diff.stderr).toBe(2);
    expect(diff.stderr).toContain(advice);
  });

  it("prints GitHub annotations to stdout with --format github", async () => {
    const dir = workspace(["demo-worker"]);
    const run = await runCliInProcess(["gate", "deploy", "--format", "github"], { cwd: dir });
    expect(run.stdout).toContain(`::error file=deploy/demo-worker.yaml,line=10,col=`);
    expect(run.stdout).toContain(`title=${RULE} (high) @ k8s-scheduled::`);
  });

  it.skipIf(!existsSync(SARIF_SCHEMA))(`writes SARIF that passes the official schema (needs ${SARIF_SCHEMA})`, async () => {
    const dir = workspace(["demo-worker"]);
    await runCliInProcess(["gate", "deploy", "--format", "sarif", "--out", "reports"], { cwd: dir });
    const log = JSON.parse(readFileSync(join(dir, "reports", "blendcheck.sarif"), "utf8")) as unknown;
    const validate = compileSarifSchema();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(JSON.stringify(log)).toContain('"uri": "deploy/demo-worker.yaml"'.replace(": ", ":"));
  });
});

describe("blendcheck diff", () => {
  it("exits 0 without, and 1 with, --fail-on-regression when a finding is new; 2 for a bad file", async () => {
    const dir = workspace(["demo-worker"]);
    mkdirSync(join(dir, "empty"));
    writeFileSync(join(dir, "empty", "demo-worker.yaml"), profile("demo-worker").replace("source: hostname", "source: none"));
    expect((await runCliInProcess(["assess", "empty", "--format", "json", "--out", "old"], { cwd: dir })).code).toBe(0);
    expect((await runCliInProcess(["assess", "deploy", "--format", "json", "--out", "new"], { cwd: dir })).code).toBe(0);
    const text = await runCliInProcess(["diff", "old/blendcheck.json", "new/blendcheck.json"], { cwd: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`demo-worker @ k8s-scheduled: ${RULE} (high)`);
    expect(text.stdout).toContain("verdict: something got worse");
    expect((await runCliInProcess(["diff", "old/blendcheck.json", "new/blendcheck.json", "--fail-on-regression"], { cwd: dir })).code).toBe(
      1,
    );
    expect((await runCliInProcess(["diff", "new/blendcheck.json", "old/blendcheck.json", "--fail-on-regression"], { cwd: dir })).code).toBe(
      0,
    );
    const json = await runCliInProcess(["diff", "old/blendcheck.json", "new/blendcheck.json", "--format", "json"], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ regressed: true });
    const bad = await runCliInProcess(["diff", "old/blendcheck.json", "missing.json"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("missing.json");
  });
});
