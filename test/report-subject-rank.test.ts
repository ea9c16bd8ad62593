import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { loadInputs } from "../src/load/inputs.js";
import type { Assessment, ServiceResult } from "../src/model/assessment.js";
import { findingsOfResult, indexFindingsBySubject } from "../src/model/subject-key.js";
import { buildSubjectView, rankSubject } from "../src/report/view/build-subject-view.js";
import { groupServiceViews } from "../src/report/view/group-service-views.js";
import { buildViewContext } from "../src/report/view/view-context.js";
import { buildReportView } from "../src/report/view-model.js";
import { sampleAssessment, sampleFinding, sampleResult } from "./gate-sample.js";
import { tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** Keystone api Deployments, every third one privileged, so that the workloads of the service rank apart. */
function keystoneEstate(count: number): Assessment {
  const dir = tempDir("blendcheck-rank-");
  mkdirSync(join(dir, "deploy"));
  const docs = Array.from({ length: count }, (_, i) => keystoneDeployment({ name: `keystone-api-${i}`, privileged: i % 3 === 1 }));
  writeFileSync(join(dir, "deploy", "keystone.yaml"), docs.join("---\n"));
  const inputs = loadInputs({ paths: ["deploy"], cwd: dir });
  return assess(inputs, { tool: { name: "blendcheck", version: "test" }, baseDir: dir });
}

/** Weights whose sum in floating point depends on where the hundredfold is taken. */
function fractionalWeights(): Assessment {
  const findings = [
    sampleFinding({ severity: "high" }),
    sampleFinding({ severity: "medium", rule: "termination/a", dimension: "termination" }),
    sampleFinding({ severity: "medium", rule: "termination/b", dimension: "termination", placement: "swarm" }),
    sampleFinding({ status: "unknown", rule: "termination/c", dimension: "termination" }),
    sampleFinding({ status: "pass", rule: "termination/d", dimension: "termination" }),
    sampleFinding({ status: "pass", rule: "termination/e", dimension: "termination" }),
  ];
  const assessment = sampleAssessment(findings, { "demo-worker": [sampleResult({ placement: "k8s-scheduled" })] });
  return { ...assessment, scoring: { ...assessment.scoring, weights: { ...assessment.scoring.weights, high: 1.1, medium: 2.2 } } };
}

const estate = keystoneEstate(12);

describe("rankSubject", () => {
  it("ranks each subject as its full view does, field for field", () => {
    for (const assessment of [estate, fractionalWeights()]) {
      const context = buildViewContext(assessment);
      const index = indexFindingsBySubject(assessment.findings);
      for (const s of assessment.services) {
        const findings = findingsOfResult(index, s);
        const { subjectName, target, failCount, interest } = buildSubjectView(s, findings, context);
        expect(rankSubject(s, findings, context)).toEqual({ subjectName, target, failCount, interest });
      }
    }
    const fractional = fractionalWeights();
    const [only] = fractional.services;
    const rank = rankSubject(only as ServiceResult, fractional.findings, buildViewContext(fractional));
    expect(rank).toMatchObject({ failCount: 2, interest: (1.1 + 2.2 + 2.2) * 100 + 1 });
  });

  it("ranks the workloads of a service apart: the privileged ones fail more", () => {
    const context = buildViewContext(estate);
    const index = indexFindingsBySubject(estate.findings);
    const interests = new Set(estate.services.map((s) => rankSubject(s, findingsOfResult(index, s), context).interest));
    expect(estate.services.filter((s) => s.name === "keystone-api")).toHaveLength(12);
    expect(interests.size).toBeGreaterThan(1);
  });
});

describe("the services of the report view", () => {
  it("view in full only the subject each service shows, the one that ranks first", () => {
    const context = buildViewContext(estate);
    const index = indexFindingsBySubject(estate.findings);
    const sorted = [...estate.services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const ranks = sorted.map((s) => rankSubject(s, findingsOfResult(index, s), context));
    const viewed: ServiceResult[] = [];
    const views = groupServiceViews(estate, sorted, ranks, (s) => {
      viewed.push(s);
      return buildSubjectView(s, findingsOfResult(index, s), context);
    });
    expect(viewed).toHaveLength(new Set(sorted.map((s) => s.name)).size);
    expect(views.map((v) => v.name)).toEqual([...new Set(sorted.map((s) => s.name))]);
    const keystone = views.find((v) => v.name === "keystone-api");
    const top = Math.max(...ranks.filter((_, i) => sorted[i]?.name === "keystone-api").map((r) => r.interest));
    expect(keystone?.interest).toBe(top);
    expect(keystone?.workloadCount).toBe(12);
    expect(buildReportView(estate).services).toEqual(views);
  });
});
