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

/** A keystone api Deployment; odd ones run privileged so that workloads differ. */
function keystone(index: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: keystone-api-${index}
  labels: {application: keystone, component: api}
spec:
  replicas: 2
  selector:
    matchLabels: {application: keystone, component: api}
  template:
    metadata:
      labels: {application: keystone, component: api}
    spec:
      containers:
        - name: keystone-api
          image: quay.io/airshipit/keystone:2024.1
${index % 2 === 1 ? "          securityContext: {privileged: true}\n" : ""}`;
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

  it("passes its own schema after a JSON round trip", () => {
    expect(assessmentSchema.safeParse(JSON.parse(json)).success).toBe(true);
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
});
