import { describe, expect, it } from "vitest";
import { evaluateGate, type GateSettings, isWorseFit } from "../src/gate/evaluate-gate.js";
import type { Assessment, PlacementResult } from "../src/model/assessment.js";
import type { Waiver } from "../src/model/policy.js";
import { sampleAssessment, sampleFinding, sampleResult } from "./gate-sample.js";

const DEFAULTS: GateSettings = { failOn: "high", minScores: {} };
const TODAY = "2026-06-01";

/** A result with every score at `score` and the given fit. */
function scored(score: number | null, fit: PlacementResult["fit"] = "needs-work", over: Partial<PlacementResult> = {}): PlacementResult {
  const scores = { "twelve-factor": score, "ip-movement": score, termination: score, overall: score };
  return sampleResult({ scores, fit, detected: true, ...over });
}

function gate(a: Assessment, settings: Partial<GateSettings> = {}, extra: { baseline?: Assessment; waivers?: Waiver[] } = {}) {
  return evaluateGate(a, { settings: { ...DEFAULTS, ...settings }, waivers: extra.waivers ?? [], today: TODAY, baseline: extra.baseline });
}

describe("evaluateGate on minimum scores", () => {
  it("passes a score equal to its minimum and fails one point below, naming the score and the minimum", () => {
    expect(gate(sampleAssessment([], { s: [scored(50)] }), { minScores: { overall: 50 } }).violations).toEqual([]);
    expect(gate(sampleAssessment([], { s: [scored(49)] }), { minScores: { overall: 50 } }).violations).toEqual([
      { service: "s", placement: "k8s-scheduled", kind: "score", message: "overall score 49 is below the minimum 50" },
    ]);
  });

  it("with a baseline, fails a low score only when it got worse or was not scored before", () => {
    const settings = { minScores: { overall: 50 } };
    const now = sampleAssessment([], { s: [scored(40)] });
    expect(gate(now, settings, { baseline: sampleAssessment([], { s: [scored(40)] }) }).violations).toEqual([]);
    expect(gate(now, settings, { baseline: sampleAssessment([], { s: [scored(39)] }) }).violations).toEqual([]);
    expect(gate(now, settings, { baseline: sampleAssessment([], { s: [scored(41)] }) }).violations.map((v) => v.kind)).toEqual(["score"]);
    expect(gate(now, settings, { baseline: sampleAssessment([], { s: [scored(null)] }) }).violations.map((v) => v.kind)).toEqual(["score"]);
    expect(gate(now, settings, { baseline: sampleAssessment([], { other: [scored(90)] }) }).violations.map((v) => v.kind)).toEqual([
      "score",
    ]);
  });
});

describe("evaluateGate on the required fit", () => {
  it("fails a fit below the required one and passes the required fit itself", () => {
    expect(gate(sampleAssessment([], { s: [scored(80, "needs-work")] }), { requiredFit: "needs-work" }).passed).toBe(true);
    expect(gate(sampleAssessment([], { s: [scored(80, "not-fit")] }), { requiredFit: "needs-work" }).violations).toEqual([
      { service: "s", placement: "k8s-scheduled", kind: "fit", message: "fit not-fit is below the required needs-work" },
    ]);
  });

  it("with a baseline, fails a low fit only when it got worse", () => {
    const now = sampleAssessment([], { s: [scored(80, "not-fit")] });
    expect(gate(now, { requiredFit: "ready" }, { baseline: sampleAssessment([], { s: [scored(80, "not-fit")] }) }).passed).toBe(true);
    expect(gate(now, { requiredFit: "ready" }, { baseline: sampleAssessment([], { s: [scored(80, "needs-work")] }) }).passed).toBe(false);
  });

  it("attaches the workload to score and fit violations of a workload's result", () => {
    const workload = { kind: "Deployment", namespace: "ns", name: "api", file: "a.yaml", line: 3 };
    const base = sampleAssessment([], { s: [scored(10, "not-fit")] });
    const a = { ...base, services: base.services.map((s) => ({ ...s, workload })) };
    const result = gate(a, { requiredFit: "ready", minScores: { overall: 50 } });
    expect(result.violations.map((v) => [v.kind, v.workload])).toEqual([
      ["score", workload],
      ["fit", workload],
    ]);
    expect(result.checked).toEqual([{ service: "s", workload, placement: "k8s-scheduled" }]);
  });

  it("orders fits ready, ready-with-mitigations, needs-work, not-fit, unknown", () => {
    expect(isWorseFit("unknown", "not-fit")).toBe(true);
    expect(isWorseFit("ready-with-mitigations", "ready")).toBe(true);
    expect(isWorseFit("ready", "ready")).toBe(false);
    expect(isWorseFit("ready", "needs-work")).toBe(false);
  });
});

describe("evaluateGate on findings", () => {
  it("says which rule fails, at which severity, with the finding's message, and the mitigation only when there is one", () => {
    const plain = gate(sampleAssessment([sampleFinding({ message: "registers by hostname" })])).violations[0];
    expect(plain?.message).toBe("ip-movement/identity-from-hostname (high) fails: registers by hostname");
    expect(plain).not.toHaveProperty("workload");
  });

  it("counts a baseline's mitigated or waived finding as already failing, and leaves a finding that now passes in the assessment", () => {
    for (const status of ["mitigated", "waived"] as const) {
      const baseline = sampleAssessment([sampleFinding({ status })]);
      const result = gate(sampleAssessment([sampleFinding()]), {}, { baseline });
      expect(result.passed).toBe(true);
      expect(result.baselined).toBe(1);
      expect(result.assessment.findings).toEqual([]);
    }
    const nowMitigated = gate(
      sampleAssessment([sampleFinding({ status: "mitigated", mitigation: "m" })]),
      {},
      {
        baseline: sampleAssessment([sampleFinding()]),
      },
    );
    expect(nowMitigated.passed).toBe(true);
    expect(nowMitigated.assessment.findings).toEqual([]);
    const unknownBefore = gate(
      sampleAssessment([sampleFinding()]),
      {},
      { baseline: sampleAssessment([sampleFinding({ status: "unknown" })]) },
    );
    expect(unknownBefore.passed).toBe(false);
    const nowPasses = gate(sampleAssessment([sampleFinding({ status: "pass" })]), {}, { baseline: sampleAssessment([sampleFinding()]) });
    expect(nowPasses.assessment.findings.map((f) => f.status)).toEqual(["pass"]);
    expect(nowPasses.baselined).toBe(0);
  });

  it("counts a service-wide finding already in the baseline once, however many workloads it holds for", () => {
    const first = { kind: "Deployment", namespace: "ns", name: "a", file: "a.yaml", line: 1 };
    const second = { ...first, name: "b", line: 20 };
    const base = sampleAssessment([sampleFinding()], { "demo-worker": [scored(0)] });
    const twoWorkloads = {
      ...base,
      services: [first, second].map((workload) => ({ ...(base.services[0] as Assessment["services"][number]), workload })),
    };
    const result = gate(twoWorkloads, {}, { baseline: sampleAssessment([sampleFinding()]) });
    expect(result.baselined).toBe(1);
    expect(result.passed).toBe(true);
  });
});

describe("evaluateGate on expired waivers", () => {
  const waiver: Waiver = { rule: "r/x", service: "demo-*", reason: "why", owner: "team", expires: "2026-01-31" };

  it("names the waiver's rule, service, owner and expiry, and its placement or * for every placement", () => {
    const a = sampleAssessment([sampleFinding({ rule: "r/x" })]);
    expect(gate(a, {}, { waivers: [waiver] }).violations.filter((v) => v.kind === "waiver-expired")).toEqual([
      {
        service: "demo-*",
        placement: "*",
        kind: "waiver-expired",
        rule: "r/x",
        message: "the waiver of r/x for demo-* (owner team) expired on 2026-01-31",
      },
    ]);
    const placed = gate(a, {}, { waivers: [{ ...waiver, placement: "k8s-scheduled" }] });
    expect(placed.violations.find((v) => v.kind === "waiver-expired")?.placement).toBe("k8s-scheduled");
  });
});

describe("evaluateGate choosing placements", () => {
  it("checks every assessed placement of a service when none is detected and k8s-scheduled was not assessed", () => {
    const a = sampleAssessment([], { s: [sampleResult({ placement: "poci" }), sampleResult({ placement: "swarm" })] });
    expect(gate(a).checked.map((c) => c.placement)).toEqual(["poci", "swarm"]);
    expect(gate(a, { placements: [] }).checked.map((c) => c.placement)).toEqual(["poci", "swarm"]);
  });

  it("skips a placement the policy names that a service has no result for", () => {
    const a = sampleAssessment([], { s: [sampleResult({ placement: "poci" })] });
    expect(gate(a, { placements: ["swarm", "poci"] }).checked).toEqual([{ service: "s", placement: "poci" }]);
  });
});
