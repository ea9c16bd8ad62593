import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { loadInputs } from "../src/load/inputs.js";
import { type Assessment, assessmentSchema } from "../src/model/assessment.js";
import { renderHtml, renderMarkdown } from "../src/report/render.js";
import { renderText } from "../src/report/text.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";
import { tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** A keystone api Deployment; odd ones run privileged so that workloads differ. */
function keystone(index: number): string {
  return keystoneDeployment({ name: `keystone-api-${index}`, privileged: index % 2 === 1 });
}

/** Assesses one file holding `count` keystone Deployments. */
function assessKeystones(count: number): { assessment: Assessment; dir: string } {
  const dir = tempDir("blendcheck-scale-");
  mkdirSync(join(dir, "deploy"));
  const docs = Array.from({ length: count }, (_, i) => keystone(i));
  writeFileSync(join(dir, "deploy", "keystone.yaml"), docs.join("---\n"));
  const inputs = loadInputs({ paths: ["deploy"], cwd: dir });
  return { assessment: assess(inputs, { tool: { name: "blendcheck", version: "test" }, baseDir: dir }), dir };
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe("the assessment JSON at scale", () => {
  const { assessment } = assessKeystones(60);
  const json = JSON.stringify(assessment);
  const keystoneServices = assessment.services.filter((s) => s.name === "keystone-api");

  it("assesses every workload as its own subject", () => {
    expect(keystoneServices).toHaveLength(60);
  });

  it("holds each of the profile's evidence items once, however many workloads", () => {
    const evidence = assessment.profiles["keystone-api"]?.evidence ?? [];
    expect(evidence.length).toBeGreaterThan(0);
    for (const item of evidence) expect(occurrences(json, JSON.stringify(item.claim))).toBe(1);
  });

  it("keeps in each workload's facts only what differs from the profile", () => {
    const profileFacts = assessment.profiles["keystone-api"]?.facts ?? {};
    expect(Object.keys(profileFacts).length).toBeGreaterThan(5);
    for (const service of keystoneServices) {
      expect(service.facts.deployment).toBeDefined();
      for (const key of Object.keys(service.facts))
        expect(JSON.stringify(service.facts[key]), key).not.toBe(JSON.stringify(profileFacts[key]));
    }
  });

  it("holds the facts of workloads that read alike once: the same chart in two regions", () => {
    const dir = tempDir("blendcheck-regions-");
    for (const region of ["region-a", "region-b"]) {
      mkdirSync(join(dir, region));
      writeFileSync(join(dir, region, "keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
    }
    const inputs = loadInputs({ paths: ["region-a", "region-b"], cwd: dir });
    const { services } = assess(inputs, { tool: { name: "blendcheck", version: "test" }, baseDir: dir });
    const [a, b] = services.filter((s) => s.name === "keystone-api");
    expect([a?.workload?.file, b?.workload?.file]).toEqual(["region-a/keystone.yaml", "region-b/keystone.yaml"]);
    expect(b?.facts).toBe(a?.facts);
    expect(Object.isFrozen(a?.facts)).toBe(true);
  });

  it("lists a finding once for the service only if every workload reports it: a Job the rule does not apply to keeps it per workload", () => {
    const dir = tempDir("blendcheck-job-");
    for (const region of ["region-a", "region-b"]) {
      mkdirSync(join(dir, region));
      writeFileSync(join(dir, region, "keystone.yaml"), keystoneDeployment({ name: "keystone-api" }));
    }
    writeFileSync(
      join(dir, "region-a", "db-sync.yaml"),
      `apiVersion: batch/v1
kind: Job
metadata: {name: keystone-db-sync, labels: {application: keystone, component: api}}
spec:
  template:
    metadata: {labels: {application: keystone, component: api}}
    spec:
      restartPolicy: OnFailure
      containers: [{name: keystone-db-sync, image: "quay.io/airshipit/keystone:2024.1", command: ["/tmp/db-sync.sh"]}]
`,
    );
    const run = (includeNotApplicable: boolean) =>
      assess(loadInputs({ paths: ["region-a", "region-b"], cwd: dir }), {
        tool: { name: "blendcheck", version: "test" },
        baseDir: dir,
        includeNotApplicable,
      });
    const keptOnce = (assessment: Assessment) =>
      assessment.findings.filter((f) => f.service === "keystone-api" && !f.workload).map((f) => `${f.placement} ${f.rule}`);
    const [leftOut, included] = [run(false), run(true)];
    expect(leftOut.services.filter((s) => s.name === "keystone-api").map((s) => s.workload?.kind)).toEqual([
      "Job",
      "Deployment",
      "Deployment",
    ]);
    // With not-applicable findings kept, the Job's tell the groups it is not part of; left out, the Job reports nothing of them.
    const keptWithAll = new Set(keptOnce(included));
    expect(keptOnce(leftOut).filter((kept) => !keptWithAll.has(kept))).toEqual([]);
    const deploymentsOnly = leftOut.findings.filter((f) => f.service === "keystone-api" && f.workload?.kind === "Deployment");
    const jobs = new Set(leftOut.findings.filter((f) => f.workload?.kind === "Job").map((f) => `${f.placement} ${f.rule}`));
    expect(deploymentsOnly.some((f) => !jobs.has(`${f.placement} ${f.rule}`))).toBe(true);
  });

  it("passes its own schema after a JSON round trip", () => {
    expect(assessmentSchema.safeParse(JSON.parse(json)).success).toBe(true);
  });
});

describe("findings a service's workloads share", () => {
  it("keep each workload's own message when a rule reads only the profile but its message names the workload", () => {
    const dir = tempDir("blendcheck-shared-");
    mkdirSync(join(dir, "deploy"));
    mkdirSync(join(dir, "rules", "test"), { recursive: true });
    writeFileSync(join(dir, "deploy", "keystone.yaml"), [keystone(0), keystone(2)].join("---\n"));
    writeFileSync(
      join(dir, "rules", "test", "names-workload.yaml"),
      [
        "apiVersion: blendcheck/v1",
        "kind: Rule",
        "id: test/names-workload",
        "title: Names its workload",
        "dimension: termination",
        "severity: low",
        "trigger: sigkill",
        'when: "true"',
        'fails: service.name == "keystone-api"',
        'message: "{{service.deployment.name}} is checked"',
        "rationale: A rule that reads only the profile and names the workload.",
        "remediation: None.",
        "effort: 1",
        "references:",
        "  - title: Kubernetes pod termination",
        "    url: https://kubernetes.io/docs/concepts/workloads/pods/pod-termination/",
        "",
      ].join("\n"),
    );
    const inputs = loadInputs({ paths: ["deploy"], rulesDirs: [join(dir, "rules")], cwd: dir });
    expect(inputs.problems.filter((p) => p.severity === "error")).toEqual([]);
    const assessment = assess(inputs, { tool: { name: "blendcheck", version: "test" }, baseDir: dir });
    const named = assessment.findings.filter((f) => f.rule === "test/names-workload" && f.placement === "k8s-scheduled");
    expect(named.map((f) => [f.workload?.name, f.message]).sort()).toEqual([
      ["keystone-api-0", "keystone-api-0 is checked"],
      ["keystone-api-2", "keystone-api-2 is checked"],
    ]);
  });
});

describe("the HTML and Markdown reports of a service with many workloads", () => {
  const { assessment } = assessKeystones(60);

  it("lists the first 50 workloads in Markdown, then says how many more and where they are", () => {
    const markdown = renderMarkdown(assessment);
    const rows = markdown.split("\n").filter((line) => /^\| Deployment keystone-api-\d+ \| deploy\/keystone\.yaml:\d+ \|/.test(line));
    expect(rows).toHaveLength(50);
    expect(markdown).toContain("…and 10 more; the JSON and SARIF reports list them all.");
    expect(occurrences(markdown, "<summary><strong>keystone-api</strong>")).toBe(1);
  });

  it("lists the first 50 workloads in HTML, then says how many more, with the service's detail once", () => {
    const html = renderHtml(assessment);
    expect(occurrences(html, '<th scope="row">Deployment keystone-api-')).toBe(50);
    expect(html).toContain("…and 10 more; the JSON and SARIF reports list them all.");
    expect(occurrences(html, '<details class="service" id="svc-keystone-api">')).toBe(1);
    expect(occurrences(html, '<details class="service"')).toBe(1);
  });

  it("gives the service one line of the text summary, saying how many workloads it stands for", () => {
    const text = renderText(assessment);
    expect(occurrences(text, "keystone-api (60 workloads, worst shown)")).toBe(1);
    expect(text).not.toContain("keystone-api (Deployment");
  });

  it("names each service once per migration wave, with how many of its workloads the wave holds", () => {
    const markdown = renderMarkdown(assessment);
    const waves = markdown.slice(markdown.indexOf("## Migration waves"), markdown.indexOf("## Services"));
    expect(waves).not.toContain("(Deployment");
    const counts = [...waves.matchAll(/keystone-api \((\d+) workloads\)/g)].map((m) => Number(m[1]));
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(60);
  });
});

describe("the Markdown list of unrecognized inputs", () => {
  it("lists the first 50, then says how many more and where they are", () => {
    const assessment = sampleAssessment([sampleFinding()]);
    assessment.unrecognized = Array.from({ length: 60 }, (_, i) => ({
      file: "apps/jobs.yaml",
      line: i + 1,
      kind: "CronJob",
      name: `report-${i}`,
      reason: "no service matches",
    }));
    const markdown = renderMarkdown(assessment);
    expect(markdown.split("\n").filter((line) => line.startsWith("| apps/jobs.yaml |"))).toHaveLength(50);
    expect(markdown).toContain("…and 10 more; the JSON and SARIF reports list them all.");
  });

  it("says what the entries are without claiming each is a workload no service matches", () => {
    const assessment = sampleAssessment([sampleFinding()]);
    assessment.unrecognized = [
      { file: "broken.yaml", line: 3, kind: "file", name: "broken.yaml", reason: "skipped: expected a mapping" },
      {
        file: "spare/nova.yaml",
        line: 2,
        kind: "ConfigMap",
        name: "nova-etc",
        reason: "another copy of ConfigMap openstack/nova-etc sits nearer every workload that mounts it",
      },
    ];
    const markdown = renderMarkdown(assessment);
    expect(markdown).toContain("2 input(s) blendcheck did not read as a service's, each with its reason;");
    expect(markdown).not.toContain("no catalog service matches");
  });
});
