import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { applyWaivers } from "../src/gate/waivers.js";
import type { Assessment } from "../src/model/assessment.js";
import { parseAssessmentJson } from "./helpers/assessment-json.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** A Deployment with openstack-helm's keystone api labels; `privileged` adds a privileged container. */
function keystoneApi(name: string, privileged: boolean): string {
  const securityContext = privileged ? "          securityContext:\n            privileged: true\n" : "";
  const containerLines = `${securityContext}          readinessProbe: {httpGet: {path: /v3, port: 5000}}\n`;
  return keystoneDeployment({ name, namespace: "openstack", containerLines });
}

/** An ordinary Deployment no catalog service matches. */
function genericDeployment(name: string, extra = ""): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: main
          image: registry.example.com/${name}:1.4.2
${extra}`;
}

const PRIVILEGED_HOST_PATH = `          securityContext: {privileged: true}
      volumes:
        - name: data
          hostPath: {path: /var/lib/shop}
`;

/** A working directory holding `deploy/keystone.yaml` (a clean Deployment, then a privileged one) and an optional policy. */
function keystoneWorkspace(policy?: string): string {
  const dir = tempDir("blendcheck-workloads-");
  mkdirSync(join(dir, "deploy"));
  writeFileSync(
    join(dir, "deploy", "keystone.yaml"),
    `${keystoneApi("keystone-api", false)}---\n${keystoneApi("keystone-api-canary", true)}`,
  );
  if (policy !== undefined) writeFileSync(join(dir, ".blendcheck.yaml"), `apiVersion: blendcheck/v1\nkind: Policy\nspec:\n${policy}`);
  return dir;
}

/** The line of the second document's `kind:` in deploy/keystone.yaml. */
function canaryLine(dir: string): number {
  const lines = readFileSync(join(dir, "deploy", "keystone.yaml"), "utf8").split("\n");
  return lines.findIndex((l, i) => l === "kind: Deployment" && i > 2) + 1;
}

function readJson(file: string): Assessment {
  return parseAssessmentJson(readFileSync(file, "utf8"));
}

const EPOCH = { SOURCE_DATE_EPOCH: "1780272000" };
const PRIVILEGED = "deployment/privileged-only-when-needed";

describe("every workload of the user's files is a subject", () => {
  it("fails the gate on the second of two keystone Deployments, naming it at its file and line", async () => {
    const dir = keystoneWorkspace("  failOn: medium\n");
    const run = await runCliInProcess(["gate", "deploy", "--format", "json", "--out", "out"], { cwd: dir, env: EPOCH });
    expect(run.code, run.stderr).toBe(1);
    const line = canaryLine(dir);
    const canary = run.stderr.split("\n").find((l) => l.includes(`keystone-api-canary at deploy/keystone.yaml:${line}`));
    expect(canary, run.stderr).toContain(PRIVILEGED);
    const first = run.stderr.split("\n").find((l) => l.includes("Deployment openstack/keystone-api at"));
    expect(first ?? "").not.toContain(PRIVILEGED);

    const assessment = readJson(join(dir, "out", "blendcheck.json"));
    const privileged = assessment.findings.filter((f) => f.rule === PRIVILEGED && f.status === "fail");
    expect(privileged.map((f) => [f.workload?.name, f.workload?.file, f.workload?.line])).toEqual([
      ["keystone-api-canary", "deploy/keystone.yaml", line],
    ]);
    expect(assessment.services.map((s) => s.workload?.name)).toEqual(["keystone-api", "keystone-api-canary"]);
  });

  it("keeps one subject per service with --catalog-only", async () => {
    const dir = keystoneWorkspace();
    const run = await runCliInProcess(["assess", "deploy", "--catalog-only", "--format", "json", "--out", "out"], { cwd: dir, env: EPOCH });
    expect(run.code, run.stderr).toBe(0);
    const assessment = readJson(join(dir, "out", "blendcheck.json"));
    expect(assessment.services.map((s) => [s.name, s.workload])).toEqual([["keystone-api", undefined]]);
    expect(assessment.findings.every((f) => f.workload === undefined)).toBe(true);
  });

  it("assesses each Deployment outside the catalog as generic, with the checks that need only the manifest deciding", async () => {
    const dir = tempDir("blendcheck-generic-");
    mkdirSync(join(dir, "apps"));
    writeFileSync(join(dir, "apps", "web.yaml"), genericDeployment("shop-web", PRIVILEGED_HOST_PATH));
    writeFileSync(join(dir, "apps", "api.yaml"), genericDeployment("shop-api"));
    writeFileSync(join(dir, "apps", "worker.yaml"), genericDeployment("shop-worker"));
    const run = await runCliInProcess(["assess", "apps", "--format", "json,text", "--out", "out"], { cwd: dir, env: EPOCH });
    expect(run.code, run.stderr).toBe(0);
    const assessment = readJson(join(dir, "out", "blendcheck.json"));
    expect(assessment.services.map((s) => [s.name, s.project, s.workload?.file])).toEqual([
      ["shop-api", "generic", "apps/api.yaml"],
      ["shop-web", "generic", "apps/web.yaml"],
      ["shop-worker", "generic", "apps/worker.yaml"],
    ]);
    const decided = (name: string) =>
      assessment.findings
        .filter((f) => f.service === name && (f.status === "fail" || f.status === "pass"))
        .map((f) => `${f.rule} ${f.status}`)
        .sort();
    expect(decided("shop-web")).toEqual(
      expect.arrayContaining([`${PRIVILEGED} fail`, "deployment/host-path-for-state fail", "deployment/liveness-probe fail"]),
    );
    expect(decided("shop-api")).toContain("deployment/liveness-probe fail");
    expect(decided("shop-api")).not.toContain(`${PRIVILEGED} fail`);
    // Checks about what only a profile knows (the service's own twelve-factor fitness) do not apply to it.
    expect(assessment.findings.filter((f) => f.rule.startsWith("twelve-factor/"))).toEqual([]);
    expect(assessment.notApplicable).toBe("left-out");
    expect(assessment.unrecognized.map((u) => u.reason).every((r) => r.includes("assessed as generic"))).toBe(true);
    expect(run.stdout).toContain("apps/web.yaml:2: Deployment shop-web:");
    // A survival answer of yes stands on a rule of its dimension that applied there; else nothing is known.
    const rules = new Map(assessment.rules.map((r) => [r.id, r]));
    for (const service of assessment.services) {
      for (const dimension of ["ip-movement", "termination"] as const) {
        const { answer, placement } = service.survival[dimension];
        const applied = assessment.findings.filter(
          (f) => f.service === service.name && f.placement === placement && rules.get(f.rule)?.dimension === dimension,
        );
        expect(answer === "unknown" || applied.length > 0, `${service.name} ${dimension}: ${answer} under ${placement}`).toBe(true);
      }
    }

    // Scored again after a waiver, a generic workload still knows nothing of what no rule checks.
    const waived = applyWaivers(
      assessment,
      [
        {
          rule: "deployment/liveness-probe",
          service: "shop-api",
          reason: "probe added by the platform",
          owner: "ops",
          expires: "2999-01-01",
        },
      ],
      "2026-01-01",
    ).assessment.services.find((s) => s.name === "shop-api");
    expect(waived?.survival["ip-movement"]).toEqual(assessment.services.find((s) => s.name === "shop-api")?.survival["ip-movement"]);
    expect(waived?.survival["ip-movement"].answer).toBe("unknown");

    const gate = await runCliInProcess(["gate", "apps", "--format", "md", "--out", "gated"], { cwd: dir, env: EPOCH });
    expect(gate.stderr).toContain("unrecognized inputs (3):");
    expect(gate.stderr).toMatch(/apps\/web\.yaml:2: Deployment shop-web: .*assessed as generic/);
    expect(readFileSync(join(dir, "gated", "blendcheck.md"), "utf8")).toContain("| apps/web.yaml | 2 | Deployment | shop-web |");
  });

  it("assesses a db-sync Job only for the checks that concern a run-to-completion workload", async () => {
    const dir = tempDir("blendcheck-job-");
    mkdirSync(join(dir, "deploy"));
    writeFileSync(
      join(dir, "deploy", "job.yaml"),
      `apiVersion: batch/v1
kind: Job
metadata:
  name: keystone-db-sync
  labels: {application: keystone, component: db-sync}
spec:
  template:
    metadata:
      labels: {application: keystone, component: db-sync}
    spec:
      restartPolicy: OnFailure
      containers:
        - name: keystone-db-sync
          image: quay.io/airshipit/keystone:latest
          command: [keystone-manage, db_sync]
`,
    );
    const run = await runCliInProcess(["assess", "deploy", "--format", "json", "--out", "out"], { cwd: dir, env: EPOCH });
    expect(run.code, run.stderr).toBe(0);
    const assessment = readJson(join(dir, "out", "blendcheck.json"));
    expect(assessment.services.map((s) => s.workload?.kind)).toEqual(["Job"]);
    const rules = assessment.findings.map((f) => `${f.rule} ${f.status}`).sort();
    expect(rules).toContain("deployment/image-pinned fail");
    // Probes, preStop hooks and disruption budgets keep long-running pods available; a Job has none to keep.
    expect(rules.filter((r) => /probe|prestop|pdb|replicas/.test(r))).toEqual([]);
    expect(rules.filter((r) => !r.startsWith("deployment/"))).toEqual([]);
  });

  it("leaves not-applicable findings out unless --include-not-applicable, and says which", async () => {
    const dir = keystoneWorkspace();
    const run = await runCliInProcess(["assess", "deploy", "--include-not-applicable", "--format", "json", "--out", "out"], {
      cwd: dir,
      env: EPOCH,
    });
    expect(run.code, run.stderr).toBe(0);
    const assessment = readJson(join(dir, "out", "blendcheck.json"));
    expect(assessment.notApplicable).toBe("included");
    expect(assessment.findings.some((f) => f.status === "not-applicable")).toBe(true);
  });
});

describe("outputs point at the user's files only", () => {
  const FORMATS = "json,sarif,junit,github,md,text";

  /** Every file the run wrote, by name, and its standard output (the annotations). */
  function runIn(dir: string): Record<string, string> {
    const run = runCli(["gate", "deploy", "--format", FORMATS, "--out", "out"], { cwd: dir, env: EPOCH });
    expect(run.code, run.stderr).toBe(1);
    // The lines naming the files written say where the user asked them to go; the gate's summary must not.
    const summary = run.stderr
      .split("\n")
      .filter((l) => !l.startsWith("wrote "))
      .join("\n");
    const out: Record<string, string> = { stdout: run.stdout, stderr: summary };
    for (const name of readdirSync(join(dir, "out"))) out[name] = readFileSync(join(dir, "out", name), "utf8");
    return out;
  }

  it("writes no absolute path and nothing under the tool's install folder, and the same bytes from another directory", () => {
    const first = keystoneWorkspace("  failOn: medium\n");
    const second = tempDir("blendcheck-elsewhere-");
    cpSync(first, second, { recursive: true });
    const a = runIn(first);
    const b = runIn(second);
    for (const [name, text] of Object.entries(a)) {
      expect(text, name).not.toContain(ROOT);
      expect(text, name).not.toContain(first);
      expect(text, name).not.toContain("file:///");
      expect(text, name).not.toContain("fixtures/services");
      expect(text, name).not.toMatch(/(?:^|[\s"'=(])\/(?:tmp|home|work|usr|var\/folders)\//m);
    }
    for (const name of Object.keys(a).filter((n) => n !== "stderr")) expect(b[name], name).toBe(a[name]);
    const sarif = JSON.parse(a["blendcheck.sarif"] ?? "{}") as Log;
    const uris = (sarif.runs[0]?.results ?? []).flatMap((r) =>
      (r.locations ?? []).flatMap((l) => (l.physicalLocation ? [l.physicalLocation.artifactLocation] : [])),
    );
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).toEqual({ uri: "deploy/keystone.yaml", uriBaseId: "%SRCROOT%" });
  });
});

describe("every format written by gate agrees with the gate", () => {
  it("gives the same failing set in JSON, SARIF, JUnit and annotations, none outside the policy", async () => {
    const dir = keystoneWorkspace("  placements: [k8s-pinned, k8s-scheduled]\n  failOn: medium\n");
    const run = await runCliInProcess(["gate", "deploy", "--format", "json,sarif,junit,github", "--out", "out"], { cwd: dir, env: EPOCH });
    expect(run.code, run.stderr).toBe(1);
    const assessment = readJson(join(dir, "out", "blendcheck.json"));
    const key = (rule: string, placement: string) => `${rule} @ ${placement}`;

    const fromJson = assessment.findings
      .filter((f) => f.status === "fail" || f.status === "mitigated")
      .map((f) => key(f.rule, f.placement));
    const sarif = JSON.parse(readFileSync(join(dir, "out", "blendcheck.sarif"), "utf8")) as Log;
    const fromSarif = (sarif.runs[0]?.results ?? [])
      .filter((r) => r.level === "error" || r.level === "warning")
      .map((r) => key(r.ruleId ?? "", String(r.properties?.placement)));
    const junit = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(join(dir, "out", "blendcheck.junit.xml"), "utf8"));
    const suites = [junit.testsuites.testsuite].flat();
    const fromJunit = suites
      .flatMap((s) => [s.testcase ?? []].flat())
      .filter((c) => c.failure !== undefined)
      .map((c) => (c["@_name"] as string).replace(/ \[.*\]$/, ""));
    const fromAnnotations = run.stdout
      .split("\n")
      .filter((l) => l.startsWith("::error") || l.startsWith("::warning"))
      .map((l) =>
        (/title=([^ ]+) \([a-z]+\) @ ([a-z0-9-]+)/.exec(l.replaceAll("%2C", ",").replaceAll("%3A", ":")) ?? []).slice(1).join(" @ "),
      );
    const sorted = (list: string[]) => [...list].sort();
    expect(fromJson.length).toBeGreaterThan(0);
    expect(sorted(fromSarif)).toEqual(sorted(fromJson));
    expect(sorted(fromJunit)).toEqual(sorted(fromJson));
    // A finding that holds for both keystone workloads is annotated at each of them: compared as sets.
    const unique = (list: string[]) => [...new Set(list)].sort();
    expect(unique(fromAnnotations)).toEqual(unique(fromJson));
    const severities = new Map(assessment.rules.map((r) => [r.id, r.severity]));
    for (const entry of fromJson) {
      const [rule = "", placement = ""] = entry.split(" @ ");
      expect(["k8s-pinned", "k8s-scheduled"]).toContain(placement);
      expect(["critical", "high", "medium"]).toContain(severities.get(rule));
    }
  });
});
