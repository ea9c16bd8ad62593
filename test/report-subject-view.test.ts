import { describe, expect, it } from "vitest";
import type { Assessment, Finding, ServiceResult, Workload } from "../src/model/assessment.js";
import { SEVERITIES, severityRank } from "../src/model/constants.js";
import { buildSubjectView, rankSubject, type SubjectRank } from "../src/report/view/build-subject-view.js";
import { groupServiceViews } from "../src/report/view/group-service-views.js";
import type { ServiceView } from "../src/report/view/report-view.js";
import { WORKLOAD_ROW_LIMIT } from "../src/report/view/report-view.js";
import { buildViewContext } from "../src/report/view/view-context.js";
import { sampleAssessment, sampleFinding, sampleResult } from "./gate-sample.js";

const PLACEMENTS = ["poci", "k8s-scheduled", "swarm"];

/** One subject's findings: fails on and off the target, unknowns that miss facts, a waived and a passing one. */
function findingsOfWorker(): Finding[] {
  const at = (line: number) => [{ file: "deploy/worker.yaml", line, column: 1 }];
  return [
    sampleFinding({ rule: "ip-movement/high", severity: "high", locations: at(10) }),
    sampleFinding({ rule: "termination/critical", severity: "critical", dimension: "termination", locations: at(4) }),
    sampleFinding({ rule: "ip-movement/medium", severity: "medium", placement: "swarm", locations: at(10) }),
    sampleFinding({ rule: "r-u1", status: "unknown", missing: ["oslo.host", "deployment.replicas"], locations: [] }),
    sampleFinding({ rule: "r-u0", status: "unknown", placement: "swarm", missing: ["deployment.replicas"], locations: [] }),
    sampleFinding({ rule: "r-u2", status: "unknown", placement: "poci", locations: [] }),
    sampleFinding({ rule: "ip-movement/waived", status: "waived", severity: "low", locations: [] }),
    sampleFinding({ rule: "ip-movement/passes", status: "pass", severity: "critical", locations: at(2) }),
  ];
}

/** An assessment of demo-worker whose results are given out of the placements' order. */
function workerAssessment(findings: Finding[] = findingsOfWorker()): Assessment {
  const assessment = sampleAssessment(findings, {
    "demo-worker": [
      sampleResult({ placement: "swarm", confidence: 0.5, detected: true }),
      sampleResult({
        placement: "k8s-scheduled",
        scores: { "twelve-factor": 70, "ip-movement": 35, termination: 61, overall: 48 },
        confidence: 0.866,
        effort: 7,
        exposurePerMonth: 2,
      }),
      sampleResult({ placement: "poci", fit: "ready", scores: { "twelve-factor": 100, "ip-movement": 90, termination: 80, overall: 91 } }),
    ],
  });
  return {
    ...assessment,
    placements: PLACEMENTS.map((name) => ({ name, title: `Title ${name}`, spec: { events: {} } })),
    profiles: { "demo-worker": { description: "A worker.", facts: {}, evidence: [] } },
  };
}

function viewOf(assessment: Assessment, service = assessment.services[0] as ServiceResult): ServiceView {
  return buildSubjectView(service, assessment.findings, buildViewContext(assessment));
}

describe("buildSubjectView", () => {
  it("splits the findings by status and by the target placement", () => {
    const view = viewOf(workerAssessment());
    expect(view.fails.map((f) => f.rule)).toEqual(
      expect.arrayContaining(["ip-movement/high", "termination/critical", "ip-movement/medium"]),
    );
    expect(view.fails).toHaveLength(3);
    expect(view.targetFails.map((f) => f.rule).sort()).toEqual(["ip-movement/high", "termination/critical"]);
    expect(view.unknowns.map((f) => f.rule).sort()).toEqual(["r-u0", "r-u1", "r-u2"]);
    expect(view.waived.map((f) => f.rule)).toEqual(["ip-movement/waived"]);
    expect(view.failCount).toBe(2);
    // Every fail weighs, on the target or not (critical 10, high 5, medium 3), and each unknown adds one.
    expect(view.interest).toBe((10 + 5 + 3) * 100 + 3);
  });

  it("takes the worst severity among the target's fails, and the rank past every severity when there is none", () => {
    const view = viewOf(workerAssessment());
    expect(view.worstSeverity).toBe("critical");
    expect(view.severityRank).toBe(severityRank("critical"));
    const offTarget = viewOf(workerAssessment(findingsOfWorker().filter((f) => f.placement !== "k8s-scheduled")));
    expect(offTarget.worstSeverity).toBe("");
    expect(offTarget.severityRank).toBe(SEVERITIES.length);
    expect(offTarget.failCount).toBe(0);
  });

  it("lists each missing fact once, in order, with the rules that miss it (an unknown that names none adds none)", () => {
    expect(viewOf(workerAssessment()).missingFacts).toEqual([
      { fact: "deployment.replicas", rules: "r-u0, r-u1" },
      { fact: "oslo.host", rules: "r-u1" },
    ]);
  });

  it("lists each cited place once, sorted as text", () => {
    expect(viewOf(workerAssessment()).locations).toEqual(["deploy/worker.yaml:10", "deploy/worker.yaml:2", "deploy/worker.yaml:4"]);
  });

  it("orders the results as the placements are and formats their columns", () => {
    const view = viewOf(workerAssessment());
    expect(view.results.map((r) => r.placement)).toEqual(PLACEMENTS);
    const target = view.results[1];
    expect(target).toMatchObject({
      fit: "not-fit",
      twelveFactor: "70",
      ipMovement: "35",
      termination: "61",
      overall: "48",
      confidence: "87%",
      effort: 7,
      exposure: 2,
      detected: false,
    });
    expect(view.results[2]).toMatchObject({ confidence: "50%", detected: true });
  });

  it("sorts by the target's scores and the recommended placement's overall, -1 where there is none", () => {
    const view = viewOf(workerAssessment());
    expect(view.sortKeys).toEqual({ recOverall: 91, twelve: 70, ip: 35, term: 61, overall: 48 });
    const assessment = workerAssessment();
    const service = assessment.services[0] as ServiceResult;
    const without = { ...service, results: service.results.filter((r) => r.placement === "swarm") };
    expect(viewOf(assessment, without).sortKeys).toEqual({ recOverall: -1, twelve: -1, ip: -1, term: -1, overall: -1 });
  });

  it("fills the target's columns from the target's result, whatever the order of the results", () => {
    const view = viewOf(workerAssessment());
    expect(view.target).toMatchObject({ placement: "k8s-scheduled", fit: "not-fit", twelveFactor: "70", ipMovement: "35", overall: "48" });
    expect(view.recommended).toMatchObject({ placement: "poci", fit: "ready", overall: "91" });
  });

  it("leaves the workload table, facts and evidence for the service grouping to fill", () => {
    expect(viewOf(workerAssessment())).toMatchObject({ workloads: [], moreWorkloads: 0, facts: [], evidence: [] });
  });

  it("titles the recommendation and names the subject, with its description and variant", () => {
    const assessment = workerAssessment();
    const view = viewOf(assessment);
    expect(view.recommendation).toMatchObject({ placement: "poci", title: "Title poci", fitTitle: expect.any(String) });
    expect(view.recommendation.fitTitle.length).toBeGreaterThan(0);
    expect(view).toMatchObject({
      name: "demo-worker",
      subjectName: "demo-worker",
      workloadCount: 0,
      description: "A worker.",
      variant: "",
    });
    expect(view.anchor).toBe("svc-demo-worker");
    const service = assessment.services[0] as ServiceResult;
    const workload: Workload = { kind: "Deployment", namespace: "ns", name: "worker", file: "deploy/worker.yaml", line: 3 };
    const own = viewOf(assessment, { ...service, workload, variant: "2026.1" });
    expect(own).toMatchObject({ workloadCount: 1, variant: "2026.1" });
    expect(own.subjectName).toContain("deploy/worker.yaml:3");
    expect(own.name).toBe(own.subjectName);
    const unknownService = viewOf(assessment, {
      ...service,
      name: "other",
      recommendation: { ...service.recommendation, placement: "nowhere" },
    });
    expect(unknownService.description).toBe("");
    expect(unknownService.recommendation.title).toBe("nowhere");
  });

  it("ranks as rankSubject does", () => {
    const assessment = workerAssessment();
    const service = assessment.services[0] as ServiceResult;
    const context = buildViewContext(assessment);
    const { subjectName, target, failCount, interest } = buildSubjectView(service, assessment.findings, context);
    expect(rankSubject(service, assessment.findings, context)).toEqual({ subjectName, target, failCount, interest });
  });
});

describe("groupServiceViews", () => {
  const workload = (name: string, line: number): Workload => ({ kind: "Deployment", namespace: "ns", name, file: "deploy/a.yaml", line });
  const rank = (subjectName: string, interest: number, failCount = 0): SubjectRank => ({
    subjectName,
    interest,
    failCount,
    target: {
      placement: "k8s-scheduled",
      fit: "not-fit",
      fitTitle: "",
      fitLabel: `label ${subjectName}`,
      fitWithMitigations: "not-fit",
      fitWithMitigationsTitle: "",
      lifted: false,
      twelveFactor: "",
      ipMovement: "",
      termination: "",
      overall: "",
      fails: failCount,
      unknowns: 0,
    },
  });

  function grouped(count: number, interests: (i: number) => number) {
    const assessment = workerAssessment();
    const base = assessment.services[0] as ServiceResult;
    const sorted: ServiceResult[] = Array.from({ length: count }, (_, i) => ({
      ...base,
      workload: workload(`w${i}`, i + 1),
      results: base.results.map((r) => ({ ...r, detected: r.placement === (i % 2 === 0 ? "swarm" : "poci") })),
    }));
    const ranks = sorted.map((_, i) => rank(`demo-worker w${i}`, interests(i), i));
    const shown: ServiceResult[] = [];
    const views = groupServiceViews(assessment, sorted, ranks, (s) => {
      shown.push(s);
      return viewOf(assessment, s);
    });
    return { views, shown, sorted };
  }

  it("shows the workload that ranks first, and lists the workloads by rank, ties by name", () => {
    const { views, shown, sorted } = grouped(4, (i) => [5, 9, 9, 1][i] as number);
    expect(views).toHaveLength(1);
    expect(shown).toEqual([sorted[1]]);
    const [view] = views as [ServiceView];
    expect(view.workloads.map((w) => w.workload)).toEqual(["Deployment ns/w1", "Deployment ns/w2", "Deployment ns/w0", "Deployment ns/w3"]);
    expect(view.workloads[0]).toEqual({
      workload: "Deployment ns/w1",
      location: "deploy/a.yaml:2",
      placement: "poci",
      fit: "not-fit",
      fitLabel: "label demo-worker w1",
      failCount: 1,
    });
    expect(view.workloads[2]?.placement).toBe("swarm");
    expect(view).toMatchObject({
      name: "demo-worker",
      anchor: "svc-demo-worker",
      workloadCount: 4,
      moreWorkloads: 0,
      description: "A worker.",
    });
  });

  it("caps the workload table and counts the rest", () => {
    const count = WORKLOAD_ROW_LIMIT + 3;
    const { views } = grouped(count, (i) => i);
    const [view] = views as [ServiceView];
    expect(view.workloads).toHaveLength(WORKLOAD_ROW_LIMIT);
    expect(view.workloadCount).toBe(count);
    expect(view.moreWorkloads).toBe(3);
    expect(view.workloads[0]?.workload).toBe(`Deployment ns/w${count - 1}`);
  });

  it("gives a workload detected under no placement as none, and keeps a service without workloads as it is", () => {
    const assessment = workerAssessment();
    const base = assessment.services[0] as ServiceResult;
    const plain = { ...base, results: base.results.map((r) => ({ ...r, detected: false })) };
    const own = { ...plain, workload: workload("solo", 7) };
    const [withRow] = groupServiceViews(assessment, [own], [rank("solo", 1)], (s) => viewOf(assessment, s));
    expect(withRow?.workloads[0]?.placement).toBe("none");
    const [catalog] = groupServiceViews(assessment, [plain], [rank("demo-worker", 1)], (s) => viewOf(assessment, s));
    expect(catalog).toMatchObject({ workloadCount: 0, workloads: [], moreWorkloads: 0 });
  });

  it("fills the facts and evidence of the service's profile", () => {
    const assessment = workerAssessment();
    const evidence = [
      { fact: "process.sigterm", claim: "Stops gracefully.", source: "https://example.org/doc" },
      { fact: "identity", claim: "Keyed by host.", source: "openstack/nova:nova/service.py@00a0304", inference: true },
    ];
    const withKnowledge = {
      ...assessment,
      profiles: { "demo-worker": { description: "A worker.", facts: { process: { sigterm: "graceful" } }, evidence } },
    };
    const base = withKnowledge.services[0] as ServiceResult;
    const [view] = groupServiceViews(withKnowledge, [base], [rank("demo-worker", 1)], (s) => viewOf(withKnowledge, s));
    expect(view?.evidence.map((e) => [e.fact, e.claim, e.inference])).toEqual([
      ["process.sigterm", "Stops gracefully.", false],
      ["identity", "Keyed by host.", true],
    ]);
    expect(view?.evidence[0]?.source).toMatchObject({ text: "https://example.org/doc" });
    expect(view?.facts.length).toBeGreaterThan(0);
    const other = { ...base, name: "unprofiled" };
    const [bare] = groupServiceViews(withKnowledge, [other], [rank("unprofiled", 1)], (s) => viewOf(withKnowledge, s));
    expect(bare).toMatchObject({ description: "", evidence: [] });
  });
});
