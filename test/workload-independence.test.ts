import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { loadInputs } from "../src/load/inputs.js";
import type { Assessment, ServiceResult } from "../src/model/assessment.js";
import { findingsOfResult, indexFindingsBySubject } from "../src/model/subject-key.js";
import { tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** A keystone api Deployment; the variants differ in name, replicas, privilege and probes. */
function deployment(name: string, replicas: number, privileged: boolean, probe: boolean): string {
  const containerLines = probe ? "          readinessProbe: {httpGet: {path: /v3, port: 5000}}\n" : "";
  return keystoneDeployment({ name, replicas, privileged, containerLines });
}

const VARIANTS: [string, number, boolean, boolean][] = [
  ["keystone-a", 2, false, true],
  ["keystone-b", 2, false, true],
  ["keystone-c", 1, true, false],
  ["keystone-d", 3, false, true],
];

function assessFiles(files: Record<string, string>): Assessment {
  const dir = tempDir("blendcheck-independence-");
  mkdirSync(join(dir, "deploy"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "deploy", name), text);
  const inputs = loadInputs({ paths: ["deploy"], cwd: dir });
  return assess(inputs, { tool: { name: "blendcheck", version: "test" }, baseDir: dir });
}

/** What a subject was found to be: its scores and fits, and every finding that concerns it, whether or not it was shared. */
function describeResult(assessment: Assessment, result: ServiceResult) {
  const findings = findingsOfResult(indexFindingsBySubject(assessment.findings), result)
    .map((f) => `${f.placement} ${f.rule} ${f.status} ${f.mitigation ?? ""} ${f.message}`)
    .sort();
  const { workload: _w, sources: _s, facts: _f, ...rest } = result;
  return { ...rest, findings };
}

describe("a workload's assessment does not depend on the other workloads of the run", () => {
  it("gives each keystone Deployment the same results and findings together as alone", () => {
    const together = assessFiles(Object.fromEntries(VARIANTS.map(([name, ...rest]) => [`${name}.yaml`, deployment(name, ...rest)])));
    expect(together.services).toHaveLength(VARIANTS.length);
    for (const [name, ...rest] of VARIANTS) {
      const alone = assessFiles({ [`${name}.yaml`]: deployment(name, ...rest) });
      const mine = together.services.find((s) => s.workload?.name === name) as ServiceResult;
      expect(describeResult(together, mine), name).toEqual(describeResult(alone, alone.services[0] as ServiceResult));
    }
  });
});

describe("the cost of many workloads", () => {
  /** Assesses the files and counts how often any rule condition was evaluated. */
  function countEvaluations(files: Record<string, string>): { evaluations: number; subjects: number } {
    const dir = tempDir("blendcheck-cost-");
    mkdirSync(join(dir, "deploy"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "deploy", name), text);
    const inputs = loadInputs({ paths: ["deploy"], cwd: dir });
    let evaluations = 0;
    for (const compiled of inputs.rules) {
      for (const condition of [compiled.when, compiled.fails]) {
        const evaluate = condition.evaluate.bind(condition);
        Object.defineProperty(condition, "evaluate", {
          value: (context: Parameters<typeof evaluate>[0]) => {
            evaluations++;
            return evaluate(context);
          },
        });
      }
    }
    const assessment = assess(inputs, { tool: { name: "blendcheck", version: "test" }, baseDir: dir });
    return { evaluations, subjects: assessment.services.length };
  }

  it("evaluates the rules for forty Deployments that differ only in name as often as for two", () => {
    const many = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}.yaml`, deployment(`keystone-${i}`, 2, false, true)]));
    const two = countEvaluations(many(2));
    const forty = countEvaluations(many(40));
    expect(forty.subjects).toBe(40);
    expect(two.evaluations).toBeGreaterThan(0);
    expect(forty.evaluations).toBe(two.evaluations);
  });
});
