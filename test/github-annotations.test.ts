import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Severity } from "../src/model/common.js";
import { ANNOTATION_LIMIT, renderGithub } from "../src/report/github.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";
import { parseAssessmentJson } from "./helpers/assessment-json.js";
import { runCli, tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

const SIGTERM = "termination/sigterm-stops-not-reloads";

function failing(count: number, severity: Severity, prefix: string) {
  return Array.from({ length: count }, (_, i) =>
    sampleFinding({ severity, rule: `ip-movement/${prefix}-${String(i).padStart(2, "0")}`, message: `${prefix} ${i}` }),
  );
}

const kinds = (output: string) =>
  output
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.slice(2, l.indexOf(" ") < 0 ? undefined : l.indexOf(" ")));

describe("GitHub annotations", () => {
  it("stay within GitHub's 10 per kind, most severe first, then one notice on how many more and where", () => {
    const findings = [
      ...failing(14, "high", "high"),
      ...failing(6, "critical", "crit"),
      ...failing(12, "medium", "med"),
      ...failing(11, "info", "info"),
    ];
    const output = renderGithub(sampleAssessment(findings));
    const lines = output.trim().split("\n");
    const errors = lines.filter((l) => l.startsWith("::error "));
    expect(ANNOTATION_LIMIT).toBe(10);
    expect(errors).toHaveLength(10);
    expect(errors.slice(0, 6).every((l) => l.includes("(critical)"))).toBe(true);
    expect(lines.filter((l) => l.startsWith("::warning "))).toHaveLength(10);
    const notices = lines.filter((l) => l.startsWith("::notice"));
    expect(notices).toHaveLength(10);
    const last = lines.at(-1) ?? "";
    // 10 high, 2 medium and 2 info findings are left out (one notice slot is the summary's).
    expect(last).toMatch(/^::notice title=.*::14 more failing finding\(s\) are not annotated/);
    expect(last).toContain("Markdown");
    expect(last).toContain("SARIF");
    expect(kinds(output).filter((k) => k === "notice")).toHaveLength(10);
  });

  it("adds no summary notice when everything fits", () => {
    const output = renderGithub(sampleAssessment(failing(3, "high", "high")));
    expect(output.trim().split("\n")).toHaveLength(3);
    expect(output).not.toContain("more failing");
  });
});

/** A keystone api Deployment in the `openstack` namespace. */
function keystoneApi(name: string): string {
  return keystoneDeployment({ name, namespace: "openstack" });
}

describe("GitHub annotations of findings from catalog knowledge", () => {
  it("land on the line of each workload they concern", () => {
    const dir = tempDir("blendcheck-annotations-");
    mkdirSync(join(dir, "deploy"));
    const text = `${keystoneApi("keystone-api")}---\n${keystoneApi("keystone-api-canary")}`;
    writeFileSync(join(dir, "deploy", "keystone.yaml"), text);
    const kindLines = text
      .split("\n")
      .map((l, i) => (l === "kind: Deployment" ? i + 1 : 0))
      .filter((n) => n > 0);
    expect(kindLines).toHaveLength(2);

    const run = runCli(["assess", "deploy", "--placement", "k8s-scheduled", "--format", "github"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const json = runCli(["assess", "deploy", "--placement", "k8s-scheduled", "--format", "json", "--out", "-"], { cwd: dir });
    const assessment = parseAssessmentJson(json.stdout);
    // Keystone reloads on SIGTERM: the catalog knows it, the manifest does not say it, so the finding names no workload.
    // A mitigated finding still fails in the files as they are, so it is annotated too.
    const shared = assessment.findings.find((f) => f.rule === SIGTERM && (f.status === "fail" || f.status === "mitigated"));
    expect(shared?.workload).toBeUndefined();
    expect(shared?.locations).toEqual([]);

    const lines = run.stdout.split("\n").filter((l) => l.includes(`title=${SIGTERM} `));
    expect(lines.map((l) => /file=([^,]*),line=(\d+)/.exec(l)?.slice(1).join(":"))).toEqual(
      kindLines.map((line) => `deploy/keystone.yaml:${line}`),
    );
  });
});

describe("renderGithub at scale", () => {
  it("renders 40,000 failing findings in time linear in their number", () => {
    const findings = [...failing(20_000, "high", "high"), ...failing(20_000, "medium", "med")];
    const assessment = sampleAssessment(findings);
    const started = performance.now();
    const output = renderGithub(assessment);
    const elapsed = performance.now() - started;
    expect(output.split("\n").filter((l) => l.startsWith("::error "))).toHaveLength(ANNOTATION_LIMIT);
    // Measured on a shared 2-core machine: about 0.4 s in linear time, 17 s when a list was copied per finding (quadratic).
    expect(elapsed).toBeLessThan(3000);
  });
});
